// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import static dev.jlinux.syscalls.OpenFlags.O_APPEND;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.translator.host.HostErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** A host file opened through a {@link FileChannel} (regular files and devices such as /dev/null). */
public final class HostFile extends OpenFile {
    private final FileChannel channel;
    private final Path hostPath;
    private final String guestPath;

    public HostFile(FileChannel channel, Path hostPath, String guestPath, int statusFlags) {
        super(statusFlags);
        this.channel = channel;
        this.hostPath = hostPath;
        this.guestPath = guestPath;
    }

    @Override
    public Path hostPath() {
        return hostPath;
    }

    public FileChannel channel() {
        return channel;
    }

    @Override
    public String path() {
        return guestPath;
    }

    @Override
    public long read(ByteBuffer[] dsts) throws ErrnoException {
        if (!readable()) throw new ErrnoException(Errno.EBADF);
        try {
            long n = channel.read(dsts);
            return Math.max(n, 0);
        } catch (IOException e) {
            throw HostErrors.toErrno(e);
        }
    }

    @Override
    public long write(ByteBuffer[] srcs) throws ErrnoException {
        if (!writable()) throw new ErrnoException(Errno.EBADF);
        try {
            if ((statusFlags & O_APPEND) != 0) channel.position(channel.size());
            return channel.write(srcs);
        } catch (IOException e) {
            throw HostErrors.toErrno(e);
        }
    }

    @Override
    public long pread(ByteBuffer[] dsts, long pos) throws ErrnoException {
        if (!readable()) throw new ErrnoException(Errno.EBADF);
        if (pos < 0) throw new ErrnoException(Errno.EINVAL);
        try {
            long total = 0;
            for (ByteBuffer b : dsts) {
                while (b.hasRemaining()) {
                    int n = channel.read(b, pos + total);
                    if (n <= 0) return total;
                    total += n;
                }
            }
            return total;
        } catch (IOException e) {
            throw HostErrors.toErrno(e);
        }
    }

    @Override
    public long pwrite(ByteBuffer[] srcs, long pos) throws ErrnoException {
        if (!writable()) throw new ErrnoException(Errno.EBADF);
        if (pos < 0) throw new ErrnoException(Errno.EINVAL);
        try {
            long total = 0;
            for (ByteBuffer b : srcs) {
                while (b.hasRemaining()) total += channel.write(b, pos + total);
            }
            return total;
        } catch (IOException e) {
            throw HostErrors.toErrno(e);
        }
    }

    @Override
    public long seek(long offset, int whence) throws ErrnoException {
        try {
            long base = switch (whence) {
                case 0 -> 0; // SEEK_SET
                case 1 -> channel.position(); // SEEK_CUR
                case 2 -> channel.size(); // SEEK_END
                default -> throw new ErrnoException(Errno.EINVAL);
            };
            long to = base + offset;
            if (to < 0 || (offset > 0 && to < base)) throw new ErrnoException(Errno.EINVAL);
            channel.position(to);
            return to;
        } catch (IOException e) {
            throw HostErrors.toErrno(e);
        }
    }

    @Override
    public FileStat stat() throws ErrnoException {
        return HostFiles.stat(hostPath, true);
    }

    @Override
    public long available() throws ErrnoException {
        try {
            return Math.max(0, channel.size() - channel.position());
        } catch (IOException e) {
            throw HostErrors.toErrno(e);
        }
    }

    @Override
    protected void close() throws ErrnoException {
        try {
            channel.close();
        } catch (IOException e) {
            throw HostErrors.toErrno(e);
        }
    }
}
