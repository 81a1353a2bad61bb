// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

/** The task a VFS call is made for: its root/cwd/umask, credentials and fd table. */
public record Caller(FsContext fs, Credentials creds, FdTable fds) {
    public Caller withCreds(Credentials c) {
        return new Caller(fs, c, fds);
    }
}
