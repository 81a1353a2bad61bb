// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * A syscall as the guest issued it: {@code rax} and the six argument registers in ABI order
 * ({@code rdi, rsi, rdx, r10, r8, r9}).
 */
public record SyscallArgs(int number, long a0, long a1, long a2, long a3, long a4, long a5) {

    /** Argument {@code i} (0..5) as the raw 64-bit register value. */
    public long arg(int i) {
        return switch (i) {
            case 0 -> a0;
            case 1 -> a1;
            case 2 -> a2;
            case 3 -> a3;
            case 4 -> a4;
            case 5 -> a5;
            default -> throw new IndexOutOfBoundsException(i);
        };
    }

    /** Argument {@code i} as a C {@code int} (the kernel truncates 32-bit arguments). */
    public int intArg(int i) {
        return (int) arg(i);
    }
}
