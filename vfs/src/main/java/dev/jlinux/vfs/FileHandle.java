// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Fcntl;
import dev.jlinux.syscalls.Poll;
import java.nio.ByteBuffer;

/**
 * What an open file does (Linux's {@code file_operations}). The VFS keeps the offset and checks the
 * access mode; a handle reads and writes at the offsets it is given. A default returns what Linux
 * returns when the operation is missing.
 */
public interface FileHandle {
    /** Reads into {@code dst} from {@code offset}; returns the byte count (0 at end of file). */
    default int read(ByteBuffer dst, long offset) throws ErrnoException {
        throw new ErrnoException(Errno.EINVAL);
    }

    /** Writes {@code src} at {@code offset}; returns the byte count. */
    default int write(ByteBuffer src, long offset) throws ErrnoException {
        throw new ErrnoException(Errno.EINVAL);
    }

    /** Writes {@code src} at the current end of file, atomically; returns the new end of file. */
    default long append(ByteBuffer src) throws ErrnoException {
        throw new ErrnoException(Errno.EINVAL);
    }

    /** Whether the file has positions (false for pipes, terminals: lseek and pread say ESPIPE). */
    default boolean seekable() {
        return true;
    }

    /**
     * Whether reads and writes move the file position; false for devices that ignore it, such as
     * drivers/char/mem.c's (their position stays where lseek put it).
     */
    default boolean positioned() {
        return true;
    }

    /**
     * The new position for lseek(2) from {@code position}; the default is
     * {@code generic_file_llseek} over {@link #size()}, where all of the file is data.
     */
    default long seek(long position, long offset, int whence) throws ErrnoException {
        long size = size();
        long target = switch (whence) {
            case Fcntl.SEEK_SET -> offset;
            case Fcntl.SEEK_CUR -> position + offset;
            case Fcntl.SEEK_END -> size + offset;
            case Fcntl.SEEK_DATA -> {
                if (offset < 0 || offset >= size) throw new ErrnoException(Errno.ENXIO);
                yield offset;
            }
            case Fcntl.SEEK_HOLE -> {
                if (offset < 0 || offset >= size) throw new ErrnoException(Errno.ENXIO);
                yield size;
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        };
        if (target < 0) throw new ErrnoException(Errno.EINVAL);
        return target;
    }

    /** The file's size, for SEEK_END. */
    default long size() throws ErrnoException {
        return 0;
    }

    /** ftruncate(2) on a regular file opened for writing; also sets mtime and ctime. */
    default void truncate(long size) throws ErrnoException {
        throw new ErrnoException(Errno.EINVAL);
    }

    /** fallocate(2) with its {@code FALLOC_FL_*} mode. */
    default void fallocate(int mode, long offset, long len) throws ErrnoException {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    default void fsync(boolean dataOnly) throws ErrnoException {
        throw new ErrnoException(Errno.EINVAL);
    }

    /** An ioctl(2) that needs no guest memory; {@code arg} is the raw argument. */
    default long ioctl(int cmd, long arg) throws ErrnoException {
        throw new ErrnoException(Errno.ENOTTY);
    }

    /**
     * The open file's metadata when the handle knows it better than its inode does (a host file
     * whose name is gone still answers fstat through its fd); null to ask the inode.
     */
    default Statx getattr() throws ErrnoException {
        return null;
    }

    /**
     * poll(2)'s events that hold now ({@code POLLIN}, {@code POLLOUT}, {@code POLLHUP}...); by
     * default a file is always ready for what its access mode allows, as regular files are.
     */
    default int poll(boolean readable, boolean writable) {
        return (readable ? Poll.POLLIN | Poll.POLLRDNORM : 0) | (writable ? Poll.POLLOUT | Poll.POLLWRNORM : 0);
    }

    /** FIONREAD of a file that is not regular: the bytes a read would return now without blocking. */
    default long available() throws ErrnoException {
        throw new ErrnoException(Errno.ENOTTY);
    }

    /** The open file description this handle now serves (for handles that read its status flags). */
    default void opened(OpenFile file) {}

    /**
     * A new handle on the same object for an open through a /proc/PID/fd magic link ({@code flags}
     * are open(2)'s): a pipe end opens its pipe again, a stream its host file, a host file its host
     * inode even once renamed or deleted. Null (the default): open the inode as usual; a file
     * outside every directory tree then cannot be reopened (ENXIO).
     */
    default FileHandle reopen(int flags) throws ErrnoException {
        return null;
    }

    /** The last reference to the open file description is gone. */
    default void release() {}
}
