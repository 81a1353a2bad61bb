// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.Mman.*;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Fcntl;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.Signals;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.kernel.AddressSpace;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.translator.kernel.Pipe;
import dev.jlinux.vfs.Credentials;
import dev.jlinux.vfs.OpenFile;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** read, write and their vectored and positioned forms, and lseek. */
final class SysReadWrite {
    /** Linux's MAX_RW_COUNT: one call moves at most this many bytes. */
    static final long MAX_RW_COUNT = 0x7ffff000L;
    /** UIO_MAXIOV. */
    static final int IOV_MAX = 1024;

    private SysReadWrite() {}

    /** Implements read(2). */
    static long read(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = readableFile(p, a.intArg(0));
        return read(f, buffers(p, a.a1(), a.a2(), PROT_WRITE), -1);
    }

    /** Implements write(2). */
    static long write(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = writableFile(p, a.intArg(0));
        return write(p, f, buffers(p, a.a1(), a.a2(), PROT_READ), false);
    }

    /**
     * Writes at the file offset (without waiting when {@code nowait}: RWF_NOWAIT on a pipe); EPIPE
     * (no reader left) also raises SIGPIPE, as pipe_write does.
     */
    private static long write(GuestProcess p, OpenFile f, ByteBuffer[] srcs, boolean nowait) throws ErrnoException {
        try {
            return nowait ? Pipe.transferNowait(f, srcs, true) : write(f, p.creds(), srcs, -1);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EPIPE) p.raise(Signals.SIGPIPE);
            throw e;
        }
    }

    /** The most a vectored transfer on a pipe or stream gathers into one buffer, to stay one transfer. */
    private static final int GATHER_MAX = 1 << 20;

    /**
     * Reads into {@code dsts} at the file offset ({@code pos} -1) or at {@code pos}, as one transfer:
     * a file without positions (a pipe) is read once into one buffer and scattered, so a readv never
     * waits for more after some data came; a seekable file is read buffer by buffer until one is short.
     */
    static long read(OpenFile f, ByteBuffer[] dsts, long pos) throws ErrnoException {
        if (dsts.length == 1) return pos < 0 ? f.read(dsts[0]) : f.pread(dsts[0], pos);
        long total = 0;
        for (ByteBuffer b : dsts) total += b.remaining();
        if (dsts.length == 0 || total == 0) return pos < 0 ? f.read(ByteBuffer.allocate(0)) : f.pread(ByteBuffer.allocate(0), pos);
        if (pos < 0 && !f.handle().seekable()) {
            ByteBuffer tmp = ByteBuffer.allocate((int) Math.min(total, GATHER_MAX));
            int n = f.read(tmp);
            tmp.flip();
            for (ByteBuffer b : dsts) {
                int take = Math.min(b.remaining(), tmp.remaining());
                b.put(b.position(), tmp, tmp.position(), take);
                b.position(b.position() + take);
                tmp.position(tmp.position() + take);
            }
            return n;
        }
        long done = 0;
        for (ByteBuffer b : dsts) {
            int want = b.remaining();
            int n = pos < 0 ? f.read(b) : f.pread(b, pos + done);
            done += n;
            if (n < want) break;
        }
        return done;
    }

    /** Writes {@code srcs} by {@code w} as {@link #read} reads: gathered into one write on a pipe or stream. */
    static long write(OpenFile f, Credentials w, ByteBuffer[] srcs, long pos) throws ErrnoException {
        return write(f, w, srcs, pos, (f.flags() & OpenFlags.O_APPEND) != 0);
    }

    /** As {@link #write(OpenFile, Credentials, ByteBuffer[], long)}; a positioned write appends when {@code append}. */
    private static long write(OpenFile f, Credentials w, ByteBuffer[] srcs, long pos, boolean append)
            throws ErrnoException {
        if (srcs.length == 1) return pos < 0 ? f.write(srcs[0], w) : f.pwrite(srcs[0], pos, append, w);
        long total = 0;
        for (ByteBuffer b : srcs) total += b.remaining();
        if (srcs.length == 0 || total == 0) {
            return pos < 0 ? f.write(ByteBuffer.allocate(0), w) : f.pwrite(ByteBuffer.allocate(0), pos, w);
        }
        if (pos < 0 && !f.handle().seekable() && total <= GATHER_MAX) {
            ByteBuffer tmp = ByteBuffer.allocate((int) total);
            for (ByteBuffer b : srcs) tmp.put(b.duplicate());
            tmp.flip();
            return f.write(tmp, w);
        }
        long done = 0;
        for (ByteBuffer b : srcs) {
            int want = b.remaining();
            int n;
            try {
                n = pos < 0 ? f.write(b, w) : f.pwrite(b, pos + done, append, w);
            } catch (ErrnoException e) {
                if (done == 0) throw e;
                break;
            }
            done += n;
            if (n < want) break;
        }
        return done;
    }

    /** Implements pread64(2). */
    static long pread64(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = readableFile(p, a.intArg(0));
        if (a.a3() < 0) throw new ErrnoException(Errno.EINVAL);
        return read(f, buffers(p, a.a1(), a.a2(), PROT_WRITE), a.a3());
    }

    /** Implements pwrite64(2). */
    static long pwrite64(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = writableFile(p, a.intArg(0));
        if (a.a3() < 0) throw new ErrnoException(Errno.EINVAL);
        return write(f, p.creds(), buffers(p, a.a1(), a.a2(), PROT_READ), a.a3());
    }

    /** Implements readv(2). */
    static long readv(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = readableFile(p, a.intArg(0));
        return read(f, iovecs(p, a.a1(), a.intArg(2), PROT_WRITE), -1);
    }

    /** Implements writev(2). */
    static long writev(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = writableFile(p, a.intArg(0));
        return write(p, f, iovecs(p, a.a1(), a.intArg(2), PROT_READ), false);
    }

    /** Implements preadv(2): the offset comes split in two registers (low, high), as on 64-bit it is just a3. */
    static long preadv(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = readableFile(p, a.intArg(0));
        if (a.a3() < 0) throw new ErrnoException(Errno.EINVAL);
        return read(f, iovecs(p, a.a1(), a.intArg(2), PROT_WRITE), a.a3());
    }

    /** Implements pwritev(2). */
    static long pwritev(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = writableFile(p, a.intArg(0));
        if (a.a3() < 0) throw new ErrnoException(Errno.EINVAL);
        return write(f, p.creds(), iovecs(p, a.a1(), a.intArg(2), PROT_READ), a.a3());
    }

    /**
     * Implements preadv2(2): offset -1 reads at the file offset; RWF_HIPRI changes nothing for a
     * buffered read, RWF_NOWAIT reads a pipe without waiting, the write-only flags are ignored as
     * Linux ignores them on a read.
     */
    static long preadv2(GuestProcess p, SyscallArgs a) throws ErrnoException {
        if (a.a3() < -1) throw new ErrnoException(Errno.EINVAL);
        OpenFile f = readableFile(p, a.intArg(0));
        ByteBuffer[] dsts = iovecs(p, a.a1(), a.intArg(2), PROT_WRITE);
        int rwf = a.intArg(5);
        if (a.a3() != -1 && !f.handle().seekable()) throw new ErrnoException(Errno.ESPIPE);
        checkRwFlags(f, rwf);
        if ((rwf & Fcntl.RWF_NOWAIT) != 0) return Pipe.transferNowait(f, dsts, false);
        return read(f, dsts, a.a3());
    }

    /**
     * Implements pwritev2(2): RWF_APPEND writes at the end (and moves the file offset there when the
     * offset is -1), RWF_NOAPPEND ignores O_APPEND, RWF_DSYNC and RWF_SYNC sync a regular file after
     * the write (fdatasync, fsync), RWF_HIPRI changes nothing for a buffered write, RWF_NOWAIT writes
     * to a pipe without waiting.
     */
    static long pwritev2(GuestProcess p, SyscallArgs a) throws ErrnoException {
        if (a.a3() < -1) throw new ErrnoException(Errno.EINVAL);
        OpenFile f = writableFile(p, a.intArg(0));
        ByteBuffer[] srcs = iovecs(p, a.a1(), a.intArg(2), PROT_READ);
        int rwf = a.intArg(5);
        long pos = a.a3(), n;
        if (pos != -1 && !f.handle().seekable()) throw new ErrnoException(Errno.ESPIPE);
        checkRwFlags(f, rwf);
        if ((rwf & (Fcntl.RWF_APPEND | Fcntl.RWF_NOAPPEND)) == 0 || !f.handle().seekable()) {
            n = pos == -1 ? write(p, f, srcs, (rwf & Fcntl.RWF_NOWAIT) != 0) : write(f, p.creds(), srcs, pos);
        } else {
            boolean append = (rwf & Fcntl.RWF_APPEND) != 0
                    || ((rwf & Fcntl.RWF_NOAPPEND) == 0 && (f.flags() & OpenFlags.O_APPEND) != 0);
            long at = append ? f.getattr().size() : pos == -1 ? f.position() : pos;
            n = write(f, p.creds(), srcs, at, append);
            if (pos == -1) f.lseek(at + n, Fcntl.SEEK_SET);
        }
        if ((rwf & (Fcntl.RWF_DSYNC | Fcntl.RWF_SYNC)) != 0 && f.getattr().type() == dev.jlinux.syscalls.Stat.S_IFREG) {
            f.fsync((rwf & Fcntl.RWF_SYNC) == 0);
        }
        return n;
    }

    /**
     * The RWF_* checks of {@code kiocb_set_rw_flags} for {@code f}: unknown flags, RWF_NOWAIT on
     * anything but a pipe (the only file here with FMODE_NOWAIT), RWF_ATOMIC (no file here can write
     * atomically; a read never) and RWF_DONTCACHE (no filesystem here has uncached buffered I/O) get
     * EOPNOTSUPP; RWF_APPEND with RWF_NOAPPEND is EINVAL.
     */
    private static void checkRwFlags(OpenFile f, int rwf) throws ErrnoException {
        if ((rwf & ~Fcntl.RWF_SUPPORTED) != 0) throw new ErrnoException(Errno.EOPNOTSUPP);
        if ((rwf & Fcntl.RWF_APPEND) != 0 && (rwf & Fcntl.RWF_NOAPPEND) != 0) throw new ErrnoException(Errno.EINVAL);
        if ((rwf & Fcntl.RWF_NOWAIT) != 0 && !Pipe.takesNowait(f)) throw new ErrnoException(Errno.EOPNOTSUPP, "RWF_NOWAIT");
        if ((rwf & (Fcntl.RWF_ATOMIC | Fcntl.RWF_DONTCACHE)) != 0) throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    /** Implements fadvise64(2): the advice is checked and, being a hint about caching, taken without effect. */
    static long fadvise64(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = p.fds().get(a.intArg(0));
        if (f.handle() == null) throw new ErrnoException(Errno.EBADF);
        if (f.getattr().type() == dev.jlinux.syscalls.Stat.S_IFIFO) throw new ErrnoException(Errno.ESPIPE);
        int advice = a.intArg(3);
        if (a.a2() < 0 || advice < Fcntl.POSIX_FADV_NORMAL || advice > Fcntl.POSIX_FADV_NOREUSE) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return 0;
    }

    /**
     * Implements copy_file_range(2) between regular files, through a buffer: from each file's offset
     * or from {@code *off_in} / {@code *off_out}, which then advance.
     */
    static long copyFileRange(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile in = readableFile(p, a.intArg(0));
        OpenFile out = writableFile(p, a.intArg(2));
        long inAddr = a.a1(), outAddr = a.a3();
        long count = Math.min(a.a4(), MAX_RW_COUNT);
        if (a.intArg(5) != 0) throw new ErrnoException(Errno.EINVAL);
        if (in.getattr().isDirectory() || out.getattr().isDirectory()) throw new ErrnoException(Errno.EISDIR);
        if (!in.getattr().isRegular() || !out.getattr().isRegular()) throw new ErrnoException(Errno.EINVAL);
        if ((out.flags() & OpenFlags.O_APPEND) != 0) throw new ErrnoException(Errno.EBADF);
        long inPos = inAddr != 0 ? p.memory().readLong(inAddr) : in.position();
        long outPos = outAddr != 0 ? p.memory().readLong(outAddr) : out.position();
        if (inPos < 0 || outPos < 0 || count < 0) throw new ErrnoException(Errno.EINVAL);
        if (in.inode().equals(out.inode()) && inPos < outPos + count && outPos < inPos + count) {
            throw new ErrnoException(Errno.EINVAL);
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            int got = in.pread(buf, inPos + done);
            if (got <= 0) break;
            buf.flip();
            int put = out.pwrite(buf, outPos + done, p.creds());
            done += put;
            if (put < got) break;
        }
        if (inAddr != 0) p.memory().writeLong(inAddr, inPos + done);
        else in.lseek(inPos + done, Fcntl.SEEK_SET);
        if (outAddr != 0) p.memory().writeLong(outAddr, outPos + done);
        else out.lseek(outPos + done, Fcntl.SEEK_SET);
        return done;
    }

    /** Implements lseek(2). */
    static long lseek(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return p.fds().get(a.intArg(0)).lseek(a.a1(), a.intArg(2));
    }

    /** Implements sendfile(2): copies through a buffer, from the in fd's offset or from {@code *offset}. */
    static long sendfile(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile out = writableFile(p, a.intArg(0));
        OpenFile in = readableFile(p, a.intArg(1));
        long offAddr = a.a2();
        long count = Math.min(a.a3(), MAX_RW_COUNT);
        if ((out.flags() & OpenFlags.O_APPEND) != 0) throw new ErrnoException(Errno.EINVAL);
        if (in.getattr().isDirectory()) throw new ErrnoException(Errno.EINVAL);
        long pos = -1;
        if (offAddr != 0) {
            pos = p.memory().readLong(offAddr);
            if (pos < 0) throw new ErrnoException(Errno.EINVAL);
        }
        if (count < 0) throw new ErrnoException(Errno.EINVAL);
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            long got = pos >= 0 ? in.pread(buf, pos + done) : in.read(buf);
            if (got <= 0) break;
            buf.flip();
            long put;
            try {
                put = write(p, out, new ByteBuffer[] {buf}, false);
            } catch (ErrnoException e) {
                if (done == 0) throw e;
                break;
            }
            done += put;
            if (put < got) break;
        }
        if (offAddr != 0) p.memory().writeLong(offAddr, pos + done);
        return done;
    }

    private static OpenFile readableFile(GuestProcess p, int fd) throws ErrnoException {
        OpenFile f = p.fds().get(fd);
        if (!f.readable()) throw new ErrnoException(Errno.EBADF);
        return f;
    }

    private static OpenFile writableFile(GuestProcess p, int fd) throws ErrnoException {
        OpenFile f = p.fds().get(fd);
        if (!f.writable()) throw new ErrnoException(Errno.EBADF);
        return f;
    }

    private static ByteBuffer[] buffers(GuestProcess p, long addr, long count, int prot) throws ErrnoException {
        if (count < 0) throw new ErrnoException(Errno.EINVAL); // size_t above SSIZE_MAX
        if (addr + Math.min(count, MAX_RW_COUNT) > AddressSpace.TASK_SIZE || addr < 0) {
            throw new ErrnoException(Errno.EFAULT);
        }
        return p.memory().buffers(addr, Math.min(count, MAX_RW_COUNT), prot);
    }

    /** Reads a struct iovec array: EINVAL for a bad count, EFAULT for an unreadable array or first buffer. */
    static ByteBuffer[] iovecs(GuestProcess p, long iovAddr, int count, int prot) throws ErrnoException {
        if (count < 0 || count > IOV_MAX) throw new ErrnoException(Errno.EINVAL);
        if (count == 0) return new ByteBuffer[0];
        byte[] raw = p.memory().read(iovAddr, count * 16);
        ByteBuffer iov = ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        List<ByteBuffer> out = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < count; i++) {
            long base = iov.getLong(i * 16), len = iov.getLong(i * 16 + 8);
            if (len < 0) throw new ErrnoException(Errno.EINVAL);
            if (total + len < 0) throw new ErrnoException(Errno.EINVAL);
            long take = Math.min(len, MAX_RW_COUNT - total);
            total += len;
            if (take == 0) continue;
            ByteBuffer[] part;
            try {
                part = p.memory().buffers(base, take, prot);
            } catch (ErrnoException fault) {
                if (out.isEmpty()) throw fault;
                break; // Linux stops at the first bad segment and returns what it moved
            }
            long got = 0;
            for (ByteBuffer b : part) {
                out.add(b);
                got += b.remaining();
            }
            if (got < take) break;
        }
        return out.toArray(ByteBuffer[]::new);
    }
}
