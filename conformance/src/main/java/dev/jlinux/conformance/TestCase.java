// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.util.List;

/**
 * One program invocation of the suite, run the same way on every target in a fresh copy of the
 * {@link Fixture} tree. {@code family} groups it in reports (by the syscalls it exercises);
 * {@code nativeStatus} is the exit status a self-checking program must end with natively (its
 * failure count, 0) or -1 when any status is right as long as the targets agree.
 */
public record TestCase(String id, String family, List<String> argv, byte[] stdin, int nativeStatus) {
    public TestCase {
        argv = List.copyOf(argv);
        stdin = stdin.clone();
    }

    @Override
    public String toString() {
        return id;
    }
}
