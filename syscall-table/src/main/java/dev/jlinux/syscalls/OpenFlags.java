// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * Flags of open(2), openat(2), fcntl(F_GETFL/F_SETFL), pipe2(2), dup3(2) and openat2(2), from
 * {@code include/uapi/asm-generic/fcntl.h} (x86-64 uses the generic values; {@code O_LARGEFILE} is
 * the kernel's, not glibc's 0) and {@code include/uapi/linux/openat2.h}. Values are octal, as there.
 */
public final class OpenFlags {
    private OpenFlags() {}

    public static final int O_ACCMODE = 00000003;
    public static final int O_RDONLY = 00000000;
    public static final int O_WRONLY = 00000001;
    public static final int O_RDWR = 00000002;
    public static final int O_CREAT = 00000100;
    public static final int O_EXCL = 00000200;
    public static final int O_NOCTTY = 00000400;
    public static final int O_TRUNC = 00001000;
    public static final int O_APPEND = 00002000;
    public static final int O_NONBLOCK = 00004000;
    public static final int O_NDELAY = O_NONBLOCK;
    public static final int O_DSYNC = 00010000;
    public static final int FASYNC = 00020000;
    public static final int O_DIRECT = 00040000;
    public static final int O_LARGEFILE = 00100000;
    public static final int O_DIRECTORY = 00200000;
    public static final int O_NOFOLLOW = 00400000;
    public static final int O_NOATIME = 01000000;
    public static final int O_CLOEXEC = 02000000;
    public static final int __O_SYNC = 04000000;
    public static final int O_SYNC = __O_SYNC | O_DSYNC;
    public static final int O_PATH = 010000000;
    public static final int __O_TMPFILE = 020000000;
    public static final int O_TMPFILE = __O_TMPFILE | O_DIRECTORY;

    /** {@code struct open_how.resolve} bits of openat2(2) ({@code include/uapi/linux/openat2.h}). */
    public static final int RESOLVE_NO_XDEV = 0x01;
    public static final int RESOLVE_NO_MAGICLINKS = 0x02;
    public static final int RESOLVE_NO_SYMLINKS = 0x04;
    public static final int RESOLVE_BENEATH = 0x08;
    public static final int RESOLVE_IN_ROOT = 0x10;
    public static final int RESOLVE_CACHED = 0x20;

    /** The access mode (the two low bits). */
    public static final NameTable ACCESS_MODE_NAMES = NameTable.builder("O_")
            .add(O_RDONLY, "O_RDONLY").add(O_WRONLY, "O_WRONLY").add(O_RDWR, "O_RDWR").add(O_ACCMODE, "O_ACCMODE")
            .build();

    /** Every flag but the access mode, in strace's order. */
    public static final NameTable FLAG_NAMES = NameTable.builder("O_")
            .add(O_CREAT, "O_CREAT").add(O_EXCL, "O_EXCL").add(O_NOCTTY, "O_NOCTTY").add(O_TRUNC, "O_TRUNC")
            .add(O_APPEND, "O_APPEND").add(O_NONBLOCK, "O_NONBLOCK").add(O_SYNC, "O_SYNC")
            .add(__O_SYNC, "__O_SYNC").add(O_DSYNC, "O_DSYNC").add(O_DIRECT, "O_DIRECT")
            .add(O_LARGEFILE, "O_LARGEFILE").add(O_NOFOLLOW, "O_NOFOLLOW").add(O_NOATIME, "O_NOATIME")
            .add(O_CLOEXEC, "O_CLOEXEC").add(O_PATH, "O_PATH").add(O_TMPFILE, "O_TMPFILE")
            .add(__O_TMPFILE, "__O_TMPFILE").add(O_DIRECTORY, "O_DIRECTORY").add(FASYNC, "FASYNC")
            .build();

    public static final NameTable RESOLVE_NAMES = NameTable.builder("RESOLVE_")
            .add(RESOLVE_NO_XDEV, "RESOLVE_NO_XDEV").add(RESOLVE_NO_MAGICLINKS, "RESOLVE_NO_MAGICLINKS")
            .add(RESOLVE_NO_SYMLINKS, "RESOLVE_NO_SYMLINKS").add(RESOLVE_BENEATH, "RESOLVE_BENEATH")
            .add(RESOLVE_IN_ROOT, "RESOLVE_IN_ROOT").add(RESOLVE_CACHED, "RESOLVE_CACHED")
            .build();

    /** Open flags as strace prints them: the access mode, then the other flags ({@code O_RDONLY|O_CLOEXEC}). */
    public static String format(long flags) {
        StringBuilder sb = new StringBuilder(ACCESS_MODE_NAMES.format(flags & O_ACCMODE));
        long rest = FLAG_NAMES.appendFlags(sb, flags & ~(long) O_ACCMODE & 0xffffffffL);
        if (rest != 0) sb.append('|').append(NameTable.hex(rest));
        return sb.toString();
    }

    /** True when open(2) takes its mode argument: with {@code O_CREAT} or {@code O_TMPFILE}. */
    public static boolean needsMode(long flags) {
        return (flags & (O_CREAT | __O_TMPFILE)) != 0;
    }
}
