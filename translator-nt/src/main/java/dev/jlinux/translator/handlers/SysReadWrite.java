// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.Mman.*;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.Signals;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.kernel.AddressSpace;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.translator.kernel.OpenFile;
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
        return f.read(buffers(p, a.a1(), a.a2(), PROT_WRITE));
    }

    /** Implements write(2). */
    static long write(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = writableFile(p, a.intArg(0));
        return write(p, f, buffers(p, a.a1(), a.a2(), PROT_READ));
    }

    /** Writes at the file offset; EPIPE (no reader left) also raises SIGPIPE, as pipe_write does. */
    private static long write(GuestProcess p, OpenFile f, ByteBuffer[] srcs) throws ErrnoException {
        try {
            return f.write(srcs);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EPIPE) p.raise(Signals.SIGPIPE);
            throw e;
        }
    }

    /** Implements pread64(2). */
    static long pread64(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = readableFile(p, a.intArg(0));
        if (a.a3() < 0) throw new ErrnoException(Errno.EINVAL);
        return f.pread(buffers(p, a.a1(), a.a2(), PROT_WRITE), a.a3());
    }

    /** Implements pwrite64(2). */
    static long pwrite64(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = writableFile(p, a.intArg(0));
        if (a.a3() < 0) throw new ErrnoException(Errno.EINVAL);
        return f.pwrite(buffers(p, a.a1(), a.a2(), PROT_READ), a.a3());
    }

    /** Implements readv(2). */
    static long readv(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = readableFile(p, a.intArg(0));
        return f.read(iovecs(p, a.a1(), a.intArg(2), PROT_WRITE));
    }

    /** Implements writev(2). */
    static long writev(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = writableFile(p, a.intArg(0));
        return write(p, f, iovecs(p, a.a1(), a.intArg(2), PROT_READ));
    }

    /** Implements preadv(2): the offset comes split in two registers (low, high), as on 64-bit it is just a3. */
    static long preadv(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = readableFile(p, a.intArg(0));
        if (a.a3() < 0) throw new ErrnoException(Errno.EINVAL);
        return f.pread(iovecs(p, a.a1(), a.intArg(2), PROT_WRITE), a.a3());
    }

    /** Implements pwritev(2). */
    static long pwritev(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = writableFile(p, a.intArg(0));
        if (a.a3() < 0) throw new ErrnoException(Errno.EINVAL);
        return f.pwrite(iovecs(p, a.a1(), a.intArg(2), PROT_READ), a.a3());
    }

    /** Implements lseek(2), including SEEK_DATA and SEEK_HOLE on files without holes. */
    static long lseek(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile f = p.fds().get(a.intArg(0));
        long offset = a.a1();
        int whence = a.intArg(2);
        if (whence == 3 || whence == 4) { // SEEK_DATA, SEEK_HOLE: data everywhere below the size
            long size = f.stat().size();
            if (f.stat().isDirectory() || offset < 0) throw new ErrnoException(Errno.EINVAL);
            if (offset >= size) throw new ErrnoException(Errno.ENXIO);
            return f.seek(whence == 3 ? offset : size, 0);
        }
        if (whence < 0 || whence > 4) throw new ErrnoException(Errno.EINVAL);
        return f.seek(offset, whence);
    }

    /** Implements sendfile(2): copies through a buffer, from the in fd's offset or from {@code *offset}. */
    static long sendfile(GuestProcess p, SyscallArgs a) throws ErrnoException {
        OpenFile out = writableFile(p, a.intArg(0));
        OpenFile in = readableFile(p, a.intArg(1));
        long offAddr = a.a2();
        long count = Math.min(a.a3(), MAX_RW_COUNT);
        if ((out.statusFlags() & OpenFlags.O_APPEND) != 0) throw new ErrnoException(Errno.EINVAL);
        if (in.stat().isDirectory()) throw new ErrnoException(Errno.EINVAL);
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
            long got = pos >= 0 ? in.pread(new ByteBuffer[] {buf}, pos + done) : in.read(new ByteBuffer[] {buf});
            if (got <= 0) break;
            buf.flip();
            long put;
            try {
                put = write(p, out, new ByteBuffer[] {buf});
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
