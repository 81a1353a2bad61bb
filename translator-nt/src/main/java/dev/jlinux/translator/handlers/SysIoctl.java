// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.translator.kernel.OpenFile;

/** ioctl(2): the terminal queries programs make at start-up and the generic file ioctls. */
final class SysIoctl {
    // <asm-generic/ioctls.h>
    static final int TCGETS = 0x5401, TIOCGWINSZ = 0x5413, FIONREAD = 0x541B, FIONBIO = 0x5421,
            FIONCLEX = 0x5450, FIOCLEX = 0x5451;

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
                f.setStatusFlags(on != 0 ? f.statusFlags() | SysFile.O_NONBLOCK : f.statusFlags() & ~SysFile.O_NONBLOCK);
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
