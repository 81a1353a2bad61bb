// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Statfs;
import dev.jlinux.vfs.FileSystem;
import dev.jlinux.vfs.Inode;
import dev.jlinux.vfs.StatFs;

/**
 * A filesystem without a tree, for open files that are in no directory: Linux's pipefs
 * ({@code simple_statfs}: the magic, 4 KiB blocks, nothing counted).
 */
final class PseudoFs implements FileSystem {
    /** pipefs: the pseudo device of a typical kernel (major 0, minor 12). */
    static final PseudoFs PIPEFS = new PseudoFs("pipefs", 12, Statfs.PIPEFS_MAGIC);

    private final String type;
    private final long dev;
    private final long magic;

    private PseudoFs(String type, long dev, long magic) {
        this.type = type;
        this.dev = dev;
        this.magic = magic;
    }

    @Override
    public Inode root() throws ErrnoException {
        throw new ErrnoException(Errno.ENOENT, type + " has no tree");
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public long dev() {
        return dev;
    }

    @Override
    public StatFs statfs() {
        return new StatFs(magic, 4096, 0, 0, 0, 0, 0, 0, 255, 4096, 0);
    }
}
