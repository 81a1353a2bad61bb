// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * Carries out one syscall for a backend whose per-call state is {@code C}. Returns the
 * non-negative result or throws {@link ErrnoException}; never returns a negative errno.
 */
@FunctionalInterface
public interface SyscallHandler<C> {
    long call(C context, SyscallArgs args) throws ErrnoException;
}
