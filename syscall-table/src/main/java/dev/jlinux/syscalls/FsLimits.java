// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * Path, extended-attribute and group-list limits ({@code include/uapi/linux/limits.h}) and the symlink limit of
 * a path walk ({@code MAXSYMLINKS}, {@code include/linux/namei.h}).
 */
public final class FsLimits {
    private FsLimits() {}

    /** Longest file name (one path component), in bytes. */
    public static final int NAME_MAX = 255;
    /** Size of a path buffer including its NUL: a path of PATH_MAX or more bytes is ENAMETOOLONG. */
    public static final int PATH_MAX = 4096;
    /** Symlinks one path walk may follow before ELOOP. */
    public static final int MAXSYMLINKS = 40;
    public static final int XATTR_NAME_MAX = 255;
    public static final int XATTR_SIZE_MAX = 65536;
    public static final int XATTR_LIST_MAX = 65536;
    /** Most supplementary groups setgroups(2) takes. */
    public static final int NGROUPS_MAX = 65536;
}
