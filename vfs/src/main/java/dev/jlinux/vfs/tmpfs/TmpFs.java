// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.tmpfs;

import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.FsLimits;
import dev.jlinux.syscalls.FsMagic;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.vfs.FileSystem;
import dev.jlinux.vfs.Inode;
import dev.jlinux.vfs.StatFs;
import java.util.function.LongSupplier;

/**
 * An in-memory filesystem (Linux's tmpfs, mm/shmem.c): directories with stable readdir offsets,
 * hard links, sparse files in page-sized chunks, symlinks, device nodes and FIFOs. One lock guards
 * the whole filesystem.
 */
public final class TmpFs implements FileSystem {
    static final int PAGE = 4096;

    final LongSupplier clockNs;
    private final long dev;
    private final long maxPages;
    private final TmpDir root;
    private long nextIno = 1;
    private long usedPages;
    private long inodes;

    /**
     * @param dev the st_dev of its files
     * @param maxBytes the size limit (statfs reports it; writes past it say ENOSPC)
     * @param rootMode the root directory's permission bits (tmpfs's {@code mode=} option, 01777 for /tmp)
     */
    public TmpFs(long dev, long maxBytes, LongSupplier clockNs, int rootMode, int uid, int gid) {
        this.dev = dev;
        this.maxPages = maxBytes / PAGE;
        this.clockNs = clockNs;
        this.root = new TmpDir(this, null, Stat.S_IFDIR | (rootMode & 07777), uid, gid);
    }

    @Override
    public Inode root() {
        return root;
    }

    @Override
    public String type() {
        return "tmpfs";
    }

    @Override
    public long dev() {
        return dev;
    }

    @Override
    public synchronized StatFs statfs() throws ErrnoException {
        long free = maxPages - usedPages;
        return new StatFs(FsMagic.TMPFS_MAGIC, PAGE, maxPages, free, free, maxPages, maxPages - inodes, dev,
                FsLimits.NAME_MAX, PAGE, FsMagic.ST_RELATIME);
    }

    synchronized long newIno() {
        inodes++;
        return nextIno++;
    }

    /** Claims {@code pages} more pages; false (ENOSPC) when the limit would be passed. */
    boolean claimPages(long pages) {
        if (usedPages + pages > maxPages) return false;
        usedPages += pages;
        return true;
    }

    void freePages(long pages) {
        usedPages -= pages;
    }

    void freeInode() {
        inodes--;
    }

    long now() {
        return clockNs.getAsLong();
    }
}
