// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.hostfs;

import dev.jlinux.syscalls.Dirent;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.vfs.DirSink;
import dev.jlinux.vfs.FileHandle;
import dev.jlinux.vfs.FileSystem;
import dev.jlinux.vfs.Inode;
import dev.jlinux.vfs.SetAttr;
import dev.jlinux.vfs.Statx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A host file, named by its components below the hostfs root and identified by its host inode
 * number. The name is where the file was looked up: an inode whose name was renamed by someone else
 * no longer finds it (open files keep their fd and keep working).
 */
final class HostInode implements Inode {
    /** Names the guest may not see or set: hostfs's own metadata. */
    private static final String RESERVED = "user.jlinux.";

    private final HostFs fs;
    private final List<String> path;
    private final long hostDev;
    private final long ino;

    /** {@code hostDev} and {@code ino} identify the host file (a host root spans several host filesystems). */
    HostInode(HostFs fs, List<String> path, long hostDev, long ino) {
        this.fs = fs;
        this.path = List.copyOf(path);
        this.hostDev = hostDev;
        this.ino = ino;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostInode h && h.fs == fs && h.ino == ino && h.hostDev == hostDev;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ino) * 31 + Long.hashCode(hostDev);
    }

    @Override
    public FileSystem fileSystem() {
        return fs;
    }

    @Override
    public long ino() {
        return ino;
    }

    @Override
    public String nameHint() {
        return isRoot() ? null : name();
    }

    private boolean isRoot() {
        return path.isEmpty();
    }

    private String name() {
        return path.getLast();
    }

    private List<String> dirPath() {
        return path.subList(0, path.size() - 1);
    }

    private List<String> child(String name) throws ErrnoException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf(0) >= 0) {
            throw new ErrnoException(Errno.ENOENT, "not a single name: " + name);
        }
        List<String> c = new ArrayList<>(path);
        c.add(name);
        return c;
    }

    /** An operation on this file as (dirfd, name, flags-to-not-follow-it). */
    @FunctionalInterface
    private interface SelfOp<T> {
        T apply(int dirfd, String name, int nofollow) throws ErrnoException;
    }

    /**
     * Runs {@code op} on this file: by name in its parent's fd, without following it; the root is
     * reached through its fd's /proc/self/fd link, which leads to that very directory.
     */
    private <T> T atSelf(SelfOp<T> op) throws ErrnoException {
        if (isRoot()) return op.apply(HostCalls.AT_FDCWD, HostFs.procPath(fs.rootFd), 0);
        return fs.inDir(dirPath(), fd -> op.apply(fd, name(), HostCalls.AT_SYMLINK_NOFOLLOW));
    }

    /**
     * The /proc/self/fd path of this file for the l*xattr calls, which do not follow a final symlink:
     * the name in its parent's fd, or {@code .} in the root's (the fd link itself is a symlink).
     */
    private <T> T withXattrPath(XattrOp<T> op) throws ErrnoException {
        if (isRoot()) return op.apply(HostFs.procPath(fs.rootFd) + "/.");
        return fs.inDir(dirPath(), fd -> op.apply(HostFs.procPath(fd) + "/" + name()));
    }

    @FunctionalInterface
    private interface XattrOp<T> {
        T apply(String hostPath) throws ErrnoException;
    }

    private byte[] meta(String xattrPath, HostCalls.HostStat st) throws ErrnoException {
        if ((st.mode() & Stat.S_IFMT) == Stat.S_IFLNK) return null;
        return fs.meta(st, () -> HostFs.readMeta(xattrPath));
    }

    /** One walk: the host stat, and the metadata xattr through the same directory fd. */
    @Override
    public Statx getattr() throws ErrnoException {
        return atSelf((fd, n, nf) -> {
            HostCalls.HostStat st = HostCalls.fstatat(fd, n, nf);
            return fs.toStatx(st, meta(isRoot() ? n + "/." : HostFs.procPath(fd) + "/" + n, st));
        });
    }

    @Override
    public void setattr(SetAttr a) throws ErrnoException {
        if (a.changes(a.size())) {
            atSelf((fd, n, nf) -> {
                int f = HostCalls.openat(fd, n, HostCalls.O_WRONLY | HostCalls.O_NOFOLLOW | HostCalls.O_CLOEXEC
                        | HostCalls.O_NONBLOCK, 0);
                try {
                    HostCalls.ftruncate(f, a.size());
                } finally {
                    HostCalls.close(f);
                }
                return null;
            });
        }
        if (a.changes(a.mode())) setMode((int) a.mode());
        if (a.changes(a.uid()) || a.changes(a.gid())) setOwner(a.uid(), a.gid());
        if (a.changes(a.atimeNs()) || a.changes(a.mtimeNs())) {
            atSelf((fd, n, nf) -> {
                HostCalls.utimensat(fd, n, a.atimeNs(), a.mtimeNs(), nf);
                return null;
            });
        }
    }

    /** chmod on the host; the metadata xattr when the file is a placeholder or the host refuses. */
    private void setMode(int mode) throws ErrnoException {
        Statx st = getattr();
        String m = metaText();
        if (m != null && m.contains("mode=")) {
            putMeta("mode", Integer.toOctalString(st.type() | mode));
            return;
        }
        try {
            atSelf((fd, n, nf) -> {
                HostCalls.fchmodat(fd, n, mode, nf);
                return null;
            });
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EPERM || !fs.xattrs || st.isSymlink()) throw e;
            putMeta("mode", Integer.toOctalString(st.type() | mode));
        }
    }

    /** chown on the host; the metadata xattr when the host refuses (an unprivileged host process). */
    private void setOwner(long uid, long gid) throws ErrnoException {
        try {
            atSelf((fd, n, nf) -> {
                HostCalls.fchownat(fd, n, uid == SetAttr.KEEP ? -1 : (int) uid, gid == SetAttr.KEEP ? -1 : (int) gid, nf);
                return null;
            });
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EPERM || !fs.xattrs || getattr().isSymlink()) throw e;
            if (uid != SetAttr.KEEP) putMeta("uid", Long.toString(uid));
            if (gid != SetAttr.KEEP) putMeta("gid", Long.toString(gid));
        }
    }

    private String metaText() throws ErrnoException {
        if (!fs.xattrs) return null;
        byte[] m = withXattrPath(HostFs::readMeta);
        return m == null ? null : new String(m, StandardCharsets.UTF_8);
    }

    /** Sets one field of the metadata xattr, keeping the others. */
    private void putMeta(String key, String value) throws ErrnoException {
        if (!fs.xattrs) throw new ErrnoException(Errno.EPERM, "the host keeps no user xattrs here");
        String old = metaText();
        StringBuilder sb = new StringBuilder();
        if (old != null) {
            for (String kv : old.trim().split("\\s+")) {
                if (!kv.isEmpty() && !kv.startsWith(key + "=")) sb.append(kv).append(' ');
            }
        }
        sb.append(key).append('=').append(value);
        fs.forgetMeta(hostDev, ino);
        withXattrPath(xp -> {
            HostCalls.lsetxattr(xp, HostFs.META, sb.toString().getBytes(StandardCharsets.UTF_8), 0);
            return null;
        });
        fs.forgetMeta(hostDev, ino); // again: a stat racing the write may have remembered the old state
    }

    @Override
    public Inode lookup(String name) throws ErrnoException {
        List<String> c = child(name);
        HostCalls.HostStat st = fs.inDir(path, fd -> HostCalls.fstatat(fd, name, HostCalls.AT_SYMLINK_NOFOLLOW));
        return new HostInode(fs, c, st.dev(), st.ino());
    }

    /** The lookup's stat and metadata xattr, through the one directory fd, are the attributes. */
    @Override
    public Found lookupFound(String name) throws ErrnoException {
        List<String> c = child(name);
        return fs.inDir(path, fd -> {
            HostCalls.HostStat st = HostCalls.fstatat(fd, name, HostCalls.AT_SYMLINK_NOFOLLOW);
            Statx attr = fs.toStatx(st, meta(HostFs.procPath(fd) + "/" + name, st));
            return new Found(new HostInode(fs, c, st.dev(), st.ino()), attr);
        });
    }

    @Override
    public Inode parent() throws ErrnoException {
        if (isRoot()) return this;
        List<String> up = dirPath();
        if (up.isEmpty()) return fs.root();
        HostCalls.HostStat st = fs.inDir(up.subList(0, up.size() - 1),
                fd -> HostCalls.fstatat(fd, up.getLast(), HostCalls.AT_SYMLINK_NOFOLLOW));
        return new HostInode(fs, up, st.dev(), st.ino());
    }

    /** Gives a new file the guest's owner: on the host when it may, else in the metadata xattr. */
    private Inode owned(String name, int uid, int gid) throws ErrnoException {
        Found f = lookupFound(name);
        HostInode n = (HostInode) f.inode();
        Statx st = f.attr();
        if (st.uid() != uid || st.gid() != gid) {
            try {
                n.setOwner(uid, gid);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EPERM) throw e;
                // neither the host nor an xattr can hold it: the file keeps the host's owner
            }
        }
        return n;
    }

    @Override
    public Inode create(String name, int mode, int uid, int gid) throws ErrnoException {
        child(name);
        fs.inDir(path, fd -> {
            HostCalls.close(HostCalls.openat(fd, name, HostCalls.O_CREAT | HostCalls.O_EXCL | HostCalls.O_WRONLY
                    | HostCalls.O_NOFOLLOW | HostCalls.O_CLOEXEC, mode & 0777));
            HostCalls.fchmodat(fd, name, mode & 07777, HostCalls.AT_SYMLINK_NOFOLLOW);
            return null;
        });
        return owned(name, uid, gid);
    }

    @Override
    public Inode mkdir(String name, int mode, int uid, int gid) throws ErrnoException {
        child(name);
        fs.inDir(path, fd -> {
            HostCalls.mkdirat(fd, name, mode & 0777);
            HostCalls.fchmodat(fd, name, mode & 07777, HostCalls.AT_SYMLINK_NOFOLLOW);
            return null;
        });
        return owned(name, uid, gid);
    }

    /** FIFOs are made on the host; device nodes and sockets only as placeholders described by the xattr. */
    @Override
    public Inode mknod(String name, int mode, long rdev, int uid, int gid) throws ErrnoException {
        child(name);
        int type = mode & Stat.S_IFMT;
        if (type == Stat.S_IFIFO) {
            fs.inDir(path, fd -> {
                HostCalls.mknodat(fd, name, Stat.S_IFIFO | (mode & 0777), 0);
                HostCalls.fchmodat(fd, name, mode & 07777, HostCalls.AT_SYMLINK_NOFOLLOW);
                return null;
            });
            return owned(name, uid, gid);
        }
        if (!fs.xattrs) throw new ErrnoException(Errno.EPERM, "device nodes need user xattrs on the host");
        fs.inDir(path, fd -> {
            HostCalls.close(HostCalls.openat(fd, name, HostCalls.O_CREAT | HostCalls.O_EXCL | HostCalls.O_WRONLY
                    | HostCalls.O_NOFOLLOW | HostCalls.O_CLOEXEC, 0600));
            return null;
        });
        HostInode n = (HostInode) lookup(name);
        n.putMeta("mode", Integer.toOctalString(mode));
        n.putMeta("rdev", Long.toString(rdev));
        return owned(name, uid, gid);
    }

    @Override
    public Inode symlink(String name, String target, int uid, int gid) throws ErrnoException {
        child(name);
        fs.inDir(path, fd -> {
            HostCalls.symlinkat(target, fd, name);
            return null;
        });
        return owned(name, uid, gid);
    }

    @Override
    public void link(String name, Inode target) throws ErrnoException {
        if (!(target instanceof HostInode t) || t.fs != fs || t.isRoot()) throw new ErrnoException(Errno.EXDEV);
        child(name);
        t.fs.inDir(t.dirPath(), tfd -> fs.inDir(path, fd -> {
            HostCalls.linkat(tfd, t.name(), fd, name);
            return null;
        }));
    }

    @Override
    public void unlink(String name) throws ErrnoException {
        child(name);
        fs.inDir(path, fd -> {
            HostCalls.unlinkat(fd, name, 0);
            return null;
        });
    }

    @Override
    public void rmdir(String name) throws ErrnoException {
        child(name);
        fs.inDir(path, fd -> {
            HostCalls.unlinkat(fd, name, HostCalls.AT_REMOVEDIR);
            return null;
        });
    }

    @Override
    public void rename(String oldName, Inode newDir, String newName, int flags) throws ErrnoException {
        if (!(newDir instanceof HostInode nd) || nd.fs != fs) throw new ErrnoException(Errno.EXDEV);
        child(oldName);
        nd.child(newName);
        fs.inDir(path, ofd -> fs.inDir(nd.path, nfd -> {
            HostCalls.renameat2(ofd, oldName, nfd, newName, flags);
            return null;
        }));
    }

    /** Host directory offsets, shifted by 2 (the VFS's start); the host's own . and .. are skipped. */
    @Override
    public void readdir(long offset, DirSink sink) throws ErrnoException {
        if (offset == Long.MAX_VALUE) return;
        atSelf((dfd, n, nf) -> {
            int fd = HostCalls.openat(dfd, n, HostCalls.O_RDONLY | HostCalls.O_DIRECTORY | HostCalls.O_CLOEXEC
                    | (nf != 0 ? HostCalls.O_NOFOLLOW : 0), 0);
            try {
                HostCalls.lseek(fd, offset - 2, 0);
                while (true) {
                    List<HostCalls.HostDirent> batch = HostCalls.getdents(fd, 32768);
                    if (batch.isEmpty()) return null;
                    for (HostCalls.HostDirent d : batch) {
                        if (d.name().equals(".") || d.name().equals("..")) continue;
                        long next = d.off() > Long.MAX_VALUE - 2 ? Long.MAX_VALUE : d.off() + 2;
                        if (!sink.accept(d.ino(), d.type() == 0 ? Dirent.DT_UNKNOWN : d.type(), d.name(), next)) {
                            return null;
                        }
                    }
                }
            } finally {
                HostCalls.close(fd);
            }
        });
    }

    @Override
    public String readlink() throws ErrnoException {
        if (isRoot()) throw new ErrnoException(Errno.EINVAL);
        return fs.inDir(dirPath(), fd -> HostCalls.readlinkat(fd, name()));
    }

    /** The guest's user.* attributes are the host's; other namespaces and hostfs's own names are not passed. */
    private static void checkXattrName(String name, Errno reserved) throws ErrnoException {
        if (!name.startsWith("user.")) throw new ErrnoException(Errno.EOPNOTSUPP);
        if (name.startsWith(RESERVED)) throw new ErrnoException(reserved);
    }

    @Override
    public byte[] getxattr(String name) throws ErrnoException {
        checkXattrName(name, Errno.ENODATA);
        byte[] v = withXattrPath(xp -> HostCalls.lgetxattr(xp, name));
        if (v == null) throw new ErrnoException(Errno.ENODATA);
        return v;
    }

    @Override
    public void setxattr(String name, byte[] value, int flags) throws ErrnoException {
        checkXattrName(name, Errno.EPERM);
        withXattrPath(xp -> {
            HostCalls.lsetxattr(xp, name, value, flags);
            return null;
        });
    }

    @Override
    public List<String> listxattr() throws ErrnoException {
        List<String> out = new ArrayList<>();
        for (String n : withXattrPath(HostCalls::llistxattr)) {
            if (n.startsWith("user.") && !n.startsWith(RESERVED)) out.add(n);
        }
        return out;
    }

    @Override
    public void removexattr(String name) throws ErrnoException {
        checkXattrName(name, Errno.ENODATA);
        withXattrPath(xp -> {
            HostCalls.lremovexattr(xp, name);
            return null;
        });
    }

    @Override
    public FileHandle open(int flags) throws ErrnoException {
        if (isRoot()) throw new ErrnoException(Errno.EISDIR);
        int fd = fs.inDir(dirPath(), dfd -> HostCalls.openat(dfd, name(),
                (flags & 3) | HostCalls.O_NOFOLLOW | HostCalls.O_CLOEXEC
                        | HostCalls.O_NONBLOCK, 0));
        return new HostFile(fs, fd);
    }
}
