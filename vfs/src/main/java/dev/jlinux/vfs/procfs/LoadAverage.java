// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.procfs;

import java.util.concurrent.TimeUnit;

/**
 * The load averages as Linux keeps them (kernel/sched/loadavg.c): every {@link #LOAD_FREQ_NS} the
 * number of active tasks (runnable, plus uninterruptible) is folded into three exponentially
 * decayed averages over 1, 5 and 15 minutes, in fixed point with {@link #FSHIFT} fraction bits
 * ({@code avenrun}, include/linux/sched/loadavg.h).
 */
public final class LoadAverage {
    /** Fraction bits of the fixed-point averages. */
    public static final int FSHIFT = 11;
    /** 1.0 in fixed point. */
    public static final long FIXED_1 = 1L << FSHIFT;
    /** 1/exp(5 s / 1 min), 1/exp(5 s / 5 min), 1/exp(5 s / 15 min) in fixed point (EXP_1, EXP_5, EXP_15). */
    private static final long[] EXP = {1884, 2014, 2037};
    /** LOAD_FREQ: 5 s and one tick (5*HZ+1), with Debian's HZ of 250. */
    public static final long LOAD_FREQ_NS = TimeUnit.MILLISECONDS.toNanos(5004);

    private final long[] avenrun = new long[3];

    /** Folds one sample of {@code active} tasks into the three averages ({@code calc_global_load}). */
    public synchronized void sample(int active) {
        long a = active * FIXED_1;
        for (int i = 0; i < 3; i++) avenrun[i] = calcLoad(avenrun[i], EXP[i], a);
    }

    /** {@code calc_load}: {@code load * exp + active * (1 - exp)}, rounded up while the load rises. */
    static long calcLoad(long load, long exp, long active) {
        long next = load * exp + active * (FIXED_1 - exp);
        if (active >= load) next += FIXED_1 - 1;
        return next / FIXED_1;
    }

    /** The three averages (1, 5, 15 minutes), fixed point with {@link #FSHIFT} fraction bits. */
    public synchronized long[] averages() {
        return avenrun.clone();
    }

    /**
     * The three averages as /proc/loadavg prints them ({@code loadavg_proc_show}): each plus
     * FIXED_1/200 to round to hundredths, then its integer part, a dot and two digits.
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        for (long x : averages()) {
            long v = x + FIXED_1 / 200;
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(v >> FSHIFT).append('.').append(String.format("%02d", ((v & (FIXED_1 - 1)) * 100) >> FSHIFT));
        }
        return sb.toString();
    }
}
