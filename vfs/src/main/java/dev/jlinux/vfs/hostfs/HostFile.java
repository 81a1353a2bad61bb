// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.hostfs;

import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Fcntl;
import dev.jlinux.vfs.FileHandle;
import dev.jlinux.vfs.Statx;
import java.nio.ByteBuffer;

/** An open host regular file: its own host fd, so it keeps working after the name is renamed or removed. */
final class HostFile implements FileHandle {
    private static final int AT_EMPTY_PATH = HostCalls.AT_EMPTY_PATH;

    private final HostFs fs;
    private final int fd;

    HostFile(HostFs fs, int fd) {
        this.fs = fs;
        this.fd = fd;
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws ErrnoException {
        return HostCalls.pread(fd, dst, offset);
    }

    @Override
    public int write(ByteBuffer src, long offset) throws ErrnoException {
        return HostCalls.pwrite(fd, src, offset);
    }

    /** At the size the host reports; atomic among jlinux's writers, not against other host processes. */
    @Override
    public synchronized long append(ByteBuffer src) throws ErrnoException {
        long end = size();
        return end + HostCalls.pwrite(fd, src, end);
    }

    @Override
    public long size() throws ErrnoException {
        return HostCalls.fstatat(fd, "", AT_EMPTY_PATH).size();
    }

    @Override
    public long seek(long position, long offset, int whence) throws ErrnoException {
        if (whence == Fcntl.SEEK_DATA || whence == Fcntl.SEEK_HOLE) return HostCalls.lseek(fd, offset, whence);
        return FileHandle.super.seek(position, offset, whence);
    }

    /** The host opens its own /proc/self/fd link of this file, which reaches the inode whatever its name now. */
    @Override
    public FileHandle reopen(int flags) throws ErrnoException {
        return new HostFile(fs, HostCalls.openat(HostCalls.AT_FDCWD, HostFs.procPath(fd),
                (flags & HostCalls.O_ACCMODE) | HostCalls.O_CLOEXEC | HostCalls.O_NONBLOCK, 0));
    }

    @Override
    public void truncate(long size) throws ErrnoException {
        HostCalls.ftruncate(fd, size);
    }

    @Override
    public void fallocate(int mode, long offset, long len) throws ErrnoException {
        HostCalls.fallocate(fd, mode, offset, len);
    }

    @Override
    public void fsync(boolean dataOnly) throws ErrnoException {
        HostCalls.fsync(fd, dataOnly);
    }

    @Override
    public Statx getattr() throws ErrnoException {
        HostCalls.HostStat st = HostCalls.fstatat(fd, "", AT_EMPTY_PATH);
        return fs.toStatx(st, fs.meta(st, () -> HostFs.readMeta(fd)));
    }

    @Override
    public void release() {
        HostCalls.close(fd);
    }
}
