// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * Device numbers of the character devices jlinux provides ({@code include/uapi/linux/major.h},
 * {@code drivers/char/mem.c}, {@code drivers/tty/tty_io.c}) and the 64-bit {@code dev_t} encoding.
 */
public final class DeviceNumbers {
    private DeviceNumbers() {}

    public static final int MEM_MAJOR = 1;
    public static final int NULL_MINOR = 3;
    public static final int ZERO_MINOR = 5;
    public static final int FULL_MINOR = 7;
    public static final int RANDOM_MINOR = 8;
    public static final int URANDOM_MINOR = 9;
    public static final int TTYAUX_MAJOR = 5;
    /** /dev/tty is (5, 0). */
    public static final int TTY_MINOR = 0;

    /** glibc's {@code gnu_dev_makedev}; {@link Stat#major} and {@link Stat#minor} undo it. */
    public static long makedev(long major, long minor) {
        return ((major & 0xfffL) << 8) | ((major & ~0xfffL) << 32) | (minor & 0xffL) | ((minor & ~0xffL) << 12);
    }
}
