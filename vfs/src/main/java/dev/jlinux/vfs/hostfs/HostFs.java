// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.hostfs;

import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.vfs.FileSystem;
import dev.jlinux.vfs.Inode;
import dev.jlinux.vfs.StatFs;
import dev.jlinux.vfs.Statx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A host directory as a filesystem (WSL1's DrvFs/VolFs), confined to that directory. The VFS walks
 * every path and resolves every symlink itself; hostfs only ever hands the host single names relative
 * to a directory fd that it reached from the root fd by opening one component at a time with
 * {@code O_NOFOLLOW|O_DIRECTORY}, so no host symlink is ever followed, and a directory swapped for a
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
    private static final int AT_FDCWD = -100;

    final int rootFd;
    private final long dev;
    final boolean xattrs;

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
        int fd = HostCalls.openat(AT_FDCWD, hostDir.toAbsolutePath().toString(),
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
        HostCalls.HostStat st = HostCalls.fstatat(AT_FDCWD, procPath(rootFd), 0);
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

    /** Runs {@code op} on the directory {@code path}, reached one O_NOFOLLOW component at a time. */
    <T> T inDir(List<String> path, DirOp<T> op) throws ErrnoException {
        int fd = rootFd;
        try {
            for (String c : path) {
                int next = HostCalls.openat(fd, c,
                        HostCalls.O_PATH | HostCalls.O_DIRECTORY | HostCalls.O_NOFOLLOW | HostCalls.O_CLOEXEC, 0);
                if (fd != rootFd) HostCalls.close(fd);
                fd = next;
            }
            return op.apply(fd);
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
