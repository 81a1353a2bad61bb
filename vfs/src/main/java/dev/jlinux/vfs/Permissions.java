// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Stat;

/**
 * Linux's discretionary access checks ({@code generic_permission} and {@code check_sticky}, fs/namei.c)
 * and the set-id bits a change drops ({@code setattr_should_drop_sgid}, {@code setattr_should_drop_suidgid},
 * fs/attr.c).
 */
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

    /**
     * {@code setattr_should_drop_sgid}: S_ISGID when the file has it with group-exec, or without
     * group-exec when {@code cred} is neither in the file's group nor holds CAP_FSETID; else 0.
     */
    public static int sgidToDrop(Credentials cred, Statx st) {
        int mode = st.mode();
        if ((mode & Stat.S_ISGID) == 0) return 0;
        if ((mode & Stat.S_IXGRP) != 0 || !(cred.inGroup(st.gid()) || cred.fsCapable())) return Stat.S_ISGID;
        return 0;
    }

    /**
     * {@code setattr_should_drop_suidgid}: the set-id bits a write or truncate by {@code cred}
     * clears (S_ISUID, and S_ISGID as {@link #sgidToDrop}); none for a caller with CAP_FSETID or a
     * file that is not regular.
     */
    public static int privsToDrop(Credentials cred, Statx st) {
        int kill = (st.mode() & Stat.S_ISUID) | sgidToDrop(cred, st);
        return kill != 0 && !cred.fsCapable() && st.isRegular() ? kill : 0;
    }
}
