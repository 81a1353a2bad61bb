// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.At.*;
import static dev.jlinux.syscalls.Fcntl.*;
import static dev.jlinux.syscalls.OpenFlags.*;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.kernel.Blocking;
import dev.jlinux.translator.kernel.GuestPaths;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.translator.kernel.Pipe;
import dev.jlinux.vfs.FileLocks;
import dev.jlinux.vfs.OpenFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Opening, closing and duplicating fds, directories, the cwd, links and access checks, through the VFS. */
final class SysFile {
    /** sizeof(struct flock) on x86-64 (include/uapi/asm-generic/fcntl.h). */
    private static final int FLOCK_SIZE = 32;

    private SysFile() {}

    private static String path(GuestProcess p, long addr) throws ErrnoException {
        return GuestPaths.readPath(p.memory(), addr);
    }

    /** Implements open(2). */
    static long open(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return p.vfs().openat(p.caller(), AT_FDCWD, path(p, a.a0()), a.intArg(1), a.intArg(2));
    }

    /** Implements openat(2). */
    static long openat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return p.vfs().openat(p.caller(), a.intArg(0), path(p, a.a1()), a.intArg(2), a.intArg(3));
    }

    /** VALID_OPEN_FLAGS (include/linux/fcntl.h): what openat2 accepts. */
    private static final long VALID_OPEN_FLAGS = O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK
            | __O_SYNC | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC
            | O_PATH | __O_TMPFILE;
    /** The flags O_PATH keeps (O_PATH_FLAGS); openat2 refuses others with it. */
    private static final long O_PATH_FLAGS = O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC;
    /** sizeof(struct open_how) of its first version, and the most openat2 reads. */
    private static final long OPEN_HOW_SIZE_VER0 = 24, OPEN_HOW_SIZE_MAX = 4096;
    private static final long RESOLVE_ALL = RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS
            | RESOLVE_BENEATH | RESOLVE_IN_ROOT | RESOLVE_CACHED;

    /** Implements openat2(2): open_how's flags, mode and resolve are checked strictly ({@code build_open_flags}). */
    static long openat2(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long size = a.a3();
        if (size < OPEN_HOW_SIZE_VER0) throw new ErrnoException(Errno.EINVAL);
        if (size > OPEN_HOW_SIZE_MAX) throw new ErrnoException(Errno.E2BIG);
        byte[] how = p.memory().read(a.a2(), (int) size);
        for (int i = (int) OPEN_HOW_SIZE_VER0; i < how.length; i++) {
            if (how[i] != 0) throw new ErrnoException(Errno.E2BIG);
        }
        ByteBuffer b = ByteBuffer.wrap(how).order(ByteOrder.LITTLE_ENDIAN);
        long flags = b.getLong(0), mode = b.getLong(8), resolve = b.getLong(16);
        if ((flags & ~VALID_OPEN_FLAGS) != 0 || (mode & ~07777L) != 0 || (resolve & ~RESOLVE_ALL) != 0
                || (mode != 0 && (flags & (O_CREAT | __O_TMPFILE)) == 0)
                || ((flags & O_PATH) != 0 && (flags & ~O_PATH_FLAGS) != 0)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return p.vfs().openat2(p.caller(), a.intArg(0), path(p, a.a1()), (int) flags, (int) mode, (int) resolve);
    }

    /** Implements creat(2): open with O_CREAT|O_WRONLY|O_TRUNC. */
    static long creat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return p.vfs().openat(p.caller(), AT_FDCWD, path(p, a.a0()), O_CREAT | O_WRONLY | O_TRUNC, a.intArg(1));
    }

    /** Implements close(2). */
    static long close(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.fds().close(a.intArg(0));
        return 0;
    }

    /** Implements dup(2). */
    static long dup(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return p.fds().dup(a.intArg(0));
    }

    /** Implements dup2(2). */
    static long dup2(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return p.fds().dup2(a.intArg(0), a.intArg(1));
    }

    /** Implements dup3(2). */
    static long dup3(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return p.fds().dup3(a.intArg(0), a.intArg(1), a.intArg(2));
    }

    /** Implements fcntl(2) for fd duplication, fd flags, status flags and pipe sizes. */
    static long fcntl(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int fd = a.intArg(0), cmd = a.intArg(1);
        long arg = a.a2();
        OpenFile f = p.fds().get(fd);
        return switch (cmd) {
            case F_DUPFD -> p.fds().dupFrom(fd, minFd(arg), false);
            case F_DUPFD_CLOEXEC -> p.fds().dupFrom(fd, minFd(arg), true);
            case F_GETFD -> p.fds().closeOnExec(fd) ? FD_CLOEXEC : 0;
            case F_SETFD -> {
                p.fds().setCloseOnExec(fd, (arg & FD_CLOEXEC) != 0);
                yield 0;
            }
            case F_GETFL -> f.flags();
            case F_SETFL -> {
                f.setFlags((int) arg);
                yield 0;
            }
            case F_GETLK, F_OFD_GETLK -> {
                getlk(p, f, cmd == F_OFD_GETLK, arg);
                yield 0;
            }
            case F_SETLK, F_SETLKW, F_OFD_SETLK, F_OFD_SETLKW -> {
                setlk(p, f, cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW, cmd == F_SETLKW || cmd == F_OFD_SETLKW, arg);
                yield 0;
            }
            case F_GETPIPE_SZ -> Pipe.capacity(f);
            case F_SETPIPE_SZ -> Pipe.resize(f, arg & 0xffffffffL, p.creds().capable());
            default -> throw new ErrnoException(Errno.EINVAL, "fcntl command " + cmd);
        };
    }

    /** Implements close_range(2). */
    static long closeRange(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.fds().closeRange(a.intArg(0), a.intArg(1), a.intArg(2));
        return 0;
    }

    /** A struct flock's range as [start, end] (end inclusive, TO_EOF for a length of 0), from its l_whence. */
    private static long[] lockRange(OpenFile f, ByteBuffer fl) throws ErrnoException {
        long base = switch (fl.getShort(2)) {
            case SEEK_SET -> 0;
            case SEEK_CUR -> f.position();
            case SEEK_END -> f.getattr().size();
            default -> throw new ErrnoException(Errno.EINVAL);
        };
        long start = base + fl.getLong(8), len = fl.getLong(16), end;
        if (len > 0) {
            end = start + len - 1;
        } else if (len == 0) {
            end = FileLocks.TO_EOF;
        } else {
            end = start - 1;
            start += len;
        }
        if (start < 0) throw new ErrnoException(Errno.EINVAL);
        return new long[] {start, end};
    }

    private static ByteBuffer readFlock(GuestProcess p, OpenFile f, boolean ofd, long addr) throws ErrnoException {
        if (f.handle() == null) throw new ErrnoException(Errno.EBADF);
        ByteBuffer fl = ByteBuffer.wrap(p.memory().read(addr, FLOCK_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        if (ofd && fl.getInt(24) != 0) throw new ErrnoException(Errno.EINVAL);
        return fl;
    }

    /** F_GETLK / F_OFD_GETLK: the conflicting lock, or l_type F_UNLCK. */
    private static void getlk(GuestProcess p, OpenFile f, boolean ofd, long addr) throws ErrnoException {
        ByteBuffer fl = readFlock(p, f, ofd, addr);
        int type = fl.getShort(0);
        if (type != F_RDLCK && type != F_WRLCK) throw new ErrnoException(Errno.EINVAL);
        long[] r = lockRange(f, fl);
        FileLocks.Held h = FileLocks.test(f, ofd ? f : p.fds(), type == F_WRLCK, r[0], r[1]);
        if (h == null) {
            fl.putShort(0, (short) F_UNLCK);
        } else {
            fl.putShort(0, (short) (h.write() ? F_WRLCK : F_RDLCK)).putShort(2, (short) SEEK_SET).putLong(8, h.start())
                    .putLong(16, h.end() == FileLocks.TO_EOF ? 0 : h.end() - h.start() + 1).putInt(24, h.pid());
        }
        p.memory().write(addr, fl.array());
    }

    /** F_SETLK(W) / F_OFD_SETLK(W); a waiting request sleeps interruptibly and restarts after a handler. */
    private static void setlk(GuestProcess p, OpenFile f, boolean ofd, boolean wait, long addr) throws ErrnoException {
        ByteBuffer fl = readFlock(p, f, ofd, addr);
        long[] r = lockRange(f, fl);
        FileLocks.set(f, ofd ? f : p.fds(), ofd ? -1 : p.pid(), fl.getShort(0), r[0], r[1],
                wait ? SysFile::awaitLock : null);
    }

    private static void awaitLock() throws ErrnoException {
        Blocking.await(FileLocks.MONITOR, 0, Blocking.Restart.RESTARTABLE);
    }

    /** Implements flock(2). */
    static long flock(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = p.fds().get(a.intArg(0));
        if (f.handle() == null) throw new ErrnoException(Errno.EBADF);
        FileLocks.flock(f, a.intArg(1), SysFile::awaitLock);
        return 0;
    }

    /** F_DUPFD's unsigned long minimum; anything past int range is past every limit (EINVAL). */
    private static int minFd(long arg) {
        return arg < 0 || arg > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) arg;
    }

    /** Implements getdents64(2): struct linux_dirent64 records, 8-byte aligned. */
    static long getdents64(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return dirents(p, a, true);
    }

    private static long dirents(GuestProcess p, SyscallArgs a, boolean wide) throws ErrnoException {
        OpenFile f = p.fds().get(a.intArg(0));
        int size = (int) Math.min(a.a2() & 0xffffffffL, 1 << 20);
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        boolean[] tooSmall = {false};
        f.readdir((ino, type, name, next) -> {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            int reclen = wide ? (19 + n.length + 1 + 7) & ~7 : (18 + n.length + 2 + 7) & ~7;
            if (out.position() + reclen > size) {
                tooSmall[0] = out.position() == 0;
                return false;
            }
            int at = out.position();
            out.putLong(at, ino).putLong(at + 8, next).putShort(at + 16, (short) reclen);
            if (wide) {
                out.put(at + 18, (byte) type).put(at + 19, n);
            } else {
                out.put(at + 18, n).put(at + reclen - 1, (byte) type);
            }
            out.position(at + reclen);
            return true;
        });
        if (tooSmall[0]) throw new ErrnoException(Errno.EINVAL);
        p.memory().write(a.a1(), out.array(), 0, out.position());
        return out.position();
    }

    /** Implements getdents(2): struct linux_dirent records, with d_type in each record's last byte. */
    static long getdents(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return dirents(p, a, false);
    }

    /** Implements readlink(2). */
    static long readlink(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return readlink(p, AT_FDCWD, path(p, a.a0()), a.a1(), a.intArg(2));
    }

    /** Implements readlinkat(2). */
    static long readlinkat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return readlink(p, a.intArg(0), path(p, a.a1()), a.a2(), a.intArg(3));
    }

    private static long readlink(GuestProcess p, int dirfd, String path, long buf, int size) throws ErrnoException {
        if (size <= 0) throw new ErrnoException(Errno.EINVAL);
        byte[] target = p.vfs().readlink(p.caller(), dirfd, path).getBytes(StandardCharsets.UTF_8);
        int n = Math.min(size, target.length);
        p.memory().write(buf, target, 0, n);
        return n;
    }

    /** Implements access(2). */
    static long access(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().access(p.caller(), AT_FDCWD, path(p, a.a0()), a.intArg(1), 0);
        return 0;
    }

    /** Implements faccessat(2) (the syscall has no flags argument). */
    static long faccessat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().access(p.caller(), a.intArg(0), path(p, a.a1()), a.intArg(2), 0);
        return 0;
    }

    /** Implements faccessat2(2). */
    static long faccessat2(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().access(p.caller(), a.intArg(0), path(p, a.a1()), a.intArg(2), a.intArg(3));
        return 0;
    }

    /** Implements getcwd(2): returns the length including the NUL. */
    static long getcwd(GuestProcess p, SyscallArgs a) throws ErrnoException {
        byte[] cwd = p.vfs().getcwd(p.caller()).getBytes(StandardCharsets.UTF_8);
        if (a.a1() < cwd.length + 1) throw new ErrnoException(Errno.ERANGE);
        byte[] z = new byte[cwd.length + 1];
        System.arraycopy(cwd, 0, z, 0, cwd.length);
        p.memory().write(a.a0(), z);
        return z.length;
    }

    /** Implements chdir(2). */
    static long chdir(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().chdir(p.caller(), path(p, a.a0()));
        return 0;
    }

    /** Implements fchdir(2). */
    static long fchdir(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().fchdir(p.caller(), a.intArg(0));
        return 0;
    }

    /** Implements umask(2). */
    static long umask(GuestProcess p, SyscallArgs a) {
        return p.fs().umask(a.intArg(0));
    }

    /** Implements unlink(2). */
    static long unlink(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().unlink(p.caller(), AT_FDCWD, path(p, a.a0()), 0);
        return 0;
    }

    /** Implements rmdir(2). */
    static long rmdir(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().unlink(p.caller(), AT_FDCWD, path(p, a.a0()), AT_REMOVEDIR);
        return 0;
    }

    /** Implements unlinkat(2). */
    static long unlinkat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().unlink(p.caller(), a.intArg(0), path(p, a.a1()), a.intArg(2));
        return 0;
    }

    /** Implements mkdir(2). */
    static long mkdir(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().mkdir(p.caller(), AT_FDCWD, path(p, a.a0()), a.intArg(1));
        return 0;
    }

    /** Implements mkdirat(2). */
    static long mkdirat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().mkdir(p.caller(), a.intArg(0), path(p, a.a1()), a.intArg(2));
        return 0;
    }
}
