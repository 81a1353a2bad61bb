// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.tmpfs;

/** A tmpfs FIFO, socket or device node; opening it is the VFS's business. */
final class TmpSpecial extends TmpNode {
    private final long rdev;

    TmpSpecial(TmpFs fs, int mode, long rdev, int uid, int gid) {
        super(fs, mode, uid, gid);
        this.rdev = rdev;
    }

    @Override
    long rdev() {
        return rdev;
    }
}
