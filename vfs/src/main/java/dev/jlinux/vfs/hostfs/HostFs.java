// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.hostfs;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.vfs.FileSystem;
import dev.jlinux.vfs.Inode;
import dev.jlinux.vfs.StatFs;
import dev.jlinux.vfs.Statx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A host directory as a filesystem (WSL1's DrvFs/VolFs), confined to that directory. The VFS walks
 * every path and resolves every symlink itself; hostfs only ever hands the host single names relative
 * to a directory fd that it opened below the root fd with openat2's {@code RESOLVE_BENEATH|
 * RESOLVE_NO_SYMLINKS} (or, on hosts without openat2, one {@code O_NOFOLLOW|O_DIRECTORY} component at
 * a time), so no host symlink is ever followed, and a directory swapped for a
 * symlink mid-walk fails with ENOTDIR instead of leading out.
 *
 * <p>Linux metadata the host cannot hold (an owner the host process may not set, a mode it may not
 * set, device nodes and sockets, which hostfs never creates on the host but keeps as empty regular
 * files) lives in the user extended attribute {@value #META}: {@code mode=<octal> uid=<n> gid=<n>
 * rdev=<n>}, each field optional. Without user xattr support on the host, those operations say EPERM.
 */
public final class HostFs implements FileSystem, AutoCloseable {
    /** Host xattr holding the overrides. */
    static final String META = "user.jlinux.meta";
    /** The host's PATH_MAX. */
    private static final int PATH_MAX_HOST = 4096;

    final int rootFd;
    private final long dev;
    final boolean xattrs;
    /**
     * Host files known to carry no metadata xattr, by (st_dev, st_ino), with the st_ctime they had
     * then: setting an xattr changes the ctime, so an entry whose ctime still matches is still true.
     * hostfs forgets an entry itself when it writes the xattr (a set in the same clock tick as the
     * look might leave the ctime as it was). Most files carry none, so this saves a host getxattr,
     * reached through /proc, on nearly every stat and path step.
     */
    private final Map<FileKey, Long> withoutMeta = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FileKey, Long> eldest) {
            return size() > 4096;
        }
    });

    private record FileKey(long dev, long ino) {}

    /** Reads a file's metadata xattr (null when it has none). */
    @FunctionalInterface
    interface MetaReader {
        byte[] read() throws ErrnoException;
    }

    /** The metadata xattr of the file of {@code st}, or null: read by {@code reader} unless known to be absent. */
    byte[] meta(HostCalls.HostStat st, MetaReader reader) throws ErrnoException {
        if (!xattrs) return null;
        FileKey key = new FileKey(st.dev(), st.ino());
        Long ctime = withoutMeta.get(key);
        if (ctime != null && ctime == st.ctimeNs()) return null;
        byte[] m = reader.read();
        if (m == null) withoutMeta.put(key, st.ctimeNs());
        return m;
    }

    /** Called before the metadata xattr of a file is written. */
    void forgetMeta(long hostDev, long ino) {
        withoutMeta.remove(new FileKey(hostDev, ino));
    }

    /** Whether the host answers openat2 (Linux 5.6 and later, unless a filter refuses it). */
    private volatile boolean openat2 = true;

    private HostFs(int rootFd, long dev, boolean xattrs) {
        this.rootFd = rootFd;
        this.dev = dev;
        this.xattrs = xattrs;
    }

    /**
     * Opens {@code hostDir} (which must be a directory) as a filesystem numbered {@code dev}; its
     * files report the host's own st_dev, so files on different host filesystems below
     * {@code hostDir} stay distinct (as du and cp -a need).
     */
    public static HostFs open(Path hostDir, long dev) throws ErrnoException {
        int fd = HostCalls.openat(HostCalls.AT_FDCWD, hostDir.toAbsolutePath().toString(),
                HostCalls.O_PATH | HostCalls.O_DIRECTORY | HostCalls.O_CLOEXEC, 0);
        boolean xattrs;
        try {
            HostCalls.lgetxattr(procPath(fd) + "/.", META);
            xattrs = true;
        } catch (ErrnoException e) {
            xattrs = false;
        }
        return new HostFs(fd, dev, xattrs);
    }

    /** Whether the host keeps user extended attributes here (and so the metadata overrides). */
    public boolean supportsMetadata() {
        return xattrs;
    }

    /**
     * The metadata overrides of the file at {@code path}, or null: a file on a host filesystem
     * without user xattrs (a host root spans several) has none.
     */
    static byte[] readMeta(String path) throws ErrnoException {
        try {
            return HostCalls.lgetxattr(path, META);
        } catch (ErrnoException e) {
            if (e.errno().number() == HostCalls.EOPNOTSUPP) return null;
            throw e;
        }
    }

    /** Like {@link #readMeta(String)} on an open fd. */
    static byte[] readMeta(int fd) throws ErrnoException {
        try {
            return HostCalls.fgetxattr(fd, META);
        } catch (ErrnoException e) {
            if (e.errno().number() == HostCalls.EOPNOTSUPP) return null;
            throw e;
        }
    }

    static String procPath(int fd) {
        return "/proc/self/fd/" + fd;
    }

    @Override
    public Inode root() throws ErrnoException {
        HostCalls.HostStat st = HostCalls.fstatat(HostCalls.AT_FDCWD, procPath(rootFd), 0);
        return new HostInode(this, List.of(), st.dev(), st.ino());
    }

    @Override
    public String type() {
        return "hostfs";
    }

    @Override
    public long dev() {
        return dev;
    }

    @Override
    public StatFs statfs() throws ErrnoException {
        long[] s = HostCalls.fstatfs(rootFd);
        return new StatFs(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10]);
    }

    /** Writes the host filesystem's dirty data out (the root's; a host root spanning several syncs that one). */
    @Override
    public void sync() throws ErrnoException {
        int fd = HostCalls.openat(rootFd, ".", HostCalls.O_DIRECTORY | HostCalls.O_CLOEXEC, 0); // syncfs refuses O_PATH fds
        try {
            HostCalls.syncfs(fd);
        } finally {
            HostCalls.close(fd);
        }
    }

    @Override
    public void close() {
        HostCalls.close(rootFd);
    }

    /** A directory operation on an fd of the directory at {@code path} (host components from the root). */
    @FunctionalInterface
    interface DirOp<T> {
        T apply(int dirfd) throws ErrnoException;
    }

    /**
     * Runs {@code op} on the directory {@code path}. The host resolves it below the root with
     * openat2's RESOLVE_BENEATH and RESOLVE_NO_SYMLINKS in one call, which confines it as strictly as
     * the walk one O_NOFOLLOW component at a time that hosts without openat2 get (a component that is a
     * symlink fails, with ELOOP there and ENOTDIR here, both answered as ENOTDIR).
     */
    <T> T inDir(List<String> path, DirOp<T> op) throws ErrnoException {
        if (path.isEmpty()) return op.apply(rootFd);
        int fd = -1;
        if (openat2 && path.size() > 1) {
            String joined = String.join("/", path);
            if (joined.length() < PATH_MAX_HOST / 4) { // well below PATH_MAX even in 4-byte UTF-8
                try {
                    fd = HostCalls.openat2(rootFd, joined, HostCalls.O_PATH | HostCalls.O_DIRECTORY | HostCalls.O_CLOEXEC,
                            HostCalls.RESOLVE_BENEATH | HostCalls.RESOLVE_NO_SYMLINKS | HostCalls.RESOLVE_NO_MAGICLINKS);
                } catch (ErrnoException e) {
                    switch (e.errno()) {
                        case ENOSYS, EPERM -> openat2 = false; // an old host kernel or a seccomp filter
                        case ELOOP, EXDEV -> throw new ErrnoException(Errno.ENOTDIR, "a component became a symlink");
                        case EAGAIN -> { } // a racing rename: the walk below retries it
                        default -> throw e;
                    }
                }
            }
        }
        if (fd < 0) fd = walk(path);
        try {
            return op.apply(fd);
        } finally {
            HostCalls.close(fd);
        }
    }

    /** Reaches the directory {@code path} (not empty) one O_NOFOLLOW component at a time; the caller closes it. */
    private int walk(List<String> path) throws ErrnoException {
        int fd = rootFd;
        try {
            for (String c : path) {
                int next = HostCalls.openat(fd, c,
                        HostCalls.O_PATH | HostCalls.O_DIRECTORY | HostCalls.O_NOFOLLOW | HostCalls.O_CLOEXEC, 0);
                if (fd != rootFd) HostCalls.close(fd);
                fd = next;
            }
            int done = fd;
            fd = rootFd;
            return done;
        } finally {
            if (fd != rootFd) HostCalls.close(fd);
        }
    }

    /** The guest's view of a host stat: the host's facts with the overrides of {@code meta} applied. */
    Statx toStatx(HostCalls.HostStat st, byte[] meta) {
        int mode = st.mode();
        int uid = st.uid();
        int gid = st.gid();
        long rdev = st.rdev();
        if (meta != null) {
            for (String kv : new String(meta, StandardCharsets.UTF_8).trim().split("\\s+")) {
                int eq = kv.indexOf('=');
                if (eq < 0) continue;
                String v = kv.substring(eq + 1);
                switch (kv.substring(0, eq)) {
                    case "mode" -> mode = Integer.parseInt(v, 8);
                    case "uid" -> uid = Integer.parseInt(v);
                    case "gid" -> gid = Integer.parseInt(v);
                    case "rdev" -> rdev = Long.parseLong(v);
                    default -> { }
                }
            }
        }
        return new Statx(Stat.STATX_BASIC_STATS, (int) st.blksize(), 0, (int) st.nlink(), uid, gid, mode, st.ino(),
                st.size(), st.blocks(), 0, st.atimeNs(), 0, st.ctimeNs(), st.mtimeNs(), rdev, st.dev());
    }
}
