// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.vfs.OpenFile;
import dev.jlinux.vfs.SharedPages;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * A regular file's pages as its {@code MAP_SHARED} mappings see them (Linux's page cache): one per
 * inode, registered with the VFS so that read(2), write(2) and truncate stay coherent with the
 * mappings. The pages live in host memory of jlinux's own (a window reserved at the file's offset
 * 0), never in a host mapping of the file, so nothing done to the host file can fault the JVM. A page
 * is loaded from the file when a mapping first covers it; the loaded pages inside the file go back
 * to it on munmap, msync, exit and before any read of them.
 */
final class SharedFile extends SharedMemory implements SharedPages {
    /** The file offsets a shared file mapping may reach: {@code [0, WINDOW)}. */
    static final long WINDOW = 64L << 30;

    private final OpenFile reader;
    private OpenFile writer;
    private final BitSet loaded = new BitSet();
    private long size;

    private SharedFile(MemorySegment block, OpenFile reader, long size) {
        super(block);
        this.reader = reader;
        this.size = size;
    }

    /**
     * The pages of {@code f}'s file, with one reference for the caller, covering
     * {@code [offset, offset+len)} loaded; {@code f} becomes the file they are written back through
     * when it is open for writing. ENOMEM past {@link #WINDOW}.
     */
    static SharedFile map(OpenFile f, long offset, long len) throws ErrnoException {
        SharedFile s;
        synchronized (LOCK) {
            s = SharedPages.of(f.inode()) instanceof SharedFile known ? known : null;
            if (s == null) {
                long size = f.getattr().size();
                MemorySegment block = reserve(WINDOW);
                f.hold();
                s = new SharedFile(block, f, size);
                SharedPages.register(f.inode(), s);
            } else {
                s.retain();
            }
        }
        try {
            synchronized (s) {
                if (s.writer == null && f.writable()) {
                    f.hold();
                    s.writer = f;
                }
            }
            s.cover(offset, len);
        } catch (ErrnoException e) {
            s.release();
            throw e;
        }
        return s;
    }

    @Override
    void cover(long offset, long len) throws ErrnoException {
        if (offset + len > WINDOW || offset + len < 0) throw new ErrnoException(Errno.ENOMEM, "past the shared file window");
        synchronized (this) {
            load(offset, len);
        }
    }

    /** Reads the pages of {@code [offset, offset+len)} not loaded yet from the file (past its end they stay zero). */
    private void load(long offset, long len) throws ErrnoException {
        for (long at = offset; at < offset + len; at += AddressSpace.PAGE) {
            int page = (int) (at / AddressSpace.PAGE);
            if (loaded.get(page)) continue;
            readFromFile(at, AddressSpace.PAGE);
            loaded.set(page);
        }
    }

    private void readFromFile(long offset, long len) throws ErrnoException {
        ByteBuffer dst = block().asSlice(offset, len).asByteBuffer();
        while (dst.hasRemaining() && reader.handle().read(dst, offset + dst.position()) > 0) {
            // until the end of the file
        }
    }

    @Override
    long accessibleEnd() {
        synchronized (this) {
            return AddressSpace.pageUp(size);
        }
    }

    /** Stores the loaded pages of the range that lie inside the file, where they differ from it. */
    @Override
    synchronized void writeBack(long offset, long len) throws ErrnoException {
        if (writer == null) return;
        long end = Math.min(Math.min(offset + len, size), WINDOW);
        long at = offset;
        while (at < end) {
            int page = (int) (at / AddressSpace.PAGE);
            if (!loaded.get(page)) {
                at = AddressSpace.pageDown(at) + AddressSpace.PAGE;
                continue;
            }
            long runEnd = Math.min(end, (long) loaded.nextClearBit(page) * AddressSpace.PAGE);
            for (long chunkEnd; at < runEnd; at = chunkEnd) {
                chunkEnd = Math.min(runEnd, at + CHUNK);
                storeIfChanged(at, (int) (chunkEnd - at));
            }
        }
    }

    /** How much {@link #writeBack} compares and stores at a time. */
    private static final int CHUNK = 64 << 10;

    /** Stores {@code [offset, offset+len)} unless the file holds those bytes already (clean pages leave the file and its mtime alone). */
    private void storeIfChanged(long offset, int len) throws ErrnoException {
        ByteBuffer onFile = ByteBuffer.allocate(len);
        while (onFile.hasRemaining() && writer.handle().read(onFile, offset + onFile.position()) > 0) {
            // until the end of the file
        }
        MemorySegment mine = block().asSlice(offset, len);
        if (onFile.position() == len && MemorySegment.mismatch(mine, 0, len, MemorySegment.ofArray(onFile.array()), 0, len) < 0) {
            return;
        }
        ByteBuffer src = mine.asByteBuffer();
        while (src.hasRemaining()) writer.handle().write(src, offset + src.position());
    }

    @Override
    void sync(long offset, long len) throws ErrnoException {
        writeBack(offset, len);
        OpenFile w;
        synchronized (this) {
            w = writer;
        }
        if (w != null) w.fsync(true);
    }

    @Override
    public void flush(long offset, long len) throws ErrnoException {
        writeBack(offset, len);
    }

    @Override
    public synchronized void written(long offset, long len) throws ErrnoException {
        size = Math.max(size, offset + len);
        long end = Math.min(offset + len, WINDOW);
        long at = offset;
        while (at < end) {
            int page = (int) (at / AddressSpace.PAGE);
            long pageEnd = Math.min(end, AddressSpace.pageDown(at) + AddressSpace.PAGE);
            if (loaded.get(page)) readFromFile(at, pageEnd - at);
            at = pageEnd;
        }
    }

    @Override
    public void resized(long newSize) throws ErrnoException {
        synchronized (this) {
            // what lies past the smaller end reads as zero from now on (truncate_pagecache zeroes the partial page)
            long from = Math.min(Math.min(size, newSize), WINDOW);
            long to = Math.min(AddressSpace.pageUp(Math.max(size, newSize)), WINDOW);
            size = newSize;
            for (int page = loaded.nextSetBit((int) (from / AddressSpace.PAGE));
                    page >= 0 && page * AddressSpace.PAGE < to; page = loaded.nextSetBit(page + 1)) {
                long at = Math.max(from, page * AddressSpace.PAGE);
                block().asSlice(at, (page + 1) * AddressSpace.PAGE - at).fill((byte) 0);
            }
        }
        for (AddressSpace space : users()) space.sharedResized();
    }

    @Override
    void forget() {
        SharedPages.unregister(reader.inode(), this);
    }

    @Override
    void free() {
        try {
            writeBack(0, size);
        } catch (ErrnoException e) {
            // as Linux's writeback at the last munmap: an I/O error here reaches no one
        }
        super.free();
        if (writer != null) writer.unhold();
        reader.unhold();
    }
}
