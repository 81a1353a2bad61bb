// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

/**
 * The user-mode register state Linux gives a process at execve (arch/x86/kernel/process_64.c
 * {@code start_thread} and the FPU's {@code fpstate_init_user}): every general register zero (the
 * ABI reserves RDX for an atexit pointer, which Linux leaves 0), RFLAGS = IF plus the reserved
 * bit 1, x87 control word 0x37f with an empty register stack, MXCSR 0x1f80. Unicorn's own reset
 * leaves FCW and MXCSR at 0, which unmasks every exception and sets x87 precision to single: doubles
 * would print at single precision.
 */
public final class X86State {
    /** x87 control word after FNINIT: all exceptions masked, 64-bit precision, round to nearest. */
    public static final long FCW_DEFAULT = 0x37f;
    /** MXCSR at process start: all exceptions masked, round to nearest. */
    public static final long MXCSR_DEFAULT = 0x1f80;
    /** RFLAGS at process start: IF and the always-one bit 1. */
    public static final long RFLAGS_DEFAULT = 0x202;

    private static final Reg[] RESET = {Reg.RAX, Reg.RBX, Reg.RCX, Reg.RDX, Reg.RSI, Reg.RDI, Reg.RBP, Reg.RSP,
        Reg.R8, Reg.R9, Reg.R10, Reg.R11, Reg.R12, Reg.R13, Reg.R14, Reg.R15, Reg.RFLAGS,
        Reg.FPCW, Reg.FPSW, Reg.FPTAG, Reg.MXCSR, Reg.FS_BASE, Reg.GS_BASE};

    private X86State() {}

    /** Puts {@code cpu} in Linux's post-execve state; the caller sets RSP and RIP afterwards. */
    public static void resetUserState(Cpu cpu) throws CpuException {
        long[] values = new long[RESET.length];
        for (int i = 0; i < RESET.length; i++) {
            values[i] = switch (RESET[i]) {
                case RFLAGS -> RFLAGS_DEFAULT;
                case FPCW -> FCW_DEFAULT;
                case FPTAG -> 0xffff; // all x87 registers empty
                case MXCSR -> MXCSR_DEFAULT;
                default -> 0;
            };
        }
        cpu.writeRegisters(RESET, values);
        for (int n = 0; n < 16; n++) cpu.writeXmm(n, 0, 0);
    }
}
