// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Fcntl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Advisory file locks (fs/locks.c): POSIX record locks owned by an fd table (F_SETLK; released when
 * that table closes any fd of the file), open file description locks owned by an {@link OpenFile}
 * (F_OFD_SETLK) and flock(2) locks owned by an open file description; both of the latter are
 * released with the description's last fd. Record locks and flock locks do not see each other, as
 * on Linux. Waiters sleep on {@link #MONITOR}; deadlocks between waiters are not detected.
 */
public final class FileLocks {
    /** What lock waiters sleep on; every release notifies it. */
    public static final Object MONITOR = new Object();
    /** End of a lock that reaches to the end of the file, however far it grows. */
    public static final long TO_EOF = Long.MAX_VALUE;

    private record Lock(Object owner, int pid, boolean write, long start, long end) {
        boolean overlaps(long s, long e) {
            return start <= e && s <= end;
        }
    }

    /** A conflicting lock as F_GETLK reports it; {@code pid} is -1 for an open file description's lock. */
    public record Held(boolean write, long start, long end, int pid) {}

    /** How a blocking request sleeps (the kernel's interruptible wait on {@link #MONITOR}, which it holds). */
    @FunctionalInterface
    public interface Waiter {
        void await() throws ErrnoException;
    }

    private static final Map<Inode, List<Lock>> RECORDS = new HashMap<>();
    private static final Map<Inode, List<Lock>> FLOCKS = new HashMap<>();

    private FileLocks() {}

    /** F_GETLK / F_OFD_GETLK: the first lock of another owner that would block {@code write} on [start, end]. */
    public static Held test(OpenFile f, Object owner, boolean write, long start, long end) {
        synchronized (MONITOR) {
            Lock l = conflict(RECORDS, f.inode(), owner, write, start, end);
            return l == null ? null : new Held(l.write, l.start, l.end, l.pid);
        }
    }

    /**
     * F_SETLK / F_SETLKW and their OFD forms: {@code type} F_RDLCK, F_WRLCK or F_UNLCK on [start, end]
     * for {@code owner} (an {@link FdTable} or an {@link OpenFile}); EAGAIN on a conflict unless
     * {@code waiter} is given, which then sleeps until the conflict is gone.
     */
    public static void set(OpenFile f, Object owner, int pid, int type, long start, long end, Waiter waiter)
            throws ErrnoException {
        if (type != Fcntl.F_UNLCK) {
            if (type != Fcntl.F_RDLCK && type != Fcntl.F_WRLCK) throw new ErrnoException(Errno.EINVAL);
            if (type == Fcntl.F_RDLCK ? !f.readable() : !f.writable()) throw new ErrnoException(Errno.EBADF);
        }
        Inode inode = f.inode();
        synchronized (MONITOR) {
            if (type != Fcntl.F_UNLCK) {
                while (conflict(RECORDS, inode, owner, type == Fcntl.F_WRLCK, start, end) != null) {
                    if (waiter == null) throw new ErrnoException(Errno.EAGAIN);
                    waiter.await();
                }
            }
            List<Lock> locks = RECORDS.computeIfAbsent(inode, k -> new ArrayList<>());
            List<Lock> kept = new ArrayList<>();
            for (Iterator<Lock> it = locks.iterator(); it.hasNext(); ) {
                Lock l = it.next();
                if (l.owner != owner || !l.overlaps(start, end)) continue;
                it.remove();
                if (l.start < start) kept.add(new Lock(owner, l.pid, l.write, l.start, start - 1));
                if (l.end > end) kept.add(new Lock(owner, l.pid, l.write, end + 1, l.end));
            }
            locks.addAll(kept);
            if (type != Fcntl.F_UNLCK) locks.add(new Lock(owner, pid, type == Fcntl.F_WRLCK, start, end));
            if (locks.isEmpty()) RECORDS.remove(inode);
            MONITOR.notifyAll();
        }
    }

    /** Implements flock(2) for the open file description {@code f}. */
    public static void flock(OpenFile f, int operation, Waiter waiter) throws ErrnoException {
        int op = operation & ~Fcntl.LOCK_NB;
        if (op != Fcntl.LOCK_SH && op != Fcntl.LOCK_EX && op != Fcntl.LOCK_UN) throw new ErrnoException(Errno.EINVAL);
        Inode inode = f.inode();
        synchronized (MONITOR) {
            remove(FLOCKS, inode, f);
            MONITOR.notifyAll();
            if (op == Fcntl.LOCK_UN) return;
            boolean write = op == Fcntl.LOCK_EX;
            while (conflict(FLOCKS, inode, f, write, 0, TO_EOF) != null) {
                if (waiter == null || (operation & Fcntl.LOCK_NB) != 0) throw new ErrnoException(Errno.EAGAIN);
                waiter.await();
            }
            FLOCKS.computeIfAbsent(inode, k -> new ArrayList<>()).add(new Lock(f, -1, write, 0, TO_EOF));
        }
    }

    /** An fd table closed an fd of {@code f}: its record locks on the file go ({@code locks_remove_posix}). */
    static void closedBy(OpenFile f, FdTable table) {
        release(RECORDS, f.inode(), table);
    }

    /** The last fd of {@code f} is gone: its OFD and flock locks go. */
    static void released(OpenFile f) {
        release(RECORDS, f.inode(), f);
        release(FLOCKS, f.inode(), f);
    }

    private static void release(Map<Inode, List<Lock>> table, Inode inode, Object owner) {
        synchronized (MONITOR) {
            if (table.isEmpty() || !table.containsKey(inode)) return;
            remove(table, inode, owner);
            MONITOR.notifyAll();
        }
    }

    private static void remove(Map<Inode, List<Lock>> table, Inode inode, Object owner) {
        List<Lock> locks = table.get(inode);
        if (locks == null) return;
        locks.removeIf(l -> l.owner == owner);
        if (locks.isEmpty()) table.remove(inode);
    }

    private static Lock conflict(Map<Inode, List<Lock>> table, Inode inode, Object owner, boolean write, long start,
                                 long end) {
        List<Lock> locks = table.get(inode);
        if (locks == null) return null;
        for (Lock l : locks) {
            if (l.owner != owner && (write || l.write) && l.overlaps(start, end)) return l;
        }
        return null;
    }
}
