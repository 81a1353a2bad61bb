// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/** The special {@code tv_nsec} values of utimensat(2) ({@code include/uapi/linux/stat.h}). */
public final class Utime {
    private Utime() {}

    public static final long UTIME_NOW = (1L << 30) - 1;
    public static final long UTIME_OMIT = (1L << 30) - 2;
}
