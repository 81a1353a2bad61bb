// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.procfs;

import dev.jlinux.syscalls.FsLimits;
import dev.jlinux.vfs.FileSystem;
import dev.jlinux.vfs.Inode;
import dev.jlinux.vfs.StatFs;

/** A filesystem of generated nodes (procfs, sysfs): no blocks, no free space, a magic number. */
abstract class GeneratedFs implements FileSystem {
    final long bootNs;
    private final long dev;
    private final long magic;
    Synthetic.Dir root;

    GeneratedFs(long dev, long magic, long bootNs) {
        this.dev = dev;
        this.magic = magic;
        this.bootNs = bootNs;
    }

    @Override
    public Inode root() {
        return root;
    }

    @Override
    public long dev() {
        return dev;
    }

    @Override
    public StatFs statfs() {
        return new StatFs(magic, 4096, 0, 0, 0, 0, 0, dev, FsLimits.NAME_MAX, 4096, 0);
    }
}
