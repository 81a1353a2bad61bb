// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.Poll;
import dev.jlinux.syscalls.Stat;
import java.nio.ByteBuffer;
import dev.jlinux.vfs.FileHandle;
import dev.jlinux.vfs.Inode;
import dev.jlinux.vfs.OpenFile;
import dev.jlinux.vfs.Statx;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pipe (fs/pipe.c): a 64 KiB ring buffer with a read end and a write end. Reads block while it
 * is empty and a writer remains, and return 0 (end of file) once none does; writes of at most
 * {@link #PIPE_BUF} bytes are atomic; a write with no reader left fails with EPIPE (the caller
 * raises SIGPIPE). O_NONBLOCK turns each wait into EAGAIN.
 */
public final class Pipe {
    /** Writes up to this size are never interleaved with others. */
    public static final int PIPE_BUF = 4096;
    /** The default capacity: 16 pages. */
    public static final int DEFAULT_CAPACITY = 65536;
    private static final AtomicLong INODES = new AtomicLong(1000);
    /** The pseudo device of pipefs on a typical kernel (major 0, minor 12), as st_dev shows it. */
    private static final long PIPEFS_DEV = 12;

    /** The most F_SETPIPE_SZ grants without CAP_SYS_RESOURCE (/proc/sys/fs/pipe-max-size). */
    public static final int PIPE_MAX_SIZE = 1 << 20;
    private byte[] buf = new byte[DEFAULT_CAPACITY];
    private final long ino = INODES.incrementAndGet();
    private final long ctimeNs = System.currentTimeMillis() * 1_000_000L;
    private int head;
    private int count;
    private int readers;
    private int writers;
    /** How many read and write ends were ever opened (a FIFO's opener waits for the other count to move). */
    private long readOpens;
    private long writeOpens;
    /** For a FIFO: what to do when no end is open any more, and how many opens are under way. */
    private Runnable onIdle;
    private int pending;

    private final int uid;
    private final int gid;

    private Pipe(int uid, int gid) {
        this.uid = uid;
        this.gid = gid;
    }

    /**
     * A new pipe owned by {@code uid}/{@code gid}: {@code [0]} the read end, {@code [1]} the write
     * end, each with the status flags {@code nonblockFlag} (0 or O_NONBLOCK).
     */
    public static OpenFile[] create(int nonblockFlag, int uid, int gid) {
        Pipe pipe = new Pipe(uid, gid);
        pipe.readers = 1;
        pipe.writers = 1;
        return new OpenFile[] {pipe.open(false, nonblockFlag), pipe.open(true, nonblockFlag)};
    }

    private OpenFile open(boolean writeEnd, int nonblockFlag) {
        return OpenFile.anonymous(new Node(), "pipe:[" + ino + "]",
                (writeEnd ? OpenFlags.O_WRONLY : OpenFlags.O_RDONLY) | nonblockFlag, new End(!writeEnd, writeEnd));
    }

    /**
     * A FIFO's pipe: no ends open yet; {@code idle} runs (without this pipe's lock) when the last end
     * closes and no open is under way, and then decides with {@link #idle()} whether the pipe is gone.
     */
    static Pipe forFifo(int uid, int gid, Runnable idle) {
        Pipe p = new Pipe(uid, gid);
        p.onIdle = idle;
        return p;
    }

    /**
     * Opens an end of a FIFO's pipe as {@code fifo_open} does: a reader waits for a writer and a
     * writer for a reader (unless O_NONBLOCK: a reader then goes ahead, a writer gets ENXIO); O_RDWR
     * is both ends and never waits. A wait a signal interrupts gets EINTR (restarted after a handler
     * with SA_RESTART).
     */
    FileHandle openFifoEnd(int flags) throws ErrnoException {
        try {
            return attach(flags, true);
        } finally {
            boolean nowIdle;
            synchronized (this) {
                pending--;
                nowIdle = idle();
            }
            if (nowIdle) onIdle.run();
        }
    }

    /** An open of a FIFO end is under way (its FIFO table holds the pipe for it meanwhile). */
    synchronized void reserve() {
        pending++;
    }

    /** Whether no end is open and no open is under way. */
    synchronized boolean idle() {
        return readers == 0 && writers == 0 && pending == 0;
    }

    /**
     * A new end for open(2)'s {@code flags}; {@code fifo} is {@code fifo_open}'s {@code !is_pipe}: only
     * a FIFO waits for a partner or refuses a non-blocking writer without readers, a pipe reopened
     * through /proc/PID/fd does neither.
     */
    private synchronized FileHandle attach(int flags, boolean fifo) throws ErrnoException {
        boolean nonblock = (flags & OpenFlags.O_NONBLOCK) != 0;
        int acc = flags & OpenFlags.O_ACCMODE;
        boolean reads = acc != OpenFlags.O_WRONLY, writes = acc != OpenFlags.O_RDONLY;
        if (reads && !writes) {
            readers++;
            readOpens++;
            notifyAll();
            long seen = writeOpens;
            while (fifo && writers == 0 && !nonblock && writeOpens == seen) awaitPartner(true);
        } else if (writes && !reads) {
            if (fifo && nonblock && readers == 0) throw new ErrnoException(Errno.ENXIO);
            writers++;
            writeOpens++;
            notifyAll();
            long seen = readOpens;
            while (fifo && readers == 0 && readOpens == seen) awaitPartner(false);
        } else {
            readers++;
            writers++;
            readOpens++;
            writeOpens++;
            notifyAll();
        }
        Readiness.changed();
        return new End(reads, writes);
    }

    /** Waits for the other end; an interrupted wait gives up this end. */
    private void awaitPartner(boolean reader) throws ErrnoException {
        try {
            await();
        } catch (ErrnoException e) {
            closeEnd(!reader);
            throw e;
        }
    }

    /** F_GETPIPE_SZ: the pipe's capacity; EBADF for anything but a pipe. */
    public static int capacity(OpenFile f) throws ErrnoException {
        if (!(f.handle() instanceof Pipe.End e)) throw new ErrnoException(Errno.EBADF);
        return e.pipe().capacity();
    }

    /** F_SETPIPE_SZ: resizes the pipe and returns the capacity granted; EBADF for anything but a pipe. */
    public static int resize(OpenFile f, long size, boolean privileged) throws ErrnoException {
        if (!(f.handle() instanceof Pipe.End e)) throw new ErrnoException(Errno.EBADF);
        try {
            return e.pipe().resize(size, privileged);
        } finally {
            Readiness.changed();
        }
    }

    /** Whether {@code f} takes RWF_NOWAIT: a pipe(2) end (FMODE_NOWAIT), not a FIFO's (fifo_open does not set it). */
    public static boolean takesNowait(OpenFile f) {
        return f.isAnonymous() && f.handle() instanceof Pipe.End;
    }

    /**
     * preadv2/pwritev2 with RWF_NOWAIT ({@code IOCB_NOWAIT}) on a pipe that {@link #takesNowait}: one
     * transfer of {@code bufs} that never waits, EAGAIN where it would, whatever O_NONBLOCK says.
     */
    public static long transferNowait(OpenFile f, ByteBuffer[] bufs, boolean write) throws ErrnoException {
        Pipe pipe = ((Pipe.End) f.handle()).pipe();
        try {
            return write ? pipe.write(bufs, true) : pipe.read(bufs, true);
        } finally {
            Readiness.changed();
        }
    }

    private synchronized long read(ByteBuffer[] dsts, boolean nonblock) throws ErrnoException {
        long want = 0;
        for (ByteBuffer b : dsts) want += b.remaining();
        if (want == 0) return 0;
        while (count == 0) {
            if (writers == 0) return 0;
            if (nonblock) throw new ErrnoException(Errno.EAGAIN);
            await();
        }
        long done = 0;
        for (ByteBuffer b : dsts) {
            while (b.hasRemaining() && count > 0) {
                int n = Math.min(Math.min(b.remaining(), count), buf.length - head);
                b.put(buf, head, n);
                head = (head + n) % buf.length;
                count -= n;
                done += n;
            }
        }
        notifyAll();
        return done;
    }

    private synchronized long write(ByteBuffer[] srcs, boolean nonblock) throws ErrnoException {
        long total = 0;
        for (ByteBuffer b : srcs) total += b.remaining();
        if (readers == 0) throw new ErrnoException(Errno.EPIPE);
        if (total == 0) return 0;
        long done = 0;
        int i = 0;
        while (i < srcs.length) {
            if (readers == 0) {
                if (done > 0) return done;
                throw new ErrnoException(Errno.EPIPE);
            }
            int room = buf.length - count;
            boolean atomic = total <= PIPE_BUF;
            if (room == 0 || (atomic && room < total)) {
                if (nonblock) {
                    if (done > 0) return done;
                    throw new ErrnoException(Errno.EAGAIN);
                }
                await();
                continue;
            }
            ByteBuffer b = srcs[i];
            while (b.hasRemaining() && count < buf.length) {
                int tail = (head + count) % buf.length;
                int n = Math.min(b.remaining(), Math.min(buf.length - count, buf.length - tail));
                b.get(buf, tail, n);
                count += n;
                done += n;
            }
            notifyAll();
            if (!b.hasRemaining()) i++;
        }
        return done;
    }

    private void await() throws ErrnoException {
        Blocking.await(this, 0, Blocking.Restart.RESTARTABLE);
    }

    private void closeEnd(boolean writeEnd) {
        boolean nowIdle;
        synchronized (this) {
            if (writeEnd) writers--;
            else readers--;
            notifyAll();
            nowIdle = onIdle != null && idle();
        }
        if (nowIdle) onIdle.run();
    }

    /** F_SETPIPE_SZ (fs/pipe.c pipe_set_size): a power-of-two number of pages; EBUSY when the data would not fit. */
    private synchronized int resize(long requested, boolean privileged) throws ErrnoException {
        if (requested < 0 || requested > Integer.MAX_VALUE / 2) throw new ErrnoException(Errno.EINVAL);
        int size = Math.max(4096, Integer.highestOneBit((int) Math.max(1, requested) * 2 - 1));
        if (size > PIPE_MAX_SIZE && !privileged) throw new ErrnoException(Errno.EPERM);
        if (count > size) throw new ErrnoException(Errno.EBUSY);
        byte[] next = new byte[size];
        for (int i = 0; i < count; i++) next[i] = buf[(head + i) % buf.length];
        buf = next;
        head = 0;
        notifyAll();
        return size;
    }

    private synchronized int capacity() {
        return buf.length;
    }

    private synchronized int pollReady(boolean writeEnd) {
        if (writeEnd) {
            if (readers == 0) return Poll.POLLERR;
            return count < buf.length ? Poll.POLLOUT | Poll.POLLWRNORM : 0;
        }
        int ready = count > 0 ? Poll.POLLIN | Poll.POLLRDNORM : 0;
        return writers == 0 ? ready | Poll.POLLHUP : ready;
    }

    private synchronized int available() {
        return count;
    }

    /** The pipe's inode in pipefs. */
    private final class Node implements Inode {
        @Override
        public dev.jlinux.vfs.FileSystem fileSystem() {
            return PseudoFs.PIPEFS;
        }

        @Override
        public long ino() {
            return ino;
        }

        @Override
        public Statx getattr() {
            return new Statx(Stat.STATX_BASIC_STATS, 4096, 0, 1, uid, gid, Stat.S_IFIFO | 0600, ino, 0, 0, 0,
                    ctimeNs, 0, ctimeNs, ctimeNs, 0, PIPEFS_DEV);
        }
    }

    /** An open end of the pipe: the read end, the write end, or both (a FIFO opened O_RDWR). */
    private final class End implements FileHandle {
        private final boolean reads;
        private final boolean writes;
        private OpenFile file;

        End(boolean reads, boolean writes) {
            this.reads = reads;
            this.writes = writes;
        }

        @Override
        public void opened(OpenFile f) {
            file = f;
        }

        Pipe pipe() {
            return Pipe.this;
        }

        private boolean nonblock() {
            return (file.flags() & OpenFlags.O_NONBLOCK) != 0;
        }

        @Override
        public int read(ByteBuffer dst, long offset) throws ErrnoException {
            try {
                return (int) Pipe.this.read(new ByteBuffer[] {dst}, nonblock());
            } finally {
                Readiness.changed();
            }
        }

        @Override
        public int write(ByteBuffer src, long offset) throws ErrnoException {
            try {
                return (int) Pipe.this.write(new ByteBuffer[] {src}, nonblock());
            } finally {
                Readiness.changed();
            }
        }

        @Override
        public boolean seekable() {
            return false;
        }

        @Override
        public int poll(boolean readable, boolean writable) {
            return (reads ? Pipe.this.pollReady(false) : 0) | (writes ? Pipe.this.pollReady(true) : 0);
        }

        @Override
        public long available() {
            return Pipe.this.available();
        }

        /** Through /proc/PID/fd the pipe opens again as a FIFO does ({@code fifo_open} on the pipe's inode). */
        @Override
        public FileHandle reopen(int flags) throws ErrnoException {
            return attach(flags, false);
        }

        @Override
        public void release() {
            if (reads) closeEnd(false);
            if (writes) closeEnd(true);
            Readiness.changed();
        }
    }
}
