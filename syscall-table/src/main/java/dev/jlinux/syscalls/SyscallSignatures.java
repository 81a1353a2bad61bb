// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import static dev.jlinux.syscalls.ArgKind.DIRFD;
import static dev.jlinux.syscalls.ArgKind.ENV_ARRAY;
import static dev.jlinux.syscalls.ArgKind.FD;
import static dev.jlinux.syscalls.ArgKind.HEX;
import static dev.jlinux.syscalls.ArgKind.INT;
import static dev.jlinux.syscalls.ArgKind.IOCTL_REQ;
import static dev.jlinux.syscalls.ArgKind.LONG;
import static dev.jlinux.syscalls.ArgKind.MODE;
import static dev.jlinux.syscalls.ArgKind.OPEN_FLAGS;
import static dev.jlinux.syscalls.ArgKind.PATH;
import static dev.jlinux.syscalls.ArgKind.PATH_OUT;
import static dev.jlinux.syscalls.ArgKind.PTR;
import static dev.jlinux.syscalls.ArgKind.SIGNAL;
import static dev.jlinux.syscalls.ArgKind.SIZE;
import static dev.jlinux.syscalls.ArgKind.SKIP;
import static dev.jlinux.syscalls.ArgKind.STRING_ARRAY;
import static dev.jlinux.syscalls.ArgKind.UINT;
import static dev.jlinux.syscalls.ArgKind.bufIn;
import static dev.jlinux.syscalls.ArgKind.bufOut;
import static dev.jlinux.syscalls.ArgKind.flags;
import static dev.jlinux.syscalls.ArgKind.named;
import static dev.jlinux.syscalls.ArgKind.structIn;
import static dev.jlinux.syscalls.ArgKind.structOut;
import static dev.jlinux.syscalls.ReturnKind.DECIMAL;

import dev.jlinux.syscalls.ArgKind.Basic;
import dev.jlinux.syscalls.ArgKind.Struct;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The argument kinds of every x86-64 syscall, for the strace-style trace.
 *
 * <p>The syscalls jlinux meets most are listed here with exact kinds, following what strace prints
 * for them. Every other syscall gets a generic signature: as many arguments as the kernel's
 * {@code SYSCALL_DEFINEn} takes (strace's own argument count, measured by {@code src/gen/gen_arity.py}
 * into {@link SyscallArity}), each printed in hex ({@code 0} for zero), and a decimal result — which is
 * exactly how strace prints a syscall it does not decode. An explicit signature has the same number of
 * kinds (a {@link ArgKind.Basic#SKIP} stands for a register strace reads but does not print).
 */
public final class SyscallSignatures {
    private SyscallSignatures() {}

    private static final ArgKind ACCESS_MODE = new ArgKind.Custom("access mode", SyscallSignatures::accessMode);
    private static final ArgKind MAP_FLAGS = new ArgKind.Custom("mmap flags", Mman::formatMapFlags);
    private static final ArgKind STATX_FLAGS = new ArgKind.Custom("statx flags", At::formatStatxFlags);
    /** The O_ flags of dup3 and pipe2 (no access mode). */
    private static final ArgKind FD_OPEN_FLAGS =
            new ArgKind.Custom("open flags", v -> OpenFlags.FLAG_NAMES.formatFlags(v & 0xffffffffL));
    private static final ArgKind AT_FLAGS = flags(At.FLAG_NAMES);
    private static final ArgKind OPEN_MODE =
            new ArgKind.When(1, OpenFlags.O_CREAT | OpenFlags.__O_TMPFILE, MODE);
    private static final ArgKind OPENAT_MODE =
            new ArgKind.When(2, OpenFlags.O_CREAT | OpenFlags.__O_TMPFILE, MODE);
    private static final ArgKind STAT_OUT = structOut(Struct.STAT);
    private static final ArgKind TIMESPEC_IN = structIn(Struct.TIMESPEC);
    private static final ArgKind RLIMIT_RESOURCE = named(Resource.NAMES);
    private static final ArgKind CLOCK = named(Clocks.CLOCK_NAMES);

    private static final Map<String, SyscallSignature> EXPLICIT = new HashMap<>();

    static {
        // File I/O
        def("read", FD, bufOut(2), SIZE);
        def("write", FD, bufIn(2), SIZE);
        def("pread64", FD, bufOut(2), SIZE, LONG);
        def("pwrite64", FD, bufIn(2), SIZE, LONG);
        def("readv", FD, new ArgKind.Iovec(2, true), INT);
        def("writev", FD, new ArgKind.Iovec(2, false), INT);
        def("preadv", FD, new ArgKind.Iovec(2, true), INT, LONG);
        def("pwritev", FD, new ArgKind.Iovec(2, false), INT, LONG);
        def("preadv2", FD, new ArgKind.Iovec(2, true), INT, LONG, SKIP, flags(Fcntl.RWF_NAMES));
        def("pwritev2", FD, new ArgKind.Iovec(2, false), INT, LONG, SKIP, flags(Fcntl.RWF_NAMES));
        def("lseek", FD, LONG, named(Fcntl.WHENCE_NAMES));
        def("sendfile", FD, FD, PTR, SIZE);
        def("readahead", FD, LONG, SIZE);
        def("fsync", FD);
        def("fdatasync", FD);
        def("syncfs", FD);
        def("sync");
        def("ftruncate", FD, LONG);
        def("truncate", PATH, LONG);
        def("fadvise64", FD, LONG, LONG, named(Fcntl.FADVISE_NAMES));
        def("fallocate", FD, flags(Fcntl.FALLOC_NAMES), LONG, LONG);
        def("flock", FD, flags(Fcntl.FLOCK_NAMES));

        // Opening and closing
        def("open", PATH, OPEN_FLAGS, OPEN_MODE);
        def("openat", DIRFD, PATH, OPEN_FLAGS, OPENAT_MODE);
        def("openat2", DIRFD, PATH, structIn(Struct.OPEN_HOW), SIZE);
        def("creat", PATH, MODE);
        def("close", FD);
        def("close_range", UINT, UINT, flags(Fcntl.CLOSE_RANGE_NAMES));
        def("dup", FD);
        def("dup2", FD, FD);
        def("dup3", FD, FD, FD_OPEN_FLAGS);
        def("pipe", structOut(Struct.FD_PAIR));
        def("pipe2", structOut(Struct.FD_PAIR), FD_OPEN_FLAGS);
        defRet("fcntl", ReturnKind.FCNTL, FD, Basic.FCNTL_CMD, Basic.FCNTL_ARG);
        def("ioctl", FD, IOCTL_REQ, Basic.IOCTL_ARG);

        // Metadata
        def("stat", PATH, STAT_OUT);
        def("lstat", PATH, STAT_OUT);
        def("fstat", FD, STAT_OUT);
        def("newfstatat", DIRFD, PATH, STAT_OUT, AT_FLAGS);
        def("statx", DIRFD, PATH, STATX_FLAGS, flags(Stat.STATX_MASK_NAMES), structOut(Struct.STATX));
        def("access", PATH, ACCESS_MODE);
        def("faccessat", DIRFD, PATH, ACCESS_MODE);
        def("faccessat2", DIRFD, PATH, ACCESS_MODE, flags(At.ACCESS_FLAG_NAMES));
        def("chmod", PATH, MODE);
        def("fchmod", FD, MODE);
        def("fchmodat", DIRFD, PATH, MODE);
        defRet("umask", ReturnKind.OCTAL, MODE);
        def("chown", PATH, INT, INT);
        def("lchown", PATH, INT, INT);
        def("fchown", FD, INT, INT);
        def("fchownat", DIRFD, PATH, INT, INT, AT_FLAGS);

        // Directories and names
        def("getdents", FD, Basic.DIRENTS, UINT);
        def("getdents64", FD, Basic.DIRENTS, UINT);
        def("getcwd", PATH_OUT, SIZE);
        def("chdir", PATH);
        def("fchdir", FD);
        def("chroot", PATH);
        def("readlink", PATH, PATH_OUT, SIZE);
        def("readlinkat", DIRFD, PATH, PATH_OUT, SIZE);
        def("mkdir", PATH, MODE);
        def("mkdirat", DIRFD, PATH, MODE);
        def("rmdir", PATH);
        def("unlink", PATH);
        def("unlinkat", DIRFD, PATH, AT_FLAGS);
        def("rename", PATH, PATH);
        def("renameat", DIRFD, PATH, DIRFD, PATH);
        def("renameat2", DIRFD, PATH, DIRFD, PATH, flags(At.RENAME_NAMES));
        def("link", PATH, PATH);
        def("linkat", DIRFD, PATH, DIRFD, PATH, AT_FLAGS);
        def("symlink", PATH, PATH);
        def("symlinkat", PATH, DIRFD, PATH);

        // Memory
        defRet("mmap", ReturnKind.HEX, PTR, SIZE, flags(Mman.PROT_NAMES), MAP_FLAGS, FD, HEX);
        def("mprotect", PTR, SIZE, flags(Mman.PROT_NAMES));
        def("munmap", PTR, SIZE);
        defRet("brk", ReturnKind.HEX, PTR);
        def("madvise", PTR, SIZE, named(Mman.MADV_NAMES));
        defRet("mremap", ReturnKind.HEX, PTR, SIZE, SIZE, flags(Mman.MREMAP_NAMES),
                new ArgKind.When(3, Mman.MREMAP_FIXED, PTR));
        def("msync", PTR, SIZE, flags(Mman.MSYNC_NAMES));
        def("mlock", PTR, SIZE);
        def("munlock", PTR, SIZE);

        // Processes and threads
        defRet("exit", ReturnKind.NONE, INT);
        defRet("exit_group", ReturnKind.NONE, INT);
        for (String id : List.of("getpid", "gettid", "getppid", "getuid", "geteuid", "getgid", "getegid",
                "getpgrp", "setsid", "fork", "vfork", "sched_yield", "pause")) {
            def(id);
        }
        def("getpgid", INT);
        def("setpgid", INT, INT);
        def("getsid", INT);
        def("setuid", INT);
        def("setgid", INT);
        def("setreuid", INT, INT);
        def("setregid", INT, INT);
        def("setresuid", INT, INT, INT);
        def("setresgid", INT, INT, INT);
        def("setfsuid", INT);
        def("setfsgid", INT);
        def("setgroups", INT, PTR);
        def("set_tid_address", HEX);
        def("set_robust_list", PTR, SIZE);
        def("rseq", HEX, HEX, HEX, HEX);
        def("arch_prctl", Basic.ARCH_PRCTL_CODE, Basic.ARCH_PRCTL_ADDR);
        def("prctl", Basic.PRCTL_OPTION, Basic.PRCTL_ARG, Basic.PRCTL_ARG, Basic.PRCTL_ARG, Basic.PRCTL_ARG);
        def("clone", Basic.CLONE_STACK, Basic.CLONE_FLAGS, Basic.CLONE_PARENT_TID, Basic.CLONE_TLS,
                Basic.CLONE_CHILD_TID);
        def("execve", PATH, STRING_ARRAY, ENV_ARRAY);
        def("wait4", INT, Basic.WAIT_STATUS, flags(Wait.OPTION_NAMES), PTR);
        def("kill", INT, SIGNAL);
        def("tkill", INT, SIGNAL);
        def("tgkill", INT, INT, SIGNAL);
        def("futex", PTR, Basic.FUTEX_OP, Basic.FUTEX_VAL, Basic.FUTEX_TIMEOUT, Basic.FUTEX_UADDR2, Basic.FUTEX_VAL3);
        def("prlimit64", INT, RLIMIT_RESOURCE, structIn(Struct.RLIMIT), structOut(Struct.RLIMIT));
        def("getrlimit", RLIMIT_RESOURCE, structOut(Struct.RLIMIT));
        def("setrlimit", RLIMIT_RESOURCE, structIn(Struct.RLIMIT));
        def("sched_getaffinity", INT, UINT, Basic.CPU_SET_OUT);
        def("uname", structOut(Struct.UTSNAME));
        def("getrandom", new ArgKind.BufOut(1, true), SIZE, flags(GetRandom.FLAG_NAMES));

        // Signals
        def("rt_sigaction", SIGNAL, structIn(Struct.SIGACTION), structOut(Struct.SIGACTION), SIZE);
        def("rt_sigprocmask", named(Signals.HOW_NAMES), structIn(Struct.SIGSET), structOut(Struct.SIGSET), SIZE);
        def("rt_sigpending", structOut(Struct.SIGSET), SIZE);
        def("rt_sigsuspend", structIn(Struct.SIGSET), SIZE);
        def("alarm", UINT);

        // Time
        def("clock_gettime", CLOCK, structOut(Struct.TIMESPEC));
        def("clock_getres", CLOCK, structOut(Struct.TIMESPEC));
        def("gettimeofday", structOut(Struct.TIMEVAL), structOut(Struct.TIMEZONE));
        defRet("time", ReturnKind.TIME, structOut(Struct.TIME));
        def("nanosleep", TIMESPEC_IN, PTR);
        def("clock_nanosleep", CLOCK, flags(Clocks.TIMER_FLAG_NAMES), TIMESPEC_IN, PTR);

        // Polling
        defRet("poll", ReturnKind.POLL, new ArgKind.PollFds(1), UINT, INT);
    }

    /** Every syscall's signature, explicit or generic, by name. */
    private static final Map<String, SyscallSignature> ALL = new HashMap<>();

    static {
        for (SyscallNumbers.Entry e : SyscallNumbers.all()) {
            SyscallSignature s = EXPLICIT.get(e.name());
            if (s == null) {
                s = new SyscallSignature(e.name(), Collections.nCopies(SyscallArity.of(e.number()), HEX), DECIMAL);
            }
            ALL.put(e.name(), s);
        }
    }

    private static void def(String name, ArgKind... args) {
        defRet(name, DECIMAL, args);
    }

    private static void defRet(String name, ReturnKind ret, ArgKind... args) {
        if (EXPLICIT.put(name, new SyscallSignature(name, List.of(args), ret)) != null) {
            throw new IllegalStateException(name + " has two signatures");
        }
    }

    /**
     * The signature of syscall {@code name}: the explicit one, or the generic one (the kernel's
     * arity, every argument in hex, a decimal result).
     *
     * @throws IllegalArgumentException when x86-64 Linux has no syscall of that name
     */
    public static SyscallSignature forName(String name) {
        SyscallSignature s = ALL.get(name);
        if (s == null) throw new IllegalArgumentException("no x86-64 syscall named " + name);
        return s;
    }

    /** Whether {@code name} has an explicit signature (its arguments are decoded, not just printed in hex). */
    public static boolean isExplicit(String name) {
        return EXPLICIT.containsKey(name);
    }

    /** The explicit signatures, by name. */
    static Map<String, SyscallSignature> explicit() {
        return Collections.unmodifiableMap(EXPLICIT);
    }

    /** access(2)'s mode as strace prints it: {@code F_OK}, {@code R_OK|W_OK}, {@code 0x10 /* ?_OK *&#47;}. */
    static String accessMode(long mode) {
        long m = mode & 0xffffffffL;
        if (m == 0) return "F_OK";
        StringBuilder sb = new StringBuilder();
        long rest = Fcntl.ACCESS_MODE_NAMES.appendFlags(sb, m);
        if (rest == 0) return sb.toString();
        if (sb.isEmpty()) return NameTable.hex(rest) + " /* ?_OK */";
        return sb.append('|').append(NameTable.hex(rest)).toString();
    }
}
