// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.vfs.OpenFile;
import dev.jlinux.translator.kernel.Pipe;

/** pipe and pipe2. */
final class SysPipe {
    private SysPipe() {}

    /** Implements pipe(2). */
    static long pipe(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return pipe2(p, a.a0(), 0);
    }

    /** Implements pipe2(2). */
    static long pipe2(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return pipe2(p, a.a0(), a.intArg(1));
    }

    private static long pipe2(GuestProcess p, long fdsAddr, int flags) throws ErrnoException {
        // fs/pipe.c do_pipe2: O_DIRECT (packet mode) and O_NOTIFICATION_PIPE are not offered.
        if ((flags & ~(OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK)) != 0) throw new ErrnoException(Errno.EINVAL);
        boolean cloexec = (flags & OpenFlags.O_CLOEXEC) != 0;
        OpenFile[] ends = Pipe.create(flags & OpenFlags.O_NONBLOCK, p.creds().fsuid(), p.creds().fsgid());
        int r = p.fds().install(ends[0], cloexec);
        int w;
        try {
            w = p.fds().install(ends[1], cloexec);
        } catch (ErrnoException e) {
            p.fds().close(r);
            throw e;
        }
        try {
            p.memory().writeInt(fdsAddr, r);
            p.memory().writeInt(fdsAddr + 4, w);
        } catch (ErrnoException e) {
            p.fds().close(r);
            p.fds().close(w);
            throw e;
        }
        return 0;
    }
}
