// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm.ninep;

import dev.jlinux.syscalls.At;
import dev.jlinux.syscalls.DeviceNumbers;
import dev.jlinux.syscalls.Dirent;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Fcntl;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.syscalls.Utime;
import dev.jlinux.vfs.Caller;
import dev.jlinux.vfs.Credentials;
import dev.jlinux.vfs.FdTable;
import dev.jlinux.vfs.FsContext;
import dev.jlinux.vfs.Location;
import dev.jlinux.vfs.OpenFile;
import dev.jlinux.vfs.SetAttr;
import dev.jlinux.vfs.StatFs;
import dev.jlinux.vfs.Statx;
import dev.jlinux.vfs.Vfs;
import dev.jlinux.vm.ninep.Message.*;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A 9P2000.L file server over the jlinux VFS: the guest kernel's v9fs mounts it. Every fid is a
 * {@link Location} (with the directory and name it was walked through, which opening a non-directory
 * needs); every operation goes through the {@link Vfs} call named after it, with the attaching
 * user's credentials, so paths, permissions and errors are the VFS's: a failure is an Rlerror with
 * Linux's errno. Requests are served one at a time in arrival order, so a Tflush always finds its
 * request answered.
 *
 * <p>POSIX locks: v9fs takes every lock in the guest kernel's own lock table before it sends Tlock or
 * Tgetlock, and that kernel is this server's only client, so the server grants Tlock and answers
 * Tgetlock with "unlocked": the guest's table is the whole truth. (QEMU's 9p server answers the same:
 * its v9fs_getlock replies UNLCK.) So the lock results fs_calls sees in the VM come from the guest's
 * v9fs alone: v9fs_file_do_lock sends Tlock only after locks_lock_file_wait granted the lock there,
 * and v9fs_file_getlock asks only when posix_test_lock found no conflict (fs/9p/vfs_file.c).
 */
public final class NinepServer {
    /** The protocol version this server speaks. */
    public static final String VERSION = "9P2000.L";
    /** The largest msize this server accepts. */
    public static final int MAX_MSIZE = 1 << 20;

    private final Vfs vfs;
    private final Location root;
    /** The open files of all fids, by fd. */
    private final FdTable fds = new FdTable(() -> Integer.MAX_VALUE);
    private final Map<Integer, Fid> fids = new HashMap<>();
    private int msize = 8192;

    /** One fid: a file, and what was opened or is being read or written through it. */
    private static final class Fid {
        Location loc;
        /** The directory and name {@link #loc} was reached by; null for the root and after {@code ..}. */
        Location parent;
        String name;
        /**
         * The names from the export root to {@link #loc}: a walk follows no symlink, so this is the
         * file's path; renames rewrite it (hostfs finds a file by its path).
         */
        List<String> path;
        final Credentials creds;
        /** The fd in {@link #fds} after Tlopen/Tlcreate, else -1. */
        int fd = -1;
        OpenFile file;
        /** After Txattrwalk: the value (or name list) Tread reads. */
        byte[] xattrValue;
        /** After Txattrcreate: the attribute being written, set at Tclunk. */
        String xattrName;
        int xattrFlags;
        long xattrSize;
        ByteArrayOutputStream xattrData;

        Fid(Location loc, Location parent, String name, List<String> path, Credentials creds) {
            this.loc = loc;
            this.parent = parent;
            this.name = name;
            this.path = List.copyOf(path);
            this.creds = creds;
        }
    }

    /** Serves the tree below {@code root} of {@code vfs} ({@code ..} never leaves it). */
    public NinepServer(Vfs vfs, Location root) {
        this.vfs = vfs;
        this.root = root;
    }

    /** Serves one connection until the client closes it; the fids are clunked at the end. */
    public void serve(InputStream in, OutputStream out) throws IOException {
        ByteBuffer reply = ByteBuffer.allocate(MAX_MSIZE + 64);
        try {
            byte[] sizeField = new byte[4];
            while (true) {
                if (!readFully(in, sizeField, true)) return;
                int size = ByteBuffer.wrap(sizeField).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
                if (size < Message.HEADER || size > MAX_MSIZE + 64) throw new IOException("9P frame of " + size + " bytes");
                byte[] frame = Arrays.copyOf(sizeField, size);
                readFully(in, frame, false);
                Message.Frame f;
                Message r;
                try {
                    f = Message.decode(ByteBuffer.wrap(frame, 0, size));
                } catch (RuntimeException e) {
                    throw new IOException("malformed 9P message", e);
                }
                r = handle(f.message());
                if (!Message.encode(f.tag(), r, reply)) Message.encode(f.tag(), new Rlerror(Errno.EIO.number()), reply);
                out.write(reply.array(), 0, reply.limit());
                out.flush();
            }
        } finally {
            clunkAll();
        }
    }

    private static boolean readFully(InputStream in, byte[] b, boolean eofOk) throws IOException {
        int off = eofOk ? 0 : 4;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                if (eofOk && off == 0) return false;
                throw new EOFException("9P connection closed mid-message");
            }
            off += n;
        }
        return true;
    }

    /** The reply to one request. */
    public Message handle(Message m) {
        try {
            return switch (m) {
                case Tversion t -> version(t);
                case Tattach t -> attach(t);
                case Twalk t -> walk(t);
                case Tgetattr t -> getattr(t);
                case Tsetattr t -> setattr(t);
                case Tlopen t -> lopen(t);
                case Tlcreate t -> lcreate(t);
                case Tread t -> read(t);
                case Twrite t -> write(t);
                case Tclunk t -> clunk(t);
                case Tremove t -> remove(t);
                case Treaddir t -> readdir(t);
                case Tmkdir t -> mkdir(t);
                case Tsymlink t -> symlink(t);
                case Tmknod t -> mknod(t);
                case Treadlink t -> readlink(t);
                case Tlink t -> link(t);
                case Trename t -> rename(t);
                case Trenameat t -> renameat(t);
                case Tunlinkat t -> unlinkat(t);
                case Tstatfs t -> statfs(t);
                case Tfsync t -> fsync(t);
                case Tlock t -> lock(t);
                case Tgetlock t -> new Rgetlock(Rgetlock.UNLCK, t.start(), t.length(), t.procId(), t.clientId());
                case Txattrwalk t -> xattrwalk(t);
                case Txattrcreate t -> xattrcreate(t);
                case Tflush t -> new Rflush();
                case Tauth t -> throw new ErrnoException(Errno.EOPNOTSUPP, "no authentication");
                default -> throw new ErrnoException(Errno.EOPNOTSUPP, "9P message type " + m.type());
            };
        } catch (ErrnoException e) {
            return new Rlerror(e.errno().number());
        }
    }

    // ---- session ----

    private Message version(Tversion t) {
        clunkAll();
        msize = Math.max(Message.HEADER + 64, Math.min(t.msize(), MAX_MSIZE));
        return new Rversion(msize, t.version().startsWith(VERSION) ? VERSION : "unknown");
    }

    private Message attach(Tattach t) throws ErrnoException {
        if (t.afid() != Message.NOFID) throw new ErrnoException(Errno.EOPNOTSUPP, "no authentication");
        // v9fs's n_uname is the user's fsuid; its gid travels with each create.
        int uid = t.nUname() == Message.NOFID ? 0 : t.nUname();
        newFid(t.fid(), new Fid(root, null, null, List.of(), Credentials.of(uid, uid)));
        return new Rattach(qid(root, root.inode().getattr()));
    }

    private Fid fid(int id) throws ErrnoException {
        Fid f = fids.get(id);
        if (f == null) throw new ErrnoException(Errno.EBADF);
        return f;
    }

    private void newFid(int id, Fid f) throws ErrnoException {
        if (fids.containsKey(id)) throw new ErrnoException(Errno.EBADF, "fid in use");
        fids.put(id, f);
    }

    private void clunkAll() {
        for (Fid f : List.copyOf(fids.values())) closeFile(f);
        fids.clear();
    }

    private void closeFile(Fid f) {
        if (f.fd < 0) return;
        try {
            fds.close(f.fd);
        } catch (ErrnoException e) {
            throw new IllegalStateException("fid's fd " + f.fd + " vanished", e);
        }
        f.fd = -1;
        f.file = null;
    }

    // ---- the VFS callers ----

    /** The fid's user with {@code dir} as working directory (umask 0: v9fs sends final modes). */
    private Caller at(Location dir, Credentials creds) {
        return new Caller(new FsContext(root, dir, 0), creds, fds);
    }

    private Caller at(Fid f) {
        return at(f.loc, f.creds);
    }

    /** The fid's user with {@code gid} as fs gid (the group v9fs gives a new file). */
    private static Credentials withGid(Credentials c, int gid) {
        return c.withGids(c.gid(), c.egid(), c.sgid(), gid);
    }

    /** A caller for a by-name operation on the fid's file: in its directory, by its name ({@code .} for a directory). */
    private record Named(Caller caller, String path) {}

    private Named named(Fid f) throws ErrnoException {
        if (f.loc.inode().getattr().isDirectory() || f.parent == null) return new Named(at(f), ".");
        return new Named(at(f.parent, f.creds), f.name);
    }

    /** An O_PATH fd of directory {@code dir}, for the calls that take two directories; closed by the caller. */
    private int pathFd(Location dir, Credentials creds) throws ErrnoException {
        return vfs.openat(at(dir, creds), At.AT_FDCWD, ".", OpenFlags.O_PATH | OpenFlags.O_DIRECTORY, 0);
    }

    private void closeQuietly(int fd) {
        try {
            fds.close(fd);
        } catch (ErrnoException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Qid qid(Location l, Statx st) {
        int type = switch (st.type()) {
            case Stat.S_IFDIR -> Qid.QTDIR;
            case Stat.S_IFLNK -> Qid.QTSYMLINK;
            default -> Qid.QTFILE;
        };
        return new Qid(type, 0, path(l, st.ino()));
    }

    /** The qid path of inode {@code ino} under the mount of {@code l}: the inode number on the first mount. */
    private static long path(Location l, long ino) {
        return ino ^ ((long) (l.mount().id() - 1) << 48);
    }

    private Statx stat(Fid f) throws ErrnoException {
        return f.file != null ? f.file.getattr() : f.loc.inode().getattr();
    }

    // ---- walking and attributes ----

    private Message walk(Twalk t) throws ErrnoException {
        Fid f = fid(t.fid());
        // An open fid may be walked from, as QEMU's server allows: Linux's client clones the fid of
        // an unlinked file's dentry, which may be the open one, to open it again through /proc/PID/fd.
        if (f.xattrName != null || f.xattrValue != null) throw new ErrnoException(Errno.EBADF);
        if (t.newfid() == t.fid() && f.file != null) throw new ErrnoException(Errno.EBADF, "an open fid cannot move");
        if (t.newfid() != t.fid() && fids.containsKey(t.newfid())) throw new ErrnoException(Errno.EBADF, "fid in use");
        Location loc = f.loc, parent = f.parent;
        String name = f.name;
        List<String> path = new ArrayList<>(f.path);
        List<Qid> qids = new ArrayList<>();
        for (String n : t.names()) {
            Location next;
            try {
                if (n.isEmpty() || n.contains("/")) throw new ErrnoException(Errno.ENOENT);
                next = vfs.resolve(at(loc, f.creds), At.AT_FDCWD, n, At.AT_SYMLINK_NOFOLLOW);
            } catch (ErrnoException e) {
                if (qids.isEmpty()) throw e;
                return new Rwalk(qids);
            }
            if (n.equals("..")) {
                if (!path.isEmpty()) path.removeLast();
            } else if (!n.equals(".")) {
                path.add(n);
            }
            boolean up = n.equals("..") || n.equals(".");
            parent = up ? null : loc;
            name = up ? null : n;
            loc = next;
            qids.add(qid(loc, loc.inode().getattr()));
        }
        fids.put(t.newfid(), new Fid(loc, parent, name, path, f.creds));
        return new Rwalk(qids);
    }

    private Message getattr(Tgetattr t) throws ErrnoException {
        Fid f = fid(t.fid());
        Statx st = stat(f);
        return new Rgetattr(0xfffL, qid(f.loc, st), st.mode(), st.uid(), st.gid(), st.nlink(), st.rdev(), st.size(),
                st.blksize(), st.blocks(), sec(st.atimeNs()), nsec(st.atimeNs()), sec(st.mtimeNs()), nsec(st.mtimeNs()),
                sec(st.ctimeNs()), nsec(st.ctimeNs()), sec(st.btimeNs()), nsec(st.btimeNs()), 0, 0);
    }

    private static long sec(long ns) {
        return Math.floorDiv(ns, 1_000_000_000L);
    }

    private static long nsec(long ns) {
        return Math.floorMod(ns, 1_000_000_000L);
    }

    private Message setattr(Tsetattr t) throws ErrnoException {
        Fid f = fid(t.fid());
        Caller c = at(f);
        int v = t.valid();
        boolean truncateDrops = (v & Tsetattr.SIZE) != 0 && (v & Tsetattr.MODE) != 0 && dropsSetIdOnly(f.loc, t.mode());
        if ((v & Tsetattr.MODE) != 0 && !truncateDrops) vfs.chmod(c, f.loc, t.mode());
        if ((v & (Tsetattr.UID | Tsetattr.GID)) != 0) {
            vfs.chown(c, f.loc, (v & Tsetattr.UID) != 0 ? t.uid() : -1, (v & Tsetattr.GID) != 0 ? t.gid() : -1);
        }
        if ((v & Tsetattr.SIZE) != 0) {
            if (f.file != null && f.file.writable()) {
                f.file.truncate(t.size(), f.creds);
            } else {
                Named n = named(f);
                vfs.truncate(n.caller(), n.path(), t.size());
            }
            if (truncateDrops) f.loc.inode().setattr(SetAttr.mode(t.mode() & 07777));
        }
        if ((v & (Tsetattr.ATIME | Tsetattr.MTIME)) != 0) {
            long[][] times = {
                time(v, Tsetattr.ATIME, Tsetattr.ATIME_SET, t.atimeSec(), t.atimeNsec()),
                time(v, Tsetattr.MTIME, Tsetattr.MTIME_SET, t.mtimeSec(), t.mtimeNsec()),
            };
            vfs.utimens(c, f.loc, times);
        }
        return new Rsetattr();
    }

    /**
     * Whether {@code mode} is the file's mode less set-id bits. Linux's 9p client sends the bits a
     * truncate drops (notify_change turns ATTR_KILL_SUID/SGID into ATTR_MODE) as a mode in the
     * truncate's Tsetattr. The guest kernel decided that for the real caller (the fid may be the
     * opener's), and it is no chmod the caller must own the file for: once the truncate is
     * allowed, the mode is set with the kernel's authority, as Linux's ATTR_FORCE.
     */
    private static boolean dropsSetIdOnly(Location l, int mode) throws ErrnoException {
        int now = l.inode().getattr().mode() & 07777;
        return (mode & 07777) == (now & ~(Stat.S_ISUID | Stat.S_ISGID)) && (mode & 07777) != now;
    }

    /** One utimensat time from Tsetattr's bits: the given time, now, or omitted. */
    private static long[] time(int valid, int bit, int setBit, long sec, long nsec) {
        if ((valid & bit) == 0) return new long[] {0, Utime.UTIME_OMIT};
        if ((valid & setBit) == 0) return new long[] {0, Utime.UTIME_NOW};
        return new long[] {sec, nsec};
    }

    private Message statfs(Tstatfs t) throws ErrnoException {
        StatFs s = Vfs.statfs(fid(t.fid()).loc);
        return new Rstatfs((int) s.type(), (int) s.bsize(), s.blocks(), s.bfree(), s.bavail(), s.files(), s.ffree(),
                s.fsid(), (int) s.namelen());
    }

    // ---- open files ----

    private Message lopen(Tlopen t) throws ErrnoException {
        Fid f = fid(t.fid());
        if (f.file != null || f.xattrName != null) throw new ErrnoException(Errno.EBADF);
        int flags = t.flags() & ~(OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_NOCTTY);
        OpenFile file;
        try {
            Named n = named(f);
            file = vfs.open(n.caller(), At.AT_FDCWD, n.path(), n.path().equals(".") ? flags : flags | OpenFlags.O_NOFOLLOW, 0);
        } catch (ErrnoException e) {
            // gone by name (renamed or unlinked by someone else): a fid that has it open reaches it,
            // as the guest's /proc/PID/fd link of an unlinked file does
            OpenFile open = e.errno() == Errno.ENOENT ? openElsewhere(f.loc) : null;
            if (open == null) throw e;
            file = vfs.reopen(at(f), open, flags);
        }
        install(f, file);
        return new Rlopen(qid(f.loc, file.getattr()), iounit());
    }

    /** A file open through some fid with {@code loc}'s inode, or null. */
    private OpenFile openElsewhere(Location loc) {
        for (Fid o : fids.values()) {
            if (o.file != null && o.file.inode().equals(loc.inode())) return o.file;
        }
        return null;
    }

    private void install(Fid f, OpenFile file) throws ErrnoException {
        f.fd = fds.install(file, false);
        f.file = file;
    }

    /** The most a Tread or Twrite moves at once. */
    private int iounit() {
        return msize - Message.Twrite.OVERHEAD;
    }

    private Message lcreate(Tlcreate t) throws ErrnoException {
        Fid f = fid(t.fid());
        if (f.file != null) throw new ErrnoException(Errno.EBADF);
        checkName(t.name());
        Caller c = at(f.loc, withGid(f.creds, t.gid()));
        int flags = (t.flags() | OpenFlags.O_CREAT) & ~OpenFlags.O_NOCTTY;
        OpenFile file = vfs.open(c, At.AT_FDCWD, t.name(), flags, t.mode());
        f.parent = f.loc;
        f.name = t.name();
        f.path = append(f.path, t.name());
        f.loc = file.location();
        install(f, file);
        return new Rlcreate(qid(f.loc, file.getattr()), iounit());
    }

    private Message read(Tread t) throws ErrnoException {
        Fid f = fid(t.fid());
        int count = Math.max(0, Math.min(t.count(), msize - Rread.OVERHEAD));
        if (f.xattrValue != null) {
            if (t.offset() < 0) throw new ErrnoException(Errno.EINVAL);
            int from = (int) Math.min(t.offset(), f.xattrValue.length);
            return new Rread(Arrays.copyOfRange(f.xattrValue, from, Math.min(f.xattrValue.length, from + count)));
        }
        if (f.file == null) throw new ErrnoException(Errno.EBADF);
        byte[] buf = new byte[count];
        int n = f.file.pread(ByteBuffer.wrap(buf), t.offset());
        return new Rread(n == buf.length ? buf : Arrays.copyOf(buf, n));
    }

    private Message write(Twrite t) throws ErrnoException {
        Fid f = fid(t.fid());
        if (f.xattrName != null) {
            if (t.offset() != f.xattrData.size() || t.offset() + t.data().length > f.xattrSize) {
                throw new ErrnoException(Errno.EINVAL);
            }
            f.xattrData.writeBytes(t.data());
            return new Rwrite(t.data().length);
        }
        if (f.file == null) throw new ErrnoException(Errno.EBADF);
        return new Rwrite(f.file.pwrite(ByteBuffer.wrap(t.data()), t.offset(), f.creds));
    }

    private Message clunk(Tclunk t) throws ErrnoException {
        Fid f = fid(t.fid());
        fids.remove(t.fid());
        closeFile(f);
        if (f.xattrName != null) {
            if (f.xattrData.size() != f.xattrSize) throw new ErrnoException(Errno.EINVAL);
            Named n = named(f);
            if (f.xattrSize == 0) {
                vfs.removexattr(n.caller(), n.path(), f.xattrName, false);
            } else {
                vfs.setxattr(at(f), f.loc, f.xattrName, f.xattrData.toByteArray(), f.xattrFlags);
            }
        }
        return new Rclunk();
    }

    private Message readdir(Treaddir t) throws ErrnoException {
        Fid f = fid(t.fid());
        if (f.file == null) throw new ErrnoException(Errno.EBADF);
        int room = Math.min(t.count(), msize - Rreaddir.OVERHEAD);
        List<Message.Dirent> out = new ArrayList<>();
        int[] used = {0};
        Location dir = f.loc;
        f.file.lseek(t.offset(), Fcntl.SEEK_SET);
        f.file.readdir((ino, dtype, name, next) -> {
            int qt = dtype == Dirent.DT_DIR ? Qid.QTDIR : dtype == Dirent.DT_LNK ? Qid.QTSYMLINK : Qid.QTFILE;
            Message.Dirent d = new Message.Dirent(new Qid(qt, 0, path(dir, ino)), next, dtype, name);
            if (used[0] + d.size() > room) return false;
            used[0] += d.size();
            out.add(d);
            return true;
        });
        return new Rreaddir(out);
    }

    private Message fsync(Tfsync t) throws ErrnoException {
        Fid f = fid(t.fid());
        if (f.file == null) throw new ErrnoException(Errno.EBADF);
        f.file.fsync(t.datasync() != 0);
        return new Rfsync();
    }

    private Message lock(Tlock t) throws ErrnoException {
        Fid f = fid(t.fid());
        if (f.file == null) throw new ErrnoException(Errno.EBADF);
        if (t.lockType() > Rgetlock.UNLCK) throw new ErrnoException(Errno.EINVAL);
        return new Rlock(Tlock.SUCCESS);
    }

    // ---- names ----

    private static void checkName(String name) throws ErrnoException {
        if (name.isEmpty() || name.contains("/")) throw new ErrnoException(Errno.EINVAL);
    }

    private Message mkdir(Tmkdir t) throws ErrnoException {
        Fid d = fid(t.dfid());
        checkName(t.name());
        Caller c = at(d.loc, withGid(d.creds, t.gid()));
        vfs.mkdir(c, At.AT_FDCWD, t.name(), t.mode());
        return new Rmkdir(created(c, t.name()));
    }

    private Qid created(Caller c, String name) throws ErrnoException {
        Location l = vfs.resolve(c, At.AT_FDCWD, name, At.AT_SYMLINK_NOFOLLOW);
        return qid(l, l.inode().getattr());
    }

    private Message symlink(Tsymlink t) throws ErrnoException {
        Fid d = fid(t.fid());
        checkName(t.name());
        Caller c = at(d.loc, withGid(d.creds, t.gid()));
        vfs.symlink(c, t.target(), At.AT_FDCWD, t.name());
        return new Rsymlink(created(c, t.name()));
    }

    private Message mknod(Tmknod t) throws ErrnoException {
        Fid d = fid(t.dfid());
        checkName(t.name());
        Caller c = at(d.loc, withGid(d.creds, t.gid()));
        vfs.mknod(c, At.AT_FDCWD, t.name(), t.mode(), DeviceNumbers.makedev(t.major(), t.minor()));
        return new Rmknod(created(c, t.name()));
    }

    private Message readlink(Treadlink t) throws ErrnoException {
        Location l = fid(t.fid()).loc;
        if (!l.inode().getattr().isSymlink()) throw new ErrnoException(Errno.EINVAL);
        return new Rreadlink(l.inode().readlink());
    }

    private Message link(Tlink t) throws ErrnoException {
        Fid d = fid(t.dfid());
        Fid f = fid(t.fid());
        checkName(t.name());
        int dirFd = pathFd(d.loc, d.creds);
        try {
            vfs.link(at(f), At.AT_FDCWD, "", dirFd, t.name(), At.AT_EMPTY_PATH);
        } finally {
            closeQuietly(dirFd);
        }
        return new Rlink();
    }

    private Message rename(Trename t) throws ErrnoException {
        Fid f = fid(t.fid());
        Fid d = fid(t.dfid());
        checkName(t.name());
        if (f.path.isEmpty()) throw new ErrnoException(Errno.EBUSY);
        locateParent(f);
        rename(f.creds, f.parent, f.path.subList(0, f.path.size() - 1), f.name, d.loc, d.path, t.name());
        return new Rrename();
    }

    private Message renameat(Trenameat t) throws ErrnoException {
        Fid od = fid(t.oldDirFid());
        Fid nd = fid(t.newDirFid());
        checkName(t.oldName());
        checkName(t.newName());
        rename(od.creds, od.loc, od.path, t.oldName(), nd.loc, nd.path, t.newName());
        return new Rrenameat();
    }

    /** Renames, then moves the fids at or below the old path to the new one. */
    private void rename(Credentials creds, Location oldDir, List<String> oldDirPath, String oldName, Location newDir,
            List<String> newDirPath, String newName) throws ErrnoException {
        int newFd = pathFd(newDir, creds);
        try {
            vfs.rename(at(oldDir, creds), At.AT_FDCWD, oldName, newFd, newName, 0);
        } finally {
            closeQuietly(newFd);
        }
        List<String> from = append(oldDirPath, oldName), to = append(newDirPath, newName);
        for (Fid f : fids.values()) {
            if (f.path.size() < from.size() || !f.path.subList(0, from.size()).equals(from)) continue;
            List<String> moved = new ArrayList<>(to);
            moved.addAll(f.path.subList(from.size(), f.path.size()));
            f.path = List.copyOf(moved);
            try {
                relocate(f);
            } catch (ErrnoException e) {
                // Gone since (another rename or an unlink on the host): the fid keeps its old file.
            }
        }
    }

    private static List<String> append(List<String> path, String name) {
        List<String> p = new ArrayList<>(path);
        p.add(name);
        return List.copyOf(p);
    }

    /** Finds the fid's file, and the directory it is in, again by its path. */
    private void relocate(Fid f) throws ErrnoException {
        if (f.path.isEmpty()) {
            f.loc = root;
            f.parent = null;
            f.name = null;
            return;
        }
        Location dir = root;
        for (String n : f.path.subList(0, f.path.size() - 1)) {
            dir = vfs.resolve(at(dir, f.creds), At.AT_FDCWD, n, At.AT_SYMLINK_NOFOLLOW);
        }
        Location loc = vfs.resolve(at(dir, f.creds), At.AT_FDCWD, f.path.getLast(), At.AT_SYMLINK_NOFOLLOW);
        f.parent = dir;
        f.name = f.path.getLast();
        f.loc = loc;
    }

    /** Fills in the parent of a fid reached by {@code ..}. */
    private void locateParent(Fid f) throws ErrnoException {
        if (f.parent == null && !f.path.isEmpty()) relocate(f);
    }

    private Message unlinkat(Tunlinkat t) throws ErrnoException {
        Fid d = fid(t.dirFid());
        checkName(t.name());
        vfs.unlink(at(d), At.AT_FDCWD, t.name(), t.flags());
        return new Runlinkat();
    }

    /** Removes the fid's file; the fid is clunked whatever happens. */
    private Message remove(Tremove t) throws ErrnoException {
        Fid f = fid(t.fid());
        fids.remove(t.fid());
        closeFile(f);
        if (f.path.isEmpty()) throw new ErrnoException(Errno.EBUSY);
        locateParent(f);
        int flags = f.loc.inode().getattr().isDirectory() ? At.AT_REMOVEDIR : 0;
        vfs.unlink(at(f.parent, f.creds), At.AT_FDCWD, f.name, flags);
        return new Rremove();
    }

    // ---- extended attributes ----

    private Message xattrwalk(Txattrwalk t) throws ErrnoException {
        Fid f = fid(t.fid());
        if (fids.containsKey(t.newfid())) throw new ErrnoException(Errno.EBADF, "fid in use");
        byte[] value;
        if (t.name().isEmpty()) {
            ByteArrayOutputStream names = new ByteArrayOutputStream();
            for (String n : vfs.listxattr(at(f), f.loc)) {
                names.writeBytes(n.getBytes(StandardCharsets.UTF_8));
                names.write(0);
            }
            value = names.toByteArray();
        } else {
            value = vfs.getxattr(at(f), f.loc, t.name());
        }
        Fid nf = new Fid(f.loc, f.parent, f.name, f.path, f.creds);
        nf.xattrValue = value;
        fids.put(t.newfid(), nf);
        return new Rxattrwalk(value.length);
    }

    private Message xattrcreate(Txattrcreate t) throws ErrnoException {
        Fid f = fid(t.fid());
        if (f.file != null) throw new ErrnoException(Errno.EBADF);
        if (t.size() < 0 || t.size() > dev.jlinux.syscalls.FsLimits.XATTR_SIZE_MAX) throw new ErrnoException(Errno.E2BIG);
        f.xattrName = t.name();
        f.xattrFlags = t.flags();
        f.xattrSize = t.size();
        f.xattrData = new ByteArrayOutputStream();
        return new Rxattrcreate();
    }
}
