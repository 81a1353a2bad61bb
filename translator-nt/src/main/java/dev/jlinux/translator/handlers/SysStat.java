// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.At.*;
import static dev.jlinux.syscalls.Stat.*;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Statfs;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.kernel.GuestPaths;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.vfs.StatFs;
import dev.jlinux.vfs.Statx;
import dev.jlinux.vfs.Vfs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** stat, fstat, lstat, newfstatat, statx, statfs and fstatfs, through the VFS. */
final class SysStat {
    private SysStat() {}

    /** Implements stat(2). */
    static long stat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        Statx st = p.vfs().stat(p.caller(), AT_FDCWD, GuestPaths.readPath(p.memory(), a.a0()), 0);
        p.memory().write(a.a1(), packStat(st));
        return 0;
    }

    /** Implements lstat(2). */
    static long lstat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        Statx st = p.vfs().stat(p.caller(), AT_FDCWD, GuestPaths.readPath(p.memory(), a.a0()), AT_SYMLINK_NOFOLLOW);
        p.memory().write(a.a1(), packStat(st));
        return 0;
    }

    /** Implements fstat(2). */
    static long fstat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.memory().write(a.a1(), packStat(p.fds().get(a.intArg(0)).getattr()));
        return 0;
    }

    /** Implements newfstatat(2). */
    static long newfstatat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int flags = a.intArg(3);
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        Statx st = statAt(p, a.intArg(0), GuestPaths.readPath(p.memory(), a.a1()), flags);
        p.memory().write(a.a2(), packStat(st));
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
        Statx st = statAt(p, a.intArg(0), GuestPaths.readPath(p.memory(), a.a1()), flags);
        p.memory().write(a.a4(), packStatx(st));
        return 0;
    }

    /** A stat by path, or of the fd itself with an empty path and AT_EMPTY_PATH (an open file keeps its own metadata). */
    private static Statx statAt(GuestProcess p, int dirfd, String path, int flags) throws ErrnoException {
        if (path.isEmpty() && (flags & AT_EMPTY_PATH) != 0 && dirfd != AT_FDCWD) return p.fds().get(dirfd).getattr();
        return p.vfs().stat(p.caller(), dirfd, path, flags);
    }

    /** struct stat, x86-64 layout (arch/x86/include/uapi/asm/stat.h). */
    static byte[] packStat(Statx st) {
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
    static byte[] packStatx(Statx st) {
        ByteBuffer b = ByteBuffer.allocate(STRUCT_STATX_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(STX_MASK, st.mask() & STATX_BASIC_STATS).putInt(STX_BLKSIZE, st.blksize())
                .putLong(STX_ATTRIBUTES, st.attributes()).putInt(STX_NLINK, st.nlink()).putInt(STX_UID, st.uid())
                .putInt(STX_GID, st.gid()).putShort(STX_MODE, (short) st.mode()).putLong(STX_INO, st.ino())
                .putLong(STX_SIZE, st.size()).putLong(STX_BLOCKS, st.blocks())
                .putLong(STX_ATTRIBUTES_MASK, st.attributesMask());
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
        StatFs s = p.vfs().statfs(p.caller(), GuestPaths.readPath(p.memory(), a.a0()));
        p.memory().write(a.a1(), packStatfs(s));
        return 0;
    }

    /** Implements fstatfs(2). */
    static long fstatfs(GuestProcess p, SyscallArgs a) throws ErrnoException {
        StatFs s = Vfs.statfs(p.fds().get(a.intArg(0)).location());
        p.memory().write(a.a1(), packStatfs(s));
        return 0;
    }

    /** struct statfs, x86-64 layout (include/uapi/asm-generic/statfs.h). */
    static byte[] packStatfs(StatFs s) {
        ByteBuffer b = ByteBuffer.allocate(Statfs.STRUCT_STATFS_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(Statfs.F_TYPE, s.type()).putLong(Statfs.F_BSIZE, s.bsize()).putLong(Statfs.F_BLOCKS, s.blocks())
                .putLong(Statfs.F_BFREE, s.bfree()).putLong(Statfs.F_BAVAIL, s.bavail())
                .putLong(Statfs.F_FILES, s.files()).putLong(Statfs.F_FFREE, s.ffree()).putLong(Statfs.F_FSID, s.fsid())
                .putLong(Statfs.F_NAMELEN, s.namelen()).putLong(Statfs.F_FRSIZE, s.frsize())
                .putLong(Statfs.F_FLAGS, s.flags());
        return b.array();
    }
}
