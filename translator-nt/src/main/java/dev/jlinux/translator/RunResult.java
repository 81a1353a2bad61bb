// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator;

/**
 * How a guest run ended: {@code exitCode} as a shell reports it (the guest's status, or 128+N
 * when signal N killed it), the signal (0 if none), jlinux's own reason for a kill, and timings.
 */
public record RunResult(int exitCode, int signal, String detail, long wallNanos, long syscalls) {
    public boolean killed() {
        return signal != 0;
    }
}
