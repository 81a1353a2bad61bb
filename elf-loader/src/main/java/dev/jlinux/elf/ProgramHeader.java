// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.elf;

/**
 * One {@code Elf64_Phdr}, as read from the file (p_paddr is not kept). The long fields hold the
 * raw unsigned 64-bit values; {@link ElfImage#parse} has validated PT_LOAD and PT_INTERP entries,
 * other types are passed through unchecked.
 */
public record ProgramHeader(int type, int flags, long offset, long vaddr, long filesz, long memsz, long align) {
    /** Size of one {@code Elf64_Phdr} in the file and in memory ({@code sizeof(struct elf64_phdr)}). */
    public static final int SIZE = 56;

    // p_type values, <uapi/linux/elf.h>
    public static final int PT_NULL = 0;
    public static final int PT_LOAD = 1;
    public static final int PT_DYNAMIC = 2;
    public static final int PT_INTERP = 3;
    public static final int PT_NOTE = 4;
    public static final int PT_SHLIB = 5;
    public static final int PT_PHDR = 6;
    public static final int PT_TLS = 7;
    public static final int PT_LOOS = 0x60000000;
    public static final int PT_HIOS = 0x6fffffff;
    public static final int PT_LOPROC = 0x70000000;
    public static final int PT_HIPROC = 0x7fffffff;
    public static final int PT_GNU_EH_FRAME = 0x6474e550;
    public static final int PT_GNU_STACK = 0x6474e551;
    public static final int PT_GNU_RELRO = 0x6474e552;
    public static final int PT_GNU_PROPERTY = 0x6474e553;

    // p_flags bits, <uapi/linux/elf.h>
    public static final int PF_X = 0x1;
    public static final int PF_W = 0x2;
    public static final int PF_R = 0x4;

    /** Whether this is a PT_LOAD entry. */
    public boolean isLoad() {
        return type == PT_LOAD;
    }

    /** The mmap protection Linux derives from p_flags ({@code make_prot}): PF_R/PF_W/PF_X to PROT_READ/WRITE/EXEC. */
    public int prot() {
        int prot = 0;
        if ((flags & PF_R) != 0) prot |= LoadSegment.PROT_READ;
        if ((flags & PF_W) != 0) prot |= LoadSegment.PROT_WRITE;
        if ((flags & PF_X) != 0) prot |= LoadSegment.PROT_EXEC;
        return prot;
    }
}
