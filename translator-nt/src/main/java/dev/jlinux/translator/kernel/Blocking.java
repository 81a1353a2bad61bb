// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;

/**
 * Interruptible sleeps of guest processes. A process blocked in a syscall waits on a monitor; a
 * signal sent to it sets its pending flag and notifies that monitor, and the wait ends with EINTR
 * (which the signal code later restarts or reports, as Linux's ERESTARTSYS). Java thread
 * interrupts are never used: they would close the host channels the thread happens to use.
 */
public final class Blocking {
    private Blocking() {}

    /** Whether the syscall an interrupted wait belongs to is restarted after a handler with SA_RESTART. */
    public enum Restart { RESTARTABLE, NEVER }

    /**
     * Waits on {@code monitor} (which the caller holds) until notified or {@code timeoutNs} passes
     * (0 = no timeout); EINTR instead of waiting when a signal is pending for the calling guest
     * process. Callers re-check their condition after each wait and call again, so a wait that a
     * signal and the awaited event end together reports the event, as Linux's wait loops do.
     */
    public static void await(Object monitor, long timeoutNs, Restart restart) throws ErrnoException {
        GuestProcess p = GuestProcess.current();
        if (p != null && p.interruptedBySignal(restart)) throw new ErrnoException(Errno.EINTR);
        if (p != null) p.setWaitingOn(monitor);
        try {
            if (timeoutNs > 0) {
                monitor.wait(timeoutNs / 1_000_000, (int) (timeoutNs % 1_000_000));
            } else {
                monitor.wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErrnoException(Errno.EINTR);
        } finally {
            if (p != null) p.setWaitingOn(null);
        }
    }

    /** Sleeps {@code ns} nanoseconds (Long.MAX_VALUE: forever); EINTR when a signal arrives first. */
    public static void sleep(long ns, Restart restart) throws ErrnoException {
        Object monitor = new Object();
        long deadline = System.nanoTime() + ns;
        synchronized (monitor) {
            for (long left = ns; left > 0; left = deadline - System.nanoTime()) {
                await(monitor, ns == Long.MAX_VALUE ? 0 : left, restart);
            }
        }
    }
}
