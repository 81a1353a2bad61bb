// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.Ioctls.*;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.translator.kernel.StreamFile;
import dev.jlinux.vfs.OpenFile;

/** ioctl(2): the terminal queries programs make at start-up and the generic file ioctls. */
final class SysIoctl {

    private SysIoctl() {}

    /** Implements ioctl(2). */
    static long ioctl(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int fd = a.intArg(0);
        int request = a.intArg(1);
        long arg = a.a2();
        OpenFile f = p.fds().get(fd);
        if (f.handle() == null) throw new ErrnoException(Errno.EBADF); // an O_PATH fd has no file operations
        switch (request) {
            case FIOCLEX -> p.fds().setCloseOnExec(fd, true);
            case FIONCLEX -> p.fds().setCloseOnExec(fd, false);
            case FIONBIO -> {
                int on = p.memory().readInt(arg);
                f.setFlags(on != 0 ? f.flags() | OpenFlags.O_NONBLOCK : f.flags() & ~OpenFlags.O_NONBLOCK);
            }
            case FIONREAD -> {
                p.memory().writeInt(arg, (int) Math.min(Integer.MAX_VALUE, available(f)));
            }
            case TCGETS -> p.memory().write(arg, terminal(f.handle() instanceof StreamFile s ? s.termios() : null));
            case TIOCGWINSZ -> p.memory().write(arg, terminal(f.handle() instanceof StreamFile s ? s.winsize() : null));
            default -> throw new ErrnoException(Errno.ENOTTY, "ioctl 0x" + Integer.toHexString(request));
        }
        return 0;
    }

    /** FIONREAD: a regular file's bytes past the offset; a pipe's buffered bytes; ENOTTY for others. */
    private static long available(OpenFile f) throws ErrnoException {
        if (f.getattr().isRegular()) return Math.max(0, f.getattr().size() - f.position());
        return f.handle().available();
    }

    private static byte[] terminal(byte[] answer) throws ErrnoException {
        if (answer == null) throw new ErrnoException(Errno.ENOTTY);
        return answer;
    }
}
