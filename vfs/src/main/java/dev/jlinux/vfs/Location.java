// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

/** A place in the file tree: an inode as seen through one mount (Linux's {@code struct path}). */
public record Location(Mount mount, Inode inode) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Location l && l.mount == mount && l.inode.equals(inode);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(mount) * 31 + inode.hashCode();
    }
}
