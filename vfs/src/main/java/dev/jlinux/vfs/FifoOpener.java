// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import dev.jlinux.syscalls.ErrnoException;

/** What opening a FIFO gives (Linux's {@code fifo_open}): the kernel's pipe for that inode. */
@FunctionalInterface
public interface FifoOpener {
    /** Opens the FIFO {@code inode} with open(2)'s {@code flags}, waiting for a partner as Linux does. */
    FileHandle open(Inode inode, int flags) throws ErrnoException;
}
