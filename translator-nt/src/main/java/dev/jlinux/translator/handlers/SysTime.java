// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.Clocks.*;

import dev.jlinux.syscalls.Clocks;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.kernel.Blocking;
import dev.jlinux.translator.kernel.GuestProcess;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

/** Clocks and sleeps, read from the host's clocks. */
final class SysTime {
    private static final long NS = Clocks.NSEC_PER_SEC;
    /** Resolution of the coarse clocks: one jiffy at Debian's CONFIG_HZ=250. */
    private static final long COARSE_RES_NS = 4_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SysTime() {}

    /** The value of {@code clock} in nanoseconds; EINVAL for clocks Linux does not have. */
    static long now(int clock) throws ErrnoException {
        return switch (clock) {
            case CLOCK_REALTIME, CLOCK_REALTIME_COARSE, CLOCK_REALTIME_ALARM, CLOCK_TAI -> realtimeNs();
            case CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME, CLOCK_BOOTTIME_ALARM ->
                System.nanoTime();
            case CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID -> threadCpuNs();
            default -> throw new ErrnoException(Errno.EINVAL);
        };
    }

    /** CPU time of the calling (guest) thread, in nanoseconds. */
    static long threadCpuNs() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** User-mode CPU time of the calling (guest) thread, in nanoseconds. */
    static long threadUserNs() {
        return THREADS.getCurrentThreadUserTime();
    }

    private static long realtimeNs() {
        Instant t = Instant.now();
        return t.getEpochSecond() * NS + t.getNano();
    }

    /** Implements clock_gettime(2). */
    static long clockGettime(GuestProcess p, SyscallArgs a) throws ErrnoException {
        writeTimespec(p, a.a1(), now(a.intArg(0)));
        return 0;
    }

    /** Implements clock_getres(2). */
    static long clockGetres(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int clock = a.intArg(0);
        now(clock);
        long res = clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE ? COARSE_RES_NS : 1;
        if (a.a1() != 0) writeTimespec(p, a.a1(), res);
        return 0;
    }

    /** Implements gettimeofday(2); the timezone is UTC with no DST, the kernel's default sys_tz. */
    static long gettimeofday(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long ns = realtimeNs();
        if (a.a0() != 0) {
            p.memory().write(a.a0(), pair(Math.floorDiv(ns, NS), Math.floorMod(ns, NS) / 1000));
        }
        if (a.a1() != 0) p.memory().write(a.a1(), new byte[8]);
        return 0;
    }

    /** Implements time(2). */
    static long time(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long sec = Math.floorDiv(realtimeNs(), NS);
        if (a.a0() != 0) p.memory().writeLong(a.a0(), sec);
        return sec;
    }

    /** Implements nanosleep(2): a signal ends it early with EINTR and the time left in {@code *rem}. */
    static long nanosleep(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long ns = readTimespec(p, a.a0());
        long deadline = System.nanoTime() + ns;
        try {
            Blocking.sleep(ns, Blocking.Restart.NEVER);
        } catch (ErrnoException e) {
            if (a.a1() != 0) writeTimespec(p, a.a1(), Math.max(0, deadline - System.nanoTime()));
            throw e;
        }
        return 0;
    }

    /** Implements clock_nanosleep(2). */
    static long clockNanosleep(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int clock = a.intArg(0), flags = a.intArg(1);
        now(clock); // EINVAL for clocks Linux does not have
        switch (clock) {
            case CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_TAI, CLOCK_PROCESS_CPUTIME_ID -> { }
            // kernel/time/posix-timers.c: clocks without an nsleep method
            default -> throw new ErrnoException(Errno.EOPNOTSUPP);
        }
        long request = readTimespec(p, a.a2());
        long start = now(clock);
        long ns = (flags & TIMER_ABSTIME) != 0 ? request - start : request;
        if (clock == CLOCK_PROCESS_CPUTIME_ID && ns > 0) {
            // The only thread is the sleeper, so its CPU clock never reaches the target: Linux blocks.
            ns = Long.MAX_VALUE;
        }
        long deadline = System.nanoTime() + ns;
        try {
            if (ns > 0) Blocking.sleep(ns, Blocking.Restart.NEVER);
        } catch (ErrnoException e) {
            if ((flags & TIMER_ABSTIME) == 0 && a.a3() != 0) {
                writeTimespec(p, a.a3(), Math.max(0, deadline - System.nanoTime()));
            }
            throw e;
        }
        return 0;
    }

    private static long readTimespec(GuestProcess p, long addr) throws ErrnoException {
        long sec = p.memory().readLong(addr), nsec = p.memory().readLong(addr + 8);
        if (sec < 0 || nsec < 0 || nsec >= NS) throw new ErrnoException(Errno.EINVAL);
        return sec > Long.MAX_VALUE / NS ? Long.MAX_VALUE : sec * NS + nsec;
    }

    private static void writeTimespec(GuestProcess p, long addr, long ns) throws ErrnoException {
        p.memory().write(addr, pair(Math.floorDiv(ns, NS), Math.floorMod(ns, NS)));
    }

    private static byte[] pair(long first, long second) {
        byte[] b = new byte[16];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(first).putLong(second);
        return b;
    }
}
