// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * The x86-64 signal frame as Linux builds it (arch/x86/kernel/signal_64.c, {@code struct rt_sigframe}):
 * the restorer address, a {@code struct ucontext} (arch/x86/include/uapi/asm/ucontext.h) whose
 * {@code uc_mcontext} is a {@code struct sigcontext} (asm/sigcontext.h), the {@code siginfo_t}
 * (asm-generic/siginfo.h), and separately the 512-byte {@code fxsave} area the sigcontext points to
 * (a CPU without XSAVE, like jlinux's guest CPU, gets exactly that area).
 */
public final class SigFrame {
    private SigFrame() {}

    /** {@code struct rt_sigframe}: pretcode, then the ucontext, then the siginfo. */
    public static final int PRETCODE = 0;
    public static final int UC = 8;
    public static final int INFO = UC + 304;
    public static final int RT_SIGFRAME_SIZE = INFO + 128;

    /** {@code struct ucontext}. */
    public static final int UC_FLAGS = 0;
    public static final int UC_LINK = 8;
    public static final int UC_STACK = 16;
    public static final int UC_MCONTEXT = 40;
    public static final int UC_SIGMASK = 296;
    public static final int UCONTEXT_SIZE = 304;
    /** {@code uc_flags} Linux sets on x86-64 (asm/ucontext.h). */
    public static final long UC_SIGCONTEXT_SS = 0x2;
    public static final long UC_STRICT_RESTORE_SS = 0x4;

    /** {@code stack_t}: ss_sp, ss_flags, ss_size. */
    public static final int SS_SP = 0;
    public static final int SS_FLAGS = 8;
    public static final int SS_SIZE = 16;
    public static final int STACK_T_SIZE = 24;

    /** {@code struct sigcontext} (64-bit): offsets of each field. */
    public static final int SC_R8 = 0;
    public static final int SC_R9 = 8;
    public static final int SC_R10 = 16;
    public static final int SC_R11 = 24;
    public static final int SC_R12 = 32;
    public static final int SC_R13 = 40;
    public static final int SC_R14 = 48;
    public static final int SC_R15 = 56;
    public static final int SC_RDI = 64;
    public static final int SC_RSI = 72;
    public static final int SC_RBP = 80;
    public static final int SC_RBX = 88;
    public static final int SC_RDX = 96;
    public static final int SC_RAX = 104;
    public static final int SC_RCX = 112;
    public static final int SC_RSP = 120;
    public static final int SC_RIP = 128;
    public static final int SC_EFLAGS = 136;
    /** cs, gs, fs and ss, 16 bits each. */
    public static final int SC_CS = 144;
    public static final int SC_SS = 150;
    public static final int SC_ERR = 152;
    public static final int SC_TRAPNO = 160;
    public static final int SC_OLDMASK = 168;
    public static final int SC_CR2 = 176;
    public static final int SC_FPSTATE = 184;
    public static final int SIGCONTEXT_SIZE = 256;

    /** The legacy {@code fxsave} area ({@code struct _fpstate_64}). */
    public static final int FX_CWD = 0;
    public static final int FX_SWD = 2;
    /** The abridged tag word: one bit per register, 1 = valid. */
    public static final int FX_FTW = 4;
    public static final int FX_FOP = 6;
    public static final int FX_RIP = 8;
    public static final int FX_RDP = 16;
    public static final int FX_MXCSR = 24;
    public static final int FX_MXCSR_MASK = 28;
    /** ST(0)..ST(7), 16 bytes apart (10 used). */
    public static final int FX_ST = 32;
    /** XMM0..XMM15, 16 bytes each. */
    public static final int FX_XMM = 160;
    public static final int FXSAVE_SIZE = 512;
    /** The MXCSR bits a Nehalem-class CPU lets software set. */
    public static final int MXCSR_MASK_DEFAULT = 0xffff;

    /** {@code siginfo_t}: the common head, then the union's fields by use. */
    public static final int SI_SIGNO = 0;
    public static final int SI_ERRNO = 4;
    public static final int SI_CODE = 8;
    /** kill, sigqueue, SIGCHLD: the sender. */
    public static final int SI_PID = 16;
    public static final int SI_UID = 20;
    /** SIGCHLD: the exit status or signal, then user and system time in clock ticks. */
    public static final int SI_STATUS = 24;
    public static final int SI_UTIME = 32;
    public static final int SI_STIME = 40;
    /** Faults: the faulting address. */
    public static final int SI_ADDR = 16;
    /** Timers: the overrun count and value. */
    public static final int SI_TIMERID = 16;
    public static final int SI_OVERRUN = 20;
    public static final int SI_VALUE = 24;
    public static final int SIGINFO_SIZE = 128;
}
