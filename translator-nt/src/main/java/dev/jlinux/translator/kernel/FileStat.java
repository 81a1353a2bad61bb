// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

/** A file's metadata in Linux's terms (what stat and statx report). Times are nanoseconds since the epoch. */
public record FileStat(long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size,
                       int blksize, long blocks, long atimeNs, long mtimeNs, long ctimeNs) {
    public static final int S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000, S_IFREG = 0100000,
            S_IFBLK = 0060000, S_IFDIR = 0040000, S_IFCHR = 0020000, S_IFIFO = 0010000;

    public int type() {
        return mode & S_IFMT;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    /** The dirent d_type for this file type (DT_* in Linux: the S_IFMT bits shifted right by 12). */
    public int direntType() {
        return type() >>> 12;
    }
}
