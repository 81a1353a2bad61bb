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

/** poll and ppoll. */
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
        long timeoutNs = -1;
        if (a.a2() != 0) {
            long sec = p.memory().readLong(a.a2()), nsec = p.memory().readLong(a.a2() + 8);
            if (sec < 0 || nsec < 0 || nsec >= NS) throw new ErrnoException(Errno.EINVAL);
            timeoutNs = sec > Long.MAX_VALUE / NS / 2 ? -1 : sec * NS + nsec;
        }
        if (a.a3() == 0) return poll(p, a.a0(), a.a1(), timeoutNs);
        if (a.a4() != 8) throw new ErrnoException(Errno.EINVAL);
        p.beginTemporaryMask(p.memory().readLong(a.a3()));
        long n = poll(p, a.a0(), a.a1(), timeoutNs);
        p.endTemporaryMask();
        return n;
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
        long deadline = System.nanoTime() + timeoutNs;
        synchronized (Readiness.MONITOR) {
            while (true) {
                int ready = 0;
                for (int i = 0; i < n; i++) {
                    int fd = b.getInt(i * POLLFD_SIZE);
                    int events = b.getShort(i * POLLFD_SIZE + 4) & 0xffff;
                    int revents = 0;
                    if (fd >= 0) {
                        OpenFile f = open(p, fd);
                        revents = f == null ? POLLNVAL : ready(f) & (events | ALWAYS);
                    }
                    b.putShort(i * POLLFD_SIZE + 6, (short) revents);
                    if (revents != 0) ready++;
                }
                long left = deadline - System.nanoTime();
                if (ready > 0 || timeoutNs == 0 || (timeoutNs > 0 && left <= 0)) {
                    p.memory().write(fdsAddr, b.array());
                    return ready;
                }
                Blocking.await(Readiness.MONITOR, timeoutNs < 0 ? 0 : left, Blocking.Restart.NEVER);
            }
        }
    }
}
