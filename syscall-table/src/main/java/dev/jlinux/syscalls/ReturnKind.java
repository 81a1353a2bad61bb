// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/** How the tracer prints a syscall's result; any kind but {@link #NONE} prints -4095..-1 as an errno. */
public enum ReturnKind {
    /** A signed decimal number: counts, fds, pids. */
    DECIMAL,
    /** An address in hex: mmap, brk, mremap. */
    HEX,
    /** An octal mode: umask. */
    OCTAL,
    /** The call does not return (exit, exit_group): {@code = ?}. */
    NONE,
    /** fcntl: the F_GETFL / F_GETFD / F_GET_SEALS results in hex with their flags, else decimal. */
    FCNTL,
    /** poll: the count, {@code 0 (Timeout)}, or the fds that have events: {@code 1 ([{fd=0, revents=POLLIN}])}. */
    POLL,
    /** time: seconds since the epoch with the date: {@code 1700000000 (2023-11-14T22:13:20+0000)}. */
    TIME,
}
