// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.host;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jlinux.syscalls.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The host's own {@code fstatat} and {@code statfs}, through FFM, on a Linux x86-64 host: they give
 * what java.nio cannot (st_blocks, st_blksize, the exact errno of a failed lookup, file system
 * statistics). These are host facts, read in the host's struct layouts (glibc's on x86-64, which
 * are the kernel's); elsewhere {@link #AVAILABLE} is false and callers use java.nio.
 */
public final class HostStat {
    /** The host's raw {@code struct stat} fields jlinux reads. */
    public record Raw(long dev, long ino, long nlink, int mode, int uid, int gid, long rdev, long size, long blksize,
                      long blocks, long atimeNs, long mtimeNs, long ctimeNs) {}

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** Host AT_FDCWD and AT_SYMLINK_NOFOLLOW (Linux). */
    private static final int HOST_AT_FDCWD = -100, HOST_AT_SYMLINK_NOFOLLOW = 0x100;
    /** sizeof(struct stat) and sizeof(struct statfs) of the host (Linux x86-64). */
    private static final long STAT_SIZE = 144, STATFS_SIZE = 120;

    private static final MethodHandle FSTATAT = downcall("fstatat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS,
            ADDRESS, JAVA_INT));
    private static final MethodHandle STATFS = downcall("statfs", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    /** Whether the host calls are usable (a Linux x86-64 host with these symbols). */
    public static final boolean AVAILABLE = System.getProperty("os.name").equals("Linux")
            && System.getProperty("os.arch").equals("amd64") && FSTATAT != null && STATFS != null;

    private HostStat() {}

    private static MethodHandle downcall(String name, FunctionDescriptor fd) {
        return LINKER.defaultLookup().find(name)
                .map(s -> LINKER.downcallHandle(s, fd, Linker.Option.captureCallState("errno")))
                .orElse(null);
    }

    /** stat or lstat of {@code path}; the host's errno as an ErrnoException. */
    public static Raw stat(Path path, boolean followLinks) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment buf = arena.allocate(STAT_SIZE, 8);
            int rc = (int) FSTATAT.invokeExact(state, HOST_AT_FDCWD, arena.allocateFrom(path.toString()), buf,
                    followLinks ? 0 : HOST_AT_SYMLINK_NOFOLLOW);
            if (rc != 0) throw HostErrors.fromHostErrno((int) ERRNO.get(state, 0L));
            return new Raw(buf.get(JAVA_LONG, 0), buf.get(JAVA_LONG, 8), buf.get(JAVA_LONG, 16), buf.get(JAVA_INT, 24),
                    buf.get(JAVA_INT, 28), buf.get(JAVA_INT, 32), buf.get(JAVA_LONG, 40), buf.get(JAVA_LONG, 48),
                    buf.get(JAVA_LONG, 56), buf.get(JAVA_LONG, 64), timespec(buf, 72), timespec(buf, 88),
                    timespec(buf, 104));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("host fstatat failed", t);
        }
    }

    /**
     * statfs of {@code path}: the host's {@code struct statfs} bytes, which on a Linux x86-64 host
     * have the guest's layout (f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree,
     * f_fsid, f_namelen, f_frsize, f_flags, spare).
     */
    public static byte[] statfs(Path path) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment buf = arena.allocate(STATFS_SIZE, 8);
            int rc = (int) STATFS.invokeExact(state, arena.allocateFrom(path.toString()), buf);
            if (rc != 0) throw HostErrors.fromHostErrno((int) ERRNO.get(state, 0L));
            return buf.toArray(ValueLayout.JAVA_BYTE);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("host statfs failed", t);
        }
    }

    private static long timespec(MemorySegment buf, long off) {
        return buf.get(JAVA_LONG, off) * 1_000_000_000L + buf.get(JAVA_LONG, off + 8);
    }
}
