// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/** {@code struct sysinfo} of sysinfo(2) on x86-64 ({@code include/uapi/linux/sysinfo.h}): offsets and size. */
public final class Sysinfo {
    private Sysinfo() {}

    public static final int STRUCT_SYSINFO_SIZE = 112;
    public static final int SI_UPTIME = 0;
    /** Three load averages, fixed point with {@link #SI_LOAD_SHIFT} fraction bits. */
    public static final int SI_LOADS = 8;
    public static final int SI_TOTALRAM = 32;
    public static final int SI_FREERAM = 40;
    public static final int SI_SHAREDRAM = 48;
    public static final int SI_BUFFERRAM = 56;
    public static final int SI_TOTALSWAP = 64;
    public static final int SI_FREESWAP = 72;
    /** unsigned short. */
    public static final int SI_PROCS = 80;
    public static final int SI_TOTALHIGH = 88;
    public static final int SI_FREEHIGH = 96;
    /** unsigned int: the unit of the memory fields, in bytes. */
    public static final int SI_MEM_UNIT = 104;

    public static final int SI_LOAD_SHIFT = 16;
}
