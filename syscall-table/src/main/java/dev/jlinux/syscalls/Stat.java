// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * File types and mode bits, statx(2) masks and attributes ({@code include/uapi/linux/stat.h}), and
 * the layouts of x86-64 {@code struct stat} ({@code arch/x86/include/uapi/asm/stat.h}) and
 * {@code struct statx}, as offsets. Mode values are octal, as in the header.
 */
public final class Stat {
    private Stat() {}

    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;
    public static final int S_ISUID = 0004000;
    public static final int S_ISGID = 0002000;
    public static final int S_ISVTX = 0001000;
    /** Group execute permission. */
    public static final int S_IXGRP = 0000010;

    public static final int STATX_TYPE = 0x00000001;
    public static final int STATX_MODE = 0x00000002;
    public static final int STATX_NLINK = 0x00000004;
    public static final int STATX_UID = 0x00000008;
    public static final int STATX_GID = 0x00000010;
    public static final int STATX_ATIME = 0x00000020;
    public static final int STATX_MTIME = 0x00000040;
    public static final int STATX_CTIME = 0x00000080;
    public static final int STATX_INO = 0x00000100;
    public static final int STATX_SIZE = 0x00000200;
    public static final int STATX_BLOCKS = 0x00000400;
    public static final int STATX_BASIC_STATS = 0x000007ff;
    public static final int STATX_BTIME = 0x00000800;
    /** Deprecated in the header (it grows); strace still prints it. */
    public static final int STATX_ALL = 0x00000fff;
    public static final int STATX_MNT_ID = 0x00001000;
    public static final int STATX_DIOALIGN = 0x00002000;
    public static final int STATX__RESERVED = 0x80000000;

    public static final long STATX_ATTR_COMPRESSED = 0x00000004L;
    public static final long STATX_ATTR_IMMUTABLE = 0x00000010L;
    public static final long STATX_ATTR_APPEND = 0x00000020L;
    public static final long STATX_ATTR_NODUMP = 0x00000040L;
    public static final long STATX_ATTR_ENCRYPTED = 0x00000800L;
    public static final long STATX_ATTR_AUTOMOUNT = 0x00001000L;
    public static final long STATX_ATTR_MOUNT_ROOT = 0x00002000L;
    public static final long STATX_ATTR_VERITY = 0x00100000L;
    public static final long STATX_ATTR_DAX = 0x00200000L;

    /** {@code sizeof(struct stat)} on x86-64. */
    public static final int STRUCT_STAT_SIZE = 144;
    public static final int ST_DEV = 0;
    public static final int ST_INO = 8;
    public static final int ST_NLINK = 16;
    public static final int ST_MODE = 24;
    public static final int ST_UID = 28;
    public static final int ST_GID = 32;
    public static final int ST_RDEV = 40;
    public static final int ST_SIZE = 48;
    public static final int ST_BLKSIZE = 56;
    public static final int ST_BLOCKS = 64;
    public static final int ST_ATIME = 72;
    public static final int ST_MTIME = 88;
    public static final int ST_CTIME = 104;

    /** {@code sizeof(struct statx)}. */
    public static final int STRUCT_STATX_SIZE = 256;
    public static final int STX_MASK = 0;
    public static final int STX_BLKSIZE = 4;
    public static final int STX_ATTRIBUTES = 8;
    public static final int STX_NLINK = 16;
    public static final int STX_UID = 20;
    public static final int STX_GID = 24;
    public static final int STX_MODE = 28;
    public static final int STX_INO = 32;
    public static final int STX_SIZE = 40;
    public static final int STX_BLOCKS = 48;
    public static final int STX_ATTRIBUTES_MASK = 56;
    public static final int STX_ATIME = 64;
    public static final int STX_BTIME = 80;
    public static final int STX_CTIME = 96;
    public static final int STX_MTIME = 112;
    public static final int STX_RDEV_MAJOR = 128;
    public static final int STX_RDEV_MINOR = 132;
    public static final int STX_DEV_MAJOR = 136;
    public static final int STX_DEV_MINOR = 140;

    public static final NameTable TYPE_NAMES = NameTable.builder("S_IF")
            .add(S_IFREG, "S_IFREG").add(S_IFSOCK, "S_IFSOCK").add(S_IFIFO, "S_IFIFO").add(S_IFLNK, "S_IFLNK")
            .add(S_IFDIR, "S_IFDIR").add(S_IFBLK, "S_IFBLK").add(S_IFCHR, "S_IFCHR")
            .build();

    /** statx(2) masks; the combined masks come first so that they win over their parts. */
    public static final NameTable STATX_MASK_NAMES = NameTable.builder("STATX_")
            .add(STATX_ALL, "STATX_ALL").add(STATX_BASIC_STATS, "STATX_BASIC_STATS")
            .add(STATX_TYPE, "STATX_TYPE").add(STATX_MODE, "STATX_MODE").add(STATX_NLINK, "STATX_NLINK")
            .add(STATX_UID, "STATX_UID").add(STATX_GID, "STATX_GID").add(STATX_ATIME, "STATX_ATIME")
            .add(STATX_MTIME, "STATX_MTIME").add(STATX_CTIME, "STATX_CTIME").add(STATX_INO, "STATX_INO")
            .add(STATX_SIZE, "STATX_SIZE").add(STATX_BLOCKS, "STATX_BLOCKS").add(STATX_BTIME, "STATX_BTIME")
            .add(STATX_MNT_ID, "STATX_MNT_ID").add(STATX_DIOALIGN, "STATX_DIOALIGN")
            .build();

    public static final NameTable STATX_ATTR_NAMES = NameTable.builder("STATX_ATTR_")
            .add(STATX_ATTR_COMPRESSED, "STATX_ATTR_COMPRESSED").add(STATX_ATTR_IMMUTABLE, "STATX_ATTR_IMMUTABLE")
            .add(STATX_ATTR_APPEND, "STATX_ATTR_APPEND").add(STATX_ATTR_NODUMP, "STATX_ATTR_NODUMP")
            .add(STATX_ATTR_ENCRYPTED, "STATX_ATTR_ENCRYPTED").add(STATX_ATTR_AUTOMOUNT, "STATX_ATTR_AUTOMOUNT")
            .add(STATX_ATTR_MOUNT_ROOT, "STATX_ATTR_MOUNT_ROOT").add(STATX_ATTR_VERITY, "STATX_ATTR_VERITY")
            .add(STATX_ATTR_DAX, "STATX_ATTR_DAX")
            .build();

    /** A permission mode as strace prints it: octal with a leading 0, at least three digits ({@code 0644}, {@code 000}). */
    public static String formatMode(long mode) {
        String oct = Long.toOctalString(mode);
        return "0" + (oct.length() < 2 ? "0".repeat(2 - oct.length()) : "") + oct;
    }

    /** A full {@code st_mode}: type, then set-id and sticky bits, then permissions ({@code S_IFREG|S_ISUID|0755}). */
    public static String formatFileMode(long mode) {
        mode &= 0xffffffffL;
        StringBuilder sb = new StringBuilder();
        long type = mode & S_IFMT;
        if (type != 0) {
            String n = TYPE_NAMES.name(type);
            sb.append(n != null ? n : formatMode(type));
        }
        if ((mode & S_ISUID) != 0) sb.append(sb.isEmpty() ? "" : "|").append("S_ISUID");
        if ((mode & S_ISGID) != 0) sb.append(sb.isEmpty() ? "" : "|").append("S_ISGID");
        if ((mode & S_ISVTX) != 0) sb.append(sb.isEmpty() ? "" : "|").append("S_ISVTX");
        long rest = mode & ~(S_IFMT | S_ISUID | S_ISGID | S_ISVTX);
        return sb.append(sb.isEmpty() ? "" : "|").append(formatMode(rest)).toString();
    }

    /** The major number of a 64-bit {@code dev_t} (glibc's {@code gnu_dev_major}). */
    public static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    /** The minor number of a 64-bit {@code dev_t} (glibc's {@code gnu_dev_minor}). */
    public static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & 0xffffff00L); // glibc keeps 32 bits: (unsigned int) (dev >> 12)
    }
}
