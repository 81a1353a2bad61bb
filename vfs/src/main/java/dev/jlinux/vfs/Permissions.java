// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Stat;

/** Linux's discretionary access checks ({@code generic_permission} and {@code check_sticky}, fs/namei.c). */
public final class Permissions {
    public static final int MAY_EXEC = 1;
    public static final int MAY_WRITE = 2;
    public static final int MAY_READ = 4;

    private Permissions() {}

    /** EACCES unless {@code cred} may do {@code mask} (MAY_*) to a file with {@code st}. */
    public static void check(Credentials cred, Statx st, int mask) throws ErrnoException {
        if (!allowed(cred, st, mask)) throw new ErrnoException(Errno.EACCES);
    }

    public static boolean allowed(Credentials cred, Statx st, int mask) {
        int mode = st.mode();
        int granted;
        if (cred.fsuid() == st.uid()) granted = mode >> 6;
        else if (cred.inGroup(st.gid())) granted = mode >> 3;
        else granted = mode;
        if ((mask & ~granted & 7) == 0) return true;
        if (!cred.fsCapable()) return false;
        // CAP_DAC_OVERRIDE: everything on directories; on files, exec only if some x bit is set.
        if (st.isDirectory()) return true;
        return (mask & MAY_EXEC) == 0 || (mode & 0111) != 0;
    }

    /** EPERM when a sticky directory forbids removing or replacing {@code victim} ({@code check_sticky}). */
    public static void checkSticky(Credentials cred, Statx dir, Statx victim) throws ErrnoException {
        if ((dir.mode() & Stat.S_ISVTX) == 0) return;
        if (cred.fsuid() == victim.uid() || cred.fsuid() == dir.uid() || cred.fsCapable()) return;
        throw new ErrnoException(Errno.EPERM);
    }

    /** {@code inode_owner_or_capable}: the owner, or CAP_FOWNER. */
    public static boolean ownerOrCapable(Credentials cred, Statx st) {
        return cred.fsuid() == st.uid() || cred.fsCapable();
    }
}
