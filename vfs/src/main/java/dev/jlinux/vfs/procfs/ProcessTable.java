// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.procfs;

import java.util.List;

/** The processes procfs lists, which one is asking (for {@code /proc/self}), and the scheduler's counts. */
public interface ProcessTable {
    /** The process making the current call. */
    ProcessView current();

    /** The process {@code pid}, or null. */
    ProcessView byPid(int pid);

    /** Every pid, in increasing order. */
    List<Integer> pids();

    /** The load averages the kernel measures. */
    LoadAverage loadAverage();

    /** How many processes are runnable now ({@code nr_running}): the asking one among them. */
    int running();

    /** The pid allocated last, whether or not that process still exists. */
    int lastPid();
}
