// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.host;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The host user's ids, which the guest runs with by default, and the host process group and
 * session jlinux runs in (the guest process is jlinux's host process, so it is in them too).
 */
public record HostIds(int uid, int euid, int gid, int egid, int pgid, int sid, int[] groups) {
    public HostIds {
        groups = groups.clone();
    }

    public static HostIds current() {
        int pid = (int) ProcessHandle.current().pid();
        int gid = HostLibc.callInt(HostLibc.GETGID, 0);
        return new HostIds(HostLibc.callInt(HostLibc.GETUID, 0), HostLibc.callInt(HostLibc.GETEUID, 0), gid,
                HostLibc.callInt(HostLibc.GETEGID, 0), HostLibc.callInt(HostLibc.GETPGID, 0, pid),
                HostLibc.callInt(HostLibc.GETSID, 0, pid), supplementaryGroups(gid));
    }

    /** The supplementary group ids (getgroups(2)). */
    @Override
    public int[] groups() {
        return groups.clone();
    }

    /** The host's supplementary groups, or just {@code gid} when the host cannot say. */
    private static int[] supplementaryGroups(int gid) {
        if (HostLibc.GETGROUPS == null) return new int[] {gid};
        try (Arena arena = Arena.ofConfined()) {
            int n = (int) HostLibc.GETGROUPS.invokeExact(0, MemorySegment.NULL);
            if (n < 0) return new int[] {gid};
            MemorySegment list = arena.allocate(ValueLayout.JAVA_INT, Math.max(n, 1));
            n = (int) HostLibc.GETGROUPS.invokeExact(n, list);
            return n < 0 ? new int[] {gid} : list.asSlice(0, 4L * n).toArray(ValueLayout.JAVA_INT);
        } catch (Throwable t) {
            return new int[] {gid};
        }
    }
}
