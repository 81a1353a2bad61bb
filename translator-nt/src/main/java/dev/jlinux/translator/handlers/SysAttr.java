// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.At.AT_FDCWD;
import static dev.jlinux.syscalls.At.AT_SYMLINK_NOFOLLOW;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.FsLimits;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.syscalls.Utime;
import dev.jlinux.translator.kernel.GuestPaths;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.vfs.Location;
import dev.jlinux.vfs.OpenFile;
import dev.jlinux.vfs.Vfs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** File attributes: modes, owners, sizes, times, sync and extended attributes, through the VFS. */
final class SysAttr {
    private static final long NS = 1_000_000_000L;

    private SysAttr() {}

    private static String path(GuestProcess p, long addr) throws ErrnoException {
        return GuestPaths.readPath(p.memory(), addr);
    }

    /** Implements chmod(2). */
    static long chmod(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().chmod(p.caller(), AT_FDCWD, path(p, a.a0()), a.intArg(1), 0);
        return 0;
    }

    /** Implements fchmod(2). */
    static long fchmod(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().chmod(p.caller(), opened(p, a.intArg(0)), a.intArg(1));
        return 0;
    }

    /** Implements fchmodat(2) (the syscall has no flags argument). */
    static long fchmodat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().chmod(p.caller(), a.intArg(0), path(p, a.a1()), a.intArg(2), 0);
        return 0;
    }

    /** Implements chown(2). */
    static long chown(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().chown(p.caller(), AT_FDCWD, path(p, a.a0()), a.intArg(1), a.intArg(2), 0);
        return 0;
    }

    /** Implements lchown(2). */
    static long lchown(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().chown(p.caller(), AT_FDCWD, path(p, a.a0()), a.intArg(1), a.intArg(2), AT_SYMLINK_NOFOLLOW);
        return 0;
    }

    /** Implements fchown(2). */
    static long fchown(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().chown(p.caller(), opened(p, a.intArg(0)), a.intArg(1), a.intArg(2));
        return 0;
    }

    /** Implements fchownat(2). */
    static long fchownat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().chown(p.caller(), a.intArg(0), path(p, a.a1()), a.intArg(2), a.intArg(3), a.intArg(4));
        return 0;
    }

    /** The file an fd refers to, for the f* calls: O_PATH fds get EBADF, as Linux's fdget does for them. */
    private static Location opened(GuestProcess p, int fd) throws ErrnoException {
        OpenFile f = p.fds().get(fd);
        if (f.handle() == null) throw new ErrnoException(Errno.EBADF);
        return f.location();
    }

    /** Implements truncate(2). */
    static long truncate(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().truncate(p.caller(), path(p, a.a0()), a.a1());
        return 0;
    }

    /** Implements ftruncate(2). */
    static long ftruncate(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.fds().get(a.intArg(0)).truncate(a.a1(), p.creds());
        return 0;
    }

    /** Implements fallocate(2). */
    static long fallocate(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.fds().get(a.intArg(0)).fallocate(a.intArg(1), a.a2(), a.a3(), p.creds());
        return 0;
    }

    /** Implements fsync(2). */
    static long fsync(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.fds().get(a.intArg(0)).fsync(false);
        return 0;
    }

    /** Implements fdatasync(2). */
    static long fdatasync(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.fds().get(a.intArg(0)).fsync(true);
        return 0;
    }

    /** Implements sync(2). */
    static long sync(GuestProcess p, SyscallArgs a) {
        p.vfs().sync();
        return 0;
    }

    /** Implements syncfs(2). */
    static long syncfs(GuestProcess p, SyscallArgs a) throws ErrnoException {
        Vfs.syncfs(p.fds().get(a.intArg(0)));
        return 0;
    }

    /** Implements utimensat(2); a NULL path sets the times of the file open at dirfd (futimens). */
    static long utimensat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long[][] times = a.a2() == 0 ? null : new long[][] {
            {p.memory().readLong(a.a2()), p.memory().readLong(a.a2() + 8)},
            {p.memory().readLong(a.a2() + 16), p.memory().readLong(a.a2() + 24)},
        };
        int flags = a.intArg(3);
        if (a.a1() == 0) {
            if ((flags & ~AT_SYMLINK_NOFOLLOW) != 0) throw new ErrnoException(Errno.EINVAL);
            if (a.intArg(0) == AT_FDCWD) throw new ErrnoException(Errno.EFAULT);
            checkTimes(times);
            p.vfs().utimens(p.caller(), p.fds().get(a.intArg(0)).location(), times);
            return 0;
        }
        p.vfs().utimens(p.caller(), a.intArg(0), path(p, a.a1()), times, flags);
        return 0;
    }

    private static void checkTimes(long[][] times) throws ErrnoException {
        if (times == null) return;
        for (long[] t : times) {
            if ((t[1] < 0 || t[1] >= NS) && t[1] != Utime.UTIME_NOW && t[1] != Utime.UTIME_OMIT) {
                throw new ErrnoException(Errno.EINVAL);
            }
        }
    }

    /** Implements utime(2): struct utimbuf {actime, modtime} in seconds; NULL means now. */
    static long utime(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long[][] times = a.a1() == 0 ? null : new long[][] {
            {p.memory().readLong(a.a1()), 0}, {p.memory().readLong(a.a1() + 8), 0},
        };
        p.vfs().utimens(p.caller(), AT_FDCWD, path(p, a.a0()), times, 0);
        return 0;
    }

    /** Implements utimes(2). */
    static long utimes(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().utimens(p.caller(), AT_FDCWD, path(p, a.a0()), timevals(p, a.a1()), 0);
        return 0;
    }

    /** Implements futimesat(2). */
    static long futimesat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().utimens(p.caller(), a.intArg(0), path(p, a.a1()), timevals(p, a.a2()), 0);
        return 0;
    }

    /** struct timeval[2] as utimensat's {seconds, nanoseconds}; EINVAL for microseconds out of range. */
    private static long[][] timevals(GuestProcess p, long addr) throws ErrnoException {
        if (addr == 0) return null;
        long[][] t = new long[2][];
        for (int i = 0; i < 2; i++) {
            long sec = p.memory().readLong(addr + 16L * i), usec = p.memory().readLong(addr + 16L * i + 8);
            if (usec < 0 || usec >= 1_000_000) throw new ErrnoException(Errno.EINVAL);
            t[i] = new long[] {sec, usec * 1000};
        }
        return t;
    }

    // ---- extended attributes ----

    private static String name(GuestProcess p, long addr) throws ErrnoException {
        byte[] b = p.memory().readCString(addr, FsLimits.XATTR_NAME_MAX + 1);
        if (b.length == 0 || b.length > FsLimits.XATTR_NAME_MAX) throw new ErrnoException(Errno.ERANGE);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Location at(GuestProcess p, long pathAddr, boolean follow) throws ErrnoException {
        return p.vfs().resolve(p.caller(), AT_FDCWD, path(p, pathAddr), follow ? 0 : AT_SYMLINK_NOFOLLOW);
    }

    /** Implements getxattr(2). */
    static long getxattr(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return get(p, at(p, a.a0(), true), a.a1(), a.a2(), a.a3());
    }

    /** Implements lgetxattr(2). */
    static long lgetxattr(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return get(p, at(p, a.a0(), false), a.a1(), a.a2(), a.a3());
    }

    /** Implements fgetxattr(2). */
    static long fgetxattr(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return get(p, opened(p, a.intArg(0)), a.a1(), a.a2(), a.a3());
    }

    /** The value, or with size 0 its length; ERANGE when it does not fit. */
    private static long get(GuestProcess p, Location l, long nameAddr, long valueAddr, long size) throws ErrnoException {
        byte[] v = p.vfs().getxattr(p.caller(), l, name(p, nameAddr));
        if (size == 0) return v.length;
        if (size < v.length) throw new ErrnoException(Errno.ERANGE);
        p.memory().write(valueAddr, v);
        return v.length;
    }

    /** Implements setxattr(2). */
    static long setxattr(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return set(p, at(p, a.a0(), true), a);
    }

    /** Implements lsetxattr(2). */
    static long lsetxattr(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return set(p, at(p, a.a0(), false), a);
    }

    /** Implements fsetxattr(2). */
    static long fsetxattr(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return set(p, opened(p, a.intArg(0)), a);
    }

    private static long set(GuestProcess p, Location l, SyscallArgs a) throws ErrnoException {
        String name = name(p, a.a1());
        long size = a.a3();
        if (size < 0 || size > FsLimits.XATTR_SIZE_MAX) throw new ErrnoException(Errno.E2BIG);
        byte[] value = size == 0 ? new byte[0] : p.memory().read(a.a2(), (int) size);
        p.vfs().setxattr(p.caller(), l, name, value, a.intArg(4));
        return 0;
    }

    /** Implements listxattr(2). */
    static long listxattr(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return list(p, at(p, a.a0(), true), a.a1(), a.a2());
    }

    /** Implements llistxattr(2). */
    static long llistxattr(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return list(p, at(p, a.a0(), false), a.a1(), a.a2());
    }

    /** Implements flistxattr(2). */
    static long flistxattr(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return list(p, opened(p, a.intArg(0)), a.a1(), a.a2());
    }

    /** The names, each NUL-terminated; with size 0 the length needed; ERANGE when they do not fit. */
    private static long list(GuestProcess p, Location l, long listAddr, long size) throws ErrnoException {
        List<String> names = p.vfs().listxattr(p.caller(), l);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String n : names) {
            out.writeBytes(n.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        byte[] b = out.toByteArray();
        if (size == 0) return b.length;
        if (size < b.length) throw new ErrnoException(Errno.ERANGE);
        p.memory().write(listAddr, b);
        return b.length;
    }

    /** Implements removexattr(2). */
    static long removexattr(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().removexattr(p.caller(), path(p, a.a0()), name(p, a.a1()), true);
        return 0;
    }

    /** Implements lremovexattr(2). */
    static long lremovexattr(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().removexattr(p.caller(), path(p, a.a0()), name(p, a.a1()), false);
        return 0;
    }

    /** Implements fremovexattr(2). */
    static long fremovexattr(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().removexattr(p.caller(), opened(p, a.intArg(0)), name(p, a.a1()));
        return 0;
    }
}
