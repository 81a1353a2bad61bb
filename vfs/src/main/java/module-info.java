// SPDX-License-Identifier: GPL-2.0-or-later
/** The jlinux VFS: Linux path walk, mounts, permissions, fd tables and open file descriptions over a small filesystem SPI. */
module dev.jlinux.vfs {
    requires transitive dev.jlinux.syscalls;
    exports dev.jlinux.vfs;
    exports dev.jlinux.vfs.tmpfs;
    exports dev.jlinux.vfs.devfs;
    exports dev.jlinux.vfs.hostfs;
    exports dev.jlinux.vfs.procfs;
}
