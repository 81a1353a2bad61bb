// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.OpenFlags.*;
import static dev.jlinux.syscalls.At.*;
import static dev.jlinux.syscalls.Fcntl.*;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.host.HostErrors;
import dev.jlinux.translator.kernel.FileStat;
import dev.jlinux.translator.kernel.GuestPaths;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.translator.kernel.HostDirectory;
import dev.jlinux.translator.kernel.HostFile;
import dev.jlinux.translator.kernel.HostFiles;
import dev.jlinux.translator.kernel.OpenFile;
import dev.jlinux.translator.kernel.PathOnlyFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Opening, closing and duplicating fds, directories, the cwd, links and access checks. */
final class SysFile {
    /** Status flags F_SETFL may change (fs/fcntl.c SETFL_MASK). */
    static final int SETFL_MASK = O_APPEND | O_NONBLOCK | O_NOATIME | FASYNC | O_DIRECT;
    /** Status flags open(2) keeps in the description (and F_GETFL reports). */
    static final int KEPT_FLAGS = O_ACCMODE | O_APPEND | O_NONBLOCK | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE
            | O_NOATIME | O_PATH | O_SYNC;

    private SysFile() {}

    /** Implements open(2). */
    static long open(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return open(p, AT_FDCWD, GuestPaths.readPath(p.memory(), a.a0()), a.intArg(1), a.intArg(2));
    }

    /** Implements openat(2). */
    static long openat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return open(p, a.intArg(0), GuestPaths.readPath(p.memory(), a.a1()), a.intArg(2), a.intArg(3));
    }

    /** Implements creat(2): open with O_CREAT|O_WRONLY|O_TRUNC. */
    static long creat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return open(p, AT_FDCWD, GuestPaths.readPath(p.memory(), a.a0()), O_CREAT | O_WRONLY | O_TRUNC, a.intArg(1));
    }

    static long open(GuestProcess p, int dirfd, String path, int flags, int mode) throws ErrnoException {
        if ((flags & O_TMPFILE) == O_TMPFILE) throw new ErrnoException(Errno.EOPNOTSUPP, "O_TMPFILE");
        Path host = GuestPaths.resolve(p, dirfd, path);
        boolean cloexec = (flags & O_CLOEXEC) != 0;
        int kept = (flags & KEPT_FLAGS) | O_LARGEFILE;
        int acc = flags & O_ACCMODE;
        boolean trailingSlash = path.endsWith("/");
        FileStat st;
        try {
            st = HostFiles.stat(host, (flags & O_NOFOLLOW) == 0);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOENT || (flags & O_CREAT) == 0) throw e;
            if (trailingSlash) throw new ErrnoException(Errno.EISDIR);
            return p.fds().install(create(p, host, path, flags, mode, kept), cloexec);
        }
        if ((flags & O_PATH) != 0) {
            if ((flags & O_DIRECTORY) != 0 && !st.isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
            return p.fds().install(new PathOnlyFile(host, path, O_PATH), cloexec);
        }
        if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) throw new ErrnoException(Errno.EEXIST);
        if (st.type() == Stat.S_IFLNK) throw new ErrnoException(Errno.ELOOP); // O_NOFOLLOW on a symlink
        if (st.isDirectory()) {
            if (acc != O_RDONLY || (flags & O_CREAT) != 0) throw new ErrnoException(Errno.EISDIR);
            if (!Files.isReadable(host)) throw new ErrnoException(Errno.EACCES);
            return p.fds().install(new HostDirectory(host, path, kept), cloexec);
        }
        if ((flags & O_DIRECTORY) != 0 || trailingSlash) throw new ErrnoException(Errno.ENOTDIR);
        if (st.type() == Stat.S_IFIFO || st.type() == Stat.S_IFSOCK) {
            throw new ErrnoException(Errno.ENXIO, "FIFOs and sockets need the VFS");
        }
        Set<OpenOption> opts = new HashSet<>();
        if (acc == O_RDONLY || acc == O_RDWR) opts.add(StandardOpenOption.READ);
        if (acc == O_WRONLY || acc == O_RDWR) opts.add(StandardOpenOption.WRITE);
        if (acc == O_ACCMODE) opts.add(StandardOpenOption.READ);
        if ((flags & O_TRUNC) != 0 && acc != O_RDONLY && st.type() == Stat.S_IFREG) {
            opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        if ((flags & O_NOFOLLOW) != 0) opts.add(LinkOption.NOFOLLOW_LINKS);
        try {
            return p.fds().install(new HostFile(FileChannel.open(host, opts), host, path, kept), cloexec);
        } catch (IOException e) {
            throw HostErrors.toErrno(e, host);
        }
    }

    private static OpenFile create(GuestProcess p, Path host, String path, int flags, int mode, int kept)
            throws ErrnoException {
        Path parent = host.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new ErrnoException(Files.exists(parent) ? Errno.ENOTDIR : Errno.ENOENT);
        }
        int acc = flags & O_ACCMODE;
        Set<OpenOption> opts = new HashSet<>();
        opts.add(StandardOpenOption.CREATE_NEW);
        opts.add(StandardOpenOption.WRITE);
        if (acc != O_WRONLY) opts.add(StandardOpenOption.READ);
        try {
            FileChannel ch = FileChannel.open(host, opts);
            Files.setPosixFilePermissions(host, permissions(mode & ~p.umask() & 0777));
            return new HostFile(ch, host, path, kept);
        } catch (IOException e) {
            throw HostErrors.toErrno(e);
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) set.add(order[bit]);
        }
        return set;
    }

    /** Implements close(2). */
    static long close(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.fds().close(a.intArg(0));
        return 0;
    }

    /** Implements dup(2). */
    static long dup(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return p.fds().duplicate(a.intArg(0), 0, false);
    }

    /** Implements dup2(2). */
    static long dup2(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int oldFd = a.intArg(0), newFd = a.intArg(1);
        p.fds().get(oldFd);
        if (oldFd == newFd) return newFd;
        p.fds().duplicateTo(oldFd, newFd, false);
        return newFd;
    }

    /** Implements dup3(2). */
    static long dup3(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int oldFd = a.intArg(0), newFd = a.intArg(1), flags = a.intArg(2);
        if ((flags & ~O_CLOEXEC) != 0 || oldFd == newFd) throw new ErrnoException(Errno.EINVAL);
        p.fds().duplicateTo(oldFd, newFd, flags != 0);
        return newFd;
    }

    /** Implements fcntl(2) for fd duplication, fd flags and status flags. */
    static long fcntl(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int fd = a.intArg(0), cmd = a.intArg(1);
        long arg = a.a2();
        OpenFile f = p.fds().get(fd);
        return switch (cmd) {
            case F_DUPFD -> p.fds().duplicate(fd, (int) arg, false);
            case F_DUPFD_CLOEXEC -> p.fds().duplicate(fd, (int) arg, true);
            case F_GETFD -> p.fds().closeOnExec(fd) ? FD_CLOEXEC : 0;
            case F_SETFD -> {
                p.fds().setCloseOnExec(fd, (arg & FD_CLOEXEC) != 0);
                yield 0;
            }
            case F_GETFL -> f.statusFlags();
            case F_SETFL -> {
                f.setStatusFlags((f.statusFlags() & ~SETFL_MASK) | ((int) arg & SETFL_MASK));
                yield 0;
            }
            case F_GETPIPE_SZ -> f.pipeSize();
            case F_SETPIPE_SZ -> f.setPipeSize(arg & 0xffffffffL, p.ids().euid() == 0);
            default -> throw new ErrnoException(Errno.EINVAL, "fcntl command " + cmd);
        };
    }

    /** Implements getdents64(2). */
    static long getdents64(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = p.fds().get(a.intArg(0));
        long buf = a.a1();
        int size = (int) Math.min(a.a2() & 0xffffffffL, 1 << 20);
        List<OpenFile.DirEntry> entries = f.readdir();
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        int used = 0;
        for (OpenFile.DirEntry e : entries) {
            int reclen = (19 + e.name().length + 1 + 7) & ~7; // struct linux_dirent64, 8-byte aligned
            if (out.position() + reclen > size) break;
            int at = out.position();
            out.putLong(at, e.ino()).putLong(at + 8, e.nextOffset()).putShort(at + 16, (short) reclen)
                    .put(at + 18, (byte) e.type()).put(at + 19, e.name());
            out.position(at + reclen);
            used++;
        }
        if (used == 0 && !entries.isEmpty()) throw new ErrnoException(Errno.EINVAL); // buffer too small
        p.memory().write(buf, out.array(), 0, out.position());
        f.consumeEntries(used);
        return out.position();
    }

    /** Implements readlink(2). */
    static long readlink(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return readlink(p, AT_FDCWD, GuestPaths.readPath(p.memory(), a.a0()), a.a1(), a.intArg(2));
    }

    /** Implements readlinkat(2). */
    static long readlinkat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return readlink(p, a.intArg(0), GuestPaths.readPath(p.memory(), a.a1()), a.a2(), a.intArg(3));
    }

    private static long readlink(GuestProcess p, int dirfd, String path, long buf, int size) throws ErrnoException {
        if (size <= 0) throw new ErrnoException(Errno.EINVAL);
        byte[] target;
        if (path.equals("/proc/self/exe") || path.equals("/proc/" + p.pid() + "/exe")) {
            target = p.executable().toString().getBytes(StandardCharsets.UTF_8);
        } else {
            Path host = GuestPaths.resolve(p, dirfd, path);
            try {
                target = Files.readSymbolicLink(host).toString().getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw HostErrors.toErrno(e, host);
            }
        }
        int n = Math.min(size, target.length);
        p.memory().write(buf, target, 0, n);
        return n;
    }

    /** Implements access(2). */
    static long access(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return access(p, AT_FDCWD, GuestPaths.readPath(p.memory(), a.a0()), a.intArg(1), 0);
    }

    /** Implements faccessat(2) (the syscall has no flags argument). */
    static long faccessat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return access(p, a.intArg(0), GuestPaths.readPath(p.memory(), a.a1()), a.intArg(2), 0);
    }

    /** Implements faccessat2(2). */
    static long faccessat2(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int flags = a.intArg(3);
        if ((flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        return access(p, a.intArg(0), GuestPaths.readPath(p.memory(), a.a1()), a.intArg(2), flags);
    }

    private static long access(GuestProcess p, int dirfd, String path, int mode, int flags) throws ErrnoException {
        if ((mode & ~7) != 0) throw new ErrnoException(Errno.EINVAL);
        Path host = GuestPaths.resolve(p, dirfd, path);
        FileStat st = HostFiles.stat(host, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (path.endsWith("/") && !st.isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
        if ((mode & 4) != 0 && !Files.isReadable(host)) throw new ErrnoException(Errno.EACCES);
        if ((mode & 2) != 0 && !Files.isWritable(host)) throw new ErrnoException(Errno.EACCES);
        if ((mode & 1) != 0 && !Files.isExecutable(host)) throw new ErrnoException(Errno.EACCES);
        return 0;
    }

    /** Implements getcwd(2): returns the length including the NUL. */
    static long getcwd(GuestProcess p, SyscallArgs a) throws ErrnoException {
        byte[] cwd = p.cwd().toString().getBytes(StandardCharsets.UTF_8);
        long size = a.a1();
        if (size < cwd.length + 1) throw new ErrnoException(Errno.ERANGE);
        byte[] z = new byte[cwd.length + 1];
        System.arraycopy(cwd, 0, z, 0, cwd.length);
        p.memory().write(a.a0(), z);
        return z.length;
    }

    /** Implements chdir(2). */
    static long chdir(GuestProcess p, SyscallArgs a) throws ErrnoException {
        Path host = GuestPaths.resolve(p, AT_FDCWD, GuestPaths.readPath(p.memory(), a.a0()));
        return changeDir(p, host);
    }

    /** Implements fchdir(2). */
    static long fchdir(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = p.fds().get(a.intArg(0));
        if (f instanceof HostDirectory d) return changeDir(p, d.hostPath());
        if (f instanceof PathOnlyFile po) return changeDir(p, po.hostPath());
        throw new ErrnoException(Errno.ENOTDIR);
    }

    private static long changeDir(GuestProcess p, Path host) throws ErrnoException {
        if (!HostFiles.stat(host, true).isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
        if (!Files.isExecutable(host)) throw new ErrnoException(Errno.EACCES);
        try {
            p.setCwd(host.toRealPath());
        } catch (IOException e) {
            throw HostErrors.toErrno(e);
        }
        return 0;
    }

    /** Implements umask(2). */
    static long umask(GuestProcess p, SyscallArgs a) {
        int old = p.umask();
        p.setUmask(a.intArg(0));
        return old;
    }

    /** Implements unlink(2). */
    static long unlink(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return remove(p, AT_FDCWD, GuestPaths.readPath(p.memory(), a.a0()), false);
    }

    /** Implements rmdir(2). */
    static long rmdir(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return remove(p, AT_FDCWD, GuestPaths.readPath(p.memory(), a.a0()), true);
    }

    /** Implements unlinkat(2): AT_REMOVEDIR makes it rmdir; other flags get EINVAL. */
    static long unlinkat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int flags = a.intArg(2);
        if ((flags & ~AT_REMOVEDIR) != 0) throw new ErrnoException(Errno.EINVAL);
        return remove(p, a.intArg(0), GuestPaths.readPath(p.memory(), a.a1()), (flags & AT_REMOVEDIR) != 0);
    }

    /** Removes a name as do_unlinkat/do_rmdir: EISDIR for unlink of a directory, ENOTDIR for rmdir of a file. */
    private static long remove(GuestProcess p, int dirfd, String path, boolean directory) throws ErrnoException {
        Path host = GuestPaths.resolve(p, dirfd, path);
        String last = path.replaceAll("/+$", "");
        if (directory && (last.endsWith("/.") || last.equals("."))) throw new ErrnoException(Errno.EINVAL);
        if (directory && (last.endsWith("/..") || last.equals(".."))) throw new ErrnoException(Errno.ENOTEMPTY);
        FileStat st = HostFiles.stat(host, false);
        if (directory && !st.isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
        if (!directory && st.isDirectory()) throw new ErrnoException(Errno.EISDIR);
        if (!directory && path.endsWith("/")) throw new ErrnoException(Errno.ENOTDIR);
        try {
            Files.delete(host);
            return 0;
        } catch (IOException e) {
            throw HostErrors.toErrno(e, host);
        }
    }

    /** Implements mkdir(2). */
    static long mkdir(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return makeDirectory(p, AT_FDCWD, GuestPaths.readPath(p.memory(), a.a0()), a.intArg(1));
    }

    /** Implements mkdirat(2). */
    static long mkdirat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return makeDirectory(p, a.intArg(0), GuestPaths.readPath(p.memory(), a.a1()), a.intArg(2));
    }

    private static long makeDirectory(GuestProcess p, int dirfd, String path, int mode) throws ErrnoException {
        Path host = GuestPaths.resolve(p, dirfd, path);
        try {
            Files.createDirectory(host);
            Files.setPosixFilePermissions(host, permissions(mode & ~p.umask() & 0777));
            return 0;
        } catch (IOException e) {
            throw HostErrors.toErrno(e, host);
        }
    }
}
