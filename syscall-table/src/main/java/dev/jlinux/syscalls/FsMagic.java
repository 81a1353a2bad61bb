// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * File-system magic numbers of {@code statfs.f_type} ({@code include/uapi/linux/magic.h}) and the
 * {@code f_flags} bits ({@code ST_*}, {@code include/linux/statfs.h}).
 */
public final class FsMagic {
    private FsMagic() {}

    public static final long TMPFS_MAGIC = 0x01021994L;
    public static final long PROC_SUPER_MAGIC = 0x9fa0L;
    public static final long SYSFS_MAGIC = 0x62656572L;
    public static final long DEVPTS_SUPER_MAGIC = 0x1cd1L;
    public static final long EXT4_SUPER_MAGIC = 0xef53L;

    public static final int ST_RDONLY = 0x0001;
    public static final int ST_NOSUID = 0x0002;
    public static final int ST_NODEV = 0x0004;
    public static final int ST_NOEXEC = 0x0008;
    public static final int ST_SYNCHRONOUS = 0x0010;
    public static final int ST_VALID = 0x0020;
    public static final int ST_MANDLOCK = 0x0040;
    public static final int ST_NOATIME = 0x0400;
    public static final int ST_NODIRATIME = 0x0800;
    public static final int ST_RELATIME = 0x1000;
}
