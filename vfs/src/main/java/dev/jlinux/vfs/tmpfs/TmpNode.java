// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.tmpfs;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Fcntl;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.vfs.FileSystem;
import dev.jlinux.vfs.Inode;
import dev.jlinux.vfs.SetAttr;
import dev.jlinux.vfs.Statx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every tmpfs inode has: ids, mode, link count, times and extended attributes. */
abstract class TmpNode implements Inode {
    final TmpFs fs;
    final long ino;
    int mode;
    int uid;
    int gid;
    int nlink = 1;
    long atime;
    long mtime;
    long ctime;
    final long btime;
    private final Map<String, byte[]> xattrs = new LinkedHashMap<>();

    TmpNode(TmpFs fs, int mode, int uid, int gid) {
        this.fs = fs;
        this.ino = fs.newIno();
        this.mode = mode;
        this.uid = uid;
        this.gid = gid;
        this.btime = this.atime = this.mtime = this.ctime = fs.now();
    }

    @Override
    public FileSystem fileSystem() {
        return fs;
    }

    @Override
    public long ino() {
        return ino;
    }

    long size() {
        return 0;
    }

    long blocks() {
        return 0;
    }

    long rdev() {
        return 0;
    }

    @Override
    public Statx getattr() {
        synchronized (fs) {
            return new Statx(Stat.STATX_BASIC_STATS | Stat.STATX_BTIME, TmpFs.PAGE, 0, nlink, uid, gid, mode, ino,
                    size(), blocks(), 0, atime, btime, ctime, mtime, rdev(), fs.dev());
        }
    }

    @Override
    public void setattr(SetAttr a) throws ErrnoException {
        synchronized (fs) {
            if (a.changes(a.size())) resize(a.size());
            if (a.changes(a.mode())) mode = (mode & Stat.S_IFMT) | (int) (a.mode() & 07777);
            if (a.changes(a.uid())) uid = (int) a.uid();
            if (a.changes(a.gid())) gid = (int) a.gid();
            if (a.changes(a.atimeNs())) atime = a.atimeNs();
            if (a.changes(a.mtimeNs())) mtime = a.mtimeNs();
            ctime = fs.now();
        }
    }

    /** Changes the size of a regular file; the VFS never asks it of anything else. */
    void resize(long size) throws ErrnoException {
        throw new ErrnoException(Errno.EINVAL);
    }

    /** The link count dropped to zero (the last name is gone). */
    void dropped() {
        fs.freeInode();
    }

    @Override
    public byte[] getxattr(String name) throws ErrnoException {
        synchronized (fs) {
            byte[] v = xattrs.get(name);
            if (v == null) throw new ErrnoException(Errno.ENODATA);
            return v.clone();
        }
    }

    @Override
    public void setxattr(String name, byte[] value, int flags) throws ErrnoException {
        synchronized (fs) {
            boolean present = xattrs.containsKey(name);
            if ((flags & Fcntl.XATTR_CREATE) != 0 && present) throw new ErrnoException(Errno.EEXIST);
            if ((flags & Fcntl.XATTR_REPLACE) != 0 && !present) throw new ErrnoException(Errno.ENODATA);
            xattrs.put(name, value.clone());
            ctime = fs.now();
        }
    }

    @Override
    public List<String> listxattr() {
        synchronized (fs) {
            return new ArrayList<>(xattrs.keySet());
        }
    }

    @Override
    public void removexattr(String name) throws ErrnoException {
        synchronized (fs) {
            if (xattrs.remove(name) == null) throw new ErrnoException(Errno.ENODATA);
            ctime = fs.now();
        }
    }
}
