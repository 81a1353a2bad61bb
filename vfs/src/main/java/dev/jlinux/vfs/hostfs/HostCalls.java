// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.hostfs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.jlinux.syscalls.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The host C library calls hostfs needs, through FFM, on a Linux x86-64 host: the {@code *at}
 * family on directory fds (so the host never resolves a path of more than one component, and never
 * follows a symlink), plain fd I/O, and the {@code l*xattr} calls. Constants here are the host's,
 * never the guest's (on a Linux x86-64 host they have the same values).
 */
final class HostCalls {
    static final int AT_FDCWD = -100, O_ACCMODE = 3;
    static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200, O_NONBLOCK = 04000;
    static final int O_DIRECTORY = 0200000, O_NOFOLLOW = 0400000, O_CLOEXEC = 02000000, O_PATH = 010000000;
    static final int AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_EMPTY_PATH = 0x1000;
    static final int ENODATA = 61, EOPNOTSUPP = 95, EPERM = 1, EINTR = 4;
    /** openat2's resolve flags (linux/openat2.h) and the host syscall number (x86-64). */
    static final long RESOLVE_NO_MAGICLINKS = 0x02, RESOLVE_NO_SYMLINKS = 0x04, RESOLVE_BENEATH = 0x08;
    private static final long SYS_OPENAT2 = 437;
    static final long UTIME_OMIT = (1L << 30) - 2;

    /** The host's {@code struct stat} fields hostfs reads. */
    record HostStat(long dev, long ino, long nlink, int mode, int uid, int gid, long rdev, long size, long blksize,
                    long blocks, long atimeNs, long mtimeNs, long ctimeNs) {}

    /** One host directory entry: d_ino, d_off, d_type, name. */
    record HostDirent(long ino, long off, int type, String name) {}

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static MethodHandle fn(String name, MemoryLayout ret, MemoryLayout... args) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(),
                FunctionDescriptor.of(ret, args), Linker.Option.captureCallState("errno"));
    }

    private static final MethodHandle OPENAT = fn("openat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle SYSCALL_OPENAT2 = LINKER.downcallHandle(
            LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    private static final MethodHandle CLOSE = fn("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle FSTATAT = fn("fstatat", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle MKDIRAT = fn("mkdirat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle MKNODAT = fn("mknodat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG);
    private static final MethodHandle UNLINKAT = fn("unlinkat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle RENAMEAT2 = fn("renameat2", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LINKAT = fn("linkat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SYMLINKAT = fn("symlinkat", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
    private static final MethodHandle READLINKAT = fn("readlinkat", JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
    private static final MethodHandle FCHMODAT = fn("fchmodat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle FCHOWNAT = fn("fchownat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle UTIMENSAT = fn("utimensat", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle PREAD = fn("pread", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle PWRITE = fn("pwrite", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle LSEEK = fn("lseek", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle FTRUNCATE = fn("ftruncate", JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final MethodHandle FALLOCATE = fn("fallocate", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle FSYNC = fn("fsync", JAVA_INT, JAVA_INT);
    private static final MethodHandle FDATASYNC = fn("fdatasync", JAVA_INT, JAVA_INT);
    private static final MethodHandle SYNCFS = fn("syncfs", JAVA_INT, JAVA_INT);
    private static final MethodHandle GETDENTS64 = fn("getdents64", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle FSTATFS = fn("fstatfs", JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle LGETXATTR = fn("lgetxattr", JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
    private static final MethodHandle LSETXATTR = fn("lsetxattr", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle LLISTXATTR = fn("llistxattr", JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG);
    private static final MethodHandle LREMOVEXATTR = fn("lremovexattr", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle FGETXATTR = fn("fgetxattr", JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);

    private HostCalls() {}

    @FunctionalInterface
    private interface Call {
        long invoke(MemorySegment state, Arena a) throws Throwable;
    }

    /** Runs a host call; a negative result becomes the host errno as an ErrnoException. */
    private static long run(String name, Call c) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(STATE);
            long rc;
            do {
                rc = c.invoke(state, a);
            } while (rc < 0 && (int) ERRNO.get(state, 0L) == EINTR);
            if (rc < 0) throw HostErrors.fromHostErrno((int) ERRNO.get(state, 0L), name);
            return rc;
        } catch (ErrnoException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("host " + name, t);
        }
    }

    private static MemorySegment str(Arena a, String s) {
        return a.allocateFrom(s, StandardCharsets.UTF_8);
    }

    static int openat(int dirfd, String name, int flags, int mode) throws ErrnoException {
        return (int) run("openat", (s, a) -> (int) OPENAT.invokeExact(s, dirfd, str(a, name), flags, mode));
    }

    /** openat2(2) with {@code struct open_how} {flags, mode 0, resolve}. */
    static int openat2(int dirfd, String path, long flags, long resolve) throws ErrnoException {
        return (int) run("openat2", (s, a) -> {
            MemorySegment how = a.allocate(24, 8);
            how.set(JAVA_LONG, 0, flags);
            how.set(JAVA_LONG, 16, resolve);
            return (long) SYSCALL_OPENAT2.invokeExact(s, SYS_OPENAT2, dirfd, str(a, path), how, 24L);
        });
    }

    static void close(int fd) {
        try {
            run("close", (s, a) -> (int) CLOSE.invokeExact(s, fd));
        } catch (ErrnoException ignored) {
            // close(2) releases the fd even when it reports an error
        }
    }

    static HostStat fstatat(int dirfd, String name, int flags) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(144, 8);
            run("fstatat", (s, x) -> (int) FSTATAT.invokeExact(s, dirfd, str(x, name), buf, flags));
            return new HostStat(buf.get(JAVA_LONG, 0), buf.get(JAVA_LONG, 8), buf.get(JAVA_LONG, 16),
                    buf.get(JAVA_INT, 24), buf.get(JAVA_INT, 28), buf.get(JAVA_INT, 32), buf.get(JAVA_LONG, 40),
                    buf.get(JAVA_LONG, 48), buf.get(JAVA_LONG, 56), buf.get(JAVA_LONG, 64), ns(buf, 72), ns(buf, 88),
                    ns(buf, 104));
        }
    }

    private static long ns(MemorySegment buf, long off) {
        return buf.get(JAVA_LONG, off) * 1_000_000_000L + buf.get(JAVA_LONG, off + 8);
    }

    static void mkdirat(int dirfd, String name, int mode) throws ErrnoException {
        run("mkdirat", (s, a) -> (int) MKDIRAT.invokeExact(s, dirfd, str(a, name), mode));
    }

    static void mknodat(int dirfd, String name, int mode, long dev) throws ErrnoException {
        run("mknodat", (s, a) -> (int) MKNODAT.invokeExact(s, dirfd, str(a, name), mode, dev));
    }

    static void unlinkat(int dirfd, String name, int flags) throws ErrnoException {
        run("unlinkat", (s, a) -> (int) UNLINKAT.invokeExact(s, dirfd, str(a, name), flags));
    }

    static void renameat2(int oldDirfd, String oldName, int newDirfd, String newName, int flags) throws ErrnoException {
        run("renameat2", (s, a) -> (int) RENAMEAT2.invokeExact(s, oldDirfd, str(a, oldName), newDirfd, str(a, newName),
                flags));
    }

    static void linkat(int oldDirfd, String oldName, int newDirfd, String newName) throws ErrnoException {
        run("linkat", (s, a) -> (int) LINKAT.invokeExact(s, oldDirfd, str(a, oldName), newDirfd, str(a, newName), 0));
    }

    static void symlinkat(String target, int dirfd, String name) throws ErrnoException {
        run("symlinkat", (s, a) -> (int) SYMLINKAT.invokeExact(s, str(a, target), dirfd, str(a, name)));
    }

    static String readlinkat(int dirfd, String name) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(4096);
            long n = run("readlinkat", (s, x) -> (long) READLINKAT.invokeExact(s, dirfd, str(x, name), buf, 4096L));
            return new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
        }
    }

    static void fchmodat(int dirfd, String name, int mode, int flags) throws ErrnoException {
        run("fchmodat", (s, a) -> (int) FCHMODAT.invokeExact(s, dirfd, str(a, name), mode, flags));
    }

    static void fchownat(int dirfd, String name, int uid, int gid, int flags) throws ErrnoException {
        run("fchownat", (s, a) -> (int) FCHOWNAT.invokeExact(s, dirfd, str(a, name), uid, gid, flags));
    }

    /** utimensat with times in ns since the epoch, or {@link #UTIME_OMIT} as the nanoseconds. */
    static void utimensat(int dirfd, String name, long atimeNs, long mtimeNs, int flags) throws ErrnoException {
        run("utimensat", (s, a) -> {
            MemorySegment ts = a.allocate(32, 8);
            put(ts, 0, atimeNs);
            put(ts, 16, mtimeNs);
            return (int) UTIMENSAT.invokeExact(s, dirfd, str(a, name), ts, flags);
        });
    }

    private static void put(MemorySegment ts, long off, long ns) {
        if (ns == Long.MIN_VALUE) {
            ts.set(JAVA_LONG, off, 0);
            ts.set(JAVA_LONG, off + 8, UTIME_OMIT);
        } else {
            ts.set(JAVA_LONG, off, Math.floorDiv(ns, 1_000_000_000L));
            ts.set(JAVA_LONG, off + 8, Math.floorMod(ns, 1_000_000_000L));
        }
    }

    static int pread(int fd, ByteBuffer dst, long offset) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            int len = dst.remaining();
            MemorySegment buf = a.allocate(Math.max(1, len));
            long n = run("pread", (s, x) -> (long) PREAD.invokeExact(s, fd, buf, (long) len, offset));
            dst.put(buf.asSlice(0, n).asByteBuffer());
            return (int) n;
        }
    }

    static int pwrite(int fd, ByteBuffer src, long offset) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            int len = src.remaining();
            MemorySegment buf = a.allocate(Math.max(1, len));
            buf.asByteBuffer().put(src.duplicate());
            long n = run("pwrite", (s, x) -> (long) PWRITE.invokeExact(s, fd, buf, (long) len, offset));
            src.position(src.position() + (int) n);
            return (int) n;
        }
    }

    static long lseek(int fd, long offset, int whence) throws ErrnoException {
        return run("lseek", (s, a) -> (long) LSEEK.invokeExact(s, fd, offset, whence));
    }

    static void ftruncate(int fd, long size) throws ErrnoException {
        run("ftruncate", (s, a) -> (int) FTRUNCATE.invokeExact(s, fd, size));
    }

    static void fallocate(int fd, int mode, long offset, long len) throws ErrnoException {
        run("fallocate", (s, a) -> (int) FALLOCATE.invokeExact(s, fd, mode, offset, len));
    }

    /** syncfs(2) of the host filesystem holding {@code fd}. */
    static void syncfs(int fd) throws ErrnoException {
        run("syncfs", (s, a) -> (int) SYNCFS.invokeExact(s, fd));
    }

    static void fsync(int fd, boolean dataOnly) throws ErrnoException {
        run("fsync", (s, a) -> dataOnly ? (int) FDATASYNC.invokeExact(s, fd) : (int) FSYNC.invokeExact(s, fd));
    }

    /** The directory entries of {@code fd} from its current position on, up to about {@code bytes} bytes. */
    static List<HostDirent> getdents(int fd, int bytes) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(bytes, 8);
            long n = run("getdents64", (s, x) -> (long) GETDENTS64.invokeExact(s, fd, buf, (long) bytes));
            List<HostDirent> out = new ArrayList<>();
            for (long p = 0; p < n; ) {
                int reclen = Short.toUnsignedInt(buf.get(JAVA_SHORT, p + 16));
                out.add(new HostDirent(buf.get(JAVA_LONG, p), buf.get(JAVA_LONG, p + 8),
                        Byte.toUnsignedInt(buf.get(JAVA_BYTE, p + 18)), buf.getString(p + 19, StandardCharsets.UTF_8)));
                p += reclen;
            }
            return out;
        }
    }

    /** fstatfs: {f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_fsid, f_namelen, f_frsize, f_flags}. */
    static long[] fstatfs(int fd) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(120, 8);
            run("fstatfs", (s, x) -> (int) FSTATFS.invokeExact(s, fd, buf));
            long[] out = new long[11];
            for (int i = 0; i < 11; i++) out[i] = buf.get(JAVA_LONG, i * 8L);
            return out;
        }
    }

    /** An extended attribute of the file at {@code path} (not following a final symlink); null when absent. */
    static byte[] lgetxattr(String path, String name) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(65536);
            long n = run("lgetxattr", (s, x) -> (long) LGETXATTR.invokeExact(s, str(x, path), str(x, name), buf, 65536L));
            return buf.asSlice(0, n).toArray(JAVA_BYTE);
        } catch (ErrnoException e) {
            if (e.errno().number() == ENODATA) return null;
            throw e;
        }
    }

    /** Like {@link #lgetxattr} on an open fd. */
    static byte[] fgetxattr(int fd, String name) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(65536);
            long n = run("fgetxattr", (s, x) -> (long) FGETXATTR.invokeExact(s, fd, str(x, name), buf, 65536L));
            return buf.asSlice(0, n).toArray(JAVA_BYTE);
        } catch (ErrnoException e) {
            if (e.errno().number() == ENODATA) return null;
            throw e;
        }
    }

    static void lsetxattr(String path, String name, byte[] value, int flags) throws ErrnoException {
        run("lsetxattr", (s, a) -> {
            MemorySegment v = a.allocate(Math.max(1, value.length));
            v.copyFrom(MemorySegment.ofArray(value));
            return (int) LSETXATTR.invokeExact(s, str(a, path), str(a, name), v, (long) value.length, flags);
        });
    }

    static List<String> llistxattr(String path) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(65536);
            long n = run("llistxattr", (s, x) -> (long) LLISTXATTR.invokeExact(s, str(x, path), buf, 65536L));
            List<String> out = new ArrayList<>();
            for (long p = 0; p < n; ) {
                String name = buf.getString(p, StandardCharsets.UTF_8);
                out.add(name);
                p += name.getBytes(StandardCharsets.UTF_8).length + 1;
            }
            return out;
        }
    }

    static void lremovexattr(String path, String name) throws ErrnoException {
        run("lremovexattr", (s, a) -> (int) LREMOVEXATTR.invokeExact(s, str(a, path), str(a, name)));
    }
}
