// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import java.util.Arrays;

/** A process's file descriptors: each points at an {@link OpenFile}; close-on-exec is per fd. */
public final class FdTable {
    private OpenFile[] files = new OpenFile[64];
    private boolean[] cloexec = new boolean[64];
    private int limit = 1024;

    public OpenFile get(int fd) throws ErrnoException {
        if (fd < 0 || fd >= files.length || files[fd] == null) throw new ErrnoException(Errno.EBADF);
        return files[fd];
    }

    public boolean isOpen(int fd) {
        return fd >= 0 && fd < files.length && files[fd] != null;
    }

    public boolean closeOnExec(int fd) throws ErrnoException {
        get(fd);
        return cloexec[fd];
    }

    public void setCloseOnExec(int fd, boolean value) throws ErrnoException {
        get(fd);
        cloexec[fd] = value;
    }

    /** Sets RLIMIT_NOFILE's soft value: new fds must be below it. */
    public void setLimit(int limit) {
        this.limit = limit;
    }

    /** Installs a new description at the lowest free fd ≥ {@code min}; EMFILE past RLIMIT_NOFILE. */
    public int install(OpenFile file, boolean closeOnExec, int min) throws ErrnoException {
        for (int fd = Math.max(0, min); fd < limit; fd++) {
            if (fd >= files.length || files[fd] == null) {
                put(fd, file, closeOnExec);
                return fd;
            }
        }
        throw new ErrnoException(Errno.EMFILE);
    }

    public int install(OpenFile file, boolean closeOnExec) throws ErrnoException {
        return install(file, closeOnExec, 0);
    }

    /** dup2/dup3: makes {@code newFd} refer to {@code oldFd}'s description, closing what was there. */
    public void duplicateTo(int oldFd, int newFd, boolean closeOnExec) throws ErrnoException {
        OpenFile f = get(oldFd);
        if (newFd < 0 || newFd >= limit) throw new ErrnoException(Errno.EBADF);
        f.retain();
        if (isOpen(newFd)) {
            OpenFile old = files[newFd];
            files[newFd] = null;
            old.release();
        }
        put(newFd, f, closeOnExec);
    }

    /** dup/F_DUPFD: a new fd ≥ {@code min} for {@code oldFd}'s description. */
    public int duplicate(int oldFd, int min, boolean closeOnExec) throws ErrnoException {
        OpenFile f = get(oldFd);
        if (min < 0 || min >= limit) throw new ErrnoException(Errno.EINVAL);
        int fd = install(f, closeOnExec, min);
        f.retain();
        return fd;
    }

    public void close(int fd) throws ErrnoException {
        OpenFile f = get(fd);
        files[fd] = null;
        cloexec[fd] = false;
        f.release();
    }

    /** Closes every fd (process exit); errors are ignored, as the kernel does. */
    public void closeAll() {
        for (int fd = 0; fd < files.length; fd++) {
            if (files[fd] != null) {
                try {
                    close(fd);
                } catch (ErrnoException ignored) {
                    // exit closes regardless
                }
            }
        }
    }

    /** fork: a new table with the same fds, sharing each open file description. */
    public FdTable copy() {
        FdTable t = new FdTable();
        t.files = files.clone();
        t.cloexec = cloexec.clone();
        t.limit = limit;
        for (OpenFile f : t.files) {
            if (f != null) f.retain();
        }
        return t;
    }

    /** execve: closes every fd marked close-on-exec. */
    public void closeOnExec() {
        for (int fd = 0; fd < files.length; fd++) {
            if (files[fd] != null && cloexec[fd]) {
                try {
                    close(fd);
                } catch (ErrnoException ignored) {
                    // exec closes regardless
                }
            }
        }
    }

    private void put(int fd, OpenFile file, boolean closeOnExec) {
        if (fd >= files.length) {
            int n = Math.max(fd + 1, files.length * 2);
            files = Arrays.copyOf(files, n);
            cloexec = Arrays.copyOf(cloexec, n);
        }
        files[fd] = file;
        cloexec[fd] = closeOnExec;
    }
}
