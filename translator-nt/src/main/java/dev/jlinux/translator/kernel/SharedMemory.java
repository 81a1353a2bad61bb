// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.translator.host.HostMemory;
import dev.jlinux.vfs.OpenFile;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Host memory that {@code MAP_SHARED} mappings show, in one address space or in many (fork maps the
 * same block into the child's engine): shared anonymous memory (Linux's shmem behind
 * {@code MAP_SHARED|MAP_ANONYMOUS} and {@code /dev/zero}), or a file's {@link SharedFile pages}.
 * Counted: each address space that maps it holds one reference; the last one frees it.
 */
public class SharedMemory {
    /** Guards every count and the {@link SharedFile} registry. */
    static final Object LOCK = new Object();

    private final MemorySegment block;
    private final Set<AddressSpace> users = Collections.newSetFromMap(new IdentityHashMap<>());
    private int refs = 1;

    SharedMemory(MemorySegment block) {
        this.block = block;
    }

    /** {@code len} bytes of zeroed shared anonymous memory, with one reference for the caller. */
    public static SharedMemory anonymous(long len) throws ErrnoException {
        return new SharedMemory(reserve(len));
    }

    /**
     * The shared pages of {@code f}'s regular file with {@code [offset, offset+len)} loaded, with one
     * reference for the caller (see {@link SharedFile}).
     */
    public static SharedMemory file(OpenFile f, long offset, long len) throws ErrnoException {
        return SharedFile.map(f, offset, len);
    }

    static MemorySegment reserve(long len) throws ErrnoException {
        try {
            return HostMemory.reserve(len);
        } catch (OutOfMemoryError e) {
            throw new ErrnoException(Errno.ENOMEM);
        }
    }

    MemorySegment block() {
        return block;
    }

    /** Makes {@code [offset, offset+len)} ready to map (mremap growing a mapping); ENOMEM past what the memory holds. */
    void cover(long offset, long len) throws ErrnoException {
        if (offset + len > block.byteSize()) throw new ErrnoException(Errno.ENOMEM, "past the shared memory");
    }

    /** One more reference (fork mapping the memory into the child). */
    void retain() {
        synchronized (LOCK) {
            refs++;
        }
    }

    /**
     * Drops a reference; the last one writes back what a file needs and frees the memory, before a
     * new mapping of the file can read it again.
     */
    public void release() {
        synchronized (LOCK) {
            if (--refs > 0) return;
            forget();
            free();
        }
    }

    void addUser(AddressSpace space) {
        synchronized (LOCK) {
            users.add(space);
        }
    }

    void removeUser(AddressSpace space) {
        synchronized (LOCK) {
            users.remove(space);
        }
    }

    /** The address spaces that map this memory now. */
    List<AddressSpace> users() {
        synchronized (LOCK) {
            return new ArrayList<>(users);
        }
    }

    /** The offset from which pages raise SIGBUS (a file's end rounded up to a page); none for anonymous memory. */
    long accessibleEnd() {
        return Long.MAX_VALUE;
    }

    /** Stores {@code [offset, offset+len)} into the file behind the memory (munmap, msync, exit); nothing for anonymous memory. */
    void writeBack(long offset, long len) throws ErrnoException {}

    /** msync(MS_SYNC): {@link #writeBack} and then the file's fsync. */
    void sync(long offset, long len) throws ErrnoException {}

    /** Called under {@link #LOCK} when the last reference goes, before {@link #free} (also under it). */
    void forget() {}

    void free() {
        HostMemory.release(block, 0, block.byteSize());
    }
}
