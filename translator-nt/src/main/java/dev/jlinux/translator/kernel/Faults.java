// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import static dev.jlinux.syscalls.Signals.*;

/** Which signal Linux sends for a CPU exception raised in user mode (arch/x86/kernel/traps.c). */
public final class Faults {
    private Faults() {}

    /** The signal for x86 exception vector {@code vector}. */
    public static int forInterrupt(int vector) {
        return switch (vector) {
            case 0 -> SIGFPE; // #DE divide error
            case 1, 3 -> SIGTRAP; // #DB, #BP (int3)
            case 6 -> SIGILL; // #UD
            case 16, 19 -> SIGFPE; // #MF x87, #XM SIMD floating point
            case 17 -> SIGBUS; // #AC alignment check
            default -> SIGSEGV; // #OF, #BR, #GP, #PF, #SS, #NP, software int n without a gate
        };
    }
}
