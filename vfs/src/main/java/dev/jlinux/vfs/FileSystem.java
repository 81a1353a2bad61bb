// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import dev.jlinux.syscalls.ErrnoException;

/** One mounted filesystem instance (Linux's super block): its root, statistics and device number. */
public interface FileSystem {
    Inode root() throws ErrnoException;

    /** The type name, as /proc/mounts and /proc/filesystems print it ({@code tmpfs}). */
    String type();

    /** The {@code st_dev} of its inodes. */
    long dev();

    StatFs statfs() throws ErrnoException;

    /** syncfs(2): writes the filesystem's dirty data to its storage; nothing to do for one in memory. */
    default void sync() throws ErrnoException {}
}
