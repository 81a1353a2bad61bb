// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.host;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.HashMap;
import java.util.Map;

/**
 * Host failures outside the VFS (the guest's standard streams, host stat calls) as Linux errno values;
 * inside it, hostfs's own {@code HostErrors} does this for every file operation.
 */
public final class HostErrors {
    private static final Map<String, Errno> BY_MESSAGE = new HashMap<>();

    static {
        for (Errno e : Errno.values()) BY_MESSAGE.putIfAbsent(e.message(), e);
    }

    private HostErrors() {}

    public static ErrnoException toErrno(IOException e) {
        return new ErrnoException(errnoOf(e), e.getMessage());
    }

    /** The errno a host exception stands for. On Unix hosts the JDK carries strerror()'s text as the reason. */
    private static Errno errnoOf(IOException e) {
        if (e instanceof NoSuchFileException) return Errno.ENOENT;
        if (e instanceof AccessDeniedException) return Errno.EACCES;
        if (e instanceof FileAlreadyExistsException) return Errno.EEXIST;
        if (e instanceof DirectoryNotEmptyException) return Errno.ENOTEMPTY;
        if (e instanceof NotDirectoryException) return Errno.ENOTDIR;
        if (e instanceof NotLinkException) return Errno.EINVAL;
        if (e instanceof FileSystemLoopException) return Errno.ELOOP;
        if (e instanceof ClosedChannelException) return Errno.EBADF;
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            Errno byReason = BY_MESSAGE.get(fse.getReason());
            if (byReason != null) return byReason;
        }
        String msg = e.getMessage();
        if (msg != null) {
            for (Map.Entry<String, Errno> m : BY_MESSAGE.entrySet()) {
                if (msg.endsWith(m.getKey())) return m.getValue();
            }
        }
        return Errno.EIO;
    }

    /** A host C library call's errno, on a Linux host (where its numbers are Linux's). */
    public static ErrnoException fromHostErrno(int errno) {
        Errno e = Errno.fromNumber(errno);
        return new ErrnoException(e != null ? e : Errno.EIO, "host errno " + errno);
    }
}
