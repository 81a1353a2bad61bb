// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.elf;

/**
 * One page-granular mapping of the initial image. To materialise it: allocate zeroed memory for
 * [start, end), copy {@code file[fileOffset, fileOffset + fileBytes)} to address {@code start},
 * then apply {@code prot}. Everything after the copied bytes is zero.
 *
 * <p>The copied range is exactly what Linux's private file mapping shows: the bytes before p_vaddr
 * in the first page come from the file, and so does the tail of the last file page unless Linux's
 * {@code padzero} cleared it (see {@link LoadPlan}). {@code fileBytes} may be 0 (anonymous, all zero;
 * then {@code fileOffset} is 0) and never exceeds {@code end - start} or the file.
 */
public record LoadSegment(long start, long end, int prot, long fileOffset, long fileBytes) {
    public static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4; // Linux PROT_* values, <uapi/asm-generic/mman-common.h>

    /** Validates the record's invariants (page-aligned, non-empty, file bytes within the range). */
    public LoadSegment {
        if ((start & (LoadPlan.PAGE_SIZE - 1)) != 0 || (end & (LoadPlan.PAGE_SIZE - 1)) != 0 || start < 0 || end <= start)
            throw new IllegalArgumentException("bad segment range 0x" + Long.toHexString(start) + "-0x" + Long.toHexString(end));
        if (fileBytes < 0 || fileBytes > end - start || fileOffset < 0)
            throw new IllegalArgumentException("bad file range " + fileOffset + "+" + fileBytes);
        if ((prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0)
            throw new IllegalArgumentException("bad prot " + prot);
    }

    /** {@code end - start}. */
    public long length() {
        return end - start;
    }

    /** The protection in /proc/pid/maps style, e.g. {@code "r-x"}. */
    public String protString() {
        return ((prot & PROT_READ) != 0 ? "r" : "-") + ((prot & PROT_WRITE) != 0 ? "w" : "-") + ((prot & PROT_EXEC) != 0 ? "x" : "-");
    }

    @Override
    public String toString() {
        return "LoadSegment[0x" + Long.toHexString(start) + "-0x" + Long.toHexString(end) + " " + protString()
                + " file 0x" + Long.toHexString(fileOffset) + "+0x" + Long.toHexString(fileBytes) + "]";
    }
}
