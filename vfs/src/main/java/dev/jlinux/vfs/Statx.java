// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import dev.jlinux.syscalls.Stat;

/**
 * An inode's metadata in Linux's {@code struct statx} shape. Times are nanoseconds since the epoch;
 * {@code mode} holds the file type and permission bits; {@code rdev} and {@code dev} are 64-bit
 * {@code dev_t} values ({@code DeviceNumbers.makedev}).
 */
public record Statx(int mask, int blksize, long attributes, int nlink, int uid, int gid, int mode, long ino, long size,
                    long blocks, long attributesMask, long atimeNs, long btimeNs, long ctimeNs, long mtimeNs, long rdev,
                    long dev) {
    /** {@code S_IFMT} bits. */
    public int type() {
        return mode & Stat.S_IFMT;
    }

    public boolean isDirectory() {
        return type() == Stat.S_IFDIR;
    }

    public boolean isSymlink() {
        return type() == Stat.S_IFLNK;
    }

    public boolean isRegular() {
        return type() == Stat.S_IFREG;
    }
}
