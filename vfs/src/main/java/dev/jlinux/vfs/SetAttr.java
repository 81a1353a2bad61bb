// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

/**
 * The changes of one setattr, like Linux's {@code struct iattr}: a field left at {@link #KEEP}
 * stays as it is. The VFS has already checked permissions, applied {@code UTIME_NOW} (as a real
 * time) and {@code UTIME_OMIT} (as KEEP), and the filesystem sets ctime itself.
 *
 * @param mode permission bits (07777) or KEEP
 * @param uid new owner or KEEP
 * @param gid new group or KEEP
 * @param size new size or KEEP
 * @param atimeNs new access time in ns since the epoch, or KEEP
 * @param mtimeNs new modification time in ns since the epoch, or KEEP
 */
public record SetAttr(long mode, long uid, long gid, long size, long atimeNs, long mtimeNs) {
    /** "Leave unchanged". */
    public static final long KEEP = Long.MIN_VALUE;

    public static SetAttr mode(int mode) {
        return new SetAttr(mode, KEEP, KEEP, KEEP, KEEP, KEEP);
    }

    public static SetAttr times(long atimeNs, long mtimeNs) {
        return new SetAttr(KEEP, KEEP, KEEP, KEEP, atimeNs, mtimeNs);
    }

    public boolean changes(long field) {
        return field != KEEP;
    }
}
