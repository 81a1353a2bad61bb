// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * Directory entry types ({@code DT_*}, {@code include/linux/fs_types.h}, the same as glibc's
 * {@code <dirent.h>}) and {@code struct linux_dirent64} of getdents64(2) ({@code include/linux/dirent.h}).
 */
public final class Dirent {
    private Dirent() {}

    public static final int DT_UNKNOWN = 0;
    public static final int DT_FIFO = 1;
    public static final int DT_CHR = 2;
    public static final int DT_DIR = 4;
    public static final int DT_BLK = 6;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;
    public static final int DT_SOCK = 12;
    public static final int DT_WHT = 14;

    /** {@code struct linux_dirent64}: d_ino, d_off, d_reclen, d_type, then the NUL-terminated name, padded to 8. */
    public static final int D64_INO = 0;
    public static final int D64_OFF = 8;
    public static final int D64_RECLEN = 16;
    public static final int D64_TYPE = 18;
    public static final int D64_NAME = 19;

    /** The DT_ type of an {@code st_mode} ({@code S_DT(mode)} in {@code include/linux/fs_types.h}). */
    public static int fromMode(int mode) {
        return (mode & Stat.S_IFMT) >>> 12;
    }
}
