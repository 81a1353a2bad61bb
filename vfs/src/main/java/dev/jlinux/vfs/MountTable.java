// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A mount namespace: the root mount and the mounts stacked on directories, in mount order. */
public final class MountTable {
    /** A mountpoint: a directory as its inode's equality identifies it, seen through the parent mount. */
    private record Key(Mount parent, Inode inode) {}

    private final Mount root;
    private final Map<Key, Mount> byMountpoint = new HashMap<>();
    private final List<Mount> mounts = new ArrayList<>();

    public MountTable(FileSystem rootFs, String source) throws ErrnoException {
        root = new Mount(1, rootFs, rootFs.root(), null, null, source, false);
        mounts.add(root);
    }

    public Mount root() {
        return root;
    }

    /** Mounts {@code fs} on the directory {@code at}, over whatever was mounted there before. */
    public synchronized Mount mount(Location at, FileSystem fs, String source, boolean readOnly) throws ErrnoException {
        if (!at.inode().getattr().isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
        Mount m = new Mount(mounts.size() + 1, fs, fs.root(), at.mount(), at.inode(), source, readOnly);
        byMountpoint.put(key(at), m);
        mounts.add(m);
        return m;
    }

    /** The mount on top of {@code at}, or null. */
    public synchronized Mount mountedOn(Location at) {
        return byMountpoint.isEmpty() ? null : byMountpoint.get(key(at));
    }

    /** Whether {@code at} is a mountpoint or the root of a mount (rename and rmdir say EBUSY). */
    public boolean busy(Location at) {
        return mountedOn(at) != null || at.inode().equals(at.mount().root());
    }

    /** Every mount, in mount order. */
    public synchronized List<Mount> mounts() {
        return List.copyOf(mounts);
    }

    private static Key key(Location at) {
        return new Key(at.mount(), at.inode());
    }
}
