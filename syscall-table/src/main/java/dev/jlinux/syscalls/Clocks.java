// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * Clock ids and timer constants ({@code include/uapi/linux/time.h}) and the special
 * {@code tv_nsec} values of utimensat(2) ({@code include/uapi/linux/stat.h}).
 */
public final class Clocks {
    private Clocks() {}

    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC = 1;
    public static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    public static final int CLOCK_THREAD_CPUTIME_ID = 3;
    public static final int CLOCK_MONOTONIC_RAW = 4;
    public static final int CLOCK_REALTIME_COARSE = 5;
    public static final int CLOCK_MONOTONIC_COARSE = 6;
    public static final int CLOCK_BOOTTIME = 7;
    public static final int CLOCK_REALTIME_ALARM = 8;
    public static final int CLOCK_BOOTTIME_ALARM = 9;
    public static final int CLOCK_SGI_CYCLE = 10;
    public static final int CLOCK_TAI = 11;

    /** clock_nanosleep(2) flag. */
    public static final int TIMER_ABSTIME = 0x01;

    public static final int ITIMER_REAL = 0;
    public static final int ITIMER_VIRTUAL = 1;
    public static final int ITIMER_PROF = 2;

    public static final long UTIME_NOW = (1L << 30) - 1;
    public static final long UTIME_OMIT = (1L << 30) - 2;

    public static final long NSEC_PER_SEC = 1_000_000_000L;
    /** {@code USER_HZ}: the unit of times(2) and of clock_t values. */
    public static final int USER_HZ = 100;

    public static final NameTable CLOCK_NAMES = NameTable.builder("CLOCK_")
            .add(CLOCK_REALTIME, "CLOCK_REALTIME").add(CLOCK_MONOTONIC, "CLOCK_MONOTONIC")
            .add(CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID")
            .add(CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID").add(CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW")
            .add(CLOCK_REALTIME_COARSE, "CLOCK_REALTIME_COARSE").add(CLOCK_MONOTONIC_COARSE, "CLOCK_MONOTONIC_COARSE")
            .add(CLOCK_BOOTTIME, "CLOCK_BOOTTIME").add(CLOCK_REALTIME_ALARM, "CLOCK_REALTIME_ALARM")
            .add(CLOCK_BOOTTIME_ALARM, "CLOCK_BOOTTIME_ALARM").add(CLOCK_SGI_CYCLE, "CLOCK_SGI_CYCLE")
            .add(CLOCK_TAI, "CLOCK_TAI")
            .build();

    public static final NameTable TIMER_FLAG_NAMES = NameTable.builder("TIMER_")
            .add(TIMER_ABSTIME, "TIMER_ABSTIME").build();

    public static final NameTable ITIMER_NAMES = NameTable.builder("ITIMER_")
            .add(ITIMER_REAL, "ITIMER_REAL").add(ITIMER_VIRTUAL, "ITIMER_VIRTUAL").add(ITIMER_PROF, "ITIMER_PROF")
            .build();
}
