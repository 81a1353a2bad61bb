// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.At.*;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.kernel.FileStat;
import dev.jlinux.translator.kernel.GuestPaths;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.translator.kernel.HostFiles;
import dev.jlinux.translator.kernel.OpenFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** stat, fstat, lstat, newfstatat and statx. */
final class SysStat {
    // <uapi/linux/stat.h>
    static final int STATX_BASIC_STATS = 0x7ff, STATX__RESERVED = 0x80000000;

    private SysStat() {}

    /** Implements stat(2). */
    static long stat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        writeStat(p, a.a1(), lookup(p, AT_FDCWD, GuestPaths.readPath(p.memory(), a.a0()), 0));
        return 0;
    }

    /** Implements lstat(2). */
    static long lstat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        writeStat(p, a.a1(), lookup(p, AT_FDCWD, GuestPaths.readPath(p.memory(), a.a0()), AT_SYMLINK_NOFOLLOW));
        return 0;
    }

    /** Implements fstat(2). */
    static long fstat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        writeStat(p, a.a1(), p.fds().get(a.intArg(0)).stat());
        return 0;
    }

    /** Implements newfstatat(2). */
    static long newfstatat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int flags = a.intArg(3);
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        writeStat(p, a.a2(), lookup(p, a.intArg(0), GuestPaths.readPath(p.memory(), a.a1()), flags));
        return 0;
    }

    /** Implements statx(2). */
    static long statx(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int flags = a.intArg(2);
        int mask = a.intArg(3);
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE)) != 0
                || (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        FileStat st = lookup(p, a.intArg(0), GuestPaths.readPath(p.memory(), a.a1()), flags);
        p.memory().write(a.a4(), packStatx(st));
        return 0;
    }

    private static FileStat lookup(GuestProcess p, int dirfd, String path, int flags) throws ErrnoException {
        if (path.isEmpty()) {
            if ((flags & AT_EMPTY_PATH) == 0) throw new ErrnoException(Errno.ENOENT);
            if (dirfd == AT_FDCWD) return HostFiles.stat(p.cwd(), true);
            return p.fds().get(dirfd).stat();
        }
        Path host = GuestPaths.resolve(p, dirfd, path);
        FileStat st = HostFiles.stat(host, (flags & AT_SYMLINK_NOFOLLOW) == 0 || path.endsWith("/"));
        if (path.endsWith("/") && !st.isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
        return st;
    }

    private static void writeStat(GuestProcess p, long addr, FileStat st) throws ErrnoException {
        p.memory().write(addr, packStat(st));
    }

    /** struct stat, x86-64 layout (arch/x86/include/uapi/asm/stat.h): 144 bytes. */
    static byte[] packStat(FileStat st) {
        ByteBuffer b = ByteBuffer.allocate(144).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, st.dev()).putLong(8, st.ino()).putLong(16, st.nlink()).putInt(24, st.mode())
                .putInt(28, st.uid()).putInt(32, st.gid()).putLong(40, st.rdev()).putLong(48, st.size())
                .putLong(56, st.blksize()).putLong(64, st.blocks());
        putTime(b, 72, st.atimeNs());
        putTime(b, 88, st.mtimeNs());
        putTime(b, 104, st.ctimeNs());
        return b.array();
    }

    /** struct statx (include/uapi/linux/stat.h): 256 bytes. */
    static byte[] packStatx(FileStat st) {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, STATX_BASIC_STATS).putInt(4, st.blksize()).putLong(8, 0) // mask, blksize, attributes
                .putInt(16, (int) st.nlink()).putInt(20, st.uid()).putInt(24, st.gid())
                .putShort(28, (short) st.mode()).putLong(32, st.ino()).putLong(40, st.size())
                .putLong(48, st.blocks()).putLong(56, 0); // attributes_mask
        putStatxTime(b, 64, st.atimeNs());
        putStatxTime(b, 96, st.ctimeNs());
        putStatxTime(b, 112, st.mtimeNs());
        b.putInt(128, major(st.rdev())).putInt(132, minor(st.rdev()))
                .putInt(136, major(st.dev())).putInt(140, minor(st.dev()));
        return b.array();
    }

    /** gnu_dev_major of a user-space dev_t. */
    static int major(long dev) {
        return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
    }

    /** gnu_dev_minor of a user-space dev_t. */
    static int minor(long dev) {
        return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
    }

    private static void putTime(ByteBuffer b, int off, long ns) {
        b.putLong(off, Math.floorDiv(ns, 1_000_000_000L)).putLong(off + 8, Math.floorMod(ns, 1_000_000_000L));
    }

    private static void putStatxTime(ByteBuffer b, int off, long ns) {
        b.putLong(off, Math.floorDiv(ns, 1_000_000_000L)).putInt(off + 8, (int) Math.floorMod(ns, 1_000_000_000L));
    }
}
