// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.translator.host.HostErrors;
import dev.jlinux.translator.host.HostTerminal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A standard stream handed to the guest: one of jlinux's own host fds 0-2 (a terminal, pipe or
 * file) or a channel supplied by an embedding program such as the conformance tests.
 */
public final class StreamFile extends OpenFile {
    private final ReadableByteChannel in;
    private final WritableByteChannel out;
    private final int hostFd;

    /** {@code hostFd} is the host descriptor behind the channel, or -1 when there is none. */
    public StreamFile(ReadableByteChannel in, WritableByteChannel out, int hostFd) {
        super(in != null ? 0 : 1); // O_RDONLY or O_WRONLY
        this.in = in;
        this.out = out;
        this.hostFd = hostFd;
    }

    @Override
    public long read(ByteBuffer[] dsts) throws ErrnoException {
        if (in == null) throw new ErrnoException(Errno.EBADF);
        try {
            for (ByteBuffer b : dsts) {
                if (b.hasRemaining()) {
                    int n = in.read(b);
                    return Math.max(n, 0);
                }
            }
            return 0;
        } catch (IOException e) {
            throw HostErrors.toErrno(e);
        }
    }

    @Override
    public long write(ByteBuffer[] srcs) throws ErrnoException {
        if (out == null) throw new ErrnoException(Errno.EBADF);
        try {
            long total = 0;
            for (ByteBuffer b : srcs) {
                while (b.hasRemaining()) total += out.write(b);
            }
            return total;
        } catch (IOException e) {
            throw HostErrors.toErrno(e);
        }
    }

    /** The host fd through /proc, so statfs sees the terminal, pipe or file behind it. */
    @Override
    public Path hostPath() {
        return hostFd >= 0 ? Path.of("/proc/self/fd/" + hostFd) : null;
    }

    @Override
    public FileStat stat() {
        if (hostFd >= 0) { // the host's own fd: its real inode (terminal, pipe or file) through /proc
            try {
                return HostFiles.stat(hostPath(), true);
            } catch (ErrnoException notLinux) {
                // fall through to a description of what it looks like
            }
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        if (termios() != null) {
            return new FileStat(0x16, hostFd + 3, Stat.S_IFCHR | 0620, 1, 0, 5, (136L << 8), 0, 1024, 0, now, now, now);
        }
        return new FileStat(0xd, 1000 + hostFd, Stat.S_IFIFO | 0600, 1, 0, 0, 0, 0, 4096, 0, now, now, now);
    }

    @Override
    public byte[] termios() {
        return hostFd >= 0 ? HostTerminal.termios(hostFd) : null;
    }

    @Override
    public byte[] winsize() {
        return hostFd >= 0 ? HostTerminal.winsize(hostFd) : null;
    }

    @Override
    protected void close() {
        // The host's own stdio stays open for jlinux; the guest only loses its fd.
    }
}
