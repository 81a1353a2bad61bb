// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * The {@code *at} family's directory fd and flags ({@code include/uapi/linux/fcntl.h}) and
 * renameat2(2)'s flags ({@code include/uapi/linux/fs.h}).
 */
public final class At {
    private At() {}

    /** "The current working directory" as a dirfd. */
    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** faccessat(2): check with the effective ids; shares its value with {@link #AT_REMOVEDIR}. */
    public static final int AT_EACCESS = 0x200;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    public static final int AT_NO_AUTOMOUNT = 0x800;
    public static final int AT_EMPTY_PATH = 0x1000;
    public static final int AT_STATX_SYNC_TYPE = 0x6000;
    public static final int AT_STATX_SYNC_AS_STAT = 0x0000;
    public static final int AT_STATX_FORCE_SYNC = 0x2000;
    public static final int AT_STATX_DONT_SYNC = 0x4000;
    public static final int AT_RECURSIVE = 0x8000;

    public static final int RENAME_NOREPLACE = 1;
    public static final int RENAME_EXCHANGE = 2;
    public static final int RENAME_WHITEOUT = 4;

    /** Flags of newfstatat, unlinkat, linkat, fchownat, utimensat, execveat. */
    public static final NameTable FLAG_NAMES = NameTable.builder("AT_")
            .add(AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW").add(AT_REMOVEDIR, "AT_REMOVEDIR")
            .add(AT_SYMLINK_FOLLOW, "AT_SYMLINK_FOLLOW").add(AT_NO_AUTOMOUNT, "AT_NO_AUTOMOUNT")
            .add(AT_EMPTY_PATH, "AT_EMPTY_PATH").add(AT_RECURSIVE, "AT_RECURSIVE")
            .build();

    /** Flags of faccessat2(2). */
    public static final NameTable ACCESS_FLAG_NAMES = NameTable.builder("AT_")
            .add(AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW").add(AT_EACCESS, "AT_EACCESS")
            .add(AT_EMPTY_PATH, "AT_EMPTY_PATH")
            .build();

    public static final NameTable STATX_SYNC_NAMES = NameTable.builder("AT_STATX_")
            .zero("AT_STATX_SYNC_AS_STAT").add(AT_STATX_FORCE_SYNC, "AT_STATX_FORCE_SYNC")
            .add(AT_STATX_DONT_SYNC, "AT_STATX_DONT_SYNC")
            .build();

    public static final NameTable RENAME_NAMES = NameTable.builder("RENAME_")
            .add(RENAME_NOREPLACE, "RENAME_NOREPLACE").add(RENAME_EXCHANGE, "RENAME_EXCHANGE")
            .add(RENAME_WHITEOUT, "RENAME_WHITEOUT")
            .build();

    /** A dirfd: {@code AT_FDCWD} or the number. */
    public static String formatDirfd(int fd) {
        return fd == AT_FDCWD ? "AT_FDCWD" : Integer.toString(fd);
    }

    /** statx(2)'s flags: the sync type, then the AT_ flags ({@code AT_STATX_SYNC_AS_STAT|AT_EMPTY_PATH}). */
    public static String formatStatxFlags(long flags) {
        long sync = flags & AT_STATX_SYNC_TYPE; // both bits set prints as two flags, as strace does
        StringBuilder sb = new StringBuilder(STATX_SYNC_NAMES.formatFlags(sync));
        long rest = FLAG_NAMES.appendFlags(sb, flags & ~(long) AT_STATX_SYNC_TYPE & 0xffffffffL);
        if (rest != 0) sb.append('|').append(NameTable.hex(rest));
        return sb.toString();
    }
}
