// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/** clone(2), clone3(2) and unshare(2) flags, from {@code include/uapi/linux/sched.h}. */
public final class Clone {
    private Clone() {}

    /** The low byte of clone(2)'s flags: the signal sent to the parent when the child exits. */
    public static final long CSIGNAL = 0x000000ffL;
    public static final long CLONE_VM = 0x00000100L;
    public static final long CLONE_FS = 0x00000200L;
    public static final long CLONE_FILES = 0x00000400L;
    public static final long CLONE_SIGHAND = 0x00000800L;
    public static final long CLONE_PIDFD = 0x00001000L;
    public static final long CLONE_PTRACE = 0x00002000L;
    public static final long CLONE_VFORK = 0x00004000L;
    public static final long CLONE_PARENT = 0x00008000L;
    public static final long CLONE_THREAD = 0x00010000L;
    public static final long CLONE_NEWNS = 0x00020000L;
    public static final long CLONE_SYSVSEM = 0x00040000L;
    public static final long CLONE_SETTLS = 0x00080000L;
    public static final long CLONE_PARENT_SETTID = 0x00100000L;
    public static final long CLONE_CHILD_CLEARTID = 0x00200000L;
    public static final long CLONE_DETACHED = 0x00400000L;
    public static final long CLONE_UNTRACED = 0x00800000L;
    public static final long CLONE_CHILD_SETTID = 0x01000000L;
    public static final long CLONE_NEWCGROUP = 0x02000000L;
    public static final long CLONE_NEWUTS = 0x04000000L;
    public static final long CLONE_NEWIPC = 0x08000000L;
    public static final long CLONE_NEWUSER = 0x10000000L;
    public static final long CLONE_NEWPID = 0x20000000L;
    public static final long CLONE_NEWNET = 0x40000000L;
    public static final long CLONE_IO = 0x80000000L;
    /** clone3(2) only. */
    public static final long CLONE_CLEAR_SIGHAND = 0x100000000L;
    public static final long CLONE_INTO_CGROUP = 0x200000000L;
    /** unshare(2) and clone3(2) only; shares its bit with {@link #CSIGNAL}. */
    public static final long CLONE_NEWTIME = 0x00000080L;

    /** The flags above {@link #CSIGNAL}, in bit order (strace's). */
    public static final NameTable FLAG_NAMES = NameTable.builder("CLONE_")
            .add(CLONE_VM, "CLONE_VM").add(CLONE_FS, "CLONE_FS").add(CLONE_FILES, "CLONE_FILES")
            .add(CLONE_SIGHAND, "CLONE_SIGHAND").add(CLONE_PIDFD, "CLONE_PIDFD").add(CLONE_PTRACE, "CLONE_PTRACE")
            .add(CLONE_VFORK, "CLONE_VFORK").add(CLONE_PARENT, "CLONE_PARENT").add(CLONE_THREAD, "CLONE_THREAD")
            .add(CLONE_NEWNS, "CLONE_NEWNS").add(CLONE_SYSVSEM, "CLONE_SYSVSEM").add(CLONE_SETTLS, "CLONE_SETTLS")
            .add(CLONE_PARENT_SETTID, "CLONE_PARENT_SETTID").add(CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID")
            .add(CLONE_DETACHED, "CLONE_DETACHED").add(CLONE_UNTRACED, "CLONE_UNTRACED")
            .add(CLONE_CHILD_SETTID, "CLONE_CHILD_SETTID").add(CLONE_NEWCGROUP, "CLONE_NEWCGROUP")
            .add(CLONE_NEWUTS, "CLONE_NEWUTS").add(CLONE_NEWIPC, "CLONE_NEWIPC").add(CLONE_NEWUSER, "CLONE_NEWUSER")
            .add(CLONE_NEWPID, "CLONE_NEWPID").add(CLONE_NEWNET, "CLONE_NEWNET").add(CLONE_IO, "CLONE_IO")
            .add(CLONE_CLEAR_SIGHAND, "CLONE_CLEAR_SIGHAND").add(CLONE_INTO_CGROUP, "CLONE_INTO_CGROUP")
            .build();

    /** clone(2)'s flags as strace prints them: the flags, then the exit signal ({@code CLONE_VM|SIGCHLD}). */
    public static String formatFlags(long flags) {
        long sig = flags & CSIGNAL;
        StringBuilder sb = new StringBuilder();
        long rest = FLAG_NAMES.appendFlags(sb, flags & ~CSIGNAL);
        if (rest != 0) sb.append(sb.isEmpty() ? "" : "|").append(NameTable.hex(rest));
        if (sig != 0) sb.append(sb.isEmpty() ? "" : "|").append(Signals.format(sig));
        return sb.isEmpty() ? "0" : sb.toString();
    }
}
