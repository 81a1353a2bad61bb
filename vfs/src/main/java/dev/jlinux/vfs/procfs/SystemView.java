// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.procfs;

/**
 * The system-wide facts procfs shows: the uname strings, the CPUs the guest sees, memory, and the
 * clock since boot.
 *
 * @param cpuModel the {@code model name} of /proc/cpuinfo
 * @param cpuFlags the {@code flags} line of /proc/cpuinfo (the features the guest's CPUID reports)
 */
public record SystemView(String hostname, String osrelease, String ostype, int cpus, String cpuModel, String cpuFlags,
                         long memTotalKb, long memFreeKb, long memAvailableKb) {}
