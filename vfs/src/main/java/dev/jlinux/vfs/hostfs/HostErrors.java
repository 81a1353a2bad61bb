// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.hostfs;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;

/**
 * The one place in the VFS that turns a host failure into a Linux errno. hostfs calls the host's C
 * library through FFM and captures errno, so the number is exact; on a Linux host it is Linux's.
 */
final class HostErrors {
    private HostErrors() {}

    static ErrnoException fromHostErrno(int errno, String call) {
        Errno e = Errno.fromNumber(errno);
        return new ErrnoException(e != null ? e : Errno.EIO, "host " + call + ": errno " + errno);
    }
}
