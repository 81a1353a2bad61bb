// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * Signal numbers, rt_sigprocmask(2) operations and rt_sigaction(2) flags, from
 * {@code arch/x86/include/uapi/asm/signal.h} and {@code include/uapi/asm-generic/signal-defs.h}
 * (x86-64 values), with the names strace prints for them.
 */
public final class Signals {
    private Signals() {}

    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGILL = 4;
    public static final int SIGTRAP = 5;
    public static final int SIGABRT = 6;
    public static final int SIGIOT = 6;
    public static final int SIGBUS = 7;
    public static final int SIGFPE = 8;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGSEGV = 11;
    public static final int SIGUSR2 = 12;
    public static final int SIGPIPE = 13;
    public static final int SIGALRM = 14;
    public static final int SIGTERM = 15;
    public static final int SIGSTKFLT = 16;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGTSTP = 20;
    public static final int SIGTTIN = 21;
    public static final int SIGTTOU = 22;
    public static final int SIGURG = 23;
    public static final int SIGXCPU = 24;
    public static final int SIGXFSZ = 25;
    public static final int SIGVTALRM = 26;
    public static final int SIGPROF = 27;
    public static final int SIGWINCH = 28;
    public static final int SIGIO = 29;
    public static final int SIGPOLL = SIGIO;
    public static final int SIGPWR = 30;
    public static final int SIGSYS = 31;
    /** The kernel's first real-time signal (glibc reserves 32 and 33 and starts its SIGRTMIN at 34). */
    public static final int SIGRTMIN = 32;
    public static final int SIGRTMAX = 64;
    /** Signals are 1.._NSIG; a sigset_t is 64 bits. */
    public static final int _NSIG = 64;

    /** rt_sigprocmask(2) {@code how}. */
    public static final int SIG_BLOCK = 0;
    public static final int SIG_UNBLOCK = 1;
    public static final int SIG_SETMASK = 2;

    /** Special {@code sa_handler} values. */
    public static final long SIG_DFL = 0;
    public static final long SIG_IGN = 1;

    /** {@code sa_flags}. */
    public static final long SA_NOCLDSTOP = 0x00000001L;
    public static final long SA_NOCLDWAIT = 0x00000002L;
    public static final long SA_SIGINFO = 0x00000004L;
    public static final long SA_UNSUPPORTED = 0x00000400L;
    public static final long SA_EXPOSE_TAGBITS = 0x00000800L;
    public static final long SA_RESTORER = 0x04000000L;
    public static final long SA_ONSTACK = 0x08000000L;
    public static final long SA_RESTART = 0x10000000L;
    /** Historical (no longer in the uapi header; the kernel ignores it); strace still names the bit. */
    public static final long SA_INTERRUPT = 0x20000000L;
    public static final long SA_NODEFER = 0x40000000L;
    public static final long SA_RESETHAND = 0x80000000L;

    /** sigaltstack(2) {@code ss_flags} and sizes. */
    public static final int SS_ONSTACK = 1;
    public static final int SS_DISABLE = 2;
    public static final int SS_AUTODISARM = 1 << 31;
    public static final int MINSIGSTKSZ = 2048;

    /** {@code si_code} values (include/uapi/asm-generic/siginfo.h). */
    public static final int SI_USER = 0;
    public static final int SI_KERNEL = 0x80;
    public static final int SI_TKILL = -6;
    public static final int ILL_ILLOPN = 2;
    public static final int FPE_INTDIV = 1;
    public static final int SEGV_MAPERR = 1;
    public static final int SEGV_ACCERR = 2;
    public static final int BUS_ADRERR = 2;
    public static final int TRAP_BRKPT = 1;
    public static final int CLD_EXITED = 1;
    public static final int CLD_KILLED = 2;
    public static final int CLD_DUMPED = 3;
    public static final int CLD_STOPPED = 5;
    public static final int CLD_CONTINUED = 6;

    /** setitimer(2) timers (include/uapi/linux/time.h). */
    public static final int ITIMER_REAL = 0;
    public static final int ITIMER_VIRTUAL = 1;
    public static final int ITIMER_PROF = 2;

    /** Names of signals 1..31, indexed by number (index 0 unused). */
    private static final String[] NAMES = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };

    public static final NameTable HOW_NAMES = NameTable.builder("SIG_")
            .add(SIG_BLOCK, "SIG_BLOCK").add(SIG_UNBLOCK, "SIG_UNBLOCK").add(SIG_SETMASK, "SIG_SETMASK")
            .build();

    /** {@code sa_flags} in strace's order. */
    public static final NameTable SA_FLAG_NAMES = NameTable.builder("SA_")
            .add(SA_RESTORER, "SA_RESTORER").add(SA_ONSTACK, "SA_ONSTACK").add(SA_RESTART, "SA_RESTART")
            .add(SA_INTERRUPT, "SA_INTERRUPT").add(SA_NODEFER, "SA_NODEFER").add(SA_RESETHAND, "SA_RESETHAND")
            .add(SA_SIGINFO, "SA_SIGINFO").add(SA_NOCLDSTOP, "SA_NOCLDSTOP").add(SA_NOCLDWAIT, "SA_NOCLDWAIT")
            .add(SA_UNSUPPORTED, "SA_UNSUPPORTED").add(SA_EXPOSE_TAGBITS, "SA_EXPOSE_TAGBITS")
            .build();

    /** The name of signal {@code sig} as strace prints it ({@code SIGTERM}, {@code SIGRTMIN}, {@code SIGRT_3}), or null. */
    public static String name(long sig) {
        if (sig >= 1 && sig < NAMES.length) return NAMES[(int) sig];
        if (sig == SIGRTMIN) return "SIGRTMIN";
        if (sig > SIGRTMIN && sig <= SIGRTMAX) return "SIGRT_" + (sig - SIGRTMIN);
        return null;
    }

    /** A signal argument: its name, or the number ({@code 0}, {@code 65}). */
    public static String format(long sig) {
        String n = name(sig);
        return n != null ? n : Long.toString(sig);
    }

    /**
     * A 64-bit signal set as strace prints it: {@code [INT CHLD]}, or, when more than half the
     * signals are in it, the complement: {@code ~[RTMIN RT_1]}, {@code ~[]}.
     */
    public static String formatSet(long set) {
        boolean inverted = Long.bitCount(set) > _NSIG / 2;
        long shown = inverted ? ~set : set;
        StringBuilder sb = new StringBuilder(inverted ? "~[" : "[");
        for (int sig = 1; sig <= _NSIG; sig++) {
            if ((shown & (1L << (sig - 1))) != 0) {
                if (sb.charAt(sb.length() - 1) != '[') sb.append(' ');
                sb.append(name(sig).substring(3));
            }
        }
        return sb.append(']').toString();
    }
}
