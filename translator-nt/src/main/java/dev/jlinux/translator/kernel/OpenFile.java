// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Poll;
import dev.jlinux.translator.host.HostStat;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * An open file description: what an fd refers to, shared by dup'd fds (one offset, one set of
 * status flags). Defaults answer what Linux answers when a file type lacks the operation.
 */
public abstract class OpenFile {
    /** Access mode and status flags (O_ACCMODE, O_APPEND, O_NONBLOCK…) as the guest gave them. */
    protected int statusFlags;
    /** How many fds (in any process) refer to this description. */
    private final java.util.concurrent.atomic.AtomicInteger refs = new java.util.concurrent.atomic.AtomicInteger(1);

    protected OpenFile(int statusFlags) {
        this.statusFlags = statusFlags;
    }

    public int statusFlags() {
        return statusFlags;
    }

    /** F_SETFL: the caller has already masked which flags may change. */
    public void setStatusFlags(int flags) {
        this.statusFlags = flags;
    }

    public boolean readable() {
        return (statusFlags & 3) != 1; // O_RDONLY (0) or O_RDWR (2)
    }

    public boolean writable() {
        int acc = statusFlags & 3;
        return acc == 1 || acc == 2;
    }

    /** Reads into the buffers at the file offset; returns the count, 0 at end of file. */
    public long read(ByteBuffer[] dsts) throws ErrnoException {
        throw new ErrnoException(Errno.EINVAL);
    }

    public long write(ByteBuffer[] srcs) throws ErrnoException {
        throw new ErrnoException(Errno.EINVAL);
    }

    /** pread: reads at {@code pos} without moving the offset. */
    public long pread(ByteBuffer[] dsts, long pos) throws ErrnoException {
        throw new ErrnoException(Errno.ESPIPE);
    }

    public long pwrite(ByteBuffer[] srcs, long pos) throws ErrnoException {
        throw new ErrnoException(Errno.ESPIPE);
    }

    public long seek(long offset, int whence) throws ErrnoException {
        throw new ErrnoException(Errno.ESPIPE);
    }

    public abstract FileStat stat() throws ErrnoException;

    /** Directory entries from the current position; the position advances by those consumed. */
    public List<DirEntry> readdir() throws ErrnoException {
        throw new ErrnoException(Errno.ENOTDIR);
    }

    /** Marks {@code count} entries of the last {@link #readdir()} as consumed. */
    public void consumeEntries(int count) {}

    /** A terminal ioctl: the 36-byte termios for TCGETS, or null when this is not a terminal. */
    public byte[] termios() {
        return null;
    }

    public byte[] winsize() {
        return null;
    }

    /**
     * poll(2): which of POLLIN, POLLOUT, POLLHUP, POLLERR (and their RDNORM/WRNORM twins) hold now.
     * By default a file is always ready for what its access mode allows, as regular files are.
     */
    public int pollReady() {
        int ready = 0;
        if (readable()) ready |= Poll.POLLIN | Poll.POLLRDNORM;
        if (writable()) ready |= Poll.POLLOUT | Poll.POLLWRNORM;
        return ready;
    }

    /** F_GETPIPE_SZ: the pipe's capacity; EBADF for anything but a pipe. */
    public int pipeSize() throws ErrnoException {
        throw new ErrnoException(Errno.EBADF);
    }

    /** F_SETPIPE_SZ: resizes the pipe and returns the capacity granted. */
    public int setPipeSize(long size, boolean privileged) throws ErrnoException {
        throw new ErrnoException(Errno.EBADF);
    }

    /** Bytes that can be read without blocking (FIONREAD). */
    public long available() throws ErrnoException {
        throw new ErrnoException(Errno.ENOTTY);
    }

    /** The host file behind this description, for calls jlinux answers from the host (statfs); may be null. */
    public Path hostPath() {
        return null;
    }

    /**
     * statfs(2) of the file system holding this file: the 120-byte {@code struct statfs}. By default
     * the host's answer for {@link #hostPath()}.
     */
    public byte[] statfs() throws ErrnoException {
        Path host = hostPath();
        if (host == null || !HostStat.AVAILABLE) throw new ErrnoException(Errno.ENOSYS);
        return HostStat.statfs(host);
    }

    /** The path this description was opened by, for /proc/self/fd and tracing; may be null. */
    public String path() {
        return null;
    }

    void retain() {
        refs.incrementAndGet();
    }

    /** Drops one reference; the last one closes the underlying object. */
    void release() throws ErrnoException {
        if (refs.decrementAndGet() == 0) close();
    }

    protected void close() throws ErrnoException {}

    /** One directory entry as getdents64 reports it. */
    /** One directory entry as getdents64 reports it; {@code nextOffset} is the d_off cookie that seeks past it. */
    public record DirEntry(long ino, int type, byte[] name, long nextOffset) {}
}
