// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only builder of ELF64 images. The file is first filled with a recognisable non-zero pattern
 * ({@link #pattern(long)}), then the header and program headers are written over it.
 */
final class TestElf {
    int elfClass = 2, data = 1, identVersion = 1, type = ElfImage.ET_EXEC, machine = 62, phentsize = 56;
    long version = 1, entry, phoff = 64;
    Integer phnum; // null: the number of phdrs
    Integer size;  // null: big enough for the header, the phdrs and every segment's file range
    Integer truncateTo;
    final List<long[]> phdrs = new ArrayList<>();
    final List<Object[]> patches = new ArrayList<>();

    static TestElf exec() {
        return new TestElf();
    }

    static TestElf dyn() {
        TestElf t = new TestElf();
        t.type = ElfImage.ET_DYN;
        return t;
    }

    /** A simple valid ET_EXEC: one R+X text segment at 0x401000 mapping file 0x1000..0x1100. */
    static TestElf minimal() {
        return exec().entry(0x401000).load(ProgramHeader.PF_R | ProgramHeader.PF_X, 0x1000, 0x401000, 0x100, 0x100);
    }

    /** The byte the pattern puts at file offset {@code off}: never 0. */
    static byte pattern(long off) {
        return (byte) (1 + (off * 7 + off / 251) % 255);
    }

    TestElf entry(long e) { entry = e; return this; }
    TestElf phoff(long o) { phoff = o; return this; }
    TestElf size(int s) { size = s; return this; }

    TestElf phdr(int type, int flags, long offset, long vaddr, long filesz, long memsz, long align) {
        phdrs.add(new long[] {type, flags, offset, vaddr, filesz, memsz, align});
        return this;
    }

    TestElf load(int flags, long offset, long vaddr, long filesz, long memsz) {
        return phdr(ProgramHeader.PT_LOAD, flags, offset, vaddr, filesz, memsz, 0x1000);
    }

    /** Writes raw bytes at a file offset after the header and phdrs are written. */
    TestElf patch(int offset, byte... bytes) {
        patches.add(new Object[] {offset, bytes});
        return this;
    }

    /** Adds a PT_INTERP at {@code offset} holding {@code path} plus a NUL. */
    TestElf interp(long offset, String path) {
        byte[] b = (path + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        phdr(ProgramHeader.PT_INTERP, ProgramHeader.PF_R, offset, 0, b.length, b.length, 1);
        return patch((int) offset, b);
    }

    byte[] build() {
        long need = Math.max(64, phoff + (long) phdrs.size() * 56);
        for (long[] p : phdrs)
            if (p[0] == ProgramHeader.PT_LOAD || p[0] == ProgramHeader.PT_INTERP)
                if (p[2] >= 0 && p[4] >= 0 && p[2] + p[4] < (1 << 24)) need = Math.max(need, p[2] + p[4]);
        int n = size != null ? size : (int) need;
        byte[] f = new byte[n];
        for (int i = 0; i < n; i++) f[i] = pattern(i);
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        if (n >= 64) {
            for (int i = 0; i < 16; i++) f[i] = 0;
            f[0] = 0x7f; f[1] = 'E'; f[2] = 'L'; f[3] = 'F';
            f[4] = (byte) elfClass; f[5] = (byte) data; f[6] = (byte) identVersion;
            b.putShort(16, (short) type);
            b.putShort(18, (short) machine);
            b.putInt(20, (int) version);
            b.putLong(24, entry);
            b.putLong(32, phoff);
            b.putLong(40, 0);
            b.putInt(48, 0);
            b.putShort(52, (short) 64);
            b.putShort(54, (short) phentsize);
            b.putShort(56, (short) (phnum != null ? phnum : phdrs.size()));
            b.putShort(58, (short) 64);
            b.putShort(60, (short) 0);
            b.putShort(62, (short) 0);
        }
        for (int i = 0; i < phdrs.size(); i++) {
            long at = phoff + i * 56L;
            if (at < 0 || at > n - 56) continue;
            long[] p = phdrs.get(i);
            b.putInt((int) at, (int) p[0]);
            b.putInt((int) at + 4, (int) p[1]);
            b.putLong((int) at + 8, p[2]);
            b.putLong((int) at + 16, p[3]);
            b.putLong((int) at + 24, p[3]);
            b.putLong((int) at + 32, p[4]);
            b.putLong((int) at + 40, p[5]);
            b.putLong((int) at + 48, p[6]);
        }
        for (Object[] patch : patches) {
            byte[] bytes = (byte[]) patch[1];
            System.arraycopy(bytes, 0, f, (int) patch[0], bytes.length);
        }
        if (truncateTo != null) f = java.util.Arrays.copyOf(f, truncateTo);
        return f;
    }

    ElfImage parse() throws ElfFormatException {
        return ElfImage.parse(build());
    }

    /** The memory a plan produces, page by page, as the loader would materialise it. */
    static byte[] materialise(LoadPlan plan, byte[] file, long from, long to) {
        byte[] mem = new byte[Math.toIntExact(to - from)];
        for (LoadSegment s : plan.segments()) {
            for (long a = Math.max(s.start(), from); a < Math.min(s.end(), to); a++) {
                long rel = a - s.start();
                mem[(int) (a - from)] = rel < s.fileBytes() ? file[(int) (s.fileOffset() + rel)] : 0;
            }
        }
        return mem;
    }
}
