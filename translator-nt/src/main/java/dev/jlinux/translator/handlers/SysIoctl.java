// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.Ioctls.*;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.translator.kernel.OpenFile;

/** ioctl(2): the terminal queries programs make at start-up and the generic file ioctls. */
final class SysIoctl {

    private SysIoctl() {}

    /** Implements ioctl(2). */
    static long ioctl(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int fd = a.intArg(0);
        int request = a.intArg(1);
        long arg = a.a2();
        OpenFile f = p.fds().get(fd);
        switch (request) {
            case FIOCLEX -> p.fds().setCloseOnExec(fd, true);
            case FIONCLEX -> p.fds().setCloseOnExec(fd, false);
            case FIONBIO -> {
                int on = p.memory().readInt(arg);
                f.setStatusFlags(on != 0 ? f.statusFlags() | OpenFlags.O_NONBLOCK : f.statusFlags() & ~OpenFlags.O_NONBLOCK);
            }
            case FIONREAD -> {
                if (f.stat().isDirectory()) throw new ErrnoException(Errno.ENOTTY);
                p.memory().writeInt(arg, (int) Math.min(Integer.MAX_VALUE, f.available()));
            }
            case TCGETS -> p.memory().write(arg, terminal(f.termios()));
            case TIOCGWINSZ -> p.memory().write(arg, terminal(f.winsize()));
            default -> throw new ErrnoException(Errno.ENOTTY, "ioctl 0x" + Integer.toHexString(request));
        }
        return 0;
    }

    private static byte[] terminal(byte[] answer) throws ErrnoException {
        if (answer == null) throw new ErrnoException(Errno.ENOTTY);
        return answer;
    }
}
