// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

/**
 * One mount: a filesystem's root made visible at {@code mountpoint} of {@code parent} (both null for
 * the namespace's root mount).
 */
public final class Mount {
    private final FileSystem fs;
    private final Inode root;
    private final Mount parent;
    private final Inode mountpoint;
    private final String source;
    private final boolean readOnly;
    private final int id;

    Mount(int id, FileSystem fs, Inode root, Mount parent, Inode mountpoint, String source, boolean readOnly) {
        this.id = id;
        this.fs = fs;
        this.root = root;
        this.parent = parent;
        this.mountpoint = mountpoint;
        this.source = source;
        this.readOnly = readOnly;
    }

    /** The mount id ({@code mnt_id} of /proc/PID/fdinfo, statx's STATX_MNT_ID), unique in its table. */
    public int id() {
        return id;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    public Inode root() {
        return root;
    }

    public Mount parent() {
        return parent;
    }

    public Inode mountpoint() {
        return mountpoint;
    }

    /** What /proc/mounts prints first ({@code tmpfs}, the host device a host directory lies on). */
    public String source() {
        return source;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public Location rootLocation() {
        return new Location(this, root);
    }
}
