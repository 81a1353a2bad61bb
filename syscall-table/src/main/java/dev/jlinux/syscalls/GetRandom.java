// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/** getrandom(2) flags, from {@code include/uapi/linux/random.h}. */
public final class GetRandom {
    private GetRandom() {}

    public static final int GRND_NONBLOCK = 0x0001;
    public static final int GRND_RANDOM = 0x0002;
    public static final int GRND_INSECURE = 0x0004;

    public static final NameTable FLAG_NAMES = NameTable.builder("GRND_")
            .add(GRND_NONBLOCK, "GRND_NONBLOCK").add(GRND_RANDOM, "GRND_RANDOM").add(GRND_INSECURE, "GRND_INSECURE")
            .build();
}
