// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.Poll.*;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Resource;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.kernel.Blocking;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.translator.kernel.Readiness;
import dev.jlinux.vfs.OpenFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** poll, ppoll, select and pselect6. */
final class SysPoll {
    /** The events poll always reports, asked for or not. */
    private static final int ALWAYS = POLLERR | POLLHUP | POLLNVAL;
    private static final long NS = 1_000_000_000L;

    private SysPoll() {}

    /** Implements poll(2). */
    static long poll(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int timeoutMs = a.intArg(2);
        return poll(p, a.a0(), a.a1(), timeoutMs < 0 ? -1 : timeoutMs * 1_000_000L);
    }

    /** Implements ppoll(2). */
    static long ppoll(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long timeoutNs = timespecNs(p, a.a2());
        if (a.a3() != 0 && a.a4() != 8) throw new ErrnoException(Errno.EINVAL);
        return withMask(p, a.a3(), () -> poll(p, a.a0(), a.a1(), timeoutNs));
    }

    private static OpenFile open(GuestProcess p, int fd) {
        try {
            return p.fds().get(fd);
        } catch (ErrnoException notOpen) {
            return null;
        }
    }

    /** What the file is ready for now; an O_PATH fd has no file operations and is never ready. */
    private static int ready(OpenFile f) {
        return f.handle() == null ? 0 : f.handle().poll(f.readable(), f.writable());
    }

    /** Waits until one of the fds is ready or {@code timeoutNs} (-1: forever) passes; EINTR on a signal. */
    private static long poll(GuestProcess p, long fdsAddr, long nfds, long timeoutNs) throws ErrnoException {
        if (nfds < 0 || nfds > p.rlimits().cur(Resource.RLIMIT_NOFILE)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int n = (int) nfds;
        ByteBuffer b = ByteBuffer.wrap(p.memory().read(fdsAddr, n * POLLFD_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        int ready = awaitReady(timeoutNs, () -> {
            int count = 0;
            for (int i = 0; i < n; i++) {
                int fd = b.getInt(i * POLLFD_SIZE);
                int events = b.getShort(i * POLLFD_SIZE + 4) & 0xffff;
                int revents = 0;
                if (fd >= 0) {
                    OpenFile f = open(p, fd);
                    revents = f == null ? POLLNVAL : ready(f) & (events | ALWAYS);
                }
                b.putShort(i * POLLFD_SIZE + 6, (short) revents);
                if (revents != 0) count++;
            }
            return count;
        });
        p.memory().write(fdsAddr, b.array());
        return ready;
    }

    /** Counts the ready descriptors (and records which), under {@link Readiness#MONITOR}. */
    @FunctionalInterface
    private interface Scan {
        int count() throws ErrnoException;
    }

    /** Scans until something is ready or {@code timeoutNs} (-1: forever, 0: once) passes; EINTR on a signal. */
    private static int awaitReady(long timeoutNs, Scan scan) throws ErrnoException {
        long deadline = System.nanoTime() + timeoutNs;
        synchronized (Readiness.MONITOR) {
            while (true) {
                int ready = scan.count();
                long left = deadline - System.nanoTime();
                if (ready > 0 || timeoutNs == 0 || (timeoutNs > 0 && left <= 0)) return ready;
                Blocking.await(Readiness.MONITOR, timeoutNs < 0 ? 0 : left, Blocking.Restart.NEVER);
            }
        }
    }

    /** Implements select(2): the timeval is updated with the time left, as Linux does. */
    static long select(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long tvAddr = a.a4();
        long timeoutNs = -1;
        if (tvAddr != 0) {
            long sec = p.memory().readLong(tvAddr), usec = p.memory().readLong(tvAddr + 8);
            if (sec < 0 || usec < 0) throw new ErrnoException(Errno.EINVAL); // kern_select: usec past a second carries
            timeoutNs = sec > Long.MAX_VALUE / NS / 2 || usec > Long.MAX_VALUE / 4000 ? -1 : sec * NS + usec * 1000;
        }
        long start = System.nanoTime();
        try {
            return select(p, a.intArg(0), a.a1(), a.a2(), a.a3(), timeoutNs);
        } finally {
            if (timeoutNs > 0) writeLeft(p, tvAddr, timeoutNs, start, 1000); // EINTR too, as poll_select_finish
        }
    }

    /** Implements pselect6(2): a timespec, updated with the time left, and {sigset *, size} as the sixth argument. */
    static long pselect6(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long tsAddr = a.a4();
        long timeoutNs = timespecNs(p, tsAddr);
        long maskAddr = 0;
        if (a.a5() != 0) {
            maskAddr = p.memory().readLong(a.a5());
            if (maskAddr != 0 && p.memory().readLong(a.a5() + 8) != 8) throw new ErrnoException(Errno.EINVAL);
        }
        long start = System.nanoTime();
        try {
            return withMask(p, maskAddr, () -> select(p, a.intArg(0), a.a1(), a.a2(), a.a3(), timeoutNs));
        } finally {
            if (timeoutNs > 0) writeLeft(p, tsAddr, timeoutNs, start, 1);
        }
    }

    /** A timespec at {@code addr} in ns; -1 for none (or one too long to matter); EINVAL unless valid. */
    private static long timespecNs(GuestProcess p, long addr) throws ErrnoException {
        if (addr == 0) return -1;
        long sec = p.memory().readLong(addr), nsec = p.memory().readLong(addr + 8);
        if (sec < 0 || nsec < 0 || nsec >= NS) throw new ErrnoException(Errno.EINVAL);
        return sec > Long.MAX_VALUE / NS / 2 ? -1 : sec * NS + nsec;
    }

    /** Writes back what is left of {@code timeoutNs} since {@code startNs}: a timespec (unit 1) or a timeval (unit 1000). */
    private static void writeLeft(GuestProcess p, long addr, long timeoutNs, long startNs, long unit)
            throws ErrnoException {
        long left = Math.max(0, timeoutNs - (System.nanoTime() - startNs));
        p.memory().writeLong(addr, left / NS);
        p.memory().writeLong(addr + 8, left % NS / unit);
    }

    @FunctionalInterface
    private interface Wait {
        long call() throws ErrnoException;
    }

    /**
     * Runs {@code wait} with the signal mask at {@code maskAddr} (none for 0) in force, as ppoll and
     * pselect6 do; the old mask comes back unless a signal interrupts it (then it comes back after
     * the handler, as with rt_sigsuspend).
     */
    private static long withMask(GuestProcess p, long maskAddr, Wait wait) throws ErrnoException {
        if (maskAddr == 0) return wait.call();
        p.beginTemporaryMask(p.memory().readLong(maskAddr));
        long n = wait.call();
        p.endTemporaryMask();
        return n;
    }

    /**
     * select's core ({@code core_sys_select}, {@code do_select}): EBADF for a descriptor in a set
     * that is not open; each set is rewritten with the descriptors ready for it; the count of bits set.
     */
    private static long select(GuestProcess p, int nfds, long inAddr, long outAddr, long exAddr, long timeoutNs)
            throws ErrnoException {
        if (nfds < 0) throw new ErrnoException(Errno.EINVAL);
        int n = Math.min(nfds, maxFds(p));
        int words = (n + 63) / 64;
        long[][] want = {bits(p, inAddr, words, n), bits(p, outAddr, words, n), bits(p, exAddr, words, n)};
        for (int fd = 0; fd < n; fd++) {
            if ((isSet(want[0], fd) || isSet(want[1], fd) || isSet(want[2], fd)) && open(p, fd) == null) {
                throw new ErrnoException(Errno.EBADF);
            }
        }
        int[] masks = {POLLIN_SET, POLLOUT_SET, POLLEX_SET};
        long[][] got = new long[3][words];
        int ready = awaitReady(timeoutNs, () -> {
            int count = 0;
            for (int fd = 0; fd < n; fd++) {
                if (!isSet(want[0], fd) && !isSet(want[1], fd) && !isSet(want[2], fd)) continue;
                OpenFile f = open(p, fd);
                int r = f == null ? POLLNVAL : ready(f);
                for (int s = 0; s < 3; s++) {
                    boolean on = isSet(want[s], fd) && (r & masks[s]) != 0;
                    if (on) {
                        got[s][fd >> 6] |= 1L << (fd & 63);
                        count++;
                    } else {
                        got[s][fd >> 6] &= ~(1L << (fd & 63));
                    }
                }
            }
            return count;
        });
        long[] addrs = {inAddr, outAddr, exAddr};
        for (int s = 0; s < 3; s++) {
            if (addrs[s] == 0) continue;
            for (int w = 0; w < words; w++) p.memory().writeLong(addrs[s] + 8L * w, got[s][w]);
        }
        return ready;
    }

    /**
     * The size of the fd table Linux would have ({@code fdt->max_fds}), past which select ignores
     * descriptors: 64 at first, then 128 times a power of two ({@code alloc_fdtable}) for the highest fd.
     */
    private static int maxFds(GuestProcess p) {
        int highest = -1;
        for (int fd : p.fds().fds()) highest = Math.max(highest, fd);
        if (highest < 64) return 64;
        int units = highest / 128 + 1; // roundup_pow_of_two(nr / 128 + 1) * 128
        return (units == 1 ? 1 : Integer.highestOneBit(units - 1) << 1) * 128;
    }

    /** An fd_set of {@code n} descriptors from guest memory (none for a null pointer); bits past n are ignored. */
    private static long[] bits(GuestProcess p, long addr, int words, int n) throws ErrnoException {
        long[] set = new long[words];
        if (addr == 0) return set;
        for (int w = 0; w < words; w++) set[w] = p.memory().readLong(addr + 8L * w);
        if ((n & 63) != 0) set[words - 1] &= (1L << (n & 63)) - 1;
        return set;
    }

    private static boolean isSet(long[] set, int fd) {
        return (set[fd >> 6] & (1L << (fd & 63))) != 0;
    }
}
