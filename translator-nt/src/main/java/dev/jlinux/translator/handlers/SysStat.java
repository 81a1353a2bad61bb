// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.At.*;
import static dev.jlinux.syscalls.Stat.*;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.host.HostStat;
import dev.jlinux.translator.kernel.FileStat;
import dev.jlinux.translator.kernel.GuestPaths;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.translator.kernel.HostFiles;
import dev.jlinux.translator.kernel.OpenFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** stat, fstat, lstat, newfstatat, statx, statfs and fstatfs. */
final class SysStat {
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

    /** struct stat, x86-64 layout (arch/x86/include/uapi/asm/stat.h). */
    static byte[] packStat(FileStat st) {
        ByteBuffer b = ByteBuffer.allocate(STRUCT_STAT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(ST_DEV, st.dev()).putLong(ST_INO, st.ino()).putLong(ST_NLINK, st.nlink()).putInt(ST_MODE, st.mode())
                .putInt(ST_UID, st.uid()).putInt(ST_GID, st.gid()).putLong(ST_RDEV, st.rdev())
                .putLong(ST_SIZE, st.size()).putLong(ST_BLKSIZE, st.blksize()).putLong(ST_BLOCKS, st.blocks());
        putTime(b, ST_ATIME, st.atimeNs());
        putTime(b, ST_MTIME, st.mtimeNs());
        putTime(b, ST_CTIME, st.ctimeNs());
        return b.array();
    }

    /** struct statx (include/uapi/linux/stat.h). */
    static byte[] packStatx(FileStat st) {
        ByteBuffer b = ByteBuffer.allocate(STRUCT_STATX_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(STX_MASK, STATX_BASIC_STATS).putInt(STX_BLKSIZE, st.blksize()).putLong(STX_ATTRIBUTES, 0)
                .putInt(STX_NLINK, (int) st.nlink()).putInt(STX_UID, st.uid()).putInt(STX_GID, st.gid())
                .putShort(STX_MODE, (short) st.mode()).putLong(STX_INO, st.ino()).putLong(STX_SIZE, st.size())
                .putLong(STX_BLOCKS, st.blocks()).putLong(STX_ATTRIBUTES_MASK, 0);
        putStatxTime(b, STX_ATIME, st.atimeNs());
        putStatxTime(b, STX_CTIME, st.ctimeNs());
        putStatxTime(b, STX_MTIME, st.mtimeNs());
        b.putInt(STX_RDEV_MAJOR, (int) major(st.rdev())).putInt(STX_RDEV_MINOR, (int) minor(st.rdev()))
                .putInt(STX_DEV_MAJOR, (int) major(st.dev())).putInt(STX_DEV_MINOR, (int) minor(st.dev()));
        return b.array();
    }

    private static void putTime(ByteBuffer b, int off, long ns) {
        b.putLong(off, Math.floorDiv(ns, 1_000_000_000L)).putLong(off + 8, Math.floorMod(ns, 1_000_000_000L));
    }

    private static void putStatxTime(ByteBuffer b, int off, long ns) {
        b.putLong(off, Math.floorDiv(ns, 1_000_000_000L)).putInt(off + 8, (int) Math.floorMod(ns, 1_000_000_000L));
    }

    /** Implements statfs(2). */
    static long statfs(GuestProcess p, SyscallArgs a) throws ErrnoException {
        Path host = GuestPaths.resolve(p, AT_FDCWD, GuestPaths.readPath(p.memory(), a.a0()));
        if (!HostStat.AVAILABLE) throw new ErrnoException(Errno.ENOSYS, "statfs needs a Linux host");
        p.memory().write(a.a1(), HostStat.statfs(host));
        return 0;
    }

    /** Implements fstatfs(2). */
    static long fstatfs(GuestProcess p, SyscallArgs a) throws ErrnoException {
        byte[] st = p.fds().get(a.intArg(0)).statfs();
        p.memory().write(a.a1(), st);
        return 0;
    }
}
