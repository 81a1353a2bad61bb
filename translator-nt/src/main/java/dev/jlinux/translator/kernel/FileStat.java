// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import static dev.jlinux.syscalls.Stat.*;

/** A file's metadata in Linux's terms (what stat and statx report). Times are nanoseconds since the epoch. */
public record FileStat(long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size,
                       int blksize, long blocks, long atimeNs, long mtimeNs, long ctimeNs) {
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
