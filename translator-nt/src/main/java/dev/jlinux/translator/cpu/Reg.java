// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

/**
 * The x86-64 registers jlinux reads and writes, each with its Unicorn id ({@code UC_X86_REG_*} in
 * x86.h, 2.1.1) and its width. Values travel as {@code long}; narrower registers are zero-extended on
 * read and truncated on write.
 */
public enum Reg {
    RAX(35), RBX(37), RCX(38), RDX(40), RSI(43), RDI(39), RBP(36), RSP(44),
    R8(106), R9(107), R10(108), R11(109), R12(110), R13(111), R14(112), R15(113),
    RIP(41),
    RFLAGS(253),
    /** The FS segment base (what arch_prctl(ARCH_SET_FS) sets: the TLS pointer). */
    FS_BASE(250),
    GS_BASE(251),
    CS(11, 16), SS(49, 16), DS(17, 16), ES(28, 16), FS(32, 16), GS(33, 16),
    /** x87 control word (Linux starts processes with 0x37f). */
    FPCW(246, 16),
    /** x87 status word, including TOP in bits 11-13. */
    FPSW(31, 16),
    /** x87 tag word in the full two-bits-per-register form: 0xffff = all registers empty. */
    FPTAG(247, 16),
    /** x87 last opcode. */
    FOP(258, 16),
    /** x87 last instruction pointer. */
    FIP(254),
    /** x87 last data pointer. */
    FDP(256),
    /** SSE control and status (Linux starts processes with 0x1f80). */
    MXCSR(249, 32);

    private final int id;
    private final int bits;
    private final long mask;

    Reg(int id) {
        this(id, 64);
    }

    Reg(int id, int bits) {
        this.id = id;
        this.bits = bits;
        this.mask = bits == 64 ? -1L : (1L << bits) - 1;
    }

    /** Unicorn's register id ({@code UC_X86_REG_*}). */
    public int ucId() {
        return id;
    }

    /** The register's width in bits. */
    public int bits() {
        return bits;
    }

    /** The mask of the bits Unicorn stores for this register. */
    long mask() {
        return mask;
    }
}
