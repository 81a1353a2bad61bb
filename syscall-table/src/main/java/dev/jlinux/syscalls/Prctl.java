// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * prctl(2) options ({@code include/uapi/linux/prctl.h}), the dumpable modes
 * ({@code include/linux/sched/coredump.h}) and capability numbers ({@code include/uapi/linux/capability.h}).
 */
public final class Prctl {
    private Prctl() {}

    public static final int PR_SET_PDEATHSIG = 1;
    public static final int PR_GET_PDEATHSIG = 2;
    public static final int PR_GET_DUMPABLE = 3;
    public static final int PR_SET_DUMPABLE = 4;
    public static final int PR_GET_UNALIGN = 5;
    public static final int PR_SET_UNALIGN = 6;
    public static final int PR_GET_KEEPCAPS = 7;
    public static final int PR_SET_KEEPCAPS = 8;
    public static final int PR_GET_FPEMU = 9;
    public static final int PR_SET_FPEMU = 10;
    public static final int PR_GET_FPEXC = 11;
    public static final int PR_SET_FPEXC = 12;
    public static final int PR_GET_TIMING = 13;
    public static final int PR_SET_TIMING = 14;
    public static final int PR_SET_NAME = 15;
    public static final int PR_GET_NAME = 16;
    public static final int PR_GET_ENDIAN = 19;
    public static final int PR_SET_ENDIAN = 20;
    public static final int PR_GET_SECCOMP = 21;
    public static final int PR_SET_SECCOMP = 22;
    public static final int PR_CAPBSET_READ = 23;
    public static final int PR_CAPBSET_DROP = 24;
    public static final int PR_GET_TSC = 25;
    public static final int PR_SET_TSC = 26;
    public static final int PR_GET_SECUREBITS = 27;
    public static final int PR_SET_SECUREBITS = 28;
    public static final int PR_SET_TIMERSLACK = 29;
    public static final int PR_GET_TIMERSLACK = 30;
    public static final int PR_TASK_PERF_EVENTS_DISABLE = 31;
    public static final int PR_TASK_PERF_EVENTS_ENABLE = 32;
    public static final int PR_MCE_KILL = 33;
    public static final int PR_MCE_KILL_GET = 34;
    public static final int PR_SET_MM = 35;
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    public static final int PR_GET_CHILD_SUBREAPER = 37;
    public static final int PR_SET_NO_NEW_PRIVS = 38;
    public static final int PR_GET_NO_NEW_PRIVS = 39;
    public static final int PR_GET_TID_ADDRESS = 40;
    public static final int PR_SET_THP_DISABLE = 41;
    public static final int PR_GET_THP_DISABLE = 42;
    public static final int PR_MPX_ENABLE_MANAGEMENT = 43;
    public static final int PR_MPX_DISABLE_MANAGEMENT = 44;
    public static final int PR_SET_FP_MODE = 45;
    public static final int PR_GET_FP_MODE = 46;
    public static final int PR_CAP_AMBIENT = 47;
    public static final int PR_SVE_SET_VL = 50;
    public static final int PR_SVE_GET_VL = 51;
    public static final int PR_GET_SPECULATION_CTRL = 52;
    public static final int PR_SET_SPECULATION_CTRL = 53;
    public static final int PR_PAC_RESET_KEYS = 54;
    public static final int PR_SET_TAGGED_ADDR_CTRL = 55;
    public static final int PR_GET_TAGGED_ADDR_CTRL = 56;
    public static final int PR_SET_IO_FLUSHER = 57;
    public static final int PR_GET_IO_FLUSHER = 58;
    public static final int PR_SET_SYSCALL_USER_DISPATCH = 59;
    public static final int PR_PAC_SET_ENABLED_KEYS = 60;
    public static final int PR_PAC_GET_ENABLED_KEYS = 61;
    public static final int PR_SCHED_CORE = 62;
    public static final int PR_SME_SET_VL = 63;
    public static final int PR_SME_GET_VL = 64;
    /** Linux 6.3+. */
    public static final int PR_SET_MDWE = 65;
    public static final int PR_GET_MDWE = 66;
    /** Linux 6.4+. */
    public static final int PR_SET_MEMORY_MERGE = 67;
    public static final int PR_GET_MEMORY_MERGE = 68;
    public static final int PR_SET_VMA = 0x53564d41;
    public static final int PR_SET_PTRACER = 0x59616d61;

    /** PR_SET_PTRACER's "any process may trace me" ({@code (unsigned long)-1}). */
    public static final long PR_SET_PTRACER_ANY = -1L;

    public static final int SUID_DUMP_DISABLE = 0;
    public static final int SUID_DUMP_USER = 1;
    public static final int SUID_DUMP_ROOT = 2;

    public static final int CAP_CHOWN = 0;
    public static final int CAP_DAC_OVERRIDE = 1;
    public static final int CAP_DAC_READ_SEARCH = 2;
    public static final int CAP_FOWNER = 3;
    public static final int CAP_FSETID = 4;
    public static final int CAP_KILL = 5;
    public static final int CAP_SETGID = 6;
    public static final int CAP_SETUID = 7;
    public static final int CAP_SETPCAP = 8;
    public static final int CAP_LINUX_IMMUTABLE = 9;
    public static final int CAP_NET_BIND_SERVICE = 10;
    public static final int CAP_NET_BROADCAST = 11;
    public static final int CAP_NET_ADMIN = 12;
    public static final int CAP_NET_RAW = 13;
    public static final int CAP_IPC_LOCK = 14;
    public static final int CAP_IPC_OWNER = 15;
    public static final int CAP_SYS_MODULE = 16;
    public static final int CAP_SYS_RAWIO = 17;
    public static final int CAP_SYS_CHROOT = 18;
    public static final int CAP_SYS_PTRACE = 19;
    public static final int CAP_SYS_PACCT = 20;
    public static final int CAP_SYS_ADMIN = 21;
    public static final int CAP_SYS_BOOT = 22;
    public static final int CAP_SYS_NICE = 23;
    public static final int CAP_SYS_RESOURCE = 24;
    public static final int CAP_SYS_TIME = 25;
    public static final int CAP_SYS_TTY_CONFIG = 26;
    public static final int CAP_MKNOD = 27;
    public static final int CAP_LEASE = 28;
    public static final int CAP_AUDIT_WRITE = 29;
    public static final int CAP_AUDIT_CONTROL = 30;
    public static final int CAP_SETFCAP = 31;
    public static final int CAP_MAC_OVERRIDE = 32;
    public static final int CAP_MAC_ADMIN = 33;
    public static final int CAP_SYSLOG = 34;
    public static final int CAP_WAKE_ALARM = 35;
    public static final int CAP_BLOCK_SUSPEND = 36;
    public static final int CAP_AUDIT_READ = 37;
    public static final int CAP_PERFMON = 38;
    public static final int CAP_BPF = 39;
    public static final int CAP_CHECKPOINT_RESTORE = 40;

    public static final NameTable OPTION_NAMES = NameTable.builder("PR_")
            .add(PR_SET_PDEATHSIG, "PR_SET_PDEATHSIG")
            .add(PR_GET_PDEATHSIG, "PR_GET_PDEATHSIG")
            .add(PR_GET_DUMPABLE, "PR_GET_DUMPABLE")
            .add(PR_SET_DUMPABLE, "PR_SET_DUMPABLE")
            .add(PR_GET_UNALIGN, "PR_GET_UNALIGN")
            .add(PR_SET_UNALIGN, "PR_SET_UNALIGN")
            .add(PR_GET_KEEPCAPS, "PR_GET_KEEPCAPS")
            .add(PR_SET_KEEPCAPS, "PR_SET_KEEPCAPS")
            .add(PR_GET_FPEMU, "PR_GET_FPEMU")
            .add(PR_SET_FPEMU, "PR_SET_FPEMU")
            .add(PR_GET_FPEXC, "PR_GET_FPEXC")
            .add(PR_SET_FPEXC, "PR_SET_FPEXC")
            .add(PR_GET_TIMING, "PR_GET_TIMING")
            .add(PR_SET_TIMING, "PR_SET_TIMING")
            .add(PR_SET_NAME, "PR_SET_NAME")
            .add(PR_GET_NAME, "PR_GET_NAME")
            .add(PR_GET_ENDIAN, "PR_GET_ENDIAN")
            .add(PR_SET_ENDIAN, "PR_SET_ENDIAN")
            .add(PR_GET_SECCOMP, "PR_GET_SECCOMP")
            .add(PR_SET_SECCOMP, "PR_SET_SECCOMP")
            .add(PR_CAPBSET_READ, "PR_CAPBSET_READ")
            .add(PR_CAPBSET_DROP, "PR_CAPBSET_DROP")
            .add(PR_GET_TSC, "PR_GET_TSC")
            .add(PR_SET_TSC, "PR_SET_TSC")
            .add(PR_GET_SECUREBITS, "PR_GET_SECUREBITS")
            .add(PR_SET_SECUREBITS, "PR_SET_SECUREBITS")
            .add(PR_SET_TIMERSLACK, "PR_SET_TIMERSLACK")
            .add(PR_GET_TIMERSLACK, "PR_GET_TIMERSLACK")
            .add(PR_TASK_PERF_EVENTS_DISABLE, "PR_TASK_PERF_EVENTS_DISABLE")
            .add(PR_TASK_PERF_EVENTS_ENABLE, "PR_TASK_PERF_EVENTS_ENABLE")
            .add(PR_MCE_KILL, "PR_MCE_KILL")
            .add(PR_MCE_KILL_GET, "PR_MCE_KILL_GET")
            .add(PR_SET_MM, "PR_SET_MM")
            .add(PR_SET_CHILD_SUBREAPER, "PR_SET_CHILD_SUBREAPER")
            .add(PR_GET_CHILD_SUBREAPER, "PR_GET_CHILD_SUBREAPER")
            .add(PR_SET_NO_NEW_PRIVS, "PR_SET_NO_NEW_PRIVS")
            .add(PR_GET_NO_NEW_PRIVS, "PR_GET_NO_NEW_PRIVS")
            .add(PR_GET_TID_ADDRESS, "PR_GET_TID_ADDRESS")
            .add(PR_SET_THP_DISABLE, "PR_SET_THP_DISABLE")
            .add(PR_GET_THP_DISABLE, "PR_GET_THP_DISABLE")
            .add(PR_MPX_ENABLE_MANAGEMENT, "PR_MPX_ENABLE_MANAGEMENT")
            .add(PR_MPX_DISABLE_MANAGEMENT, "PR_MPX_DISABLE_MANAGEMENT")
            .add(PR_SET_FP_MODE, "PR_SET_FP_MODE")
            .add(PR_GET_FP_MODE, "PR_GET_FP_MODE")
            .add(PR_CAP_AMBIENT, "PR_CAP_AMBIENT")
            .add(PR_SVE_SET_VL, "PR_SVE_SET_VL")
            .add(PR_SVE_GET_VL, "PR_SVE_GET_VL")
            .add(PR_GET_SPECULATION_CTRL, "PR_GET_SPECULATION_CTRL")
            .add(PR_SET_SPECULATION_CTRL, "PR_SET_SPECULATION_CTRL")
            .add(PR_PAC_RESET_KEYS, "PR_PAC_RESET_KEYS")
            .add(PR_SET_TAGGED_ADDR_CTRL, "PR_SET_TAGGED_ADDR_CTRL")
            .add(PR_GET_TAGGED_ADDR_CTRL, "PR_GET_TAGGED_ADDR_CTRL")
            .add(PR_SET_IO_FLUSHER, "PR_SET_IO_FLUSHER")
            .add(PR_GET_IO_FLUSHER, "PR_GET_IO_FLUSHER")
            .add(PR_SET_SYSCALL_USER_DISPATCH, "PR_SET_SYSCALL_USER_DISPATCH")
            .add(PR_PAC_SET_ENABLED_KEYS, "PR_PAC_SET_ENABLED_KEYS")
            .add(PR_PAC_GET_ENABLED_KEYS, "PR_PAC_GET_ENABLED_KEYS")
            .add(PR_SCHED_CORE, "PR_SCHED_CORE")
            .add(PR_SME_SET_VL, "PR_SME_SET_VL")
            .add(PR_SME_GET_VL, "PR_SME_GET_VL")
            .add(PR_SET_MDWE, "PR_SET_MDWE")
            .add(PR_GET_MDWE, "PR_GET_MDWE")
            .add(PR_SET_MEMORY_MERGE, "PR_SET_MEMORY_MERGE")
            .add(PR_GET_MEMORY_MERGE, "PR_GET_MEMORY_MERGE")
            .add(PR_SET_VMA, "PR_SET_VMA")
            .add(PR_SET_PTRACER, "PR_SET_PTRACER")
            .build();

    public static final NameTable DUMPABLE_NAMES = NameTable.builder("SUID_DUMP_")
            .add(SUID_DUMP_DISABLE, "SUID_DUMP_DISABLE").add(SUID_DUMP_USER, "SUID_DUMP_USER")
            .add(SUID_DUMP_ROOT, "SUID_DUMP_ROOT")
            .build();

    public static final NameTable CAP_NAMES = NameTable.builder("CAP_")
            .add(CAP_CHOWN, "CAP_CHOWN")
            .add(CAP_DAC_OVERRIDE, "CAP_DAC_OVERRIDE")
            .add(CAP_DAC_READ_SEARCH, "CAP_DAC_READ_SEARCH")
            .add(CAP_FOWNER, "CAP_FOWNER")
            .add(CAP_FSETID, "CAP_FSETID")
            .add(CAP_KILL, "CAP_KILL")
            .add(CAP_SETGID, "CAP_SETGID")
            .add(CAP_SETUID, "CAP_SETUID")
            .add(CAP_SETPCAP, "CAP_SETPCAP")
            .add(CAP_LINUX_IMMUTABLE, "CAP_LINUX_IMMUTABLE")
            .add(CAP_NET_BIND_SERVICE, "CAP_NET_BIND_SERVICE")
            .add(CAP_NET_BROADCAST, "CAP_NET_BROADCAST")
            .add(CAP_NET_ADMIN, "CAP_NET_ADMIN")
            .add(CAP_NET_RAW, "CAP_NET_RAW")
            .add(CAP_IPC_LOCK, "CAP_IPC_LOCK")
            .add(CAP_IPC_OWNER, "CAP_IPC_OWNER")
            .add(CAP_SYS_MODULE, "CAP_SYS_MODULE")
            .add(CAP_SYS_RAWIO, "CAP_SYS_RAWIO")
            .add(CAP_SYS_CHROOT, "CAP_SYS_CHROOT")
            .add(CAP_SYS_PTRACE, "CAP_SYS_PTRACE")
            .add(CAP_SYS_PACCT, "CAP_SYS_PACCT")
            .add(CAP_SYS_ADMIN, "CAP_SYS_ADMIN")
            .add(CAP_SYS_BOOT, "CAP_SYS_BOOT")
            .add(CAP_SYS_NICE, "CAP_SYS_NICE")
            .add(CAP_SYS_RESOURCE, "CAP_SYS_RESOURCE")
            .add(CAP_SYS_TIME, "CAP_SYS_TIME")
            .add(CAP_SYS_TTY_CONFIG, "CAP_SYS_TTY_CONFIG")
            .add(CAP_MKNOD, "CAP_MKNOD")
            .add(CAP_LEASE, "CAP_LEASE")
            .add(CAP_AUDIT_WRITE, "CAP_AUDIT_WRITE")
            .add(CAP_AUDIT_CONTROL, "CAP_AUDIT_CONTROL")
            .add(CAP_SETFCAP, "CAP_SETFCAP")
            .add(CAP_MAC_OVERRIDE, "CAP_MAC_OVERRIDE")
            .add(CAP_MAC_ADMIN, "CAP_MAC_ADMIN")
            .add(CAP_SYSLOG, "CAP_SYSLOG")
            .add(CAP_WAKE_ALARM, "CAP_WAKE_ALARM")
            .add(CAP_BLOCK_SUSPEND, "CAP_BLOCK_SUSPEND")
            .add(CAP_AUDIT_READ, "CAP_AUDIT_READ")
            .add(CAP_PERFMON, "CAP_PERFMON")
            .add(CAP_BPF, "CAP_BPF")
            .add(CAP_CHECKPOINT_RESTORE, "CAP_CHECKPOINT_RESTORE")
            .build();
}
