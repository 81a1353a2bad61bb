// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/** wait4(2) and waitid(2) options and id types, from {@code include/uapi/linux/wait.h}, and the status encoding. */
public final class Wait {
    private Wait() {}

    public static final int WNOHANG = 0x00000001;
    public static final int WUNTRACED = 0x00000002;
    public static final int WSTOPPED = WUNTRACED;
    public static final int WEXITED = 0x00000004;
    public static final int WCONTINUED = 0x00000008;
    public static final int WNOWAIT = 0x01000000;
    public static final int __WNOTHREAD = 0x20000000;
    public static final int __WALL = 0x40000000;
    public static final int __WCLONE = 0x80000000;

    public static final int P_ALL = 0;
    public static final int P_PID = 1;
    public static final int P_PGID = 2;
    public static final int P_PIDFD = 3;

    /** Options in strace's order ({@code WUNTRACED} prints as {@code WSTOPPED}). */
    public static final NameTable OPTION_NAMES = NameTable.builder("W")
            .add(WNOHANG, "WNOHANG").add(WEXITED, "WEXITED").add(WSTOPPED, "WSTOPPED").add(WCONTINUED, "WCONTINUED")
            .add(WNOWAIT, "WNOWAIT").add(__WNOTHREAD & 0xffffffffL, "__WNOTHREAD").add(__WALL, "__WALL")
            .add(__WCLONE & 0xffffffffL, "__WCLONE")
            .build();

    /** A wait status as strace prints it: {@code [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]}. */
    public static String formatStatus(int s) {
        String body;
        if ((s & 0x7f) == 0) {
            body = "WIFEXITED(s) && WEXITSTATUS(s) == " + ((s >>> 8) & 0xff);
        } else if ((s & 0xff) == 0x7f) {
            body = "WIFSTOPPED(s) && WSTOPSIG(s) == " + Signals.format((s >>> 8) & 0xff);
        } else if (s == 0xffff) {
            body = "WIFCONTINUED(s)";
        } else {
            body = "WIFSIGNALED(s) && WTERMSIG(s) == " + Signals.format(s & 0x7f)
                    + ((s & 0x80) != 0 ? " && WCOREDUMP(s)" : "");
        }
        return "[{" + body + "}]";
    }
}
