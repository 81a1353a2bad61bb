// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.At.AT_FDCWD;

import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.kernel.GuestPaths;
import dev.jlinux.translator.kernel.GuestProcess;

/** Making and changing names: rename, link, symlink, mknod, and the root: chroot, through the VFS. */
final class SysNames {
    private SysNames() {}

    private static String path(GuestProcess p, long addr) throws ErrnoException {
        return GuestPaths.readPath(p.memory(), addr);
    }

    /** Implements rename(2). */
    static long rename(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().rename(p.caller(), AT_FDCWD, path(p, a.a0()), AT_FDCWD, path(p, a.a1()), 0);
        return 0;
    }

    /** Implements renameat(2). */
    static long renameat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().rename(p.caller(), a.intArg(0), path(p, a.a1()), a.intArg(2), path(p, a.a3()), 0);
        return 0;
    }

    /** Implements renameat2(2). */
    static long renameat2(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().rename(p.caller(), a.intArg(0), path(p, a.a1()), a.intArg(2), path(p, a.a3()), a.intArg(4));
        return 0;
    }

    /** Implements link(2). */
    static long link(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().link(p.caller(), AT_FDCWD, path(p, a.a0()), AT_FDCWD, path(p, a.a1()), 0);
        return 0;
    }

    /** Implements linkat(2). */
    static long linkat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().link(p.caller(), a.intArg(0), path(p, a.a1()), a.intArg(2), path(p, a.a3()), a.intArg(4));
        return 0;
    }

    /** Implements symlink(2). */
    static long symlink(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().symlink(p.caller(), path(p, a.a0()), AT_FDCWD, path(p, a.a1()));
        return 0;
    }

    /** Implements symlinkat(2). */
    static long symlinkat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().symlink(p.caller(), path(p, a.a0()), a.intArg(1), path(p, a.a2()));
        return 0;
    }

    /** Implements mknod(2). */
    static long mknod(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().mknod(p.caller(), AT_FDCWD, path(p, a.a0()), a.intArg(1), a.a2() & 0xffffffffL);
        return 0;
    }

    /** Implements mknodat(2). */
    static long mknodat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().mknod(p.caller(), a.intArg(0), path(p, a.a1()), a.intArg(2), a.a3() & 0xffffffffL);
        return 0;
    }

    /** Implements chroot(2). */
    static long chroot(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.vfs().chroot(p.caller(), path(p, a.a0()));
        return 0;
    }
}
