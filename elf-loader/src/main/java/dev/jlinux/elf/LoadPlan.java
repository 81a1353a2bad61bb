// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where and how the PT_LOAD segments of an {@link ElfImage} end up in memory, reproducing what
 * Linux 6.x's {@code load_elf_binary}/{@code elf_load} (fs/binfmt_elf.c) leave behind with
 * address-space randomisation off.
 *
 * <p>The PT_LOADs are applied in program-header order, each as Linux does it:
 * <ol>
 * <li>if p_filesz &gt; 0, a private file mapping of the pages [PAGESTART(v), PAGEALIGN(v + p_filesz))
 *     with the segment's protection (later segments use MAP_FIXED, so they replace whatever an earlier
 *     one put on a shared page — the whole page, contents and protection);
 * <li>if p_memsz &gt; p_filesz: {@code padzero} clears the rest of the last file page — only when the
 *     segment is writable (for a read-only segment Linux's clear_user faults and the error is ignored,
 *     so the file's bytes stay visible); then {@code vm_brk_flags} maps fresh zero pages up to
 *     PAGEALIGN(v + p_memsz). Those pages are read-write (plus exec if PF_X) whatever p_flags says, as
 *     with any brk memory. With p_filesz == 0 they start at PAGESTART(v), so they also replace the page
 *     holding the start of the segment.
 * </ol>
 * With p_memsz == p_filesz the tail of the last file page keeps the file's bytes (zero past EOF).
 * <b>Shared-page policy:</b> a page touched by two segments shows the later segment's mapping and
 * protection, exactly as the later MAP_FIXED produces (no protection union). The resulting pages are
 * coalesced into maximal runs that one {@link LoadSegment} can describe.
 */
public final class LoadPlan {
    /** ELF_MIN_ALIGN / PAGE_SIZE on x86-64. */
    public static final long PAGE_SIZE = 4096;
    /** TASK_SIZE_MAX on x86-64 with 4-level paging: {@code (1 << 47) - PAGE_SIZE}, the end of user space. */
    public static final long TASK_SIZE = (1L << 47) - PAGE_SIZE;
    /** ELF_ET_DYN_BASE on x86-64 ({@code DEFAULT_MAP_WINDOW / 3 * 2}, arch/x86/include/asm/elf.h), before page rounding. */
    public static final long ELF_ET_DYN_BASE = TASK_SIZE / 3 * 2;
    /**
     * The load bias Linux gives a PIE with ASLR off when its first PT_LOAD is at 0 and no p_align
     * exceeds a page: {@code ELF_PAGESTART(ELF_ET_DYN_BASE)} = 0x555555554000 (the gdb classic).
     * {@link #defaultBias} computes it for any image.
     */
    public static final long ET_DYN_DEFAULT_BIAS = 0x555555554000L;

    private final long bias;
    private final List<LoadSegment> segments;
    private final long entry;
    private final long phdrAddr;
    private final long brkStart;
    private final long startCode, endCode, startData, endData;

    private LoadPlan(long bias, List<LoadSegment> segments, long entry, long phdrAddr, long brkStart,
                     long startCode, long endCode, long startData, long endData) {
        this.bias = bias;
        this.segments = segments;
        this.entry = entry;
        this.phdrAddr = phdrAddr;
        this.brkStart = brkStart;
        this.startCode = startCode;
        this.endCode = endCode;
        this.startData = startData;
        this.endData = endData;
    }

    /**
     * The bias Linux chooses with randomisation off: 0 for ET_EXEC; for ET_DYN
     * {@code ELF_PAGESTART((ELF_ET_DYN_BASE & ~(maxalign - 1)) - first PT_LOAD's p_vaddr)}.
     * Linux uses that base only for a PIE with PT_INTERP; an ET_DYN without one (a static PIE or
     * ld.so run directly) goes to the top-down mmap area instead, whose position is the address
     * space's business — jlinux may use this value for it too.
     */
    public static long defaultBias(ElfImage image) {
        if (image.type() == ElfType.EXEC) return 0;
        long base = ELF_ET_DYN_BASE;
        long alignment = image.maximumAlignment();
        if (alignment != 0) base &= -alignment; // ~(alignment - 1)
        return pageStart(base - image.loadHeaders().getFirst().vaddr());
    }

    /**
     * Plans the mapping of {@code image} at {@code bias}.
     *
     * @param bias 0 for ET_EXEC; a page-aligned load bias for ET_DYN (see {@link #defaultBias})
     * @throws IllegalArgumentException if the bias is not allowed for the image's type
     * @throws ElfFormatException if a biased segment would leave user space ({@code "segment too large"})
     */
    public static LoadPlan of(ElfImage image, long bias) throws ElfFormatException {
        if (image.type() == ElfType.EXEC && bias != 0)
            throw new IllegalArgumentException("ET_EXEC is mapped at its own addresses; bias must be 0, not 0x" + Long.toHexString(bias));
        if ((bias & (PAGE_SIZE - 1)) != 0)
            throw new IllegalArgumentException("bias 0x" + Long.toHexString(bias) + " is not page-aligned");

        List<ProgramHeader> phdrs = image.programHeaders();
        long fileSize = image.bytes().length;
        TreeMap<Long, LoadSegment> pages = new TreeMap<>();
        long elfBrk = 0, startCode = -1, endCode = 0, startData = 0, endData = 0;

        for (int i = 0; i < phdrs.size(); i++) {
            ProgramHeader ph = phdrs.get(i);
            if (!ph.isLoad()) continue;
            // parse() guarantees vaddr + memsz <= TASK_SIZE; with the bias, wrap-around is checked here.
            long v = ph.vaddr() + bias;
            if (Long.compareUnsigned(v, TASK_SIZE) >= 0 || ph.memsz() > TASK_SIZE - v)
                throw new ElfFormatException("segment too large: segment " + i + " at 0x" + Long.toHexString(v)
                        + " with bias 0x" + Long.toHexString(bias) + " leaves user space");
            int prot = ph.prot();
            long pageOffset = v & (PAGE_SIZE - 1);
            long zeroStart;
            if (ph.filesz() != 0) {
                long mapStart = v - pageOffset;
                long mapEnd = pageAlign(v + ph.filesz());
                long fileStart = ph.offset() - pageOffset; // >= 0: offset and vaddr are congruent
                long visible = Math.min(mapEnd - mapStart, fileSize - fileStart);
                zeroStart = v + ph.filesz();
                if (ph.memsz() > ph.filesz() && (prot & LoadSegment.PROT_WRITE) != 0)
                    visible = zeroStart - mapStart; // padzero
                overwrite(pages, new LoadSegment(mapStart, mapEnd, prot, fileStart, visible));
            } else {
                zeroStart = v - pageOffset;
            }
            if (ph.memsz() > ph.filesz()) {
                long brkFrom = pageAlign(zeroStart), brkTo = pageAlign(v + ph.memsz());
                int brkProt = LoadSegment.PROT_READ | LoadSegment.PROT_WRITE | (prot & LoadSegment.PROT_EXEC);
                if (brkTo > brkFrom)
                    overwrite(pages, new LoadSegment(brkFrom, brkTo, brkProt, 0, 0));
            }
            // Linux's bookkeeping for mm->start_code etc. and the initial brk (unbiased, biased below).
            long k = ph.vaddr();
            if ((ph.flags() & ProgramHeader.PF_X) != 0 && Long.compareUnsigned(k, startCode) < 0) startCode = k;
            if (startData < k) startData = k;
            k = ph.vaddr() + ph.filesz();
            if ((ph.flags() & ProgramHeader.PF_X) != 0 && endCode < k) endCode = k;
            if (endData < k) endData = k;
            k = ph.vaddr() + ph.memsz();
            if (k > elfBrk) elfBrk = k;
        }

        List<LoadSegment> segments = coalesce(pages);
        return new LoadPlan(bias, segments, image.entry() + bias, image.phdrVaddr() + bias, pageAlign(elfBrk + bias),
                startCode + bias, endCode + bias, startData + bias, endData + bias);
    }

    /** Maps {@code seg} over whatever is in [seg.start, seg.end), as MAP_FIXED does. */
    private static void overwrite(TreeMap<Long, LoadSegment> pages, LoadSegment seg) {
        Map.Entry<Long, LoadSegment> e = pages.lowerEntry(seg.end());
        while (e != null && e.getValue().end() > seg.start()) {
            LoadSegment old = e.getValue();
            pages.remove(e.getKey());
            if (old.start() < seg.start()) {
                long len = seg.start() - old.start();
                long fb = Math.min(old.fileBytes(), len);
                pages.put(old.start(), new LoadSegment(old.start(), seg.start(), old.prot(), fb == 0 ? 0 : old.fileOffset(), fb));
            }
            if (old.end() > seg.end()) {
                long skip = seg.end() - old.start();
                long fb = Math.max(0, old.fileBytes() - skip);
                pages.put(seg.end(), new LoadSegment(seg.end(), old.end(), old.prot(), fb == 0 ? 0 : old.fileOffset() + skip, fb));
            }
            e = pages.lowerEntry(e.getKey());
        }
        pages.put(seg.start(), seg.fileBytes() == 0 ? new LoadSegment(seg.start(), seg.end(), seg.prot(), 0, 0) : seg);
    }

    /** Joins neighbours with the same protection when one LoadSegment can still describe their bytes. */
    private static List<LoadSegment> coalesce(TreeMap<Long, LoadSegment> pages) {
        List<LoadSegment> out = new ArrayList<>();
        LoadSegment cur = null;
        for (LoadSegment next : pages.values()) {
            if (cur != null && cur.end() == next.start() && cur.prot() == next.prot()) {
                if (next.fileBytes() == 0) { // zeros after whatever cur holds
                    cur = new LoadSegment(cur.start(), next.end(), cur.prot(), cur.fileOffset(), cur.fileBytes());
                    continue;
                }
                if (cur.fileBytes() == cur.length() && next.fileOffset() == cur.fileOffset() + cur.length()) { // file contiguous
                    cur = new LoadSegment(cur.start(), next.end(), cur.prot(), cur.fileOffset(), cur.fileBytes() + next.fileBytes());
                    continue;
                }
            }
            if (cur != null) out.add(cur);
            cur = next;
        }
        if (cur != null) out.add(cur);
        return List.copyOf(out);
    }

    static long pageStart(long v) {
        return v & -PAGE_SIZE;
    }

    static long pageAlign(long v) {
        return (v + PAGE_SIZE - 1) & -PAGE_SIZE;
    }

    /** The load bias (0 for ET_EXEC). */
    public long bias() {
        return bias;
    }

    /** The mappings, sorted by address, non-overlapping, page-aligned. */
    public List<LoadSegment> segments() {
        return segments;
    }

    /** e_entry + bias: where the program (not its interpreter) starts; AT_ENTRY. */
    public long entry() {
        return entry;
    }

    /** The program header table's address (AT_PHDR): {@link ElfImage#phdrVaddr()} + bias, as Linux adds the bias even to 0. */
    public long phdrAddr() {
        return phdrAddr;
    }

    /**
     * The initial program break (mm->start_brk = mm->brk): PAGEALIGN(max(p_vaddr + p_memsz) + bias).
     * That is Linux's value for ET_EXEC and for ET_DYN with PT_INTERP. For a static PIE (ET_DYN without
     * PT_INTERP) Linux 6.15+ (commit 11854fe263eb, also in 6.12.y) uses PAGEALIGN(ELF_ET_DYN_BASE)
     * instead, even with randomisation off, because it loads such a file in the mmap area; a loader
     * that places a static PIE at {@link #defaultBias} cannot do that (the brk would land on the image).
     */
    public long brkStart() {
        return brkStart;
    }

    /** Lowest mapped address. */
    public long lowAddr() {
        return segments.getFirst().start();
    }

    /** End of the highest mapping. */
    public long highAddr() {
        return segments.getLast().end();
    }

    /** mm->start_code: lowest p_vaddr of an executable PT_LOAD, biased (for /proc/pid/stat). */
    public long startCode() {
        return startCode;
    }

    /** mm->end_code: highest p_vaddr + p_filesz of an executable PT_LOAD, biased. */
    public long endCode() {
        return endCode;
    }

    /** mm->start_data: highest p_vaddr of any PT_LOAD, biased (Linux's definition). */
    public long startData() {
        return startData;
    }

    /** mm->end_data: highest p_vaddr + p_filesz of any PT_LOAD, biased. */
    public long endData() {
        return endData;
    }

    @Override
    public String toString() {
        return "LoadPlan[bias=0x" + Long.toHexString(bias) + ", entry=0x" + Long.toHexString(entry) + ", phdr=0x"
                + Long.toHexString(phdrAddr) + ", brk=0x" + Long.toHexString(brkStart) + ", " + segments + "]";
    }
}
