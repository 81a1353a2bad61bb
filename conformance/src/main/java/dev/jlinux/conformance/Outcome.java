// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What one run did: exit status as a shell reports it (128+N for signal N), stdout, stderr, wall
 * and CPU time (CPU -1 when unknown), and the syscall trace in strace's format when one was asked for.
 */
public record Outcome(int exitCode, byte[] stdout, byte[] stderr, long wallNanos, long cpuNanos, List<String> trace) {
    public Outcome {
        trace = List.copyOf(trace);
    }

    public Outcome(int exitCode, byte[] stdout, byte[] stderr, long wallNanos) {
        this(exitCode, stdout, stderr, wallNanos, -1, List.of());
    }

    public String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String err() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** A one-line summary for assertion messages. */
    public String summary() {
        return "exit " + exitCode + ", stdout " + stdout.length + " bytes, stderr: " + err().strip();
    }
}
