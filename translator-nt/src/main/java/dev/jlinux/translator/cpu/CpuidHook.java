// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

/** Called when the guest executes {@code cpuid}, with RIP at the instruction. */
@FunctionalInterface
public interface CpuidHook {
    /**
     * Answers the guest's cpuid: read EAX/ECX and write EAX/EBX/ECX/EDX through {@code cpu}.
     *
     * @return true to skip Unicorn's own cpuid (the registers written here stand), false to let
     *     Unicorn execute it
     */
    boolean onCpuid(Cpu cpu) throws Exception;
}
