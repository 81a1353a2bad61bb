// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.tmpfs;

import dev.jlinux.syscalls.Stat;
import java.nio.charset.StandardCharsets;

/** A tmpfs symlink: its size is the target's length in bytes. */
final class TmpSymlink extends TmpNode {
    private final String target;

    TmpSymlink(TmpFs fs, String target, int uid, int gid) {
        super(fs, Stat.S_IFLNK | 0777, uid, gid);
        this.target = target;
    }

    @Override
    long size() {
        return target.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public String readlink() {
        return target;
    }
}
