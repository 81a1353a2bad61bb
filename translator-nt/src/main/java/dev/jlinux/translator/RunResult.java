// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator;

/**
 * How a guest run ended: {@code exitCode} as a shell reports it (the guest's status, or 128+N
 * when signal N killed it), the signal (0 if none), jlinux's own reason for a kill, whether that
 * reason is a jlinux bug rather than the guest's doing, the wall time and the number of syscalls.
 */
public record RunResult(int exitCode, int signal, String detail, boolean jlinuxBug, long wallNanos, long syscalls) {
    public boolean killed() {
        return signal != 0;
    }
}
