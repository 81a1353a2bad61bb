// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import dev.jlinux.syscalls.ErrnoException;

/** A character device: what opening a device node with its number gives (Linux's {@code chrdev_open}). */
@FunctionalInterface
public interface DeviceDriver {
    FileHandle open(int flags) throws ErrnoException;
}
