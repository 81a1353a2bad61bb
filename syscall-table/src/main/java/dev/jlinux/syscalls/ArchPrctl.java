// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/** arch_prctl(2) codes, from {@code arch/x86/include/uapi/asm/prctl.h}. */
public final class ArchPrctl {
    private ArchPrctl() {}

    public static final int ARCH_SET_GS = 0x1001;
    public static final int ARCH_SET_FS = 0x1002;
    public static final int ARCH_GET_FS = 0x1003;
    public static final int ARCH_GET_GS = 0x1004;
    public static final int ARCH_GET_CPUID = 0x1011;
    public static final int ARCH_SET_CPUID = 0x1012;
    public static final int ARCH_GET_XCOMP_SUPP = 0x1021;
    public static final int ARCH_GET_XCOMP_PERM = 0x1022;
    public static final int ARCH_REQ_XCOMP_PERM = 0x1023;
    public static final int ARCH_GET_XCOMP_GUEST_PERM = 0x1024;
    public static final int ARCH_REQ_XCOMP_GUEST_PERM = 0x1025;
    public static final int ARCH_MAP_VDSO_X32 = 0x2001;
    public static final int ARCH_MAP_VDSO_32 = 0x2002;
    public static final int ARCH_MAP_VDSO_64 = 0x2003;
    /** Linux 6.2+ (linear address masking). */
    public static final int ARCH_GET_UNTAG_MASK = 0x4001;
    public static final int ARCH_ENABLE_TAGGED_ADDR = 0x4002;
    public static final int ARCH_GET_MAX_TAG_BITS = 0x4003;
    public static final int ARCH_FORCE_TAGGED_SVA = 0x4004;
    /** Linux 6.6+ (user shadow stacks). */
    public static final int ARCH_SHSTK_ENABLE = 0x5001;
    public static final int ARCH_SHSTK_DISABLE = 0x5002;
    public static final int ARCH_SHSTK_LOCK = 0x5003;
    public static final int ARCH_SHSTK_UNLOCK = 0x5004;
    public static final int ARCH_SHSTK_STATUS = 0x5005;

    public static final NameTable NAMES = NameTable.builder("ARCH_")
            .add(ARCH_SET_GS, "ARCH_SET_GS").add(ARCH_SET_FS, "ARCH_SET_FS").add(ARCH_GET_FS, "ARCH_GET_FS")
            .add(ARCH_GET_GS, "ARCH_GET_GS").add(ARCH_GET_CPUID, "ARCH_GET_CPUID").add(ARCH_SET_CPUID, "ARCH_SET_CPUID")
            .add(ARCH_GET_XCOMP_SUPP, "ARCH_GET_XCOMP_SUPP").add(ARCH_GET_XCOMP_PERM, "ARCH_GET_XCOMP_PERM")
            .add(ARCH_REQ_XCOMP_PERM, "ARCH_REQ_XCOMP_PERM").add(ARCH_GET_XCOMP_GUEST_PERM, "ARCH_GET_XCOMP_GUEST_PERM")
            .add(ARCH_REQ_XCOMP_GUEST_PERM, "ARCH_REQ_XCOMP_GUEST_PERM").add(ARCH_MAP_VDSO_X32, "ARCH_MAP_VDSO_X32")
            .add(ARCH_MAP_VDSO_32, "ARCH_MAP_VDSO_32").add(ARCH_MAP_VDSO_64, "ARCH_MAP_VDSO_64")
            .add(ARCH_GET_UNTAG_MASK, "ARCH_GET_UNTAG_MASK").add(ARCH_ENABLE_TAGGED_ADDR, "ARCH_ENABLE_TAGGED_ADDR")
            .add(ARCH_GET_MAX_TAG_BITS, "ARCH_GET_MAX_TAG_BITS").add(ARCH_FORCE_TAGGED_SVA, "ARCH_FORCE_TAGGED_SVA")
            .add(ARCH_SHSTK_ENABLE, "ARCH_SHSTK_ENABLE").add(ARCH_SHSTK_DISABLE, "ARCH_SHSTK_DISABLE")
            .add(ARCH_SHSTK_LOCK, "ARCH_SHSTK_LOCK").add(ARCH_SHSTK_UNLOCK, "ARCH_SHSTK_UNLOCK")
            .add(ARCH_SHSTK_STATUS, "ARCH_SHSTK_STATUS")
            .build();
}
