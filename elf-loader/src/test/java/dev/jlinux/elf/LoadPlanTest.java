// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.elf;

import static dev.jlinux.elf.LoadSegment.PROT_EXEC;
import static dev.jlinux.elf.LoadSegment.PROT_READ;
import static dev.jlinux.elf.LoadSegment.PROT_WRITE;
import static dev.jlinux.elf.ProgramHeader.PF_R;
import static dev.jlinux.elf.ProgramHeader.PF_W;
import static dev.jlinux.elf.ProgramHeader.PF_X;
import static dev.jlinux.elf.ProgramHeader.PT_LOAD;
import static dev.jlinux.elf.ProgramHeader.PT_NOTE;
import static dev.jlinux.syscalls.Auxv.AT_ENTRY;
import static dev.jlinux.syscalls.Auxv.AT_PHDR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LoadPlan} against what Linux's {@code load_elf_binary}/{@code elf_load} (fs/binfmt_elf.c,
 * 6.x) leave in memory: first on crafted images with hand-computed expectations, then on the same
 * kinds of images executed by the host kernel ({@link OnTheHostKernel}), then on real static
 * binaries compared with {@code readelf -lW} ({@link RealBinaries}).
 */
class LoadPlanTest {
    private static final int R = PF_R, RW = PF_R | PF_W, RX = PF_R | PF_X;
    private static final int P_R = PROT_READ, P_RW = PROT_READ | PROT_WRITE, P_RX = PROT_READ | PROT_EXEC;
    private static final long PAGE = LoadPlan.PAGE_SIZE;

    private static LoadPlan plan(TestElf t, long bias) throws ElfFormatException {
        return LoadPlan.of(t.parse(), bias);
    }

    private static byte[] file(byte[] f, long from, long to) {
        return Arrays.copyOfRange(f, (int) from, (int) to);
    }

    private static byte[] zeros(long n) {
        return new byte[(int) n];
    }

    // ---- where segments go ----

    @Test
    void execIsMappedAtItsOwnAddresses() throws Exception {
        TestElf t = TestElf.minimal(); // R+X, file 0x1000..0x1100 at 0x401000; the file ends at 0x1100
        byte[] f = t.build();
        LoadPlan p = plan(t, 0);
        assertThat(p.bias()).isZero();
        assertThat(p.segments()).containsExactly(new LoadSegment(0x401000, 0x402000, P_RX, 0x1000, 0x100));
        assertThat(p.entry()).isEqualTo(0x401000);
        assertThat(p.lowAddr()).isEqualTo(0x401000);
        assertThat(p.highAddr()).isEqualTo(0x402000);
        assertThat(p.brkStart()).isEqualTo(0x402000);
        // the rest of the page lies past the end of the file: zero, as in a file mapping
        assertThat(TestElf.materialise(p, f, 0x401000, 0x402000))
                .isEqualTo(concat(file(f, 0x1000, 0x1100), zeros(0xf00)));
    }

    @Test
    void execRefusesABias() {
        assertThatThrownBy(() -> plan(TestElf.minimal(), 0x1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ET_EXEC is mapped at its own addresses; bias must be 0, not 0x1000");
    }

    @Test
    void biasMustBePageAligned() {
        assertThatThrownBy(() -> plan(dynImage(), 0x7f0000000800L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bias 0x7f0000000800 is not page-aligned");
    }

    /** Headers page (R, holding the phdrs), text (R+X), data + bss (RW): a small static PIE. */
    private static TestElf dynImage() {
        return TestElf.dyn().entry(0x1010)
                .load(R, 0, 0, 0x300, 0x300)
                .load(RX, 0x1000, 0x1000, 0x200, 0x200)
                .load(RW, 0x2000, 0x2000, 0x80, 0x1800);
    }

    @Test
    void dynIsMappedAtItsAddressesPlusTheBias() throws Exception {
        long b = 0x7f1234560000L;
        TestElf t = dynImage();
        byte[] f = t.build(); // 0x2080 bytes
        LoadPlan p = plan(t, b);
        assertThat(p.bias()).isEqualTo(b);
        assertThat(p.segments()).containsExactly(
                new LoadSegment(b, b + 0x1000, P_R, 0, 0x1000),                // memsz == filesz: the page's tail keeps the file
                new LoadSegment(b + 0x1000, b + 0x2000, P_RX, 0x1000, 0x1000),
                new LoadSegment(b + 0x2000, b + 0x4000, P_RW, 0x2000, 0x80));  // padzero, then one page of bss
        assertThat(p.entry()).isEqualTo(b + 0x1010);
        assertThat(p.phdrAddr()).isEqualTo(b + 64);
        assertThat(p.brkStart()).isEqualTo(b + 0x4000);
        assertThat(p.startCode()).isEqualTo(b + 0x1000);
        assertThat(p.endCode()).isEqualTo(b + 0x1200);
        assertThat(p.startData()).isEqualTo(b + 0x2000);
        assertThat(p.endData()).isEqualTo(b + 0x2080);
        assertThat(TestElf.materialise(p, f, b + 0x1000, b + 0x1200)).isEqualTo(file(f, 0x1000, 0x1200));

        // The same image unbiased sits at its link addresses, page 0 included.
        LoadPlan unbiased = plan(t, 0);
        assertThat(unbiased.segments()).extracting(LoadSegment::start).containsExactly(0L, 0x1000L, 0x2000L);
        assertThat(unbiased.entry()).isEqualTo(0x1010);
        assertThat(unbiased.brkStart()).isEqualTo(0x4000);
    }

    @Test
    void segmentBoundsArePageRounded() throws Exception {
        // starts and ends inside one page
        LoadPlan p = plan(TestElf.exec().entry(0x401234).load(RX, 0x1234, 0x401234, 0x100, 0x100), 0);
        assertThat(p.segments()).containsExactly(new LoadSegment(0x401000, 0x402000, P_RX, 0x1000, 0x334));
        // straddles a page boundary
        p = plan(TestElf.exec().entry(0x401f00).load(RX, 0xf00, 0x401f00, 0x200, 0x200), 0);
        assertThat(p.segments()).containsExactly(new LoadSegment(0x401000, 0x403000, P_RX, 0, 0x1100));
        // exactly one page
        p = plan(TestElf.exec().entry(0x401000).load(RX, 0x1000, 0x401000, 0x1000, 0x1000), 0);
        assertThat(p.segments()).containsExactly(new LoadSegment(0x401000, 0x402000, P_RX, 0x1000, 0x1000));
        for (LoadSegment s : plan(dynImage(), 0x10000).segments())
            assertThat(s.start() % PAGE == 0 && s.end() % PAGE == 0).as("%s", s).isTrue();
    }

    @Test
    void protectionComesFromPFlags() throws Exception {
        for (int flags = 0; flags < 8; flags++) {
            int want = ((flags & PF_R) != 0 ? PROT_READ : 0) | ((flags & PF_W) != 0 ? PROT_WRITE : 0) | ((flags & PF_X) != 0 ? PROT_EXEC : 0);
            LoadPlan p = plan(TestElf.minimal().load(flags, 0x2000, 0x403000, 0x10, 0x10), 0);
            assertThat(p.segments()).as("p_flags %d", flags).hasSize(2);
            assertThat(p.segments().get(1)).as("p_flags %d", flags).isEqualTo(new LoadSegment(0x403000, 0x404000, want, 0x2000, 0x10));
        }
        // PF_MASKOS / PF_MASKPROC bits are not protection bits
        LoadPlan p = plan(TestElf.minimal().load(0xfff00000 | PF_R, 0x2000, 0x403000, 0x10, 0x10), 0);
        assertThat(p.segments().get(1).prot()).isEqualTo(P_R);
        assertThat(p.segments().get(1).protString()).isEqualTo("r--");
        assertThat(p.segments().get(0).protString()).isEqualTo("r-x");
    }

    // ---- file bytes, bss and the last file page ----

    @Test
    void bssClearsTheRestOfTheLastFilePageOfAWritableSegment() throws Exception {
        // data: 0x234 file bytes at 0x403000, then bss up to 0x406000; the file goes on past 0x2234
        TestElf t = TestElf.minimal().load(RW, 0x2000, 0x403000, 0x234, 0x3000).size(0x4000);
        byte[] f = t.build();
        assertThat(f[0x2234]).as("the file has bytes after p_filesz").isNotZero();
        LoadPlan p = plan(t, 0);
        assertThat(p.segments()).containsExactly(
                new LoadSegment(0x401000, 0x402000, P_RX, 0x1000, 0x1000),
                new LoadSegment(0x403000, 0x406000, P_RW, 0x2000, 0x234));
        byte[] mem = TestElf.materialise(p, f, 0x403000, 0x406000);
        assertThat(Arrays.copyOfRange(mem, 0, 0x234)).isEqualTo(file(f, 0x2000, 0x2234));
        assertThat(Arrays.copyOfRange(mem, 0x234, 0x1000)).as("padzero: rest of the last file page").isEqualTo(zeros(0x1000 - 0x234));
        assertThat(Arrays.copyOfRange(mem, 0x1000, 0x3000)).as("bss pages").isEqualTo(zeros(0x2000));
        assertThat(p.brkStart()).isEqualTo(0x406000);
    }

    @Test
    void bytesBeforeAnUnalignedVaddrComeFromTheFile() throws Exception {
        TestElf t = TestElf.minimal().load(RW, 0x2100, 0x403100, 0x100, 0x1000).size(0x4000);
        byte[] f = t.build();
        LoadPlan p = plan(t, 0);
        assertThat(p.segments().get(1)).isEqualTo(new LoadSegment(0x403000, 0x405000, P_RW, 0x2000, 0x200));
        byte[] mem = TestElf.materialise(p, f, 0x403000, 0x405000);
        assertThat(Arrays.copyOfRange(mem, 0, 0x200)).isEqualTo(file(f, 0x2000, 0x2200));
        assertThat(Arrays.copyOfRange(mem, 0x200, 0x2000)).isEqualTo(zeros(0x1e00));
        assertThat(p.brkStart()).isEqualTo(0x405000); // PAGEALIGN(0x403100 + 0x1000)
    }

    @Test
    void readOnlySegmentWithBssKeepsTheFileBytesInItsLastFilePage() throws Exception {
        // Linux's padzero faults on the read-only page and elf_load ignores the error
        // ("Zero the end of the last mapped page but ignore any errors if the segment isn't writable"),
        // so the file's bytes stay; the pages after it come from vm_brk and are read-write.
        TestElf t = TestElf.minimal().load(R, 0x2000, 0x403000, 0x234, 0x2000).size(0x4000);
        byte[] f = t.build();
        LoadPlan p = plan(t, 0);
        assertThat(p.segments()).containsExactly(
                new LoadSegment(0x401000, 0x402000, P_RX, 0x1000, 0x1000),
                new LoadSegment(0x403000, 0x404000, P_R, 0x2000, 0x1000),
                new LoadSegment(0x404000, 0x405000, P_RW, 0, 0));
        assertThat(TestElf.materialise(p, f, 0x403000, 0x404000)).isEqualTo(file(f, 0x2000, 0x3000));
    }

    @Test
    void bssOfAnExecutableSegmentIsReadWriteExecute() throws Exception {
        TestElf t = TestElf.exec().entry(0x401000).load(RX, 0x1000, 0x401000, 0x100, 0x2000).size(0x3000);
        LoadPlan p = plan(t, 0);
        assertThat(p.segments()).containsExactly(
                new LoadSegment(0x401000, 0x402000, P_RX, 0x1000, 0x1000), // not writable: no padzero
                new LoadSegment(0x402000, 0x403000, P_RW | PROT_EXEC, 0, 0));
        assertThat(p.segments().get(1).protString()).isEqualTo("rwx");
    }

    @Test
    void withoutBssTheTailOfTheLastPageKeepsTheFileOrZeroPastEof() throws Exception {
        TestElf t = TestElf.minimal().load(RW, 0x2000, 0x403000, 0x234, 0x234).size(0x4000);
        byte[] f = t.build();
        LoadPlan p = plan(t, 0);
        assertThat(p.segments().get(1)).isEqualTo(new LoadSegment(0x403000, 0x404000, P_RW, 0x2000, 0x1000));
        assertThat(TestElf.materialise(p, f, 0x403000, 0x404000)).isEqualTo(file(f, 0x2000, 0x3000));

        t = TestElf.minimal().load(RW, 0x2000, 0x403000, 0x234, 0x234); // the file ends at 0x2234
        f = t.build();
        p = plan(t, 0);
        assertThat(p.segments().get(1)).isEqualTo(new LoadSegment(0x403000, 0x404000, P_RW, 0x2000, 0x234));
        assertThat(TestElf.materialise(p, f, 0x403000, 0x404000)).isEqualTo(concat(file(f, 0x2000, 0x2234), zeros(0x1000 - 0x234)));
    }

    @Test
    void segmentWithoutFileBytesIsAnonymousFromTheStartOfItsFirstPage() throws Exception {
        LoadPlan p = plan(TestElf.minimal().load(RW, 0x7fff0000L, 0x405800, 0, 0x1800), 0); // p_offset is ignored
        assertThat(p.segments().get(1)).isEqualTo(new LoadSegment(0x405000, 0x407000, P_RW, 0, 0));
        assertThat(p.brkStart()).isEqualTo(0x407000);
        // An empty PT_LOAD maps nothing but still counts for start_data.
        p = plan(TestElf.minimal().load(RW, 0, 0x409000, 0, 0), 0);
        assertThat(p.segments()).hasSize(1);
        assertThat(p.startData()).isEqualTo(0x409000);
        assertThat(p.brkStart()).isEqualTo(0x409000);
    }

    @Test
    void segmentWithoutFileBytesReplacesTheSharedPageOfTheSegmentBeforeIt() throws Exception {
        // elf_load: p_filesz == 0 -> vm_brk_flags(ELF_PAGESTART(addr), ...), which unmaps what was there:
        // the data segment's file bytes on page 0x404000 are gone.
        TestElf t = TestElf.minimal().load(RW, 0x2000, 0x404000, 0x100, 0x100).load(RW, 0, 0x404800, 0, 0x1000);
        byte[] f = t.build();
        LoadPlan p = plan(t, 0);
        assertThat(p.segments()).containsExactly(
                new LoadSegment(0x401000, 0x402000, P_RX, 0x1000, 0x1000),
                new LoadSegment(0x404000, 0x406000, P_RW, 0, 0));
        assertThat(TestElf.materialise(p, f, 0x404000, 0x404100)).isEqualTo(zeros(0x100));
    }

    // ---- two segments on one page ----

    @Test
    void segmentsSharingAFilePageButNotAMemoryPageEachSeeTheWholeFilePage() throws Exception {
        // What GNU ld produces: rodata ends at file 0x2800, data starts at file 0x2800 but one page further
        // in memory (0x403800), so the file page 0x2000 is mapped twice.
        TestElf t = TestElf.exec().entry(0x401000)
                .load(RX, 0x1000, 0x401000, 0x100, 0x100)
                .load(R, 0x2000, 0x402000, 0x800, 0x800)
                .load(RW, 0x2800, 0x403800, 0x100, 0x1000);
        byte[] f = t.build(); // ends at 0x2900
        LoadPlan p = plan(t, 0);
        assertThat(p.segments()).containsExactly(
                new LoadSegment(0x401000, 0x402000, P_RX, 0x1000, 0x1000),
                new LoadSegment(0x402000, 0x403000, P_R, 0x2000, 0x900),   // rodata page shows the start of .data too
                new LoadSegment(0x403000, 0x405000, P_RW, 0x2000, 0x900)); // data page shows the end of rodata
        assertThat(TestElf.materialise(p, f, 0x402800, 0x402900)).isEqualTo(file(f, 0x2800, 0x2900));
        assertThat(TestElf.materialise(p, f, 0x403000, 0x403800)).isEqualTo(file(f, 0x2000, 0x2800));
        assertThat(TestElf.materialise(p, f, 0x403900, 0x405000)).isEqualTo(zeros(0x1700));
    }

    @Test
    void segmentsSharingAMemoryPageLeaveThePageToTheLaterOne() throws Exception {
        // Text ends and data starts in the same page (file-contiguous, as a linker without the
        // max-page-size gap produces): the data segment's MAP_FIXED replaces the whole page, so the
        // end of the text becomes read-write and non-executable, exactly as on Linux.
        TestElf t = TestElf.exec().entry(0x401000)
                .load(RX, 0x1000, 0x401000, 0x800, 0x800)
                .load(RW, 0x1800, 0x401800, 0x100, 0x1000);
        byte[] f = t.build();
        LoadPlan p = plan(t, 0);
        assertThat(p.segments()).containsExactly(new LoadSegment(0x401000, 0x403000, P_RW, 0x1000, 0x900));
        assertThat(TestElf.materialise(p, f, 0x401000, 0x401900)).isEqualTo(file(f, 0x1000, 0x1900));
        assertThat(p.startCode()).isEqualTo(0x401000);
        assertThat(p.endCode()).isEqualTo(0x401800);

        // When the offsets are not contiguous the later segment's file page wins, bytes and protection:
        // what the R segment put at 0x402000..0x402800 is not what memory shows.
        t = TestElf.exec().entry(0x401000)
                .load(RX, 0x1000, 0x401000, 0x100, 0x100)
                .load(R, 0x2000, 0x402000, 0x800, 0x800)
                .load(RW, 0x3800, 0x402800, 0x100, 0x1000);
        f = t.build();
        p = plan(t, 0);
        assertThat(p.segments()).containsExactly(
                new LoadSegment(0x401000, 0x402000, P_RX, 0x1000, 0x1000),
                new LoadSegment(0x402000, 0x404000, P_RW, 0x3000, 0x900));
        assertThat(TestElf.materialise(p, f, 0x402000, 0x402800)).isEqualTo(file(f, 0x3000, 0x3800)).isNotEqualTo(file(f, 0x2000, 0x2800));
    }

    // ---- brk, entry, AT_PHDR, mm fields ----

    @Test
    void brkStartIsThePageAlignedEndOfTheHighestSegment() throws Exception {
        // listed before the text, bss ending mid-page
        assertThat(plan(TestElf.exec().entry(0x401000).load(RW, 0x2000, 0x600000, 0x10, 0x1234)
                .load(RX, 0x1000, 0x401000, 0x100, 0x100), 0).brkStart()).isEqualTo(0x602000);
        // ending exactly on a page: no gap page (that is only added with randomisation)
        assertThat(plan(TestElf.minimal().load(RW, 0x2000, 0x600000, 0x10, 0x2000), 0).brkStart()).isEqualTo(0x602000);
        // p_memsz counts, not p_filesz
        assertThat(plan(TestElf.minimal().load(RW, 0x2000, 0x600000, 0x10, 0x10), 0).brkStart()).isEqualTo(0x601000);
        // a bss-only segment above everything else
        assertThat(plan(TestElf.minimal().load(RW, 0, 0x700000, 0, 0x10), 0).brkStart()).isEqualTo(0x701000);
        // headers other than PT_LOAD do not count
        assertThat(plan(TestElf.minimal().phdr(PT_NOTE, R, 0x100, 0x900000, 0x10, 0x10, 4), 0).brkStart()).isEqualTo(0x402000);
        // biased
        assertThat(plan(dynImage(), 0x555555554000L).brkStart()).isEqualTo(0x555555558000L);
    }

    @Test
    void entryAndPhdrAddressAreBiased() throws Exception {
        long b = 0x7ffff7f47000L;
        LoadPlan p = plan(dynImage(), b);
        assertThat(p.entry()).isEqualTo(b + 0x1010);
        assertThat(p.phdrAddr()).isEqualTo(b + 64);
        // phdrs not inside any PT_LOAD: AT_PHDR is 0 + bias, as Linux computes it
        TestElf t = TestElf.dyn().entry(0x1010).phoff(0x2100).load(RX, 0x1000, 0x1000, 0x100, 0x100).size(0x3000);
        assertThat(t.parse().phdrVaddr()).isZero();
        assertThat(plan(t, b).phdrAddr()).isEqualTo(b);
        // ET_EXEC: phdrs inside a PT_LOAD at file offset 0
        p = plan(TestElf.exec().entry(0x401000).load(R, 0, 0x400000, 0x200, 0x200).load(RX, 0x1000, 0x401000, 0x10, 0x10), 0);
        assertThat(p.phdrAddr()).isEqualTo(0x400040);
        assertThat(p.entry()).isEqualTo(0x401000);
    }

    @Test
    void mmFieldsFollowLinuxDefinitions() throws Exception {
        // start_code: lowest executable p_vaddr; end_code: highest executable p_vaddr + p_filesz;
        // start_data: highest p_vaddr of any PT_LOAD; end_data: highest p_vaddr + p_filesz.
        LoadPlan p = plan(TestElf.exec().entry(0x401000)
                .load(R, 0, 0x400000, 0x200, 0x200)
                .load(RX, 0x1000, 0x401000, 0x300, 0x300)
                .load(RW, 0x2000, 0x403000, 0x40, 0x1000), 0);
        assertThat(p.startCode()).isEqualTo(0x401000);
        assertThat(p.endCode()).isEqualTo(0x401300);
        assertThat(p.startData()).isEqualTo(0x403000);
        assertThat(p.endData()).isEqualTo(0x403040);
    }

    @Test
    void segmentPushedOutOfUserSpaceByTheBiasIsRejected() {
        TestElf t = TestElf.dyn().entry(0x7fff00000000L).load(RX, 0, 0x7fff00000000L, 0x100, 0x1000);
        assertThatThrownBy(() -> plan(t, 0x1000000000L)).isInstanceOf(ElfFormatException.class)
                .hasMessage("segment too large: segment 0 at 0x800f00000000 with bias 0x1000000000 leaves user space");
        // ending exactly at TASK_SIZE is fine, one page more is not
        long last = LoadPlan.TASK_SIZE - 0x1000 - 0x7fff00000000L;
        assertThatCode(() -> plan(t, last)).doesNotThrowAnyException();
        assertThatThrownBy(() -> plan(t, last + PAGE)).isInstanceOf(ElfFormatException.class);
        // a bias that wraps the address around 2^64
        assertThatThrownBy(() -> plan(t, 0xffff800000000000L)).isInstanceOf(ElfFormatException.class);
    }

    // ---- defaultBias ----

    @Test
    void defaultBias() throws Exception {
        assertThat(LoadPlan.ELF_ET_DYN_BASE).isEqualTo(0x555555554aaaL); // (2^47 - 4096) / 3 * 2
        assertThat(LoadPlan.defaultBias(TestElf.minimal().parse())).isZero();
        assertThat(LoadPlan.defaultBias(dynImage().parse())).isEqualTo(LoadPlan.ET_DYN_DEFAULT_BIAS).isEqualTo(0x555555554000L);
        // first PT_LOAD above 0: the bias subtracts it, so that segment still lands at 0x555555554000
        TestElf high = TestElf.dyn().entry(0x11000).load(R, 0, 0x10000, 0x100, 0x100).load(RX, 0x1000, 0x11000, 0x100, 0x100);
        assertThat(LoadPlan.defaultBias(high.parse())).isEqualTo(0x555555544000L);
        assertThat(plan(high, 0x555555544000L).lowAddr()).isEqualTo(0x555555554000L);
        // an unaligned first p_vaddr: the base is aligned to maximum_alignment() (a page here) first,
        // then ELF_PAGESTART(0x555555554000 - 0x123)
        TestElf odd = TestElf.dyn().entry(0x1000).load(R, 0x123, 0x123, 0x10, 0x10).load(RX, 0x1000, 0x1000, 0x10, 0x10);
        assertThat(LoadPlan.defaultBias(odd.parse())).isEqualTo(0x555555553000L);
        // ... unless no p_align is a power of two: then maximum_alignment() is 0, nothing is aligned
        // first and the result is ELF_PAGESTART(0x555555554aaa - 0x123)
        TestElf oddNpot = TestElf.dyn().entry(0x1000).phdr(PT_LOAD, R, 0x123, 0x123, 0x10, 0x10, 3).phdr(PT_LOAD, RX, 0x1000, 0x1000, 0x10, 0x10, 3);
        assertThat(LoadPlan.defaultBias(oddNpot.parse())).isEqualTo(0x555555554000L);
        // a 2 MiB p_align rounds the base down to 2 MiB
        TestElf huge = TestElf.dyn().entry(0x1000).phdr(PT_LOAD, RX, 0, 0, 0x1100, 0x1100, 0x200000);
        assertThat(LoadPlan.defaultBias(huge.parse())).isEqualTo(0x555555400000L);
        // p_align 0 or not a power of two is skipped, as maximum_alignment() does
        TestElf npot = TestElf.dyn().entry(0x1000).phdr(PT_LOAD, RX, 0, 0, 0x1100, 0x1100, 3 << 20);
        assertThat(LoadPlan.defaultBias(npot.parse())).isEqualTo(0x555555554000L);
        TestElf zero = TestElf.dyn().entry(0x1000).phdr(PT_LOAD, RX, 0, 0, 0x1100, 0x1100, 0);
        assertThat(LoadPlan.defaultBias(zero.parse())).isEqualTo(0x555555554000L);
    }

    // ---- the host kernel as the oracle ----

    /**
     * Runs crafted images on the host kernel with ADDR_NO_RANDOMIZE and compares what it built with
     * the plan. The image's code (at its entry) calls brk(0), writes the result to stdout, then blocks
     * reading stdin; meanwhile the test reads the process's {@code /proc/PID/maps} (protection of every
     * page in the plan's range, and that nothing else is mapped there), {@code /proc/PID/mem} (the
     * bytes of every planned segment), {@code /proc/PID/auxv} (AT_PHDR, AT_ENTRY) and
     * {@code /proc/PID/stat} (start_code, end_code, start_data, end_data, start_brk).
     */
    @Nested
    class OnTheHostKernel {
        /** brk(0); write(1, &result, 8); read(0, buf, 8); exit_group(0). Position-independent. */
        private static final byte[] PROBE = {
                (byte) 0xb8, 0x0c, 0, 0, 0,            // mov eax, 12 (brk)
                0x31, (byte) 0xff,                     // xor edi, edi
                0x0f, 0x05,                            // syscall
                0x50,                                  // push rax
                (byte) 0xb8, 0x01, 0, 0, 0,            // mov eax, 1 (write)
                (byte) 0xbf, 0x01, 0, 0, 0,            // mov edi, 1
                0x48, (byte) 0x89, (byte) 0xe6,        // mov rsi, rsp
                (byte) 0xba, 0x08, 0, 0, 0,            // mov edx, 8
                0x0f, 0x05,                            // syscall
                0x31, (byte) 0xc0,                     // xor eax, eax (read)
                0x31, (byte) 0xff,                     // xor edi, edi
                0x48, (byte) 0x89, (byte) 0xe6,        // mov rsi, rsp
                (byte) 0xba, 0x08, 0, 0, 0,            // mov edx, 8
                0x0f, 0x05,                            // syscall
                (byte) 0xb8, (byte) 0xe7, 0, 0, 0,     // mov eax, 231 (exit_group)
                0x31, (byte) 0xff,                     // xor edi, edi
                0x0f, 0x05,                            // syscall
        };

        /** Adds the probe at file offset {@code codeOffset} (where the entry point's segment maps it). */
        private static TestElf withProbe(TestElf t, int codeOffset) {
            return t.patch(codeOffset, PROBE);
        }

        @Test
        void craftedImagesLoadAsPlanned(@TempDir Path dir) throws Exception {
            NativeHost.assumeLinuxX86_64();
            Path launcher = NativeHost.noRandomLauncher(dir);
            Map<String, TestElf> cases = new LinkedHashMap<>();
            cases.put("writable bss ending mid-page", withProbe(TestElf.minimal().load(RW, 0x2000, 0x403000, 0x234, 0x3000).size(0x4000), 0x1000));
            cases.put("unaligned p_vaddr", withProbe(TestElf.minimal().load(RW, 0x2100, 0x403100, 0x100, 0x1000).size(0x4000), 0x1000));
            cases.put("read-only bss", withProbe(TestElf.minimal().load(R, 0x2000, 0x403000, 0x234, 0x2000).size(0x4000), 0x1000));
            cases.put("executable bss", withProbe(TestElf.exec().entry(0x401000).load(RX, 0x1000, 0x401000, 0x100, 0x2000).size(0x3000), 0x1000));
            cases.put("no bss, file goes on", withProbe(TestElf.minimal().load(RW, 0x2000, 0x403000, 0x234, 0x234).size(0x4000), 0x1000));
            cases.put("no bss, file ends mid-page", withProbe(TestElf.minimal().load(RW, 0x2000, 0x403000, 0x234, 0x234), 0x1000));
            cases.put("p_filesz 0 on the data page", withProbe(TestElf.minimal().load(RW, 0x2000, 0x404000, 0x100, 0x100).load(RW, 0, 0x404800, 0, 0x1000), 0x1000));
            cases.put("shared file page", withProbe(TestElf.exec().entry(0x401000).load(RX, 0x1000, 0x401000, 0x100, 0x100)
                    .load(R, 0x2000, 0x402000, 0x800, 0x800).load(RW, 0x2800, 0x403800, 0x100, 0x1000), 0x1000));
            cases.put("shared memory page", withProbe(TestElf.exec().entry(0x401000).load(RX, 0x1000, 0x401000, 0x100, 0x100)
                    .load(R, 0x2000, 0x402000, 0x800, 0x800).load(RW, 0x3800, 0x402800, 0x100, 0x1000), 0x1000));
            cases.put("write-only and headers in a PT_LOAD", withProbe(TestElf.exec().entry(0x401000).load(R, 0, 0x400000, 0x200, 0x200)
                    .load(RX, 0x1000, 0x401000, 0x100, 0x100).load(PF_W, 0x2000, 0x402000, 0x10, 0x10), 0x1000));
            cases.put("ET_DYN (static PIE)", withProbe(dynImage().size(0x3000), 0x1010));

            List<String> failures = new ArrayList<>();
            for (var c : cases.entrySet()) {
                try {
                    checkOnHost(dir, launcher, c.getKey(), c.getValue());
                } catch (AssertionError e) {
                    failures.add(c.getKey() + ": " + e.getMessage());
                }
            }
            assertThat(failures).isEmpty();
        }

        private void checkOnHost(Path dir, Path launcher, String name, TestElf t) throws Exception {
            byte[] f = t.build();
            ElfImage img = ElfImage.parse(f);
            Path elf = NativeHost.writeExecutable(dir, name.replaceAll("[^A-Za-z0-9]+", "_"), f).toRealPath();
            Process p = NativeHost.start(List.of(launcher.toString(), elf.toString()), List.of());
            var err = NativeHost.drain(p.getErrorStream());
            try {
                InputStream out = p.getInputStream();
                var read = new java.util.concurrent.CompletableFuture<byte[]>();
                Thread.ofVirtual().start(() -> {
                    try {
                        read.complete(out.readNBytes(8));
                    } catch (java.io.IOException e) {
                        read.completeExceptionally(e);
                    }
                });
                byte[] word = read.get(30, TimeUnit.SECONDS);
                if (word.length != 8) {
                    p.waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("the probe did not report its brk (exit " + (p.isAlive() ? "-" : p.exitValue()) + "): " + new String(err.join()));
                }
                long brk = ByteBuffer.wrap(word).order(ByteOrder.LITTLE_ENDIAN).getLong();
                long pid = p.pid();
                long personality = Long.parseLong(Files.readString(Path.of("/proc/" + pid + "/personality")).trim(), 16);
                assumeTrue((personality & NativeHost.ADDR_NO_RANDOMIZE) != 0, "cannot turn off address-space randomisation here");

                List<Mapping> maps = Mapping.parse(Files.readString(Path.of("/proc/" + pid + "/maps")));
                long bias = 0;
                if (img.type() == ElfType.DYN) {
                    long low = maps.stream().filter(m -> m.path.equals(elf.toString())).mapToLong(Mapping::start).min().orElseThrow();
                    bias = low - LoadPlan.pageStart(img.loadHeaders().getFirst().vaddr());
                }
                LoadPlan plan = LoadPlan.of(img, bias);

                // protection, page by page, over the plan's whole range (holes included)
                TreeMap<Long, String> want = new TreeMap<>(), got = new TreeMap<>();
                for (LoadSegment s : plan.segments())
                    for (long a = s.start(); a < s.end(); a += PAGE) want.put(a, s.protString());
                for (Mapping m : maps)
                    for (long a = Math.max(m.start, plan.lowAddr()); a < Math.min(m.end, plan.highAddr()); a += PAGE) got.put(a, m.perms.substring(0, 3));
                assertThat(got).as("page protections (bias 0x%x)", bias).isEqualTo(want);

                // contents
                try (RandomAccessFile mem = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
                    for (LoadSegment s : plan.segments()) {
                        byte[] real = new byte[(int) s.length()];
                        mem.seek(s.start());
                        mem.readFully(real);
                        assertSameBytes("bytes of " + s, s.start(), real, TestElf.materialise(plan, f, s.start(), s.end()));
                    }
                }

                // AT_PHDR and AT_ENTRY as the kernel saved them
                ByteBuffer auxv = ByteBuffer.wrap(Files.readAllBytes(Path.of("/proc/" + pid + "/auxv"))).order(ByteOrder.LITTLE_ENDIAN);
                Map<Long, Long> aux = new TreeMap<>();
                while (auxv.remaining() >= 16) aux.putIfAbsent(auxv.getLong(), auxv.getLong());
                assertThat(aux.get((long) AT_PHDR)).as("AT_PHDR").isEqualTo(plan.phdrAddr());
                assertThat(aux.get((long) AT_ENTRY)).as("AT_ENTRY").isEqualTo(plan.entry());

                // mm fields (proc(5) numbering)
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fld = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                assertThat(Long.parseUnsignedLong(fld[26 - 3])).as("start_code").isEqualTo(plan.startCode());
                assertThat(Long.parseUnsignedLong(fld[27 - 3])).as("end_code").isEqualTo(plan.endCode());
                assertThat(Long.parseUnsignedLong(fld[45 - 3])).as("start_data").isEqualTo(plan.startData());
                assertThat(Long.parseUnsignedLong(fld[46 - 3])).as("end_data").isEqualTo(plan.endData());
                long startBrk = Long.parseUnsignedLong(fld[47 - 3]);
                assertThat(brk).as("brk(0)").isEqualTo(startBrk);
                if (img.type() == ElfType.EXEC || img.interpreter().isPresent()) {
                    assertThat(startBrk).as("start_brk").isEqualTo(plan.brkStart());
                } else {
                    // Static PIE: since Linux 6.15 (commit 11854fe263eb, "binfmt_elf: Move brk for static PIE
                    // even if ASLR disabled", also in 6.12.y) the kernel puts the brk at
                    // PAGEALIGN(ELF_ET_DYN_BASE) because it loads a static PIE in the mmap area; jlinux loads it at
                    // defaultBias, right where that brk would be, so its plan keeps the brk after the image, as
                    // older kernels did.
                    assertThat(startBrk).as("start_brk").isIn(plan.brkStart(), LoadPlan.pageAlign(LoadPlan.ELF_ET_DYN_BASE));
                }
            } finally {
                p.getOutputStream().close(); // lets the probe exit
                if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
            }
            assertThat(p.exitValue()).as("exit status; stderr: %s", new String(err.join())).isZero();
        }
    }

    /** One line of /proc/PID/maps. */
    record Mapping(long start, long end, String perms, long offset, String path) {
        private static final Pattern LINE = Pattern.compile("([0-9a-f]+)-([0-9a-f]+) (\\S{4}) ([0-9a-f]+) \\S+ \\d+\\s*(.*)");

        static List<Mapping> parse(String maps) {
            List<Mapping> out = new ArrayList<>();
            for (String line : maps.split("\n")) {
                if (line.isBlank()) continue;
                Matcher m = LINE.matcher(line);
                if (!m.matches()) throw new AssertionError("unparsable maps line: " + line);
                out.add(new Mapping(Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16), m.group(3),
                        Long.parseUnsignedLong(m.group(4), 16), m.group(5)));
            }
            return out;
        }
    }

    // ---- real binaries ----

    /**
     * Plans real static binaries and checks the plan against {@code readelf -lW}: the PT_LOADs
     * ElfImage read are readelf's; every byte of every segment's [p_vaddr, p_vaddr + p_filesz) reads
     * as the file's bytes and [p_vaddr + p_filesz, p_vaddr + p_memsz) as zero; each segment's own
     * pages carry its protection; entry, AT_PHDR and brk follow readelf's numbers plus the bias.
     */
    @Nested
    class RealBinaries {
        @Test
        void busybox() throws Exception {
            Path bb = Path.of("/bin/busybox");
            NativeHost.assumeLinuxX86_64();
            assumeTrue(Files.isRegularFile(bb), "/bin/busybox is not installed");
            Path readelf = NativeHost.require("readelf");
            byte[] f = Files.readAllBytes(bb);
            ElfImage img = ElfImage.parse(f);
            assertThat(img.interpreter()).as("busybox-static has no PT_INTERP").isEmpty();
            checkAgainstReadelf(readelf, bb, f, img.type() == ElfType.EXEC ? 0 : LoadPlan.defaultBias(img));
        }

        @Test
        void freshlyCompiledStaticPie(@TempDir Path dir) throws Exception {
            Path exe = NativeHost.compile(dir, "hello", """
                    #include <stdio.h>
                    static char buffer[100000];
                    int counter = 42;
                    int main(void) { buffer[0] = (char) counter; printf("hello %d\\n", buffer[0]); return 0; }
                    """, "-static-pie", "-O2");
            Path readelf = NativeHost.require("readelf");
            byte[] f = Files.readAllBytes(exe);
            ElfImage img = ElfImage.parse(f);
            assertThat(img.type()).isEqualTo(ElfType.DYN);
            assertThat(img.interpreter()).isEmpty();
            checkAgainstReadelf(readelf, exe, f, LoadPlan.defaultBias(img));
            checkAgainstReadelf(readelf, exe, f, 0x7ffff7f47000L); // where Linux's mmap area would put it
            checkAgainstReadelf(readelf, exe, f, 0);
        }

        @Test
        void freshlyCompiledStaticExec(@TempDir Path dir) throws Exception {
            Path exe = NativeHost.compile(dir, "hello", "int main(void) { return 0; }\n", "-static", "-no-pie", "-O2");
            Path readelf = NativeHost.require("readelf");
            byte[] f = Files.readAllBytes(exe);
            ElfImage img = ElfImage.parse(f);
            assertThat(img.type()).isEqualTo(ElfType.EXEC);
            checkAgainstReadelf(readelf, exe, f, 0);
        }

        private static final Pattern LOAD = Pattern.compile(
                "\\s*LOAD\\s+0x(\\p{XDigit}+)\\s+0x(\\p{XDigit}+)\\s+0x\\p{XDigit}+\\s+0x(\\p{XDigit}+)\\s+0x(\\p{XDigit}+)\\s(.{3})\\s+0x(\\p{XDigit}+)\\s*");
        private static final Pattern ENTRY = Pattern.compile("Entry point 0x(\\p{XDigit}+)");
        private static final Pattern TABLE = Pattern.compile("There are (\\d+) program headers, starting at offset (\\d+)");
        private static final Pattern TYPE = Pattern.compile("Elf file type is (\\w+)");

        private void checkAgainstReadelf(Path readelf, Path exe, byte[] f, long bias) throws Exception {
            NativeHost.Result r = NativeHost.run(List.of(readelf.toString(), "-lW", exe.toString()), List.of("LC_ALL=C"), 60);
            assertThat(r.exitCode()).as("readelf: %s", r.stderr()).isZero();
            String text = r.out();
            List<ProgramHeader> loads = new ArrayList<>();
            for (String line : text.split("\n")) {
                Matcher m = LOAD.matcher(line);
                if (!m.matches()) continue;
                String fl = m.group(5);
                int flags = (fl.charAt(0) == 'R' ? PF_R : 0) | (fl.charAt(1) == 'W' ? PF_W : 0) | (fl.charAt(2) == 'E' ? PF_X : 0);
                loads.add(new ProgramHeader(PT_LOAD, flags, hex(m.group(1)), hex(m.group(2)), hex(m.group(3)), hex(m.group(4)), hex(m.group(6))));
            }
            long entry = hex(find(ENTRY, text));
            Matcher table = TABLE.matcher(text);
            assertThat(table.find()).isTrue();
            int phnum = Integer.parseInt(table.group(1));
            long phoff = Long.parseLong(table.group(2));
            String type = find(TYPE, text);

            ElfImage img = ElfImage.parse(f);
            assertThat(loads).as("PT_LOADs").isNotEmpty();
            assertThat(img.loadHeaders()).as("PT_LOADs as readelf shows them").isEqualTo(loads);
            assertThat(img.type().name()).isEqualTo(type);
            assertThat(img.entry()).isEqualTo(entry);
            assertThat(img.phnum()).isEqualTo(phnum);
            assertThat(img.phoff()).isEqualTo(phoff);

            LoadPlan plan = LoadPlan.of(img, bias);
            assertThat(plan.bias()).isEqualTo(bias);
            assertThat(plan.entry()).isEqualTo(entry + bias);
            long maxEnd = loads.stream().mapToLong(h -> h.vaddr() + h.memsz()).max().orElseThrow();
            long minStart = loads.stream().mapToLong(ProgramHeader::vaddr).min().orElseThrow();
            assertThat(plan.brkStart()).isEqualTo(LoadPlan.pageAlign(maxEnd) + bias);
            ProgramHeader holder = loads.stream().filter(h -> h.offset() <= phoff && phoff < h.offset() + h.filesz()).reduce((a, b) -> b).orElseThrow();
            assertThat(plan.phdrAddr()).isEqualTo(holder.vaddr() + (phoff - holder.offset()) + bias);
            assertThat(plan.lowAddr()).isEqualTo(LoadPlan.pageStart(minStart) + bias);
            assertThat(plan.highAddr()).isEqualTo(LoadPlan.pageAlign(maxEnd) + bias);

            // segments sorted, disjoint, page-aligned, within the file
            long prevEnd = Long.MIN_VALUE;
            for (LoadSegment s : plan.segments()) {
                assertThat(s.start()).as("%s", s).isGreaterThanOrEqualTo(prevEnd);
                assertThat(s.start() % PAGE).isZero();
                assertThat(s.end() % PAGE).isZero();
                assertThat(s.fileOffset() + s.fileBytes()).isLessThanOrEqualTo(f.length);
                prevEnd = s.end();
            }

            // contents and protection, segment by segment
            byte[] mem = TestElf.materialise(plan, f, plan.lowAddr(), plan.highAddr());
            for (int i = 0; i < loads.size(); i++) {
                ProgramHeader h = loads.get(i);
                int at = (int) (h.vaddr() + bias - plan.lowAddr());
                assertSameBytes("file bytes of PT_LOAD " + i, h.vaddr() + bias, Arrays.copyOfRange(mem, at, at + (int) h.filesz()),
                        file(f, h.offset(), h.offset() + h.filesz()));
                assertSameBytes("bss of PT_LOAD " + i, h.vaddr() + h.filesz() + bias,
                        Arrays.copyOfRange(mem, at + (int) h.filesz(), at + (int) h.memsz()), zeros(h.memsz() - h.filesz()));
                // pages that hold only this segment's bytes carry its protection (file pages) or RW(+X) (bss pages)
                long first = LoadPlan.pageStart(h.vaddr()), fileEnd = LoadPlan.pageAlign(h.vaddr() + h.filesz()), end = LoadPlan.pageAlign(h.vaddr() + h.memsz());
                for (long page = first; page < end; page += PAGE) {
                    if (sharesPage(loads, i, page)) continue;
                    int want = page < fileEnd ? h.prot() : P_RW | (h.prot() & PROT_EXEC);
                    assertThat(protAt(plan, page + bias)).as("protection of page 0x%x of PT_LOAD %d", page + bias, i).isEqualTo(want);
                }
            }
        }

        private static boolean sharesPage(List<ProgramHeader> loads, int self, long page) {
            for (int j = 0; j < loads.size(); j++) {
                if (j == self) continue;
                ProgramHeader o = loads.get(j);
                if (o.memsz() != 0 && LoadPlan.pageStart(o.vaddr()) <= page && page < LoadPlan.pageAlign(o.vaddr() + o.memsz())) return true;
            }
            return false;
        }

        private static int protAt(LoadPlan plan, long addr) {
            for (LoadSegment s : plan.segments())
                if (s.start() <= addr && addr < s.end()) return s.prot();
            throw new AssertionError("0x" + Long.toHexString(addr) + " is not mapped");
        }

        private static long hex(String s) {
            return Long.parseUnsignedLong(s, 16);
        }

        private static String find(Pattern p, String text) {
            Matcher m = p.matcher(text);
            assertThat(m.find()).as("%s in readelf output", p).isTrue();
            return m.group(1);
        }
    }

    /** Like {@code assertThat(actual).isEqualTo(expected)}, but names the first differing address instead of printing both arrays. */
    static void assertSameBytes(String what, long addr, byte[] actual, byte[] expected) {
        assertThat(actual.length).as("%s: length", what).isEqualTo(expected.length);
        int at = Arrays.mismatch(actual, expected);
        if (at >= 0)
            throw new AssertionError(String.format("%s: first difference at 0x%x: 0x%02x, expected 0x%02x (%d bytes differ)", what, addr + at,
                    actual[at] & 0xff, expected[at] & 0xff, countDifferences(actual, expected)));
    }

    private static int countDifferences(byte[] a, byte[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) n++;
        return n;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
