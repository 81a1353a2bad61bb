// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.host;

/**
 * The host user's ids, which the guest runs with by default, and the host process group and
 * session jlinux runs in (the guest process is jlinux's host process, so it is in them too).
 */
public record HostIds(int uid, int euid, int gid, int egid, int pgid, int sid) {
    public static HostIds current() {
        int pid = (int) ProcessHandle.current().pid();
        return new HostIds(HostLibc.callInt(HostLibc.GETUID, 0), HostLibc.callInt(HostLibc.GETEUID, 0),
                HostLibc.callInt(HostLibc.GETGID, 0), HostLibc.callInt(HostLibc.GETEGID, 0),
                HostLibc.callInt(HostLibc.GETPGID, 0, pid), HostLibc.callInt(HostLibc.GETSID, 0, pid));
    }
}
