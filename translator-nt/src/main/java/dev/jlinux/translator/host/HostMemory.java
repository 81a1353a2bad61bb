// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.host;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Host memory that backs guest memory: reserved with {@code mmap(MAP_NORESERVE)}, so an untouched
 * guest page costs nothing, and released or zeroed page by page.
 */
public final class HostMemory {
    private HostMemory() {}

    /** Reserves {@code len} zeroed, readable and writable bytes (a multiple of the page size). */
    public static MemorySegment reserve(long len) throws OutOfMemoryError {
        try {
            MemorySegment p = (MemorySegment) HostLibc.MMAP.invokeExact(MemorySegment.NULL, len,
                    HostLibc.PROT_READ | HostLibc.PROT_WRITE,
                    HostLibc.MAP_PRIVATE | HostLibc.MAP_ANONYMOUS | HostLibc.MAP_NORESERVE, -1, 0L);
            if (HostLibc.isNull(p)) throw new OutOfMemoryError("host mmap of " + len + " bytes failed");
            return p.reinterpret(len);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("host mmap failed", t);
        }
    }

    /**
     * A page holding {@code code}, readable and executable (never writable once filled): machine
     * code a native library calls directly, such as a hook Unicorn runs for every block.
     */
    public static MemorySegment executable(byte[] code) {
        MemorySegment page = reserve(4096);
        MemorySegment.copy(code, 0, page, ValueLayout.JAVA_BYTE, 0, code.length);
        try {
            int rc = (int) HostLibc.MPROTECT.invokeExact(page, 4096L, HostLibc.PROT_READ | HostLibc.PROT_EXEC);
            if (rc != 0) throw new IllegalStateException("host mprotect(PROT_EXEC) failed");
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("host mprotect failed", t);
        }
        return page;
    }

    /** Returns {@code [seg.address() + off, + len)} to the host. */
    public static void release(MemorySegment seg, long off, long len) {
        try {
            int rc = (int) HostLibc.MUNMAP.invokeExact(MemorySegment.ofAddress(seg.address() + off), len);
            if (rc != 0) throw new IllegalStateException("host munmap failed");
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("host munmap failed", t);
        }
    }

    /**
     * Which pages of {@code [seg.address() + off, + len)} are resident in host memory, one byte per
     * page (bit 0 set when resident), as mincore(2) reports them; all resident when the host cannot say.
     */
    public static byte[] residency(MemorySegment seg, long off, long len) {
        int pages = (int) ((len + 4095) / 4096);
        byte[] out = new byte[pages];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment vec = arena.allocate(pages);
            int rc = HostLibc.MINCORE == null ? -1 : (int) HostLibc.MINCORE.invokeExact(
                    MemorySegment.ofAddress(seg.address() + off), len, vec);
            if (rc == 0) {
                MemorySegment.copy(vec, ValueLayout.JAVA_BYTE, 0, out, 0, pages);
                for (int i = 0; i < pages; i++) out[i] &= 1;
                return out;
            }
        } catch (Throwable t) {
            // fall through: report resident
        }
        Arrays.fill(out, (byte) 1);
        return out;
    }

    /** Zeroes whole pages and gives their memory back to the host (they read as zero afterwards). */
    public static void zeroPages(MemorySegment seg, long off, long len) {
        try {
            int rc = (int) HostLibc.MADVISE.invokeExact(MemorySegment.ofAddress(seg.address() + off), len,
                    HostLibc.MADV_DONTNEED);
            if (rc != 0) seg.asSlice(off, len).fill((byte) 0);
        } catch (Throwable t) {
            seg.asSlice(off, len).fill((byte) 0);
        }
    }
}
