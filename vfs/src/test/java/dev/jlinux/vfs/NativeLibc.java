// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The host's libc for tests, the oracle: each call returns its result, or {@code -errno} on failure.
 * Calls run on the calling thread, so {@link #setfsuid} changes only the test thread's fs ids.
 */
final class NativeLibc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static MethodHandle fn(String name, MemoryLayout... args) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, args), Linker.Option.captureCallState("errno"));
    }

    private static final MethodHandle OPENAT = fn("openat", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle CLOSE = fn("close", JAVA_INT);
    private static final MethodHandle MKDIRAT = fn("mkdirat", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle UNLINKAT = fn("unlinkat", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle RENAMEAT2 = fn("renameat2", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SYMLINKAT = fn("symlinkat", ADDRESS, JAVA_INT, ADDRESS);
    private static final MethodHandle LINKAT = fn("linkat", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle FACCESSAT = fn("faccessat", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle FCHMODAT = fn("fchmodat", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle FCHOWNAT = fn("fchownat", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle MKNODAT = LINKER.downcallHandle(LINKER.defaultLookup().find("mknodat").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG), Linker.Option.captureCallState("errno"));
    private static final MethodHandle FSTATAT = fn("fstatat", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle READLINKAT = LINKER.downcallHandle(
            LINKER.defaultLookup().find("readlinkat").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), Linker.Option.captureCallState("errno"));
    private static final MethodHandle FCNTL = LINKER.downcallHandle(LINKER.defaultLookup().find("fcntl").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.captureCallState("errno"));
    private static final MethodHandle SETXATTR = fn("setxattr", ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle LSETXATTR = fn("lsetxattr", ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle GETXATTR = LINKER.downcallHandle(LINKER.defaultLookup().find("getxattr").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG), Linker.Option.captureCallState("errno"));
    private static final MethodHandle TRUNCATE = fn("truncate", ADDRESS, JAVA_LONG);
    private static final MethodHandle UTIMENSAT = fn("utimensat", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle STATFS = fn("statfs", ADDRESS, ADDRESS);
    private static final MethodHandle SETFSUID = LINKER.downcallHandle(LINKER.defaultLookup().find("setfsuid").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle SETFSGID = LINKER.downcallHandle(LINKER.defaultLookup().find("setfsgid").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle UMASK = LINKER.downcallHandle(LINKER.defaultLookup().find("umask").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private NativeLibc() {}

    /** {@code (int) handle(state, args...)}, as the result or -errno. */
    private static int call(MethodHandle h, Object... args) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(STATE);
            Object[] all = new Object[args.length + 1];
            all[0] = state;
            for (int i = 0; i < args.length; i++) {
                all[i + 1] = args[i] instanceof String s ? a.allocateFrom(s, StandardCharsets.UTF_8) : args[i];
            }
            Object r = h.invokeWithArguments(all);
            long rc = r instanceof Long l ? l : (Integer) r;
            return rc < 0 ? -(int) ERRNO.get(state, 0L) : (int) rc;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int openat(int dfd, String path, int flags, int mode) {
        return call(OPENAT, dfd, path, flags, mode);
    }

    static int close(int fd) {
        return call(CLOSE, fd);
    }

    /** setxattr, or lsetxattr when not {@code follow}; the value is UTF-8 text. */
    static int setxattr(String path, String name, String value, int flags, boolean follow) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocateFrom(value, StandardCharsets.UTF_8);
            return call(follow ? SETXATTR : LSETXATTR, path, name, v, (long) value.length(), flags);
        }
    }

    /** getxattr's value as UTF-8 text, or "-errno". */
    static String getxattr(String path, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(256);
            int n = call(GETXATTR, path, name, buf, 256L);
            if (n < 0) return Integer.toString(n);
            return new String(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        }
    }

    static int truncate(String path, long len) {
        return call(TRUNCATE, path, len);
    }

    /** utimensat: both times now ({@code times} null) or {sec, nsec, sec, nsec}. */
    static int utimensat(int dfd, String path, long[] times) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ts = MemorySegment.NULL;
            if (times != null) {
                ts = a.allocate(32, 8);
                for (int i = 0; i < 4; i++) ts.set(JAVA_LONG, i * 8L, times[i]);
            }
            return call(UTIMENSAT, dfd, path, ts, 0);
        }
    }

    /** fcntl(fd, F_GETFL). */
    static int getfl(int fd) {
        return call(FCNTL, fd, 3);
    }

    static int mkdirat(int dfd, String path, int mode) {
        return call(MKDIRAT, dfd, path, mode);
    }

    static int mknodat(int dfd, String path, int mode, long dev) {
        return call(MKNODAT, dfd, path, mode, dev);
    }

    static int unlinkat(int dfd, String path, int flags) {
        return call(UNLINKAT, dfd, path, flags);
    }

    static int renameat2(int dfd, String oldPath, String newPath, int flags) {
        return call(RENAMEAT2, dfd, oldPath, dfd, newPath, flags);
    }

    static int symlinkat(String target, int dfd, String path) {
        return call(SYMLINKAT, target, dfd, path);
    }

    static int linkat(int dfd, String oldPath, String newPath, int flags) {
        return call(LINKAT, dfd, oldPath, dfd, newPath, flags);
    }

    static int faccessat(int dfd, String path, int mode, int flags) {
        return call(FACCESSAT, dfd, path, mode, flags);
    }

    static int fchmodat(int dfd, String path, int mode) {
        return call(FCHMODAT, dfd, path, mode, 0);
    }

    static int fchownat(int dfd, String path, int uid, int gid, int flags) {
        return call(FCHOWNAT, dfd, path, uid, gid, flags);
    }

    /** fstatat's {st_mode, st_nlink, st_uid, st_gid}, or {-errno}. */
    static int[] fstatat(int dfd, String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(144, 8);
            MemorySegment state = a.allocate(STATE);
            int rc = (int) FSTATAT.invokeExact(state, dfd, a.allocateFrom(path), buf, flags);
            if (rc < 0) return new int[] {-(int) ERRNO.get(state, 0L)};
            return new int[] {buf.get(JAVA_INT, 24), (int) buf.get(JAVA_LONG, 16), buf.get(JAVA_INT, 28),
                buf.get(JAVA_INT, 32)};
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** readlinkat's target, or "-errno". */
    static String readlinkat(int dfd, String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(4096);
            MemorySegment state = a.allocate(STATE);
            long n = (long) READLINKAT.invokeExact(state, dfd, a.allocateFrom(path), buf, 4096L);
            if (n < 0) return "-" + ERRNO.get(state, 0L);
            return new String(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** statfs's f_type of {@code path}. */
    static long statfsType(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(120, 8);
            if (call(STATFS, path, buf) != 0) throw new IllegalStateException("statfs " + path);
            return buf.get(JAVA_LONG, 0);
        }
    }

    /** Sets this thread's fs uid and gid (glibc's wrappers are per-thread system calls). */
    static void setfs(int uid, int gid) {
        try {
            int unused = (int) SETFSGID.invokeExact(gid);
            unused = (int) SETFSUID.invokeExact(uid);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int umask(int mask) {
        try {
            return (int) UMASK.invokeExact(mask);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
