// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.host;

/** The host user's ids, which the guest runs with by default. */
public record HostIds(int uid, int euid, int gid, int egid) {
    public static HostIds current() {
        return new HostIds(HostLibc.callInt(HostLibc.GETUID, 0), HostLibc.callInt(HostLibc.GETEUID, 0),
                HostLibc.callInt(HostLibc.GETGID, 0), HostLibc.callInt(HostLibc.GETEGID, 0));
    }
}
