// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Fcntl;
import dev.jlinux.syscalls.OpenFlags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A process's file descriptors (Linux's {@code files_struct}): each fd refers to a shared
 * {@link OpenFile} and has its own close-on-exec flag. New fds take the lowest free number below
 * RLIMIT_NOFILE's soft limit.
 */
public final class FdTable {
    private final IntSupplier limit;
    private OpenFile[] files = new OpenFile[16];
    private boolean[] cloexec = new boolean[16];

    /** {@code limit} gives RLIMIT_NOFILE's current soft limit. */
    public FdTable(IntSupplier limit) {
        this.limit = limit;
    }

    /** Installs {@code file} at the lowest free fd; EMFILE when none is below the limit. */
    public int install(OpenFile file, boolean closeOnExec) throws ErrnoException {
        return installFrom(0, file, closeOnExec);
    }

    /** Installs at the lowest free fd ≥ {@code min} (F_DUPFD): EINVAL when min is at or over the limit. */
    public synchronized int installFrom(int min, OpenFile file, boolean closeOnExec) throws ErrnoException {
        int max = limit.getAsInt();
        if (min < 0 || min >= max) throw new ErrnoException(Errno.EINVAL);
        for (int fd = min; fd < max; fd++) {
            if (fd >= files.length || files[fd] == null) {
                put(fd, file, closeOnExec);
                return fd;
            }
        }
        throw new ErrnoException(Errno.EMFILE);
    }

    /** The open file of {@code fd}; EBADF when it is not open. */
    public synchronized OpenFile get(int fd) throws ErrnoException {
        if (fd < 0 || fd >= files.length || files[fd] == null) throw new ErrnoException(Errno.EBADF);
        return files[fd];
    }

    /** Implements F_GETFD. */
    public synchronized boolean closeOnExec(int fd) throws ErrnoException {
        get(fd);
        return cloexec[fd];
    }

    /** Implements F_SETFD. */
    public synchronized void setCloseOnExec(int fd, boolean on) throws ErrnoException {
        get(fd);
        cloexec[fd] = on;
    }

    /** Implements close(2). */
    public void close(int fd) throws ErrnoException {
        OpenFile f;
        synchronized (this) {
            f = get(fd);
            files[fd] = null;
            cloexec[fd] = false;
        }
        dropped(f);
    }

    /** Implements dup(2). */
    public int dup(int fd) throws ErrnoException {
        return install(get(fd), false);
    }

    /** Implements fcntl(F_DUPFD / F_DUPFD_CLOEXEC). */
    public int dupFrom(int fd, int min, boolean closeOnExec) throws ErrnoException {
        return installFrom(min, get(fd), closeOnExec);
    }

    /** Implements dup2(2): the same fd is returned as is (once checked open). */
    public int dup2(int oldFd, int newFd) throws ErrnoException {
        OpenFile f = get(oldFd);
        if (oldFd == newFd) return newFd;
        return replace(f, newFd, false);
    }

    /** Implements dup3(2). */
    public int dup3(int oldFd, int newFd, int flags) throws ErrnoException {
        if ((flags & ~OpenFlags.O_CLOEXEC) != 0 || oldFd == newFd) throw new ErrnoException(Errno.EINVAL);
        return replace(get(oldFd), newFd, (flags & OpenFlags.O_CLOEXEC) != 0);
    }

    private int replace(OpenFile f, int newFd, boolean closeOnExec) throws ErrnoException {
        OpenFile old;
        synchronized (this) {
            if (newFd < 0 || newFd >= limit.getAsInt()) throw new ErrnoException(Errno.EBADF);
            old = newFd < files.length ? files[newFd] : null;
            put(newFd, f, closeOnExec);
        }
        if (old != null) dropped(old);
        return newFd;
    }

    /** Implements close_range(2); this table is never shared, so CLOSE_RANGE_UNSHARE has nothing to do. */
    public void closeRange(int first, int last, int flags) throws ErrnoException {
        if ((flags & ~(Fcntl.CLOSE_RANGE_UNSHARE | Fcntl.CLOSE_RANGE_CLOEXEC)) != 0
                || Integer.compareUnsigned(first, last) > 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        List<OpenFile> closed = new ArrayList<>();
        synchronized (this) {
            long end = Math.min(Integer.toUnsignedLong(last), files.length - 1L);
            for (long fd = Integer.toUnsignedLong(first); fd <= end; fd++) {
                int i = (int) fd;
                if (files[i] == null) continue;
                if ((flags & Fcntl.CLOSE_RANGE_CLOEXEC) != 0) {
                    cloexec[i] = true;
                } else {
                    closed.add(files[i]);
                    files[i] = null;
                    cloexec[i] = false;
                }
            }
        }
        closed.forEach(this::dropped);
    }

    /** Closes every close-on-exec fd, as execve(2) does. */
    public void closeOnExec() {
        List<OpenFile> closed = new ArrayList<>();
        synchronized (this) {
            for (int fd = 0; fd < files.length; fd++) {
                if (files[fd] != null && cloexec[fd]) {
                    closed.add(files[fd]);
                    files[fd] = null;
                    cloexec[fd] = false;
                }
            }
        }
        closed.forEach(this::dropped);
    }

    /** A copy for fork(2): the same open file descriptions, the same close-on-exec flags. */
    public FdTable fork() {
        return fork(limit);
    }

    /** A copy for fork(2) whose fds stay below the child's own RLIMIT_NOFILE, given by {@code childLimit}. */
    public synchronized FdTable fork(IntSupplier childLimit) {
        FdTable t = new FdTable(childLimit);
        t.files = files.clone();
        t.cloexec = cloexec.clone();
        for (OpenFile f : t.files) {
            if (f != null) f.retain();
        }
        return t;
    }

    /** The open fds in increasing order (for /proc/PID/fd). */
    public synchronized int[] fds() {
        int[] out = new int[files.length];
        int n = 0;
        for (int fd = 0; fd < files.length; fd++) {
            if (files[fd] != null) out[n++] = fd;
        }
        return Arrays.copyOf(out, n);
    }

    /** Closes every fd (the process exits). */
    public void closeAll() {
        List<OpenFile> closed = new ArrayList<>();
        synchronized (this) {
            for (OpenFile f : files) {
                if (f != null) closed.add(f);
            }
            Arrays.fill(files, null);
            Arrays.fill(cloexec, false);
        }
        closed.forEach(this::dropped);
    }

    /** An fd of {@code f} was closed: this table's record locks on the file go, then the fd's reference. */
    private void dropped(OpenFile f) {
        FileLocks.closedBy(f, this);
        f.release();
    }

    private void put(int fd, OpenFile f, boolean closeOnExec) {
        if (fd >= files.length) {
            int n = Math.max(files.length * 2, fd + 1);
            files = Arrays.copyOf(files, n);
            cloexec = Arrays.copyOf(cloexec, n);
        }
        f.retain();
        files[fd] = f;
        cloexec[fd] = closeOnExec;
    }
}
