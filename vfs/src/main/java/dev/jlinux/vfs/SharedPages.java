// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import dev.jlinux.syscalls.ErrnoException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memory that holds a regular file's data while shared mappings of it exist (what Linux's page
 * cache is to {@code MAP_SHARED}). The VFS keeps file I/O coherent with it, as Linux's one page cache
 * is: before a read the mapped bytes it covers are stored into the file, after a write or a size
 * change the mapped bytes are reloaded. One object per inode, registered while it is mapped.
 */
public interface SharedPages {
    /** Stores the mapped bytes of {@code [offset, offset+len)} into the file (before a read of them). */
    void flush(long offset, long len) throws ErrnoException;

    /** Reloads {@code [offset, offset+len)} from the file (after a write to them). */
    void written(long offset, long len) throws ErrnoException;

    /** The file's size is now {@code size} (after a truncate). */
    void resized(long size) throws ErrnoException;

    /** The pages registered for {@code inode}, or null (the common case, answered without a lookup). */
    static SharedPages of(Inode inode) {
        return SharedPagesRegistry.PAGES.isEmpty() ? null : SharedPagesRegistry.PAGES.get(inode);
    }

    /** Registers {@code pages} for {@code inode} unless some are already; returns the registered ones. */
    static SharedPages register(Inode inode, SharedPages pages) {
        SharedPages old = SharedPagesRegistry.PAGES.putIfAbsent(inode, pages);
        return old != null ? old : pages;
    }

    /** Forgets {@code pages} (their last mapping is gone). */
    static void unregister(Inode inode, SharedPages pages) {
        SharedPagesRegistry.PAGES.remove(inode, pages);
    }
}

/** Every inode's registered pages (keyed as {@link Inode}s are: same filesystem, same inode number). */
final class SharedPagesRegistry {
    static final Map<Inode, SharedPages> PAGES = new ConcurrentHashMap<>();

    private SharedPagesRegistry() {}
}
