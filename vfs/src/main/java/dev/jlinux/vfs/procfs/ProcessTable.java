// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.procfs;

import java.util.List;

/** The processes procfs lists, and which one is asking (for {@code /proc/self}). */
public interface ProcessTable {
    /** The process making the current call. */
    ProcessView current();

    /** The process {@code pid}, or null. */
    ProcessView byPid(int pid);

    /** Every pid, in increasing order. */
    List<Integer> pids();
}
