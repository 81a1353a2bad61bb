// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import java.util.Set;

/**
 * A task's credentials as the VFS uses them (Linux's {@code struct cred}). Capabilities follow the
 * ids as in Linux without file capabilities: an fsuid of 0 holds the file-system capabilities
 * (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_FSETID, CAP_CHOWN, CAP_MKNOD) and an
 * euid of 0 holds the others (CAP_SYS_CHROOT, CAP_SYS_ADMIN).
 */
public record Credentials(int uid, int gid, int euid, int egid, int suid, int sgid, int fsuid, int fsgid,
                          Set<Integer> groups) {
    public Credentials {
        groups = Set.copyOf(groups);
    }

    public static Credentials root() {
        return of(0, 0);
    }

    /** Real, effective, saved and fs ids all {@code uid}/{@code gid}, with supplementary {@code groups}. */
    public static Credentials of(int uid, int gid, Integer... groups) {
        return new Credentials(uid, gid, uid, gid, uid, gid, uid, gid, Set.of(groups));
    }

    /** These credentials with the user ids replaced (real, effective, saved, fs). */
    public Credentials withUids(int r, int e, int s, int fs) {
        return new Credentials(r, gid, e, egid, s, sgid, fs, fsgid, groups);
    }

    /** These credentials with the group ids replaced (real, effective, saved, fs). */
    public Credentials withGids(int r, int e, int s, int fs) {
        return new Credentials(uid, r, euid, e, suid, s, fsuid, fs, groups);
    }

    /** These credentials with other supplementary groups. */
    public Credentials withGroups(Set<Integer> g) {
        return new Credentials(uid, gid, euid, egid, suid, sgid, fsuid, fsgid, g);
    }

    /** Holds CAP_DAC_OVERRIDE and the other file-system capabilities. */
    public boolean fsCapable() {
        return fsuid == 0;
    }

    /** Holds the capabilities that follow the effective uid (CAP_SYS_CHROOT, CAP_SYS_ADMIN). */
    public boolean capable() {
        return euid == 0;
    }

    /** {@code in_group_p}: the fs gid or a supplementary group. */
    public boolean inGroup(int g) {
        return g == fsgid || groups.contains(g);
    }

    /** The credentials access(2) checks with: the real ids as fs ids ({@code access_override_creds}). */
    public Credentials forAccess() {
        return new Credentials(uid, gid, euid, egid, suid, sgid, uid, gid, groups);
    }
}
