// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.elf;

import static dev.jlinux.elf.ProgramHeader.PF_X;
import static dev.jlinux.elf.ProgramHeader.PT_GNU_STACK;
import static dev.jlinux.elf.ProgramHeader.PT_INTERP;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated ELF64 x86-64 executable (ET_EXEC or ET_DYN), as Linux's {@code load_elf_binary}
 * (fs/binfmt_elf.c) reads it. Immutable apart from {@link #bytes()}, which is the caller's array,
 * not a copy: do not modify it.
 */
public final class ElfImage {
    // <uapi/linux/elf.h> and <uapi/linux/elf-em.h>
    public static final int EI_NIDENT = 16;
    public static final int EI_CLASS = 4, EI_DATA = 5, EI_VERSION = 6, EI_OSABI = 7;
    public static final int ELFCLASSNONE = 0, ELFCLASS32 = 1, ELFCLASS64 = 2;
    public static final int ELFDATANONE = 0, ELFDATA2LSB = 1, ELFDATA2MSB = 2;
    public static final int EV_CURRENT = 1;
    public static final int ET_NONE = 0, ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
    public static final int EM_X86_64 = 62;
    /** {@code sizeof(Elf64_Ehdr)}. */
    public static final int EHDR_SIZE = 64;
    /** {@code PATH_MAX} from {@code <uapi/linux/limits.h>}: the largest PT_INTERP Linux accepts. */
    public static final int PATH_MAX = 4096;
    /** Largest program header table Linux reads ({@code load_elf_phdrs}: size > 65536 is ENOEXEC). */
    public static final int MAX_PHDR_TABLE_BYTES = 65536;

    private final byte[] bytes;
    private final ElfType type;
    private final long entry;
    private final long phoff;
    private final int phnum;
    private final int phentsize;
    private final List<ProgramHeader> programHeaders;
    private final byte[] interpreter; // without the NUL, or null
    private final ProgramHeader gnuStack; // the last PT_GNU_STACK, or null
    private final long phdrVaddr;

    private ElfImage(byte[] bytes, ElfType type, long entry, long phoff, int phnum, int phentsize,
                     List<ProgramHeader> programHeaders, byte[] interpreter, ProgramHeader gnuStack, long phdrVaddr) {
        this.bytes = bytes;
        this.type = type;
        this.entry = entry;
        this.phoff = phoff;
        this.phnum = phnum;
        this.phentsize = phentsize;
        this.programHeaders = programHeaders;
        this.interpreter = interpreter;
        this.gnuStack = gnuStack;
        this.phdrVaddr = phdrVaddr;
    }

    /**
     * Parses and validates {@code file}. Never throws anything but {@link ElfFormatException} for a
     * bad file, whatever its contents.
     *
     * <p>Checks, in order (Linux's outcome in brackets where jlinux is stricter):
     * <ol>
     * <li>magic ({@code "not an ELF file"}), full 64-byte header ({@code "truncated ELF header"});
     * <li>EI_CLASS is ELFCLASS64 ({@code "ELFCLASS32"}), EI_DATA is ELFDATA2LSB, EI_VERSION and e_version
     *     are EV_CURRENT [Linux's 64-bit loader does not look at these; jlinux only runs ELF64 LSB];
     * <li>e_type is ET_EXEC or ET_DYN ({@code "ET_REL"}, {@code "ET_CORE"}, ...), e_machine is EM_X86_64;
     * <li>e_phentsize is 56, 1 &le; e_phnum and e_phnum * 56 &le; 65536 (Linux before 6.17 also capped the
     *     table at one page, i.e. 73 entries), the table lies inside the file [Linux: EIO];
     * <li>the first PT_INTERP: 2 &le; p_filesz &le; PATH_MAX, inside the file [Linux: EIO], NUL at its last byte;
     * <li>each PT_LOAD: p_filesz &le; p_memsz; p_vaddr and p_vaddr + p_memsz within user space
     *     ({@code TASK_SIZE} = 0x7ffffffff000) [Linux: EINVAL, after the point of no return]; if p_filesz &gt; 0,
     *     the file range inside the file [Linux maps it; access past EOF is SIGBUS] and p_offset &equiv; p_vaddr
     *     modulo the page [Linux: mmap EINVAL]. A non-power-of-two p_align is accepted, as Linux's
     *     {@code maximum_alignment} just skips it;
     * <li>at least one PT_LOAD [Linux: EINVAL for ET_DYN, a crash for ET_EXEC], no two PT_LOAD memory ranges
     *     overlap [Linux: the later one replaces the earlier], e_entry inside an executable PT_LOAD
     *     [Linux: SIGSEGV at the first instruction].
     * </ol>
     */
    public static ElfImage parse(byte[] file) throws ElfFormatException {
        Objects.requireNonNull(file, "file");
        if (file.length < 4 || file[0] != 0x7f || file[1] != 'E' || file[2] != 'L' || file[3] != 'F')
            throw new ElfFormatException("not an ELF file");
        if (file.length < EHDR_SIZE)
            throw new ElfFormatException("truncated ELF header");
        ByteBuffer le = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);

        int elfClass = file[EI_CLASS] & 0xff;
        if (elfClass != ELFCLASS64)
            throw new ElfFormatException(switch (elfClass) {
                case ELFCLASS32 -> "ELFCLASS32";
                case ELFCLASSNONE -> "ELFCLASSNONE";
                default -> "unknown ELF class " + elfClass;
            });
        int data = file[EI_DATA] & 0xff;
        if (data != ELFDATA2LSB)
            throw new ElfFormatException(data == ELFDATA2MSB ? "not little-endian (ELFDATA2MSB)"
                    : "not little-endian (EI_DATA " + data + ")");
        int identVersion = file[EI_VERSION] & 0xff;
        if (identVersion != EV_CURRENT)
            throw new ElfFormatException("bad EI_VERSION " + identVersion);

        int eType = Short.toUnsignedInt(le.getShort(16));
        ElfType type = switch (eType) {
            case ET_EXEC -> ElfType.EXEC;
            case ET_DYN -> ElfType.DYN;
            case ET_NONE -> throw new ElfFormatException("ET_NONE");
            case ET_REL -> throw new ElfFormatException("ET_REL");
            case ET_CORE -> throw new ElfFormatException("ET_CORE");
            default -> throw new ElfFormatException("unsupported e_type 0x" + Integer.toHexString(eType));
        };
        int machine = Short.toUnsignedInt(le.getShort(18));
        if (machine != EM_X86_64)
            throw new ElfFormatException("not EM_X86_64 (machine " + machine + ")");
        long version = Integer.toUnsignedLong(le.getInt(20));
        if (version != EV_CURRENT)
            throw new ElfFormatException("bad e_version " + version);
        long entry = le.getLong(24);
        long phoff = le.getLong(32);
        int phentsize = Short.toUnsignedInt(le.getShort(54));
        int phnum = Short.toUnsignedInt(le.getShort(56));

        if (phentsize != ProgramHeader.SIZE)
            throw new ElfFormatException("e_phentsize " + phentsize + " is not " + ProgramHeader.SIZE);
        if (phnum == 0)
            throw new ElfFormatException("no program headers (e_phnum 0)");
        long tableBytes = (long) phnum * ProgramHeader.SIZE;
        if (tableBytes > MAX_PHDR_TABLE_BYTES)
            throw new ElfFormatException("too many program headers (e_phnum " + phnum + ")");
        if (!insideFile(phoff, tableBytes, file.length))
            throw new ElfFormatException("program header table outside the file");

        List<ProgramHeader> phdrs = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int at = (int) phoff + i * ProgramHeader.SIZE;
            phdrs.add(new ProgramHeader(le.getInt(at), le.getInt(at + 4), le.getLong(at + 8), le.getLong(at + 16),
                    le.getLong(at + 32), le.getLong(at + 40), le.getLong(at + 48)));
        }

        // The first PT_INTERP is the one Linux uses (load_elf_binary breaks out of its loop).
        byte[] interpreter = null;
        for (ProgramHeader ph : phdrs) {
            if (ph.type() != PT_INTERP) continue;
            if (Long.compareUnsigned(ph.filesz(), PATH_MAX) > 0 || Long.compareUnsigned(ph.filesz(), 2) < 0)
                throw new ElfFormatException("PT_INTERP size " + Long.toUnsignedString(ph.filesz()) + " out of range");
            if (!insideFile(ph.offset(), ph.filesz(), file.length))
                throw new ElfFormatException("PT_INTERP outside the file");
            int from = (int) ph.offset(), to = from + (int) ph.filesz();
            if (file[to - 1] != 0)
                throw new ElfFormatException("PT_INTERP not NUL-terminated");
            int nul = from;
            while (file[nul] != 0) nul++;
            interpreter = Arrays.copyOfRange(file, from, nul); // Linux opens it as a C string
            break;
        }

        // Linux's switch over all headers: a later PT_GNU_STACK overrides an earlier one.
        ProgramHeader gnuStack = null;
        for (ProgramHeader ph : phdrs)
            if (ph.type() == PT_GNU_STACK) gnuStack = ph;

        boolean anyLoad = false;
        for (int i = 0; i < phnum; i++) {
            ProgramHeader ph = phdrs.get(i);
            if (!ph.isLoad()) continue;
            anyLoad = true;
            if (Long.compareUnsigned(ph.filesz(), ph.memsz()) > 0)
                throw new ElfFormatException("p_filesz > p_memsz in segment " + i);
            if (Long.compareUnsigned(ph.vaddr(), LoadPlan.TASK_SIZE) >= 0
                    || Long.compareUnsigned(ph.memsz(), LoadPlan.TASK_SIZE - ph.vaddr()) > 0)
                throw new ElfFormatException("segment too large: segment " + i + " (p_vaddr 0x" + Long.toHexString(ph.vaddr())
                        + ", p_memsz 0x" + Long.toHexString(ph.memsz()) + ")");
            if (ph.filesz() != 0) {
                if (!insideFile(ph.offset(), ph.filesz(), file.length))
                    throw new ElfFormatException("segment " + i + " outside the file");
                if (((ph.offset() - ph.vaddr()) & (LoadPlan.PAGE_SIZE - 1)) != 0)
                    throw new ElfFormatException("segment " + i + ": p_offset 0x" + Long.toHexString(ph.offset())
                            + " and p_vaddr 0x" + Long.toHexString(ph.vaddr()) + " differ modulo the page size");
            }
        }
        if (!anyLoad)
            throw new ElfFormatException("no PT_LOAD segment");

        // From here on every PT_LOAD has vaddr + memsz <= TASK_SIZE < 2^47: plain arithmetic is safe.
        checkNoOverlap(phdrs);

        boolean entryOk = false;
        for (ProgramHeader ph : phdrs)
            if (ph.isLoad() && (ph.flags() & PF_X) != 0 && Long.compareUnsigned(entry, ph.vaddr()) >= 0
                    && Long.compareUnsigned(entry, ph.vaddr() + ph.memsz()) < 0)
                entryOk = true;
        if (!entryOk)
            throw new ElfFormatException("entry point 0x" + Long.toHexString(entry) + " outside every executable segment");

        // AT_PHDR as Linux computes it (since 5.18): the last PT_LOAD whose file range holds e_phoff.
        // PT_PHDR is not consulted; 0 when no PT_LOAD maps the table.
        long phdrVaddr = 0;
        for (ProgramHeader ph : phdrs)
            if (ph.isLoad() && ph.filesz() != 0 && Long.compareUnsigned(ph.offset(), phoff) <= 0
                    && Long.compareUnsigned(phoff - ph.offset(), ph.filesz()) < 0)
                phdrVaddr = phoff - ph.offset() + ph.vaddr();

        return new ElfImage(file, type, entry, phoff, phnum, phentsize, List.copyOf(phdrs), interpreter, gnuStack, phdrVaddr);
    }

    private static void checkNoOverlap(List<ProgramHeader> phdrs) throws ElfFormatException {
        List<Integer> loads = new ArrayList<>();
        for (int i = 0; i < phdrs.size(); i++)
            if (phdrs.get(i).isLoad() && phdrs.get(i).memsz() != 0) loads.add(i);
        loads.sort(Comparator.comparingLong(i -> phdrs.get(i).vaddr()));
        int furthest = -1;
        for (int i : loads) {
            ProgramHeader ph = phdrs.get(i);
            if (furthest >= 0) {
                ProgramHeader prev = phdrs.get(furthest);
                if (prev.vaddr() + prev.memsz() > ph.vaddr())
                    throw new ElfFormatException("overlapping PT_LOAD segments (" + Math.min(furthest, i) + " and " + Math.max(furthest, i) + ")");
            }
            if (furthest < 0 || ph.vaddr() + ph.memsz() > phdrs.get(furthest).vaddr() + phdrs.get(furthest).memsz())
                furthest = i;
        }
    }

    /** Whether [offset, offset + length) lies inside a file of {@code size} bytes, all values unsigned. */
    static boolean insideFile(long offset, long length, long size) {
        return Long.compareUnsigned(offset, size) <= 0 && Long.compareUnsigned(length, size - offset) <= 0;
    }

    /** ET_EXEC or ET_DYN. */
    public ElfType type() {
        return type;
    }

    /** e_entry, unbiased. */
    public long entry() {
        return entry;
    }

    /** All program headers in file order. */
    public List<ProgramHeader> programHeaders() {
        return programHeaders;
    }

    /** The PT_LOAD headers in file order. */
    public List<ProgramHeader> loadHeaders() {
        return programHeaders.stream().filter(ProgramHeader::isLoad).toList();
    }

    /** The PT_INTERP path (up to its first NUL), decoded as UTF-8, if the file has one. */
    public Optional<String> interpreter() {
        return interpreter == null ? Optional.empty() : Optional.of(new String(interpreter, StandardCharsets.UTF_8));
    }

    /** The PT_INTERP path's raw bytes (up to its first NUL, without it), if the file has one. */
    public Optional<byte[]> interpreterBytes() {
        return interpreter == null ? Optional.empty() : Optional.of(interpreter.clone());
    }

    /** Whether the file has a PT_GNU_STACK header. */
    public boolean hasGnuStack() {
        return gnuStack != null;
    }

    /**
     * Whether the initial stack is executable. The last PT_GNU_STACK decides (PF_X: yes). Without one,
     * Linux on x86-64 (since 5.8, arch/x86/include/asm/elf.h: "missing PT_GNU_STACK | exec-none" for
     * x86_64 with NX) leaves the stack non-executable, so this returns false; only ia32 binaries get
     * READ_IMPLIES_EXEC for EXSTACK_DEFAULT.
     */
    public boolean executableStack() {
        return gnuStack != null && (gnuStack.flags() & PF_X) != 0;
    }

    /** e_phnum. */
    public int phnum() {
        return phnum;
    }

    /** e_phentsize (always 56 after validation). */
    public int phentsize() {
        return phentsize;
    }

    /** e_phoff. */
    public long phoff() {
        return phoff;
    }

    /**
     * Unbiased address of the program header table in memory, as Linux computes AT_PHDR since 5.18
     * (commit "fs/binfmt_elf: Fix AT_PHDR for unusual ELF files"): {@code e_phoff - p_offset + p_vaddr}
     * of the last PT_LOAD whose file range contains e_phoff; 0 if none does. Linux never reads PT_PHDR
     * for this; in files from real linkers PT_PHDR's p_vaddr is the same value.
     */
    public long phdrVaddr() {
        return phdrVaddr;
    }

    /**
     * The largest power-of-two p_align among the PT_LOADs, rounded up to a page; 0 if none is a power
     * of two (Linux's {@code maximum_alignment}).
     */
    public long maximumAlignment() {
        long alignment = 0;
        for (ProgramHeader ph : programHeaders)
            if (ph.isLoad() && ph.align() != 0 && (ph.align() & (ph.align() - 1)) == 0 && Long.compareUnsigned(ph.align(), alignment) > 0)
                alignment = ph.align();
        return LoadPlan.pageAlign(alignment);
    }

    /** The file, as given to {@link #parse} (not a copy). */
    public byte[] bytes() {
        return bytes;
    }
}
