// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.procfs;

import dev.jlinux.vfs.Credentials;
import dev.jlinux.vfs.FdTable;
import dev.jlinux.vfs.FsContext;
import java.util.List;

/** What procfs shows of one process; the kernel implements it over its task state. */
public interface ProcessView {
    int pid();

    int ppid();
    /** Its process group and session. */
    int pgrp();
    int session();

    /** The command name (at most 15 bytes, as TASK_COMM_LEN - 1). */
    String comm();

    List<String> cmdline();

    List<String> environ();

    /** The executable's path as the process sees it. */
    String exe();

    /** Its root and cwd. */
    FsContext fs();

    FdTable fds();

    Credentials creds();

    /** /proc/PID/maps lines, without their newlines. */
    List<String> maps();

    /** The state letter of /proc/PID/stat ({@code R}, {@code S}, {@code Z}, ...). */
    char state();
}
