// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/** Read access to a guest's memory, as the tracer needs it. Faults are {@link Errno#EFAULT}. */
public interface GuestMemory {
    /** Copies {@code len} bytes at {@code addr} into {@code dst[off..]}. */
    void read(long addr, byte[] dst, int off, int len) throws ErrnoException;

    /** Reads a NUL-terminated string of at most {@code maxLen} bytes (without its NUL). */
    byte[] readCString(long addr, int maxLen) throws ErrnoException;
}
