// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

/** A task's root, working directory and umask (Linux's {@code fs_struct}). */
public final class FsContext {
    private Location root;
    private Location cwd;
    private int umask;

    public FsContext(Location root, Location cwd, int umask) {
        this.root = root;
        this.cwd = cwd;
        this.umask = umask & 0777;
    }

    public synchronized Location root() {
        return root;
    }

    public synchronized Location cwd() {
        return cwd;
    }

    public synchronized int umask() {
        return umask;
    }

    synchronized void setRoot(Location root) {
        this.root = root;
    }

    synchronized void setCwd(Location cwd) {
        this.cwd = cwd;
    }

    /** Implements umask(2): sets the mask, returns the old one. */
    public synchronized int umask(int mask) {
        int old = umask;
        umask = mask & 0777;
        return old;
    }

    /** A copy for fork without CLONE_FS. */
    public synchronized FsContext copy() {
        return new FsContext(root, cwd, umask);
    }
}
