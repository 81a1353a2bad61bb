// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.elf;

import static dev.jlinux.elf.ProgramHeader.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ElfImageTest {
    private static final int RX = PF_R | PF_X, RW = PF_R | PF_W, R = PF_R;

    private static void rejects(TestElf elf, String message) {
        assertThatThrownBy(elf::parse).isInstanceOf(ElfFormatException.class).hasMessage(message);
    }

    private static void rejects(byte[] file, String message) {
        assertThatThrownBy(() -> ElfImage.parse(file)).isInstanceOf(ElfFormatException.class).hasMessage(message);
    }

    @Test
    void parsesMinimalExecutable() throws Exception {
        ElfImage img = TestElf.minimal().parse();
        assertThat(img.type()).isEqualTo(ElfType.EXEC);
        assertThat(img.entry()).isEqualTo(0x401000);
        assertThat(img.phnum()).isEqualTo(1);
        assertThat(img.phentsize()).isEqualTo(56);
        assertThat(img.phoff()).isEqualTo(64);
        assertThat(img.programHeaders()).containsExactly(new ProgramHeader(PT_LOAD, RX, 0x1000, 0x401000, 0x100, 0x100, 0x1000));
        assertThat(img.interpreter()).isEmpty();
        assertThat(img.phdrVaddr()).isZero(); // the table at file 64 is in no PT_LOAD
        assertThat(img.bytes()).hasSize(0x1100);
    }

    @Test
    void exceptionIsStacklessAndChecked() {
        ElfFormatException e = new ElfFormatException("x");
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e).isNotInstanceOf(RuntimeException.class).hasMessage("x");
    }

    // ---- identification and header ----

    @Test
    void rejectsNonElf() {
        rejects(new byte[0], "not an ELF file");
        rejects(new byte[] {0x7f, 'E', 'L'}, "not an ELF file");
        rejects("#!/bin/sh\necho hi\n".getBytes(), "not an ELF file");
        byte[] f = TestElf.minimal().build();
        f[1] = 'e';
        rejects(f, "not an ELF file");
    }

    @Test
    void rejectsTruncatedHeader() {
        TestElf t = TestElf.minimal();
        t.truncateTo = 63;
        rejects(t, "truncated ELF header");
        t.truncateTo = 4;
        rejects(t, "truncated ELF header");
    }

    @Test
    void rejectsWrongClass() {
        TestElf t = TestElf.minimal();
        t.elfClass = 1;
        rejects(t, "ELFCLASS32");
        t.elfClass = 0;
        rejects(t, "ELFCLASSNONE");
        t.elfClass = 7;
        rejects(t, "unknown ELF class 7");
    }

    @Test
    void rejectsBigEndian() {
        TestElf t = TestElf.minimal();
        t.data = 2;
        rejects(t, "not little-endian (ELFDATA2MSB)");
        t.data = 0;
        rejects(t, "not little-endian (EI_DATA 0)");
    }

    @Test
    void rejectsWrongVersions() {
        TestElf t = TestElf.minimal();
        t.identVersion = 0;
        rejects(t, "bad EI_VERSION 0");
        t = TestElf.minimal();
        t.version = 2;
        rejects(t, "bad e_version 2");
        t.version = 0xffffffffL;
        rejects(t, "bad e_version 4294967295");
    }

    @Test
    void rejectsOtherTypes() {
        TestElf t = TestElf.minimal();
        t.type = ElfImage.ET_REL;
        rejects(t, "ET_REL");
        t.type = ElfImage.ET_CORE;
        rejects(t, "ET_CORE");
        t.type = ElfImage.ET_NONE;
        rejects(t, "ET_NONE");
        t.type = 0xfe00;
        rejects(t, "unsupported e_type 0xfe00");
    }

    @Test
    void rejectsOtherMachines() {
        TestElf t = TestElf.minimal();
        t.machine = 40;
        rejects(t, "not EM_X86_64 (machine 40)");
        t.machine = 3;
        rejects(t, "not EM_X86_64 (machine 3)");
    }

    @Test
    void checksTypeBeforeMachineLikeLinux() {
        TestElf t = TestElf.minimal();
        t.machine = 40;
        t.type = ElfImage.ET_REL;
        rejects(t, "ET_REL");
    }

    // ---- program header table ----

    @Test
    void rejectsWrongPhentsize() {
        TestElf t = TestElf.minimal();
        t.phentsize = 32;
        rejects(t, "e_phentsize 32 is not 56");
    }

    @Test
    void rejectsPhnumZeroOrAbsurd() {
        TestElf t = TestElf.minimal();
        t.phnum = 0;
        rejects(t, "no program headers (e_phnum 0)");
        t.phnum = 65536 / 56 + 1;
        rejects(t, "too many program headers (e_phnum 1171)");
        t.phnum = 0xffff; // PN_XNUM: extended numbering is for core dumps only
        rejects(t, "too many program headers (e_phnum 65535)");
    }

    @Test
    void acceptsTheLargestTableLinuxReads() throws Exception {
        TestElf t = TestElf.minimal();
        t.phoff = 0x2000;
        for (int i = 1; i < 65536 / 56; i++) t.phdr(PT_NOTE, R, 0, 0, 0, 0, 4);
        assertThat(t.parse().phnum()).isEqualTo(1170);
    }

    @Test
    void rejectsPhdrTableOutsideFile() {
        rejects(TestElf.minimal().phoff(0x10f0).size(0x1100), "program header table outside the file"); // ends 0x28 bytes past EOF
        rejects(TestElf.minimal().phoff(-8), "program header table outside the file");     // huge unsigned offset
        rejects(TestElf.minimal().phoff(Long.MAX_VALUE), "program header table outside the file");
        TestElf t = TestElf.minimal();
        t.phnum = 1000;
        rejects(t, "program header table outside the file");
    }

    @Test
    void acceptsPhdrTableEndingAtEof() throws Exception {
        TestElf t = TestElf.minimal().phoff(0x1100 - 56);
        assertThat(t.parse().phoff()).isEqualTo(0x1100 - 56);
    }

    // ---- PT_LOAD ----

    @Test
    void rejectsSegmentOutsideFile() {
        rejects(TestElf.minimal().load(RW, 0x2000, 0x402000, 0x100, 0x100).size(0x2050), "segment 1 outside the file");
        rejects(TestElf.minimal().load(RW, -0x1000, 0x402000, 0x2000, 0x2000), "segment 1 outside the file");
        rejects(TestElf.minimal().load(RW, 0x1000, 0x402000, Long.MAX_VALUE, Long.MAX_VALUE), "segment too large: segment 1 (p_vaddr 0x402000, p_memsz 0x7fffffffffffffff)");
    }

    @Test
    void ignoresOffsetOfSegmentWithoutFileBytes() throws Exception {
        // Linux maps nothing from the file when p_filesz is 0, so p_offset is irrelevant.
        ElfImage img = TestElf.minimal().load(RW, 0x7fffffffffff0123L, 0x403000, 0, 0x2000).parse();
        assertThat(img.loadHeaders()).hasSize(2);
    }

    @Test
    void rejectsFileszAboveMemsz() {
        rejects(TestElf.minimal().load(RW, 0x1000, 0x402000, 0x100, 0xff), "p_filesz > p_memsz in segment 1");
        // unsigned: a "negative" filesz is huge
        rejects(TestElf.minimal().load(RW, 0x1000, 0x402000, -1, 0x100), "p_filesz > p_memsz in segment 1");
    }

    @Test
    void rejectsSegmentsBeyondUserSpace() {
        rejects(TestElf.minimal().load(RW, 0, 0x7ffffffff000L, 0, 0x1000),
                "segment too large: segment 1 (p_vaddr 0x7ffffffff000, p_memsz 0x1000)");
        rejects(TestElf.minimal().load(RW, 0, 0x7fffffffe000L, 0, 0x1001),
                "segment too large: segment 1 (p_vaddr 0x7fffffffe000, p_memsz 0x1001)");
        rejects(TestElf.minimal().load(RW, 0, 0x1000, 0, 1L << 47),
                "segment too large: segment 1 (p_vaddr 0x1000, p_memsz 0x800000000000)");
        rejects(TestElf.minimal().load(RW, 0, -0x1000, 0, 0x2000), // end wraps around 2^64
                "segment too large: segment 1 (p_vaddr 0xfffffffffffff000, p_memsz 0x2000)");
        rejects(TestElf.minimal().load(RW, 0, 0x8000000000000000L, 0, 0),
                "segment too large: segment 1 (p_vaddr 0x8000000000000000, p_memsz 0x0)");
    }

    @Test
    void acceptsSegmentEndingAtTopOfUserSpace() throws Exception {
        ElfImage img = TestElf.minimal().load(RW, 0, 0x7fffffffe000L, 0, 0x1000).parse();
        assertThat(img.loadHeaders()).hasSize(2);
    }

    @Test
    void rejectsOffsetIncongruentWithVaddr() {
        rejects(TestElf.minimal().load(RW, 0x1010, 0x402000, 0x10, 0x10),
                "segment 1: p_offset 0x1010 and p_vaddr 0x402000 differ modulo the page size");
    }

    @Test
    void acceptsNonPowerOfTwoAlignLikeLinux() throws Exception {
        // maximum_alignment() skips such p_align values; nothing else in load_elf_binary reads them.
        ElfImage img = TestElf.exec().entry(0x401000).phdr(PT_LOAD, RX, 0x1000, 0x401000, 0x100, 0x100, 3000).parse();
        assertThat(img.maximumAlignment()).isEqualTo(0);
    }

    @Test
    void rejectsOverlappingLoads() {
        rejects(TestElf.minimal().load(RW, 0x1000, 0x4010ff, 0, 0x10), "overlapping PT_LOAD segments (0 and 1)");
        // detected whatever the header order, and across a segment in between
        rejects(TestElf.exec().entry(0x405000)
                        .load(RW, 0, 0x400000, 0, 0x10000)
                        .load(RX, 0x1000, 0x405000, 0x10, 0x10)
                        .load(RW, 0, 0x402000, 0, 0x1000),
                "overlapping PT_LOAD segments (0 and 2)");
        rejects(TestElf.exec().entry(0x405000)
                        .load(RX, 0x1000, 0x405000, 0x10, 0x10)
                        .load(RW, 0, 0x400000, 0, 0x3000)
                        .load(RW, 0, 0x402000, 0, 0x1000),
                "overlapping PT_LOAD segments (1 and 2)");
    }

    @Test
    void acceptsLoadsSharingAPageAndEmptyLoads() throws Exception {
        ElfImage img = TestElf.minimal()
                .load(RW, 0x1100, 0x401100, 0x10, 0x20)   // same page, right after the text
                .load(RW, 0, 0x401000, 0, 0)              // empty: overlaps nothing
                .parse();
        assertThat(img.loadHeaders()).hasSize(3);
    }

    @Test
    void rejectsNoLoad() {
        rejects(TestElf.exec().entry(0x401000).phdr(PT_NOTE, R, 0x100, 0, 4, 4, 4), "no PT_LOAD segment");
    }

    @Test
    void rejectsEntryOutsideExecutableSegments() {
        rejects(TestElf.minimal().entry(0x401100), "entry point 0x401100 outside every executable segment");
        rejects(TestElf.minimal().entry(0x400fff), "entry point 0x400fff outside every executable segment");
        rejects(TestElf.minimal().entry(0), "entry point 0x0 outside every executable segment");
        rejects(TestElf.minimal().entry(-1), "entry point 0xffffffffffffffff outside every executable segment");
        // in a segment, but not an executable one
        rejects(TestElf.exec().entry(0x402000).load(RX, 0x1000, 0x401000, 0x10, 0x10).load(RW, 0x1010, 0x402010, 0x10, 0x10).entry(0x402010),
                "entry point 0x402010 outside every executable segment");
    }

    @Test
    void acceptsEntryInExecutableBss() throws Exception {
        assertThat(TestElf.exec().entry(0x401800).load(RX, 0x1000, 0x401000, 0x100, 0x1000).parse().entry()).isEqualTo(0x401800);
    }

    // ---- PT_INTERP ----

    @Test
    void parsesInterpreter() throws Exception {
        ElfImage img = TestElf.minimal().interp(0x200, "/lib64/ld-linux-x86-64.so.2").parse();
        assertThat(img.interpreter()).contains("/lib64/ld-linux-x86-64.so.2");
        assertThat(img.interpreterBytes()).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("/lib64/ld-linux-x86-64.so.2"));
    }

    @Test
    void interpreterStopsAtFirstNulAndFirstHeaderWins() throws Exception {
        ElfImage img = TestElf.minimal()
                .phdr(PT_INTERP, R, 0x200, 0, 8, 8, 1).patch(0x200, "/a\0junk\0".getBytes())
                .interp(0x300, "/second")
                .parse();
        assertThat(img.interpreter()).contains("/a");
    }

    @Test
    void rejectsBadInterpreter() {
        rejects(TestElf.minimal().phdr(PT_INTERP, R, 0x200, 0, 8, 8, 1).patch(0x200, "/lib/ld!".getBytes()),
                "PT_INTERP not NUL-terminated");
        rejects(TestElf.minimal().phdr(PT_INTERP, R, 0x200, 0, 4097, 4097, 1), "PT_INTERP size 4097 out of range");
        rejects(TestElf.minimal().phdr(PT_INTERP, R, 0x200, 0, 1, 1, 1).patch(0x200, (byte) 0), "PT_INTERP size 1 out of range");
        rejects(TestElf.minimal().phdr(PT_INTERP, R, 0x200, 0, -1, -1, 1), "PT_INTERP size 18446744073709551615 out of range");
        rejects(TestElf.minimal().phdr(PT_INTERP, R, 0x10f8, 0, 16, 16, 1).size(0x1100), "PT_INTERP outside the file");
        rejects(TestElf.minimal().phdr(PT_INTERP, R, -4, 0, 16, 16, 1), "PT_INTERP outside the file");
    }

    @Test
    void acceptsInterpreterOfPathMax() throws Exception {
        String path = "/" + "x".repeat(4094);
        assertThat(TestElf.minimal().interp(0x2000, path).parse().interpreter()).contains(path);
    }

    // ---- PT_GNU_STACK ----

    @Test
    void gnuStack() throws Exception {
        assertThat(TestElf.minimal().parse().executableStack()).as("no PT_GNU_STACK on x86-64: exec-none").isFalse();
        assertThat(TestElf.minimal().parse().hasGnuStack()).isFalse();
        assertThat(TestElf.minimal().phdr(PT_GNU_STACK, RW, 0, 0, 0, 0, 16).parse().executableStack()).isFalse();
        ElfImage rwx = TestElf.minimal().phdr(PT_GNU_STACK, RW | PF_X, 0, 0, 0, 0, 16).parse();
        assertThat(rwx.executableStack()).isTrue();
        assertThat(rwx.hasGnuStack()).isTrue();
        // Linux's switch has no early exit: the last PT_GNU_STACK wins
        assertThat(TestElf.minimal().phdr(PT_GNU_STACK, RW | PF_X, 0, 0, 0, 0, 16).phdr(PT_GNU_STACK, RW, 0, 0, 0, 0, 16)
                .parse().executableStack()).isFalse();
        assertThat(TestElf.minimal().phdr(PT_GNU_STACK, RW, 0, 0, 0, 0, 16).phdr(PT_GNU_STACK, PF_X, 0, 0, 0, 0, 16)
                .parse().executableStack()).isTrue();
    }

    // ---- AT_PHDR ----

    @Test
    void phdrVaddrFromTheLoadHoldingTheTable() throws Exception {
        // Typical: first PT_LOAD maps file offset 0, PT_PHDR says the same thing.
        ElfImage img = TestElf.exec().entry(0x401000)
                .phdr(PT_PHDR, R, 64, 0x400040, 3 * 56, 3 * 56, 8)
                .load(R, 0, 0x400000, 0x200, 0x200)
                .load(RX, 0x1000, 0x401000, 0x100, 0x100)
                .parse();
        assertThat(img.phdrVaddr()).isEqualTo(0x400040);
    }

    @Test
    void phdrVaddrWithoutPtPhdr() throws Exception {
        ElfImage img = TestElf.exec().entry(0x401000).phoff(0x1040)
                .load(RX, 0x1000, 0x401000, 0x200, 0x200).parse();
        assertThat(img.phdrVaddr()).isEqualTo(0x401040);
    }

    @Test
    void phdrVaddrFollowsLinuxNotPtPhdr() throws Exception {
        // PT_PHDR claims 0x500000, but the table actually sits in the text mapping: Linux reports where it is.
        ElfImage img = TestElf.exec().entry(0x401000).phoff(0x1040)
                .phdr(PT_PHDR, R, 0x1040, 0x500000, 2 * 56, 2 * 56, 8)
                .load(RX, 0x1000, 0x401000, 0x200, 0x200).parse();
        assertThat(img.phdrVaddr()).isEqualTo(0x401040);
        // ... and 0 if no PT_LOAD covers e_phoff, whatever PT_PHDR says
        ElfImage unmapped = TestElf.exec().entry(0x401000)
                .phdr(PT_PHDR, R, 64, 0x400040, 2 * 56, 2 * 56, 8)
                .load(RX, 0x1000, 0x401000, 0x200, 0x200).parse();
        assertThat(unmapped.phdrVaddr()).isZero();
    }

    @Test
    void phdrVaddrLastMatchingLoadWins() throws Exception {
        ElfImage img = TestElf.exec().entry(0x401000)
                .load(RX, 0, 0x401000, 0x200, 0x200)
                .load(R, 0, 0x600000, 0x100, 0x100)
                .parse();
        assertThat(img.phdrVaddr()).isEqualTo(0x600040);
    }

    @Test
    void maximumAlignment() throws Exception {
        ElfImage img = TestElf.exec().entry(0x401000)
                .phdr(PT_LOAD, RX, 0x1000, 0x401000, 0x100, 0x100, 0x200000)
                .phdr(PT_LOAD, RW, 0x1100, 0x402100, 0x100, 0x100, 0x1000)
                .phdr(PT_TLS, R, 0x1100, 0x402100, 0x10, 0x10, 0x4000000)
                .parse();
        assertThat(img.maximumAlignment()).isEqualTo(0x200000);
        assertThat(TestElf.exec().entry(0x401000).phdr(PT_LOAD, RX, 0x1000, 0x401000, 1, 1, 16).parse().maximumAlignment())
                .isEqualTo(4096);
    }

    // ---- robustness ----

    @Test
    void craftedFilesOnlyEverThrowElfFormatException() {
        byte[] base = TestElf.exec().entry(0x401000)
                .phdr(PT_PHDR, R, 64, 0x400040, 5 * 56, 5 * 56, 8)
                .load(R, 0, 0x400000, 0x200, 0x200)
                .load(RX, 0x1000, 0x401000, 0x100, 0x100)
                .load(RW, 0x1100, 0x402100, 0x40, 0x3000)
                .interp(0x180, "/lib/ld.so")
                .build();
        Random rnd = new Random(42);
        int parsed = 0;
        for (int round = 0; round < 50_000; round++) {
            byte[] f = base.clone();
            int edits = 1 + rnd.nextInt(6);
            for (int e = 0; e < edits; e++) {
                int at = rnd.nextInt(Math.min(f.length, 64 + 5 * 56));
                switch (rnd.nextInt(4)) {
                    case 0 -> f[at] = (byte) rnd.nextInt();
                    case 1 -> f[at] ^= (byte) (1 << rnd.nextInt(8));
                    case 2 -> { // a whole 8-byte field set to an edge value
                        long[] edge = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x7ffffffff000L, 1L << 47, f.length, 0x1000};
                        long v = edge[rnd.nextInt(edge.length)];
                        int p = at & ~7;
                        for (int k = 0; k < 8 && p + k < f.length; k++) f[p + k] = (byte) (v >>> (8 * k));
                    }
                    default -> f = java.util.Arrays.copyOf(f, rnd.nextInt(f.length + 1));
                }
                if (f.length == 0) break;
            }
            try {
                ElfImage img = ElfImage.parse(f);
                LoadPlan.of(img, LoadPlan.defaultBias(img));
                parsed++;
            } catch (ElfFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThat(parsed).isPositive();
    }
}
