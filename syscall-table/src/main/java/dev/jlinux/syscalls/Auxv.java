// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * Auxiliary-vector entry types ({@code AT_*}) and their flag bits, spelled as in Linux.
 *
 * <p>Sources: {@code <uapi/linux/auxvec.h>} (the generic types), x86's {@code <asm/auxvec.h>}
 * ({@code AT_SYSINFO}, {@code AT_SYSINFO_EHDR}, {@code AT_MINSIGSTKSZ}) and x86's
 * {@code <asm/hwcap2.h>} (the {@code AT_HWCAP2} bits).
 */
public final class Auxv {
    private Auxv() {}

    // <uapi/linux/auxvec.h>
    /** End of vector. */
    public static final int AT_NULL = 0;
    /** Entry should be ignored. */
    public static final int AT_IGNORE = 1;
    /** File descriptor of program. */
    public static final int AT_EXECFD = 2;
    /** Program headers for program. */
    public static final int AT_PHDR = 3;
    /** Size of program header entry. */
    public static final int AT_PHENT = 4;
    /** Number of program headers. */
    public static final int AT_PHNUM = 5;
    /** System page size. */
    public static final int AT_PAGESZ = 6;
    /** Base address of interpreter. */
    public static final int AT_BASE = 7;
    /** Flags. */
    public static final int AT_FLAGS = 8;
    /** Entry point of program. */
    public static final int AT_ENTRY = 9;
    /** Program is not ELF. */
    public static final int AT_NOTELF = 10;
    /** Real uid. */
    public static final int AT_UID = 11;
    /** Effective uid. */
    public static final int AT_EUID = 12;
    /** Real gid. */
    public static final int AT_GID = 13;
    /** Effective gid. */
    public static final int AT_EGID = 14;
    /** String identifying CPU for optimizations. */
    public static final int AT_PLATFORM = 15;
    /** Arch dependent hints at CPU capabilities. */
    public static final int AT_HWCAP = 16;
    /** Frequency at which times() increments. */
    public static final int AT_CLKTCK = 17;
    /** Secure mode boolean. */
    public static final int AT_SECURE = 23;
    /** String identifying real platform, may differ from AT_PLATFORM. */
    public static final int AT_BASE_PLATFORM = 24;
    /** Address of 16 random bytes. */
    public static final int AT_RANDOM = 25;
    /** Extension of AT_HWCAP. */
    public static final int AT_HWCAP2 = 26;
    /** rseq supported feature size. */
    public static final int AT_RSEQ_FEATURE_SIZE = 27;
    /** rseq allocation alignment. */
    public static final int AT_RSEQ_ALIGN = 28;
    /** Extension of AT_HWCAP. */
    public static final int AT_HWCAP3 = 29;
    /** Extension of AT_HWCAP. */
    public static final int AT_HWCAP4 = 30;
    /** Filename of program. */
    public static final int AT_EXECFN = 31;
    /** Minimal stack size for signal delivery (x86 defines it in asm/auxvec.h; generic fallback 51). */
    public static final int AT_MINSIGSTKSZ = 51;

    /** Bit number in AT_FLAGS: the interpreter (binfmt_misc 'P') preserved argv[0]. */
    public static final int AT_FLAGS_PRESERVE_ARGV0_BIT = 0;
    /** Mask for {@link #AT_FLAGS_PRESERVE_ARGV0_BIT}. */
    public static final int AT_FLAGS_PRESERVE_ARGV0 = 1 << AT_FLAGS_PRESERVE_ARGV0_BIT;

    // x86 <asm/auxvec.h>
    /** i386 only: entry point of the vDSO's system call trampoline. */
    public static final int AT_SYSINFO = 32;
    /** Address of the vDSO's ELF header. */
    public static final int AT_SYSINFO_EHDR = 33;

    // x86 <asm/hwcap2.h>
    /** AT_HWCAP2 bit: MONITOR/MWAIT enabled in ring 3. */
    public static final long HWCAP2_RING3MWAIT = 1L << 0;
    /** AT_HWCAP2 bit: the kernel allows FSGSBASE instructions. */
    public static final long HWCAP2_FSGSBASE = 1L << 1;

    /** The {@code AT_*} name of an entry type, or {@code "AT_??? (0x..)"} as glibc's LD_SHOW_AUXV prints unknown ones. */
    public static String name(long type) {
        return switch ((int) type == type ? (int) type : -1) {
            case AT_NULL -> "AT_NULL";
            case AT_IGNORE -> "AT_IGNORE";
            case AT_EXECFD -> "AT_EXECFD";
            case AT_PHDR -> "AT_PHDR";
            case AT_PHENT -> "AT_PHENT";
            case AT_PHNUM -> "AT_PHNUM";
            case AT_PAGESZ -> "AT_PAGESZ";
            case AT_BASE -> "AT_BASE";
            case AT_FLAGS -> "AT_FLAGS";
            case AT_ENTRY -> "AT_ENTRY";
            case AT_NOTELF -> "AT_NOTELF";
            case AT_UID -> "AT_UID";
            case AT_EUID -> "AT_EUID";
            case AT_GID -> "AT_GID";
            case AT_EGID -> "AT_EGID";
            case AT_PLATFORM -> "AT_PLATFORM";
            case AT_HWCAP -> "AT_HWCAP";
            case AT_CLKTCK -> "AT_CLKTCK";
            case AT_SECURE -> "AT_SECURE";
            case AT_BASE_PLATFORM -> "AT_BASE_PLATFORM";
            case AT_RANDOM -> "AT_RANDOM";
            case AT_HWCAP2 -> "AT_HWCAP2";
            case AT_RSEQ_FEATURE_SIZE -> "AT_RSEQ_FEATURE_SIZE";
            case AT_RSEQ_ALIGN -> "AT_RSEQ_ALIGN";
            case AT_HWCAP3 -> "AT_HWCAP3";
            case AT_HWCAP4 -> "AT_HWCAP4";
            case AT_EXECFN -> "AT_EXECFN";
            case AT_SYSINFO -> "AT_SYSINFO";
            case AT_SYSINFO_EHDR -> "AT_SYSINFO_EHDR";
            case AT_MINSIGSTKSZ -> "AT_MINSIGSTKSZ";
            default -> "AT_??? (0x" + Long.toHexString(type) + ")";
        };
    }
}
