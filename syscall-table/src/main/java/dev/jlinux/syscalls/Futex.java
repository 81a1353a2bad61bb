// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/** futex(2) operations, flags and FUTEX_WAKE_OP encodings, from {@code include/uapi/linux/futex.h}. */
public final class Futex {
    private Futex() {}

    public static final int FUTEX_WAIT = 0;
    public static final int FUTEX_WAKE = 1;
    public static final int FUTEX_FD = 2;
    public static final int FUTEX_REQUEUE = 3;
    public static final int FUTEX_CMP_REQUEUE = 4;
    public static final int FUTEX_WAKE_OP = 5;
    public static final int FUTEX_LOCK_PI = 6;
    public static final int FUTEX_UNLOCK_PI = 7;
    public static final int FUTEX_TRYLOCK_PI = 8;
    public static final int FUTEX_WAIT_BITSET = 9;
    public static final int FUTEX_WAKE_BITSET = 10;
    public static final int FUTEX_WAIT_REQUEUE_PI = 11;
    public static final int FUTEX_CMP_REQUEUE_PI = 12;
    public static final int FUTEX_LOCK_PI2 = 13;

    public static final int FUTEX_PRIVATE_FLAG = 128;
    public static final int FUTEX_CLOCK_REALTIME = 256;
    public static final int FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);

    public static final long FUTEX_BITSET_MATCH_ANY = 0xffffffffL;

    public static final int FUTEX_OP_SET = 0;
    public static final int FUTEX_OP_ADD = 1;
    public static final int FUTEX_OP_OR = 2;
    public static final int FUTEX_OP_ANDN = 3;
    public static final int FUTEX_OP_XOR = 4;
    public static final int FUTEX_OP_OPARG_SHIFT = 8;

    public static final int FUTEX_OP_CMP_EQ = 0;
    public static final int FUTEX_OP_CMP_NE = 1;
    public static final int FUTEX_OP_CMP_LT = 2;
    public static final int FUTEX_OP_CMP_LE = 3;
    public static final int FUTEX_OP_CMP_GT = 4;
    public static final int FUTEX_OP_CMP_GE = 5;

    /** The commands (without the private and clock flags). */
    public static final NameTable CMD_NAMES = NameTable.builder("FUTEX_")
            .add(FUTEX_WAIT, "FUTEX_WAIT").add(FUTEX_WAKE, "FUTEX_WAKE").add(FUTEX_FD, "FUTEX_FD")
            .add(FUTEX_REQUEUE, "FUTEX_REQUEUE").add(FUTEX_CMP_REQUEUE, "FUTEX_CMP_REQUEUE")
            .add(FUTEX_WAKE_OP, "FUTEX_WAKE_OP").add(FUTEX_LOCK_PI, "FUTEX_LOCK_PI")
            .add(FUTEX_UNLOCK_PI, "FUTEX_UNLOCK_PI").add(FUTEX_TRYLOCK_PI, "FUTEX_TRYLOCK_PI")
            .add(FUTEX_WAIT_BITSET, "FUTEX_WAIT_BITSET").add(FUTEX_WAKE_BITSET, "FUTEX_WAKE_BITSET")
            .add(FUTEX_WAIT_REQUEUE_PI, "FUTEX_WAIT_REQUEUE_PI").add(FUTEX_CMP_REQUEUE_PI, "FUTEX_CMP_REQUEUE_PI")
            .add(FUTEX_LOCK_PI2, "FUTEX_LOCK_PI2")
            .build();

    public static final NameTable WAKE_OP_NAMES = NameTable.builder("FUTEX_OP_")
            .add(FUTEX_OP_SET, "FUTEX_OP_SET").add(FUTEX_OP_ADD, "FUTEX_OP_ADD").add(FUTEX_OP_OR, "FUTEX_OP_OR")
            .add(FUTEX_OP_ANDN, "FUTEX_OP_ANDN").add(FUTEX_OP_XOR, "FUTEX_OP_XOR")
            .build();

    public static final NameTable WAKE_CMP_NAMES = NameTable.builder("FUTEX_OP_CMP_")
            .add(FUTEX_OP_CMP_EQ, "FUTEX_OP_CMP_EQ").add(FUTEX_OP_CMP_NE, "FUTEX_OP_CMP_NE")
            .add(FUTEX_OP_CMP_LT, "FUTEX_OP_CMP_LT").add(FUTEX_OP_CMP_LE, "FUTEX_OP_CMP_LE")
            .add(FUTEX_OP_CMP_GT, "FUTEX_OP_CMP_GT").add(FUTEX_OP_CMP_GE, "FUTEX_OP_CMP_GE")
            .build();

    /** The futex operation as strace prints it: {@code FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME}. */
    public static String formatOp(long op) {
        int o = (int) op;
        String cmd = CMD_NAMES.name(o & FUTEX_CMD_MASK);
        if (cmd == null) return CMD_NAMES.unknown(op & 0xffffffffL);
        StringBuilder sb = new StringBuilder(cmd);
        if ((o & FUTEX_PRIVATE_FLAG) != 0) sb.append("_PRIVATE");
        if ((o & FUTEX_CLOCK_REALTIME) != 0) sb.append("|FUTEX_CLOCK_REALTIME");
        return sb.toString();
    }

    /** FUTEX_WAKE_OP's encoded operation: {@code FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1}. */
    public static String formatWakeOp(long val3) {
        int v = (int) val3;
        StringBuilder sb = new StringBuilder();
        if (((v >>> 28) & FUTEX_OP_OPARG_SHIFT) != 0) sb.append("FUTEX_OP_OPARG_SHIFT<<28|");
        sb.append(WAKE_OP_NAMES.format((v >>> 28) & 7)).append("<<28");
        sb.append('|').append(NameTable.hex((v >>> 12) & 0xfff)).append("<<12|");
        sb.append(WAKE_CMP_NAMES.format((v >>> 24) & 0xf)).append("<<24");
        sb.append('|').append(NameTable.hex(v & 0xfff));
        return sb.toString();
    }
}
