// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * {@code struct statfs} of statfs(2) on x86-64 ({@code include/uapi/asm-generic/statfs.h}: every
 * field a long), and the file-system magic numbers jlinux reports ({@code include/uapi/linux/magic.h}).
 */
public final class Statfs {
    private Statfs() {}

    public static final int STRUCT_STATFS_SIZE = 120;
    public static final int F_TYPE = 0;
    public static final int F_BSIZE = 8;
    public static final int F_BLOCKS = 16;
    public static final int F_BFREE = 24;
    public static final int F_BAVAIL = 32;
    public static final int F_FILES = 40;
    public static final int F_FFREE = 48;
    public static final int F_FSID = 56;
    public static final int F_NAMELEN = 64;
    public static final int F_FRSIZE = 72;
    public static final int F_FLAGS = 80;

    public static final long PIPEFS_MAGIC = 0x50495045L;
}
