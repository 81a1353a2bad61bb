// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/** Resource limits of getrlimit(2), setrlimit(2) and prlimit64(2), from {@code include/uapi/asm-generic/resource.h}. */
public final class Resource {
    private Resource() {}

    public static final int RLIMIT_CPU = 0;
    public static final int RLIMIT_FSIZE = 1;
    public static final int RLIMIT_DATA = 2;
    public static final int RLIMIT_STACK = 3;
    public static final int RLIMIT_CORE = 4;
    public static final int RLIMIT_RSS = 5;
    public static final int RLIMIT_NPROC = 6;
    public static final int RLIMIT_NOFILE = 7;
    public static final int RLIMIT_MEMLOCK = 8;
    public static final int RLIMIT_AS = 9;
    public static final int RLIMIT_LOCKS = 10;
    public static final int RLIMIT_SIGPENDING = 11;
    public static final int RLIMIT_MSGQUEUE = 12;
    public static final int RLIMIT_NICE = 13;
    public static final int RLIMIT_RTPRIO = 14;
    public static final int RLIMIT_RTTIME = 15;
    public static final int RLIM_NLIMITS = 16;

    /** getrusage(2) {@code who} ({@code include/uapi/linux/resource.h}). */
    public static final int RUSAGE_SELF = 0;
    public static final int RUSAGE_CHILDREN = -1;
    public static final int RUSAGE_THREAD = 1;

    /** {@code struct rusage} on x86-64: two timevals, then fourteen longs from ru_maxrss on. */
    public static final int STRUCT_RUSAGE_SIZE = 144;
    public static final int RU_UTIME = 0;
    public static final int RU_STIME = 16;
    public static final int RU_MAXRSS = 32;

    /** "No limit" ({@code ~0UL}; the same value as {@code RLIM_INFINITY} on x86-64). */
    public static final long RLIM64_INFINITY = -1L;

    public static final NameTable NAMES = NameTable.builder("RLIMIT_")
            .add(RLIMIT_CPU, "RLIMIT_CPU").add(RLIMIT_FSIZE, "RLIMIT_FSIZE").add(RLIMIT_DATA, "RLIMIT_DATA")
            .add(RLIMIT_STACK, "RLIMIT_STACK").add(RLIMIT_CORE, "RLIMIT_CORE").add(RLIMIT_RSS, "RLIMIT_RSS")
            .add(RLIMIT_NPROC, "RLIMIT_NPROC").add(RLIMIT_NOFILE, "RLIMIT_NOFILE")
            .add(RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK").add(RLIMIT_AS, "RLIMIT_AS").add(RLIMIT_LOCKS, "RLIMIT_LOCKS")
            .add(RLIMIT_SIGPENDING, "RLIMIT_SIGPENDING").add(RLIMIT_MSGQUEUE, "RLIMIT_MSGQUEUE")
            .add(RLIMIT_NICE, "RLIMIT_NICE").add(RLIMIT_RTPRIO, "RLIMIT_RTPRIO").add(RLIMIT_RTTIME, "RLIMIT_RTTIME")
            .build();

    /** One limit value as strace prints it: {@code RLIM64_INFINITY}, {@code 8192*1024} or {@code 20000}. */
    public static String formatLimit(long value) {
        if (value == RLIM64_INFINITY) return "RLIM64_INFINITY";
        if (value > 0 && value % 1024 == 0) return Long.toUnsignedString(value / 1024) + "*1024";
        return Long.toUnsignedString(value);
    }
}
