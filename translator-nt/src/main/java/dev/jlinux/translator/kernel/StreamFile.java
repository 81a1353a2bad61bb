// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.syscalls.Statfs;
import dev.jlinux.translator.host.HostErrors;
import dev.jlinux.translator.host.HostStat;
import dev.jlinux.translator.host.HostTerminal;
import dev.jlinux.vfs.FileHandle;
import dev.jlinux.vfs.FileSystem;
import dev.jlinux.vfs.Inode;
import dev.jlinux.vfs.OpenFile;
import dev.jlinux.vfs.StatFs;
import dev.jlinux.vfs.Statx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * A standard stream handed to the guest: one of jlinux's own host fds 0-2 (a terminal, pipe or
 * file) or a channel supplied by an embedding program such as the conformance tests. Its metadata
 * and statfs are the host fd's, seen through the host's /proc.
 */
public final class StreamFile implements FileHandle {
    private final ReadableByteChannel in;
    private final WritableByteChannel out;
    private final int hostFd;
    /** The host file this handle opened itself (a reopen through /proc/PID/fd), closed with it; else null. */
    private final FileChannel own;

    private StreamFile(ReadableByteChannel in, WritableByteChannel out, int hostFd, FileChannel own) {
        this.in = in;
        this.out = out;
        this.hostFd = hostFd;
        this.own = own;
    }

    /**
     * The open file for a stream: {@code in} for reading or {@code out} for writing; {@code hostFd}
     * is the host descriptor behind the channel, or -1 when there is none.
     */
    public static OpenFile open(ReadableByteChannel in, WritableByteChannel out, int hostFd) {
        StreamFile s = new StreamFile(in, out, hostFd, null);
        return OpenFile.anonymous(s.new Node(), s.hostName(), in != null ? OpenFlags.O_RDONLY : OpenFlags.O_WRONLY, s);
    }

    /** What the host's /proc/self/fd shows for the host fd (a terminal, {@code pipe:[ino]}, a file). */
    private String hostName() {
        if (hostFd < 0) return "pipe:[" + ino() + "]";
        try {
            return java.nio.file.Files.readSymbolicLink(hostPath()).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "pipe:[" + ino() + "]";
        }
    }

    private long ino() {
        return 1000 + hostFd;
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws ErrnoException {
        if (in == null) throw new ErrnoException(Errno.EBADF);
        try {
            return Math.max(in.read(dst), 0);
        } catch (IOException e) {
            throw HostErrors.toErrno(e);
        }
    }

    @Override
    public int write(ByteBuffer src, long offset) throws ErrnoException {
        if (out == null) throw new ErrnoException(Errno.EBADF);
        try {
            int total = 0;
            while (src.hasRemaining()) total += out.write(src);
            return total;
        } catch (IOException e) {
            throw HostErrors.toErrno(e);
        }
    }

    @Override
    public boolean seekable() {
        return false;
    }

    /**
     * An open through /proc/PID/fd: the host opens the same host file again (a terminal, pipe or
     * file, with open(2)'s access mode, O_APPEND and O_TRUNC), as Linux's magic link would; a
     * stream without a host fd lends its channel when the access mode allows.
     */
    @Override
    public FileHandle reopen(int flags) throws ErrnoException {
        int acc = flags & OpenFlags.O_ACCMODE;
        boolean reads = acc != OpenFlags.O_WRONLY, writes = acc != OpenFlags.O_RDONLY;
        if (hostFd < 0) {
            if ((reads && in == null) || (writes && out == null)) throw new ErrnoException(Errno.ENXIO);
            return new StreamFile(reads ? in : null, writes ? out : null, -1, null);
        }
        Set<StandardOpenOption> options = EnumSet.noneOf(StandardOpenOption.class);
        if (reads) options.add(StandardOpenOption.READ);
        if (writes) options.add(StandardOpenOption.WRITE);
        if ((flags & OpenFlags.O_APPEND) != 0) options.add(StandardOpenOption.APPEND);
        if ((flags & OpenFlags.O_TRUNC) != 0 && writes) options.add(StandardOpenOption.TRUNCATE_EXISTING);
        try {
            FileChannel c = FileChannel.open(hostPath(), options);
            return new StreamFile(reads ? c : null, writes ? c : null, hostFd, c);
        } catch (IOException e) {
            throw HostErrors.toErrno(e);
        }
    }

    @Override
    public void release() {
        if (own == null) return;
        try {
            own.close();
        } catch (IOException e) {
            // close(2) of a reopened stream reports nothing the guest could act on
        }
    }

    /** The 36-byte termios for TCGETS, or null when this is not a terminal. */
    public byte[] termios() {
        return hostFd >= 0 ? HostTerminal.termios(hostFd) : null;
    }

    /** The winsize for TIOCGWINSZ, or null when this is not a terminal. */
    public byte[] winsize() {
        return hostFd >= 0 ? HostTerminal.winsize(hostFd) : null;
    }

    private Path hostPath() {
        return Path.of("/proc/self/fd/" + hostFd);
    }

    /** The stream's inode: the host fd's own (terminal, pipe or file), else what it looks like. */
    private final class Node implements Inode, FileSystem {
        @Override
        public FileSystem fileSystem() {
            return this;
        }

        @Override
        public long ino() {
            return StreamFile.this.ino();
        }

        @Override
        public Statx getattr() {
            if (hostFd >= 0 && HostStat.AVAILABLE) {
                try {
                    HostStat.Raw r = HostStat.stat(hostPath(), true);
                    return new Statx(Stat.STATX_BASIC_STATS, (int) r.blksize(), 0, (int) r.nlink(), r.uid(), r.gid(),
                            r.mode(), r.ino(), r.size(), r.blocks(), 0, r.atimeNs(), 0, r.ctimeNs(), r.mtimeNs(),
                            r.rdev(), r.dev());
                } catch (ErrnoException notThere) {
                    // fall through to a description of what it looks like
                }
            }
            long now = System.currentTimeMillis() * 1_000_000L;
            if (termios() != null) {
                return new Statx(Stat.STATX_BASIC_STATS, 1024, 0, 1, 0, 5, Stat.S_IFCHR | 0620, hostFd + 3, 0, 0, 0,
                        now, 0, now, now, 136L << 8, 0x16);
            }
            return new Statx(Stat.STATX_BASIC_STATS, 4096, 0, 1, 0, 0, Stat.S_IFIFO | 0600, ino(), 0, 0, 0,
                    now, 0, now, now, 0, 0xd);
        }

        @Override
        public Inode root() {
            return this;
        }

        @Override
        public String type() {
            return "stdio";
        }

        @Override
        public long dev() {
            return 0;
        }

        /** The host's statfs of the file behind the stream. */
        @Override
        public StatFs statfs() throws ErrnoException {
            if (hostFd < 0 || !HostStat.AVAILABLE) return PseudoFs.PIPEFS.statfs();
            ByteBuffer b = ByteBuffer.wrap(HostStat.statfs(hostPath())).order(ByteOrder.LITTLE_ENDIAN);
            return new StatFs(b.getLong(Statfs.F_TYPE), b.getLong(Statfs.F_BSIZE), b.getLong(Statfs.F_BLOCKS),
                    b.getLong(Statfs.F_BFREE), b.getLong(Statfs.F_BAVAIL), b.getLong(Statfs.F_FILES),
                    b.getLong(Statfs.F_FFREE), b.getLong(Statfs.F_FSID), b.getLong(Statfs.F_NAMELEN),
                    b.getLong(Statfs.F_FRSIZE), b.getLong(Statfs.F_FLAGS));
        }
    }
}
