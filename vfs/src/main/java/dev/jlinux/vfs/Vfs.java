// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import static dev.jlinux.vfs.Permissions.MAY_EXEC;
import static dev.jlinux.vfs.Permissions.MAY_READ;
import static dev.jlinux.vfs.Permissions.MAY_WRITE;

import dev.jlinux.syscalls.At;
import dev.jlinux.syscalls.Dirent;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Fcntl;
import dev.jlinux.syscalls.FsLimits;
import dev.jlinux.syscalls.FsMagic;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.syscalls.Utime;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The VFS's system-call layer: paths are walked here as {@code fs/namei.c} walks them (mount crossing,
 * {@code ..} at mount roots and at the task root, symlinks with the MAXSYMLINKS limit, trailing
 * slashes), permissions are checked as {@code generic_permission} does, and the filesystems only do
 * the operations. Paths are the guest's bytes decoded as UTF-8; lengths are counted in bytes.
 */
public final class Vfs {
    private final MountTable mounts;
    private final LongSupplier clockNs;
    private final Map<Long, DeviceDriver> devices = new HashMap<>();
    private volatile FifoOpener fifos;

    public Vfs(MountTable mounts, LongSupplier clockNs) {
        this.mounts = mounts;
        this.clockNs = clockNs;
    }

    public MountTable mounts() {
        return mounts;
    }

    /** A fresh context with the namespace's root as root and cwd. */
    public FsContext newContext(int umask) {
        Location r = mounts.root().rootLocation();
        return new FsContext(r, r, umask);
    }

    /** Sets what opening a FIFO gives; without one, FIFOs cannot be opened (ENXIO). */
    public void setFifos(FifoOpener opener) {
        this.fifos = opener;
    }

    /** Registers the character device {@code rdev} (a {@code makedev} value). */
    public synchronized void registerDevice(long rdev, DeviceDriver driver) {
        devices.put(rdev, driver);
    }

    // ---- the path walk (fs/namei.c) ----

    private enum LastType { NORM, DOT, DOTDOT, ROOT }

    /** The parent directory of a path's last component, and that component. */
    private record Parent(Location dir, String last, LastType type, boolean trailingSlash) {}

    /**
     * One lookup's state: whose it is, how many symlinks it has followed and openat2's RESOLVE_*
     * flags ({@code nameidata}). A scoped walk (RESOLVE_BENEATH, RESOLVE_IN_ROOT) has its start as root.
     */
    private final class Walk {
        final Caller caller;
        final Location root;
        final int resolve;
        int links;
        /** The directory and name of the last lookup: where the final file was found (a dentry's parent and name). */
        Location lastDir;
        String lastName;
        /** The open file a magic link of the last step led to, or null. */
        OpenFile lastJump;
        private final Map<Inode, Statx> attrs = new IdentityHashMap<>();

        Walk(Caller caller) {
            this.caller = caller;
            this.root = caller.fs().root();
            this.resolve = 0;
        }

        Walk(Caller caller, Location scope, int resolve) {
            this.caller = caller;
            this.root = scoped(resolve) ? scope : caller.fs().root();
            this.resolve = resolve;
        }

        private boolean has(int flag) {
            return (resolve & flag) != 0;
        }

        /**
         * The attributes of {@code l}'s inode, fetched once per walk: a walk looks at each inode in one
         * state, as Linux's does under its dentry and inode, and hostfs pays host calls for each fetch.
         */
        Statx attr(Location l) throws ErrnoException {
            Statx st = attrs.get(l.inode());
            if (st == null) {
                st = l.inode().getattr();
                attrs.put(l.inode(), st);
            }
            return st;
        }

        boolean isDir(Location l) throws ErrnoException {
            return attr(l).isDirectory();
        }

        boolean isSymlink(Location l) throws ErrnoException {
            return attr(l).isSymlink();
        }

        Parent parent(Location start, String path) throws ErrnoException {
            checkLength(path);
            Location cur = start;
            if (path.startsWith("/")) {
                // nd_jump_root: an absolute path argument may leave the mount, a symlink's may not.
                if (has(OpenFlags.RESOLVE_BENEATH)) throw new ErrnoException(Errno.EXDEV);
                if (has(OpenFlags.RESOLVE_NO_XDEV) && links > 0 && start.mount() != root.mount()) {
                    throw new ErrnoException(Errno.EXDEV);
                }
                cur = root;
            }
            List<String> parts = new ArrayList<>();
            for (String p : path.split("/")) {
                if (!p.isEmpty()) parts.add(p);
            }
            if (parts.isEmpty()) return new Parent(cur, null, LastType.ROOT, false);
            for (int i = 0; i < parts.size() - 1; i++) {
                cur = step(cur, parts.get(i), true);
                if (!isDir(cur)) throw new ErrnoException(Errno.ENOTDIR);
            }
            String last = parts.getLast();
            LastType type = last.equals(".") ? LastType.DOT : last.equals("..") ? LastType.DOTDOT : LastType.NORM;
            if (!isDir(cur)) throw new ErrnoException(Errno.ENOTDIR);
            return new Parent(cur, last, type, path.endsWith("/"));
        }

        /** The whole path; the final symlink is followed when {@code follow} or a slash trails it. */
        Location resolve(Location start, String path, boolean follow) throws ErrnoException {
            return last(parent(start, path), follow);
        }

        Location last(Parent p, boolean follow) throws ErrnoException {
            if (p.type == LastType.ROOT) return p.dir;
            Location loc = step(p.dir, p.last, follow || p.trailingSlash);
            if (p.trailingSlash && !isDir(loc)) throw new ErrnoException(Errno.ENOTDIR);
            return loc;
        }

        /** One component from directory {@code dir} ({@code walk_component}). */
        Location step(Location dir, String name, boolean follow) throws ErrnoException {
            Statx st = attr(dir);
            if (!st.isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
            Permissions.check(caller.creds(), st, MAY_EXEC);
            if (name.equals(".") || name.equals("..")) {
                lastDir = null;
                lastJump = null;
                return name.equals(".") ? dir : dotdot(dir);
            }
            Location loc = lookup(dir, name);
            if (follow && isSymlink(loc)) loc = followLink(dir, loc);
            return loc;
        }

        /** {@code name} in {@code dir} with mounts crossed; the caller has checked search permission. */
        Location lookup(Location dir, String name) throws ErrnoException {
            if (name.getBytes(StandardCharsets.UTF_8).length > FsLimits.NAME_MAX) {
                throw new ErrnoException(Errno.ENAMETOOLONG);
            }
            Inode.Found f = dir.inode().lookupFound(name);
            Location found = crossMountsChecked(new Location(dir.mount(), f.inode()));
            if (f.attr() != null && found.inode() == f.inode()) attrs.put(f.inode(), f.attr());
            lastDir = dir;
            lastName = name;
            lastJump = null;
            return found;
        }

        /** Like {@link #lookup} but null when the name is absent. */
        Location lookupOrNull(Location dir, String name) throws ErrnoException {
            try {
                return lookup(dir, name);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENOENT) return null;
                throw e;
            }
        }

        Location followLink(Location dir, Location link) throws ErrnoException {
            Location jumped = jump(link);
            return jumped != null ? jumped : resolve(dir, linkTarget(link), true);
        }

        /**
         * Where a magic link leads ({@code nd_jump_link}), or null for a link followed by its text;
         * the walk's last directory and name become those the open file was opened through.
         */
        Location jump(Location link) throws ErrnoException {
            Inode.Jump j = link.inode().magicJump();
            if (j == null) return null;
            mayFollow(link);
            if (j.file() != null) attrs.put(j.location().inode(), j.file().getattr()); // the file's, even when unnamed
            lastDir = j.parent();
            lastName = j.name();
            lastJump = j.file();
            return j.location();
        }

        /** A symlink's target, once the walk may follow it ({@code pick_link}). */
        String linkTarget(Location link) throws ErrnoException {
            mayFollow(link);
            String target = link.inode().readlink();
            if (target.isEmpty()) throw new ErrnoException(Errno.ENOENT);
            return target;
        }

        /** openat2's RESOLVE_* refusals and the 40-link limit, for each link followed. */
        private void mayFollow(Location link) throws ErrnoException {
            if (has(OpenFlags.RESOLVE_NO_SYMLINKS)) throw new ErrnoException(Errno.ELOOP);
            if (link.inode().isMagicLink()) {
                if (has(OpenFlags.RESOLVE_NO_MAGICLINKS)) throw new ErrnoException(Errno.ELOOP);
                if (scoped(resolve)) throw new ErrnoException(Errno.EXDEV);
            }
            if (++links > FsLimits.MAXSYMLINKS) throw new ErrnoException(Errno.ELOOP);
        }

        /** Mounts crossed downwards; EXDEV under RESOLVE_NO_XDEV ({@code handle_mounts}). */
        Location crossMountsChecked(Location loc) throws ErrnoException {
            Location crossed = crossMounts(loc);
            if (crossed != loc && has(OpenFlags.RESOLVE_NO_XDEV)) throw new ErrnoException(Errno.EXDEV);
            return crossed;
        }

        /** {@code ..}: stays at the task root, leaves a mount root through its mountpoint ({@code follow_dotdot}). */
        Location dotdot(Location dir) throws ErrnoException {
            while (true) {
                if (dir.equals(root)) {
                    if (has(OpenFlags.RESOLVE_BENEATH)) throw new ErrnoException(Errno.EXDEV);
                    return dir;
                }
                if (!dir.inode().equals(dir.mount().root())) break;
                Mount m = dir.mount();
                if (m.parent() == null) return dir;
                if (has(OpenFlags.RESOLVE_NO_XDEV)) throw new ErrnoException(Errno.EXDEV);
                dir = new Location(m.parent(), m.mountpoint());
            }
            return crossMountsChecked(new Location(dir.mount(), dir.inode().parent()));
        }
    }

    private static boolean scoped(int resolve) {
        return (resolve & (OpenFlags.RESOLVE_BENEATH | OpenFlags.RESOLVE_IN_ROOT)) != 0;
    }

    private Location crossMounts(Location loc) {
        for (Mount m = mounts.mountedOn(loc); m != null; m = mounts.mountedOn(loc)) loc = m.rootLocation();
        return loc;
    }

    private static void checkLength(String path) throws ErrnoException {
        if (path.getBytes(StandardCharsets.UTF_8).length >= FsLimits.PATH_MAX) {
            throw new ErrnoException(Errno.ENAMETOOLONG);
        }
    }

    private static boolean isDir(Location l) throws ErrnoException {
        return l.inode().getattr().isDirectory();
    }

    private static boolean isSymlink(Location l) throws ErrnoException {
        return l.inode().getattr().isSymlink();
    }

    /**
     * Where a walk of {@code path} starts: the root for an absolute path, else the cwd or the
     * directory open at {@code dirfd} (ENOTDIR when it is not one). An empty path is ENOENT.
     */
    private Location start(Caller c, int dirfd, String path) throws ErrnoException {
        if (path.isEmpty()) throw new ErrnoException(Errno.ENOENT);
        if (path.startsWith("/")) return c.fs().root();
        if (dirfd == At.AT_FDCWD) return c.fs().cwd();
        Location l = c.fds().get(dirfd).location();
        if (!isDir(l)) throw new ErrnoException(Errno.ENOTDIR);
        return l;
    }

    /**
     * The location of {@code path} relative to {@code dirfd}, for the *at calls: the final symlink
     * is followed unless {@code AT_SYMLINK_NOFOLLOW}; an empty path with {@code AT_EMPTY_PATH} is
     * the fd's own file (the cwd for AT_FDCWD).
     */
    public Location resolve(Caller c, int dirfd, String path, int atFlags) throws ErrnoException {
        return resolve(new Walk(c), dirfd, path, atFlags);
    }

    private Location resolve(Walk w, int dirfd, String path, int atFlags) throws ErrnoException {
        Caller c = w.caller;
        if (path.isEmpty() && (atFlags & At.AT_EMPTY_PATH) != 0) {
            return dirfd == At.AT_FDCWD ? c.fs().cwd() : c.fds().get(dirfd).location();
        }
        return w.resolve(start(c, dirfd, path), path, (atFlags & At.AT_SYMLINK_NOFOLLOW) == 0);
    }

    /** Implements newfstatat(2) and statx(2) (the AT_STATX_* sync flags change nothing here). */
    public Statx stat(Caller c, int dirfd, String path, int atFlags) throws ErrnoException {
        if ((atFlags & ~(At.AT_SYMLINK_NOFOLLOW | At.AT_EMPTY_PATH | At.AT_NO_AUTOMOUNT | At.AT_STATX_SYNC_TYPE)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Walk w = new Walk(c);
        return w.attr(resolve(w, dirfd, path, atFlags));
    }

    // ---- open ----

    /**
     * Implements openat(2): the new open file description, not yet in any fd table. The caller
     * installs it ({@link FdTable#install}), which then owns it and releases its handle with the last fd.
     */
    public OpenFile open(Caller c, int dirfd, String path, int flags, int mode) throws ErrnoException {
        return checkedOpen(new Walk(c), start(c, dirfd, path), path, flags, mode);
    }

    /** Open's flag checks (O_TMPFILE is not implemented), then the open. */
    private OpenFile checkedOpen(Walk w, Location start, String path, int flags, int mode) throws ErrnoException {
        if ((flags & OpenFlags.__O_TMPFILE) != 0) throw new ErrnoException(Errno.EOPNOTSUPP, "O_TMPFILE");
        if ((flags & OpenFlags.O_CREAT) != 0 && (flags & OpenFlags.O_DIRECTORY) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((flags & OpenFlags.O_PATH) != 0) {
            flags &= OpenFlags.O_PATH | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC;
        }
        return open(w, start, path, flags, mode);
    }

    /** Implements openat(2) and installs the result: the new fd. */
    public int openat(Caller c, int dirfd, String path, int flags, int mode) throws ErrnoException {
        return install(c, open(c, dirfd, path, flags, mode), flags);
    }

    /**
     * Implements openat2(2) past its {@code open_how} checks: openat with the RESOLVE_* flags
     * ({@code build_open_flags}, {@code path_init}). Every lookup here counts as cached: RESOLVE_CACHED
     * says EAGAIN only for what always blocks, O_CREAT, O_TRUNC and O_TMPFILE.
     */
    public int openat2(Caller c, int dirfd, String path, int flags, int mode, int resolve) throws ErrnoException {
        if ((resolve & OpenFlags.RESOLVE_BENEATH) != 0 && (resolve & OpenFlags.RESOLVE_IN_ROOT) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((resolve & OpenFlags.RESOLVE_CACHED) != 0
                && (flags & (OpenFlags.O_TRUNC | OpenFlags.O_CREAT | OpenFlags.__O_TMPFILE)) != 0) {
            throw new ErrnoException(Errno.EAGAIN);
        }
        if (resolve == 0 || resolve == OpenFlags.RESOLVE_CACHED) return openat(c, dirfd, path, flags, mode);
        if (path.isEmpty()) throw new ErrnoException(Errno.ENOENT);
        Location base = dirfd == At.AT_FDCWD ? c.fs().cwd() : c.fds().get(dirfd).location();
        if (!isDir(base)) throw new ErrnoException(Errno.ENOTDIR);
        Location start = path.startsWith("/") && !scoped(resolve) ? c.fs().root() : base;
        return install(c, checkedOpen(new Walk(c, base, resolve), start, path, flags, mode), flags);
    }

    private static int install(Caller c, OpenFile f, int flags) throws ErrnoException {
        try {
            return c.fds().install(f, (flags & OpenFlags.O_CLOEXEC) != 0);
        } catch (ErrnoException e) {
            f.discard();
            throw e;
        }
    }

    private OpenFile open(Walk w, Location start, String path, int flags, int mode) throws ErrnoException {
        Caller c = w.caller;
        Parent p = w.parent(start, path);
        Location target;
        boolean created = false;
        if ((flags & OpenFlags.O_CREAT) != 0) {
            if (p.type != LastType.NORM || p.trailingSlash) throw new ErrnoException(Errno.EISDIR);
            Statx dst = w.attr(p.dir);
            Permissions.check(c.creds(), dst, MAY_EXEC);
            target = w.lookupOrNull(p.dir, p.last);
            if (target == null) {
                checkCreate(c, p.dir, dst);
                NewInode n = newInode(c, dst, Stat.S_IFREG | (mode & 07777 & ~c.fs().umask()));
                target = new Location(p.dir.mount(), p.dir.inode().create(p.last, n.mode, n.uid, n.gid));
                created = true;
            } else {
                if ((flags & OpenFlags.O_EXCL) != 0) throw new ErrnoException(Errno.EEXIST);
                if (w.isSymlink(target)) {
                    if ((flags & OpenFlags.O_NOFOLLOW) != 0) throw new ErrnoException(Errno.ELOOP);
                    Location jumped = w.jump(target);
                    if (jumped == null) return open(w, p.dir, w.linkTarget(target), flags, mode);
                    target = jumped;
                }
                if (w.isDir(target)) throw new ErrnoException(Errno.EISDIR);
            }
        } else {
            target = w.last(p, (flags & OpenFlags.O_NOFOLLOW) == 0);
        }
        Statx st = created ? target.inode().getattr() : w.attr(target);
        boolean path0 = (flags & OpenFlags.O_PATH) != 0;
        if ((flags & OpenFlags.O_DIRECTORY) != 0 && !st.isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
        if (st.isSymlink() && !path0) throw new ErrnoException(Errno.ELOOP);
        Location parent = created ? p.dir : w.lastDir;
        String name = created ? p.last : w.lastName;
        if (path0) return new OpenFile(target, parent, name, flags, null, st.isDirectory());
        int acc = accMode(flags);
        if (!created) mayOpen(c, target, st, acc);
        // reached through a /proc/PID/fd link: the open file's handle may reopen what it has open
        FileHandle reopened = w.lastJump != null && w.lastJump.handle() != null && !st.isDirectory()
                ? w.lastJump.handle().reopen(flags) : null;
        if (target.mount().id() == 0) { // a pipe or stream, outside every tree
            if (reopened == null) throw new ErrnoException(Errno.ENXIO);
            return new OpenFile(target, null, name, flags, reopened, false);
        }
        FileHandle h = reopened != null ? reopened : switch (st.type()) {
            case Stat.S_IFDIR -> new FileHandle() {
                @Override public int read(ByteBuffer dst, long offset) throws ErrnoException {
                    throw new ErrnoException(Errno.EISDIR);
                }

                @Override public long seek(long position, long offset, int whence) throws ErrnoException {
                    long t = switch (whence) {
                        case Fcntl.SEEK_SET -> offset;
                        case Fcntl.SEEK_CUR -> position + offset;
                        default -> throw new ErrnoException(Errno.EINVAL);
                    };
                    if (t < 0) throw new ErrnoException(Errno.EINVAL);
                    return t;
                }

                @Override public void fsync(boolean dataOnly) {}
            };
            case Stat.S_IFREG -> target.inode().open(flags);
            case Stat.S_IFCHR -> device(st.rdev()).open(flags);
            case Stat.S_IFIFO -> {
                FifoOpener f = fifos;
                if (f == null) throw new ErrnoException(Errno.ENXIO, "no FIFOs here");
                yield f.open(target.inode(), flags);
            }
            default -> throw new ErrnoException(Errno.ENXIO, "sockets and block devices cannot be opened yet");
        };
        if (!created) truncateAtOpen(c, target.inode(), st, flags, h, reopened != null);
        return new OpenFile(target, parent, name, flags, h, st.isDirectory());
    }

    /** O_TRUNC of an existing regular file ({@code handle_truncate}); the new handle is released on failure. */
    private void truncateAtOpen(Caller c, Inode inode, Statx st, int flags, FileHandle h, boolean byHandle)
            throws ErrnoException {
        if ((flags & OpenFlags.O_TRUNC) == 0 || !st.isRegular()) return;
        try {
            truncate(c, inode, st, 0, byHandle ? h : null);
        } catch (ErrnoException e) {
            h.release();
            throw e;
        }
    }

    private synchronized DeviceDriver device(long rdev) throws ErrnoException {
        DeviceDriver d = devices.get(rdev);
        if (d == null) throw new ErrnoException(Errno.ENXIO);
        return d;
    }

    /** {@code ACC_MODE} plus O_TRUNC's write ({@code build_open_flags}). */
    private static int accMode(int flags) {
        int acc = switch (flags & OpenFlags.O_ACCMODE) {
            case OpenFlags.O_RDONLY -> MAY_READ;
            case OpenFlags.O_WRONLY -> MAY_WRITE;
            default -> MAY_READ | MAY_WRITE;
        };
        return (flags & OpenFlags.O_TRUNC) != 0 ? acc | MAY_WRITE : acc;
    }

    /** {@code may_open}: type rules, then read-only mounts, then permission bits. */
    /**
     * Opens again what {@code from} has open, as an open through its /proc/PID/fd link does, so a
     * file renamed or deleted since is still reached (the 9P server's Tlopen of a file that is open
     * through another fid but gone by name).
     */
    public OpenFile reopen(Caller c, OpenFile from, int flags) throws ErrnoException {
        Statx st = from.getattr();
        mayOpen(c, from.location(), st, accMode(flags));
        FileHandle h = from.handle() == null ? null : from.handle().reopen(flags);
        if (h == null) {
            if (!st.isRegular()) throw new ErrnoException(Errno.ENXIO);
            h = from.inode().open(flags);
        }
        truncateAtOpen(c, from.inode(), st, flags, h, true);
        return new OpenFile(from.location(), from.parent(), from.name(), flags, h, st.isDirectory());
    }

    private static void mayOpen(Caller c, Location target, Statx st, int acc) throws ErrnoException {
        if (st.isDirectory() && (acc & MAY_WRITE) != 0) throw new ErrnoException(Errno.EISDIR);
        checkRofs(target, st, acc);
        Permissions.check(c.creds(), st, acc);
    }

    /** EROFS for a write to a regular file, directory or symlink on a read-only mount ({@code sb_permission}). */
    private static void checkRofs(Location l, Statx st, int mask) throws ErrnoException {
        if ((mask & MAY_WRITE) != 0 && l.mount().readOnly()
                && (st.isRegular() || st.isDirectory() || st.isSymlink())) {
            throw new ErrnoException(Errno.EROFS);
        }
    }

    /** {@code may_create}: the directory is alive, writable and searchable; the mount is writable. */
    private static void checkCreate(Caller c, Location dir, Statx dst) throws ErrnoException {
        if (dst.nlink() == 0) throw new ErrnoException(Errno.ENOENT);
        if (dir.mount().readOnly()) throw new ErrnoException(Errno.EROFS);
        Permissions.check(c.creds(), dst, MAY_WRITE | MAY_EXEC);
    }

    /** A new inode's mode and owner. */
    private record NewInode(int mode, int uid, int gid) {}

    /** {@code inode_init_owner}: the mode and owner of a new inode in directory {@code dst}. */
    private static NewInode newInode(Caller c, Statx dst, int mode) {
        Credentials cr = c.creds();
        int gid = cr.fsgid();
        if ((dst.mode() & Stat.S_ISGID) != 0) {
            gid = dst.gid();
            if ((mode & Stat.S_IFMT) == Stat.S_IFDIR) {
                mode |= Stat.S_ISGID;
            } else if ((mode & (Stat.S_ISGID | 0010)) == (Stat.S_ISGID | 0010) && !cr.inGroup(gid) && !cr.fsCapable()) {
                mode &= ~Stat.S_ISGID;
            }
        }
        return new NewInode(mode, cr.fsuid(), gid);
    }

    // ---- creating names ----

    /** {@code filename_create}, then {@code may_create}: the parent and the new name, which must not exist. */
    private Parent createParent(Walk w, Location start, String path, boolean directory) throws ErrnoException {
        Parent p = lookupCreate(w, start, path, directory);
        checkCreate(w.caller, p.dir, w.attr(p.dir));
        return p;
    }

    /** {@code filename_create} alone: EEXIST for an existing name or {@code .}/{@code ..}/{@code /}. */
    private Parent lookupCreate(Walk w, Location start, String path, boolean directory) throws ErrnoException {
        Parent p = w.parent(start, path);
        if (p.type != LastType.NORM) throw new ErrnoException(Errno.EEXIST);
        Permissions.check(w.caller.creds(), w.attr(p.dir), MAY_EXEC);
        if (w.lookupOrNull(p.dir, p.last) != null) throw new ErrnoException(Errno.EEXIST);
        if (p.trailingSlash && !directory) throw new ErrnoException(Errno.ENOENT);
        return p;
    }

    /** Implements mkdirat(2). */
    public void mkdir(Caller c, int dirfd, String path, int mode) throws ErrnoException {
        Walk w = new Walk(c);
        Parent p = createParent(w, start(c, dirfd, path), path, true);
        NewInode n = newInode(c, w.attr(p.dir), Stat.S_IFDIR | (mode & 01777 & ~c.fs().umask()));
        p.dir.inode().mkdir(p.last, n.mode, n.uid, n.gid);
    }

    /** Implements mknodat(2): regular files, FIFOs, sockets, and devices with CAP_MKNOD. */
    public void mknod(Caller c, int dirfd, String path, int mode, long rdev) throws ErrnoException {
        int type = mode & Stat.S_IFMT;
        switch (type) {
            case 0, Stat.S_IFREG, Stat.S_IFIFO, Stat.S_IFSOCK -> {}
            case Stat.S_IFCHR, Stat.S_IFBLK -> {
                if (!c.creds().fsCapable()) throw new ErrnoException(Errno.EPERM);
            }
            case Stat.S_IFDIR -> throw new ErrnoException(Errno.EPERM);
            default -> throw new ErrnoException(Errno.EINVAL);
        }
        Walk w = new Walk(c);
        Parent p = createParent(w, start(c, dirfd, path), path, false);
        int perm = mode & 07777 & ~c.fs().umask();
        if (type == 0 || type == Stat.S_IFREG) {
            NewInode n = newInode(c, w.attr(p.dir), Stat.S_IFREG | perm);
            p.dir.inode().create(p.last, n.mode, n.uid, n.gid);
        } else {
            NewInode n = newInode(c, w.attr(p.dir), type | perm);
            p.dir.inode().mknod(p.last, n.mode, type == Stat.S_IFCHR || type == Stat.S_IFBLK ? rdev : 0, n.uid, n.gid);
        }
    }

    /** Implements symlinkat(2). */
    public void symlink(Caller c, String target, int dirfd, String path) throws ErrnoException {
        if (target.isEmpty()) throw new ErrnoException(Errno.ENOENT);
        checkLength(target);
        Walk w = new Walk(c);
        Parent p = createParent(w, start(c, dirfd, path), path, false);
        NewInode n = newInode(c, w.attr(p.dir), Stat.S_IFLNK | 0777);
        p.dir.inode().symlink(p.last, target, n.uid, n.gid);
    }

    /** Implements linkat(2), with {@code fs.protected_hardlinks=1}'s rule ({@code may_linkat}). */
    public void link(Caller c, int oldDirfd, String oldPath, int newDirfd, String newPath, int flags)
            throws ErrnoException {
        if ((flags & ~(At.AT_SYMLINK_FOLLOW | At.AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        Location old = resolve(c, oldDirfd, oldPath,
                (flags & At.AT_EMPTY_PATH) | ((flags & At.AT_SYMLINK_FOLLOW) != 0 ? 0 : At.AT_SYMLINK_NOFOLLOW));
        Walk w = new Walk(c);
        Parent p = lookupCreate(w, start(c, newDirfd, newPath), newPath, false);
        if (p.dir.mount().readOnly()) throw new ErrnoException(Errno.EROFS);
        if (p.dir.mount() != old.mount()) throw new ErrnoException(Errno.EXDEV);
        Statx st = old.inode().getattr();
        Credentials cr = c.creds();
        boolean safe = st.isRegular() && (st.mode() & Stat.S_ISUID) == 0
                && (st.mode() & (Stat.S_ISGID | 0010)) != (Stat.S_ISGID | 0010)
                && Permissions.allowed(cr, st, MAY_READ | MAY_WRITE);
        if (!Permissions.ownerOrCapable(cr, st) && !safe) throw new ErrnoException(Errno.EPERM);
        checkCreate(c, p.dir, w.attr(p.dir));
        if (st.isDirectory()) throw new ErrnoException(Errno.EPERM);
        if (st.nlink() == 0) throw new ErrnoException(Errno.ENOENT);
        p.dir.inode().link(p.last, old.inode());
    }

    // ---- removing names ----

    /** Implements unlinkat(2), and rmdir(2) with {@code AT_REMOVEDIR}. */
    public void unlink(Caller c, int dirfd, String path, int flags) throws ErrnoException {
        if ((flags & ~At.AT_REMOVEDIR) != 0) throw new ErrnoException(Errno.EINVAL);
        boolean rmdir = (flags & At.AT_REMOVEDIR) != 0;
        Walk w = new Walk(c);
        Parent p = w.parent(start(c, dirfd, path), path);
        if (p.type != LastType.NORM) {
            if (!rmdir) throw new ErrnoException(Errno.EISDIR);
            throw new ErrnoException(switch (p.type) {
                case DOT -> Errno.EINVAL;
                case DOTDOT -> Errno.ENOTEMPTY;
                default -> Errno.EBUSY;
            });
        }
        if (p.dir.mount().readOnly()) throw new ErrnoException(Errno.EROFS);
        Statx dst = w.attr(p.dir);
        Permissions.check(c.creds(), dst, MAY_EXEC);
        Location victim = w.lookup(p.dir, p.last);
        Statx vst = w.attr(victim);
        if (!rmdir && p.trailingSlash) throw new ErrnoException(vst.isDirectory() ? Errno.EISDIR : Errno.ENOTDIR);
        mayDelete(c, p.dir, dst, victim, vst, rmdir);
        if (rmdir) p.dir.inode().rmdir(p.last);
        else p.dir.inode().unlink(p.last);
    }

    /** {@code may_delete}: write and search on the directory, the sticky bit, the type, mountpoints. */
    private void mayDelete(Caller c, Location dir, Statx dst, Location victim, Statx vst, boolean isDir)
            throws ErrnoException {
        Permissions.check(c.creds(), dst, MAY_WRITE | MAY_EXEC);
        Permissions.checkSticky(c.creds(), dst, vst);
        if (isDir) {
            if (!vst.isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
            if (mounts.busy(victim) || victim.equals(c.fs().root())) throw new ErrnoException(Errno.EBUSY);
        } else if (vst.isDirectory()) {
            throw new ErrnoException(Errno.EISDIR);
        } else if (mounts.busy(victim)) {
            throw new ErrnoException(Errno.EBUSY);
        }
    }

    /** Implements renameat2(2) ({@code do_renameat2} and {@code vfs_rename}). */
    public void rename(Caller c, int oldDirfd, String oldPath, int newDirfd, String newPath, int flags)
            throws ErrnoException {
        if ((flags & ~(At.RENAME_NOREPLACE | At.RENAME_EXCHANGE | At.RENAME_WHITEOUT)) != 0
                || ((flags & At.RENAME_NOREPLACE) != 0 && (flags & At.RENAME_EXCHANGE) != 0)
                || (flags & At.RENAME_WHITEOUT) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        boolean exchange = (flags & At.RENAME_EXCHANGE) != 0;
        Walk w = new Walk(c);
        Parent op = w.parent(start(c, oldDirfd, oldPath), oldPath);
        Parent np = w.parent(start(c, newDirfd, newPath), newPath);
        if (op.dir.mount() != np.dir.mount()) throw new ErrnoException(Errno.EXDEV);
        if (op.type != LastType.NORM) throw new ErrnoException(Errno.EBUSY);
        if (np.type != LastType.NORM) {
            throw new ErrnoException((flags & At.RENAME_NOREPLACE) != 0 ? Errno.EEXIST : Errno.EBUSY);
        }
        if (op.dir.mount().readOnly()) throw new ErrnoException(Errno.EROFS);
        Statx odst = w.attr(op.dir);
        Statx ndst = w.attr(np.dir);
        Permissions.check(c.creds(), odst, MAY_EXEC);
        Permissions.check(c.creds(), ndst, MAY_EXEC);
        Location old = w.lookup(op.dir, op.last);
        Statx ost = w.attr(old);
        Location neu = w.lookupOrNull(np.dir, np.last);
        Statx nst = neu == null ? null : w.attr(neu);
        if (!ost.isDirectory() && (op.trailingSlash || np.trailingSlash)) {
            if (!exchange || nst == null || !nst.isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
        }
        if ((flags & At.RENAME_NOREPLACE) != 0 && neu != null) throw new ErrnoException(Errno.EEXIST);
        if (exchange && neu == null) throw new ErrnoException(Errno.ENOENT);
        if (ost.isDirectory() && isAncestor(old.inode(), np.dir.inode())) throw new ErrnoException(Errno.EINVAL);
        if (neu != null && isAncestor(neu.inode(), op.dir.inode())) {
            throw new ErrnoException(exchange ? Errno.EINVAL : Errno.ENOTEMPTY);
        }
        if (neu != null && neu.inode().equals(old.inode())) return;
        mayDelete(c, op.dir, odst, old, ost, ost.isDirectory());
        if (neu == null) {
            checkCreate(c, np.dir, ndst);
        } else {
            mayDelete(c, np.dir, ndst, neu, nst, exchange ? nst.isDirectory() : ost.isDirectory());
        }
        boolean moved = !op.dir.inode().equals(np.dir.inode());
        if (moved && ost.isDirectory()) Permissions.check(c.creds(), ost, MAY_WRITE);
        if (moved && exchange && nst.isDirectory()) Permissions.check(c.creds(), nst, MAY_WRITE);
        op.dir.inode().rename(op.last, np.dir.inode(), np.last, flags);
    }

    /** Whether {@code dir} is {@code node} or below it, within one filesystem. */
    private static boolean isAncestor(Inode dir, Inode node) throws ErrnoException {
        for (Inode n = node; ; ) {
            if (n.equals(dir)) return true;
            if (!n.getattr().isDirectory()) return false;
            Inode up = n.parent();
            if (up.equals(n)) return false;
            n = up;
        }
    }

    // ---- reading names and attributes ----

    /** Implements readlinkat(2); an empty path reads the link open at {@code dirfd} (O_PATH). */
    public String readlink(Caller c, int dirfd, String path) throws ErrnoException {
        Location l = resolve(c, dirfd, path, At.AT_SYMLINK_NOFOLLOW | At.AT_EMPTY_PATH);
        if (!isSymlink(l)) throw new ErrnoException(path.isEmpty() ? Errno.ENOENT : Errno.EINVAL);
        return l.inode().readlink();
    }

    /** Implements fchmodat2(2) / fchmodat(2) (with AT_SYMLINK_NOFOLLOW, a symlink says EOPNOTSUPP). */
    public void chmod(Caller c, int dirfd, String path, int mode, int atFlags) throws ErrnoException {
        if ((atFlags & ~(At.AT_SYMLINK_NOFOLLOW | At.AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        chmod(c, resolve(c, dirfd, path, atFlags), mode);
    }

    /** chmod of one file ({@code chmod_common}, {@code setattr_prepare}). */
    public void chmod(Caller c, Location l, int mode) throws ErrnoException {
        Statx st = l.inode().getattr();
        if (st.isSymlink()) throw new ErrnoException(Errno.EOPNOTSUPP);
        if (l.mount().readOnly()) throw new ErrnoException(Errno.EROFS);
        if (!Permissions.ownerOrCapable(c.creds(), st)) throw new ErrnoException(Errno.EPERM);
        mode &= 07777;
        if (!c.creds().inGroup(st.gid()) && !c.creds().fsCapable()) mode &= ~Stat.S_ISGID;
        l.inode().setattr(SetAttr.mode(mode));
    }

    /** Implements fchownat(2); -1 leaves an id as it is. */
    public void chown(Caller c, int dirfd, String path, int uid, int gid, int atFlags) throws ErrnoException {
        if ((atFlags & ~(At.AT_SYMLINK_NOFOLLOW | At.AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        chown(c, resolve(c, dirfd, path, atFlags), uid, gid);
    }

    /**
     * chown of one file ({@code chown_common}, {@code notify_change}, {@code setattr_prepare}):
     * non-directories lose set-user-ID and the set-group-ID {@link Permissions#sgidToDrop} names,
     * which only the owner or CAP_FOWNER may have done (EPERM otherwise, even for -1 -1).
     */
    public void chown(Caller c, Location l, int uid, int gid) throws ErrnoException {
        Statx st = l.inode().getattr();
        if (l.mount().readOnly()) throw new ErrnoException(Errno.EROFS);
        Credentials cr = c.creds();
        boolean owner = cr.fsuid() == st.uid();
        if (uid != -1 && uid != st.uid() && !cr.fsCapable()) throw new ErrnoException(Errno.EPERM);
        if (uid != -1 && uid == st.uid() && !owner && !cr.fsCapable()) throw new ErrnoException(Errno.EPERM);
        if (gid != -1 && !cr.fsCapable() && (!owner || (gid != st.gid() && !cr.inGroup(gid)))) {
            throw new ErrnoException(Errno.EPERM);
        }
        long mode = SetAttr.KEEP;
        if (!st.isDirectory()) {
            int m = st.mode() & 07777;
            int killed = m & ~(Stat.S_ISUID | Permissions.sgidToDrop(cr, st));
            if (killed != m) {
                if (!Permissions.ownerOrCapable(cr, st)) throw new ErrnoException(Errno.EPERM);
                if (!cr.inGroup(gid == -1 ? st.gid() : gid) && !cr.fsCapable()) killed &= ~Stat.S_ISGID;
                mode = killed;
            }
        }
        l.inode().setattr(new SetAttr(mode, uid == -1 ? SetAttr.KEEP : uid, gid == -1 ? SetAttr.KEEP : gid,
                SetAttr.KEEP, SetAttr.KEEP, SetAttr.KEEP));
    }

    /**
     * Implements utimensat(2): each time is {seconds, nanoseconds} with UTIME_NOW or UTIME_OMIT in
     * the nanoseconds; {@code times} null means both now.
     */
    public void utimens(Caller c, int dirfd, String path, long[][] times, int atFlags) throws ErrnoException {
        if ((atFlags & ~(At.AT_SYMLINK_NOFOLLOW | At.AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        if (times != null) {
            for (long[] t : times) {
                if ((t[1] < 0 || t[1] >= 1_000_000_000L) && t[1] != Utime.UTIME_NOW && t[1] != Utime.UTIME_OMIT) {
                    throw new ErrnoException(Errno.EINVAL);
                }
            }
        }
        utimens(c, resolve(c, dirfd, path, atFlags), times);
    }

    /** utimensat of one file ({@code vfs_utimes}, {@code setattr_prepare}'s time rules). */
    public void utimens(Caller c, Location l, long[][] times) throws ErrnoException {
        long now = clockNs.getAsLong();
        boolean explicit = false;
        long[] ns = {now, now};
        if (times != null) {
            for (int i = 0; i < 2; i++) {
                long nsec = times[i][1];
                if (nsec == Utime.UTIME_OMIT) ns[i] = SetAttr.KEEP;
                else if (nsec != Utime.UTIME_NOW) {
                    ns[i] = times[i][0] * 1_000_000_000L + nsec;
                    explicit = true;
                }
            }
            if (ns[0] == SetAttr.KEEP && ns[1] == SetAttr.KEEP) return;
        }
        Statx st = l.inode().getattr();
        if (l.mount().readOnly()) throw new ErrnoException(Errno.EROFS);
        if (!Permissions.ownerOrCapable(c.creds(), st)) {
            if (explicit) throw new ErrnoException(Errno.EPERM);
            Permissions.check(c.creds(), st, MAY_WRITE);
        }
        l.inode().setattr(SetAttr.times(ns[0], ns[1]));
    }

    /** Implements truncate(2). */
    public void truncate(Caller c, String path, long size) throws ErrnoException {
        if (size < 0) throw new ErrnoException(Errno.EINVAL);
        Location l = resolve(c, At.AT_FDCWD, path, 0);
        Statx st = l.inode().getattr();
        if (st.isDirectory()) throw new ErrnoException(Errno.EISDIR);
        if (!st.isRegular()) throw new ErrnoException(Errno.EINVAL);
        checkRofs(l, st, MAY_WRITE);
        Permissions.check(c.creds(), st, MAY_WRITE);
        truncate(c, l.inode(), st, size, null);
    }

    /**
     * Linux's {@code do_truncate}: the size, new times, and the set-id bits {@code c} may not keep
     * dropped, as a write drops them; through {@code handle} when one is given (a file reopened
     * through /proc/PID/fd may have no name left for the inode to find it by).
     */
    private void truncate(Caller c, Inode inode, Statx st, long size, FileHandle handle) throws ErrnoException {
        int kill = Permissions.privsToDrop(c.creds(), st);
        long mode = kill == 0 ? SetAttr.KEEP : st.mode() & 07777 & ~kill;
        if (handle != null) {
            handle.truncate(size);
            if (kill != 0) inode.setattr(SetAttr.mode((int) mode));
        } else {
            inode.setattr(new SetAttr(mode, SetAttr.KEEP, SetAttr.KEEP, size, SetAttr.KEEP, clockNs.getAsLong()));
        }
        SharedPages shared = SharedPages.of(inode);
        if (shared != null) shared.resized(size);
    }

    /** Implements faccessat2(2): the real ids unless {@code AT_EACCESS}. */
    public void access(Caller c, int dirfd, String path, int mode, int flags) throws ErrnoException {
        if ((mode & ~(Fcntl.R_OK | Fcntl.W_OK | Fcntl.X_OK)) != 0
                || (flags & ~(At.AT_EACCESS | At.AT_SYMLINK_NOFOLLOW | At.AT_EMPTY_PATH)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Caller as = (flags & At.AT_EACCESS) != 0 ? c : c.withCreds(c.creds().forAccess());
        Location l = resolve(as, dirfd, path, flags & (At.AT_SYMLINK_NOFOLLOW | At.AT_EMPTY_PATH));
        if (mode == Fcntl.F_OK) return;
        Statx st = l.inode().getattr();
        int mask = ((mode & Fcntl.R_OK) != 0 ? MAY_READ : 0) | ((mode & Fcntl.W_OK) != 0 ? MAY_WRITE : 0)
                | ((mode & Fcntl.X_OK) != 0 ? MAY_EXEC : 0);
        checkRofs(l, st, mask);
        Permissions.check(as.creds(), st, mask);
    }

    /** Implements chdir(2). */
    public void chdir(Caller c, String path) throws ErrnoException {
        c.fs().setCwd(searchableDir(c, resolve(c, At.AT_FDCWD, path, 0)));
    }

    /** Implements fchdir(2). */
    public void fchdir(Caller c, int fd) throws ErrnoException {
        c.fs().setCwd(searchableDir(c, c.fds().get(fd).location()));
    }

    /** Implements chroot(2) (CAP_SYS_CHROOT); the cwd stays where it is, as on Linux. */
    public void chroot(Caller c, String path) throws ErrnoException {
        Location l = searchableDir(c, resolve(c, At.AT_FDCWD, path, 0));
        if (!c.creds().capable()) throw new ErrnoException(Errno.EPERM);
        c.fs().setRoot(l);
    }

    private static Location searchableDir(Caller c, Location l) throws ErrnoException {
        Statx st = l.inode().getattr();
        if (!st.isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
        Permissions.check(c.creds(), st, MAY_EXEC);
        return l;
    }

    /**
     * Implements getcwd(2): ENOENT when the cwd was removed; a cwd outside the task root is prefixed
     * {@code (unreachable)}, as {@code d_path} does.
     */
    public String getcwd(Caller c) throws ErrnoException {
        Location cwd = c.fs().cwd();
        if (cwd.inode().getattr().nlink() == 0) throw new ErrnoException(Errno.ENOENT);
        String p = pathOf(cwd, c.fs().root());
        return p == null ? "(unreachable)" + pathOf(cwd, mounts.root().rootLocation()) : p;
    }

    /** The path of {@code l} from {@code root}, or null when {@code l} is not below it. */
    public String pathOf(Location l, Location root) throws ErrnoException {
        Deque<String> names = new ArrayDeque<>();
        while (!l.equals(root)) {
            Mount m = l.mount();
            if (l.inode().equals(m.root())) {
                if (m.parent() == null) return null;
                l = new Location(m.parent(), m.mountpoint());
                continue;
            }
            Inode up = l.inode().parent();
            names.push(nameIn(up, l.inode()));
            l = new Location(m, up);
        }
        return names.isEmpty() ? "/" : "/" + String.join("/", names);
    }

    /**
     * The path of an open file from {@code root} ({@code d_path}): a directory by its parents, any
     * other file by the directory and name it was opened through, followed within that directory
     * if it was renamed there; {@code " (deleted)"} is appended once the file has no links. Null
     * when it is not below {@code root}.
     */
    public String pathOf(OpenFile f, Location root) throws ErrnoException {
        if (f.isAnonymous()) return f.name();
        Statx st = f.getattr();
        if (f.parent() == null || st.isDirectory()) return pathOf(f.location(), root);
        String dir = pathOf(f.parent(), root);
        if (dir == null) return null;
        String name = f.name();
        if (st.nlink() > 0) {
            try {
                if (f.parent().inode().lookup(name).ino() != st.ino()) name = nameIn(f.parent().inode(), f.inode());
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENOENT) throw e;
                name = nameIn(f.parent().inode(), f.inode());
            }
        }
        return (dir.equals("/") ? "/" : dir + "/") + name + (st.nlink() == 0 ? " (deleted)" : "");
    }

    /**
     * The name of {@code target} in {@code dir}: the entry with its inode number, else a directory
     * entry that looks up to it (a host mountpoint below a hostfs root lists the covered
     * directory's number, while the file found there is the mounted filesystem's root).
     */
    private static String nameIn(Inode dir, Inode target) throws ErrnoException {
        String hint = target.nameHint();
        if (hint != null) {
            try {
                if (dir.lookup(hint).equals(target)) return hint;
            } catch (ErrnoException renamed) {
                // not there any more: search the directory
            }
        }
        long ino = target.ino();
        String[] found = new String[1];
        List<String> dirs = new ArrayList<>();
        dir.readdir(2, (i, t, name, next) -> {
            if (i == ino) found[0] = name;
            else if (t == Dirent.DT_DIR || t == Dirent.DT_UNKNOWN) dirs.add(name);
            return found[0] == null;
        });
        if (found[0] != null) return found[0];
        for (String name : dirs) {
            try {
                if (dir.lookup(name).equals(target)) return name;
            } catch (ErrnoException gone) {
                // removed meanwhile: not this one
            }
        }
        throw new ErrnoException(Errno.ENOENT);
    }

    /** Implements sync(2): every mounted filesystem, each once; sync cannot fail, so errors are dropped as Linux does. */
    public void sync() {
        java.util.Set<FileSystem> done = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Mount m : mounts.mounts()) {
            if (done.add(m.fileSystem())) {
                try {
                    m.fileSystem().sync();
                } catch (ErrnoException ignored) {
                    // sync(2) returns nothing; ksys_sync ignores the filesystems' errors
                }
            }
        }
    }

    /** Implements syncfs(2) of the filesystem holding {@code f}. */
    public static void syncfs(OpenFile f) throws ErrnoException {
        f.location().mount().fileSystem().sync();
    }

    /** Implements statfs(2). */
    public StatFs statfs(Caller c, String path) throws ErrnoException {
        return statfs(resolve(c, At.AT_FDCWD, path, 0));
    }

    /** statfs of a file's filesystem, with the mount's read-only flag. */
    public static StatFs statfs(Location l) throws ErrnoException {
        StatFs s = l.mount().fileSystem().statfs();
        if (!l.mount().readOnly()) return s;
        return new StatFs(s.type(), s.bsize(), s.blocks(), s.bfree(), s.bavail(), s.files(), s.ffree(), s.fsid(),
                s.namelen(), s.frsize(), s.flags() | FsMagic.ST_RDONLY);
    }

    // ---- extended attributes (fs/xattr.c) ----

    /** Implements getxattr(2) / lgetxattr(2) ({@code follow} false). */
    public byte[] getxattr(Caller c, String path, String name, boolean follow) throws ErrnoException {
        Location l = resolve(c, At.AT_FDCWD, path, follow ? 0 : At.AT_SYMLINK_NOFOLLOW);
        return getxattr(c, l, name);
    }

    /** getxattr of one file: the namespace's read rules, then the filesystem. */
    public byte[] getxattr(Caller c, Location l, String name) throws ErrnoException {
        xattrPermission(c, l, name, MAY_READ);
        return l.inode().getxattr(name);
    }

    /** Implements setxattr(2) / lsetxattr(2). */
    public void setxattr(Caller c, String path, String name, byte[] value, int flags, boolean follow)
            throws ErrnoException {
        setxattr(c, resolve(c, At.AT_FDCWD, path, follow ? 0 : At.AT_SYMLINK_NOFOLLOW), name, value, flags);
    }

    public void setxattr(Caller c, Location l, String name, byte[] value, int flags) throws ErrnoException {
        if ((flags & ~(Fcntl.XATTR_CREATE | Fcntl.XATTR_REPLACE)) != 0) throw new ErrnoException(Errno.EINVAL);
        if (value.length > FsLimits.XATTR_SIZE_MAX) throw new ErrnoException(Errno.E2BIG);
        if (l.mount().readOnly()) throw new ErrnoException(Errno.EROFS);
        xattrPermission(c, l, name, MAY_WRITE);
        l.inode().setxattr(name, value, flags);
    }

    /** Implements listxattr(2) / llistxattr(2): trusted.* names only for CAP_SYS_ADMIN. */
    public List<String> listxattr(Caller c, String path, boolean follow) throws ErrnoException {
        return listxattr(c, resolve(c, At.AT_FDCWD, path, follow ? 0 : At.AT_SYMLINK_NOFOLLOW));
    }

    public List<String> listxattr(Caller c, Location l) throws ErrnoException {
        List<String> out = new ArrayList<>();
        for (String n : l.inode().listxattr()) {
            if (!n.startsWith("trusted.") || c.creds().capable()) out.add(n);
        }
        return out;
    }

    /** Implements removexattr(2) / lremovexattr(2). */
    public void removexattr(Caller c, String path, String name, boolean follow) throws ErrnoException {
        removexattr(c, resolve(c, At.AT_FDCWD, path, follow ? 0 : At.AT_SYMLINK_NOFOLLOW), name);
    }

    /** removexattr of one file (fremovexattr(2)). */
    public void removexattr(Caller c, Location l, String name) throws ErrnoException {
        if (l.mount().readOnly()) throw new ErrnoException(Errno.EROFS);
        xattrPermission(c, l, name, MAY_WRITE);
        l.inode().removexattr(name);
    }

    /** {@code xattr_permission}: name checks, then the namespace's rules. */
    private static void xattrPermission(Caller c, Location l, String name, int mask) throws ErrnoException {
        int len = name.getBytes(StandardCharsets.UTF_8).length;
        if (len == 0 || len > FsLimits.XATTR_NAME_MAX) throw new ErrnoException(Errno.ERANGE);
        Statx st = l.inode().getattr();
        if (name.startsWith("trusted.")) {
            if (!c.creds().capable()) throw new ErrnoException(mask == MAY_READ ? Errno.ENODATA : Errno.EPERM);
            return;
        }
        if (name.startsWith("security.") || name.startsWith("system.")) return;
        if (!name.startsWith("user.")) throw new ErrnoException(Errno.EOPNOTSUPP);
        if (!st.isRegular() && !st.isDirectory()) {
            throw new ErrnoException(mask == MAY_READ ? Errno.ENODATA : Errno.EPERM);
        }
        if (st.isDirectory() && (st.mode() & Stat.S_ISVTX) != 0 && mask == MAY_WRITE
                && !Permissions.ownerOrCapable(c.creds(), st)) {
            throw new ErrnoException(Errno.EPERM);
        }
        Permissions.check(c.creds(), st, mask);
    }
}
