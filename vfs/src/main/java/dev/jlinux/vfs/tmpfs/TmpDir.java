// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.tmpfs;

import dev.jlinux.syscalls.At;
import dev.jlinux.syscalls.Dirent;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.vfs.DirSink;
import dev.jlinux.vfs.Inode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tmpfs directory. Each entry gets an increasing offset when it is added, so readdir offsets stay
 * valid while entries come and go (as shmem's {@code simple_offset} directories do); the size is
 * 20 bytes per entry plus two, tmpfs's {@code BOGO_DIRENT_SIZE}.
 */
final class TmpDir extends TmpNode {
    private static final int BOGO_DIRENT_SIZE = 20;

    private record Entry(String name, TmpNode node, long offset) {}

    private final Map<String, Entry> byName = new HashMap<>();
    private final TreeMap<Long, Entry> byOffset = new TreeMap<>();
    private long nextOffset = 2;
    TmpDir parent;

    TmpDir(TmpFs fs, TmpDir parent, int mode, int uid, int gid) {
        super(fs, mode, uid, gid);
        this.parent = parent == null ? this : parent;
        this.nlink = 2;
    }

    @Override
    long size() {
        return (byName.size() + 2L) * BOGO_DIRENT_SIZE;
    }

    @Override
    public Inode lookup(String name) throws ErrnoException {
        synchronized (fs) {
            Entry e = byName.get(name);
            if (e == null) throw new ErrnoException(Errno.ENOENT);
            return e.node;
        }
    }

    @Override
    public Inode parent() {
        synchronized (fs) {
            return parent;
        }
    }

    @Override
    public Inode create(String name, int mode, int uid, int gid) throws ErrnoException {
        return add(name, new TmpFile(fs, mode, uid, gid));
    }

    @Override
    public Inode mkdir(String name, int mode, int uid, int gid) throws ErrnoException {
        synchronized (fs) {
            TmpDir d = add(name, new TmpDir(fs, this, mode, uid, gid));
            nlink++;
            return d;
        }
    }

    @Override
    public Inode mknod(String name, int mode, long rdev, int uid, int gid) throws ErrnoException {
        return add(name, new TmpSpecial(fs, mode, rdev, uid, gid));
    }

    @Override
    public Inode symlink(String name, String target, int uid, int gid) throws ErrnoException {
        return add(name, new TmpSymlink(fs, target, uid, gid));
    }

    @Override
    public void link(String name, Inode target) throws ErrnoException {
        if (!(target instanceof TmpNode n) || n.fs != fs) throw new ErrnoException(Errno.EXDEV);
        synchronized (fs) {
            add(name, n);
            n.nlink++;
            n.ctime = fs.now();
        }
    }

    private <T extends TmpNode> T add(String name, T node) throws ErrnoException {
        synchronized (fs) {
            if (byName.containsKey(name)) throw new ErrnoException(Errno.EEXIST);
            if (nlink == 0) throw new ErrnoException(Errno.ENOENT);
            Entry e = new Entry(name, node, nextOffset++);
            byName.put(name, e);
            byOffset.put(e.offset, e);
            mtime = ctime = fs.now();
            return node;
        }
    }

    private Entry remove(String name) throws ErrnoException {
        Entry e = byName.remove(name);
        if (e == null) throw new ErrnoException(Errno.ENOENT);
        byOffset.remove(e.offset);
        mtime = ctime = fs.now();
        return e;
    }

    /** One name of {@code node} is gone. */
    private void unlinked(TmpNode node) {
        node.ctime = fs.now();
        if (node instanceof TmpDir d) {
            d.nlink = 0;
            nlink--;
        } else {
            node.nlink--;
        }
        if (node.nlink == 0) node.dropped();
    }

    @Override
    public void unlink(String name) throws ErrnoException {
        synchronized (fs) {
            Entry e = byName.get(name);
            if (e == null) throw new ErrnoException(Errno.ENOENT);
            if (e.node instanceof TmpDir) throw new ErrnoException(Errno.EISDIR);
            remove(name);
            unlinked(e.node);
        }
    }

    @Override
    public void rmdir(String name) throws ErrnoException {
        synchronized (fs) {
            Entry e = byName.get(name);
            if (e == null) throw new ErrnoException(Errno.ENOENT);
            if (!(e.node instanceof TmpDir d)) throw new ErrnoException(Errno.ENOTDIR);
            if (!d.byName.isEmpty()) throw new ErrnoException(Errno.ENOTEMPTY);
            remove(name);
            unlinked(d);
        }
    }

    @Override
    public void rename(String oldName, Inode newDir, String newName, int flags) throws ErrnoException {
        if (!(newDir instanceof TmpDir nd) || nd.fs != fs) throw new ErrnoException(Errno.EXDEV);
        synchronized (fs) {
            Entry oe = byName.get(oldName);
            if (oe == null) throw new ErrnoException(Errno.ENOENT);
            Entry ne = nd.byName.get(newName);
            long now = fs.now();
            if ((flags & At.RENAME_EXCHANGE) != 0) {
                if (ne == null) throw new ErrnoException(Errno.ENOENT);
                put(oldName, ne.node, oe.offset);
                nd.put(newName, oe.node, ne.offset);
                moved(oe.node, this, nd);
                moved(ne.node, nd, this);
                oe.node.ctime = ne.node.ctime = now;
            } else {
                if (ne != null) {
                    if (ne.node instanceof TmpDir victim && !victim.byName.isEmpty()) {
                        throw new ErrnoException(Errno.ENOTEMPTY);
                    }
                    nd.remove(newName);
                    nd.unlinked(ne.node);
                }
                remove(oldName);
                nd.add(newName, oe.node);
                moved(oe.node, this, nd);
                oe.node.ctime = now;
            }
            mtime = ctime = nd.mtime = nd.ctime = now;
        }
    }

    private void put(String name, TmpNode node, long offset) {
        Entry e = new Entry(name, node, offset);
        byName.put(name, e);
        byOffset.put(offset, e);
    }

    /** A node went from directory {@code from} to {@code to}: a directory's {@code ..} and link counts follow. */
    private static void moved(TmpNode node, TmpDir from, TmpDir to) {
        if (node instanceof TmpDir d && from != to) {
            d.parent = to;
            from.nlink--;
            to.nlink++;
        }
    }

    @Override
    public void readdir(long offset, DirSink sink) {
        List<Entry> entries;
        synchronized (fs) {
            entries = new ArrayList<>(byOffset.tailMap(offset, true).values());
        }
        for (Entry e : entries) {
            if (!sink.accept(e.node.ino, Dirent.fromMode(e.node.mode), e.name, e.offset + 1)) return;
        }
    }
}
