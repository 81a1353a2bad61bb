// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import java.util.Objects;
import java.util.function.LongFunction;

/**
 * How the tracer decodes one syscall argument (DESIGN §4). A {@link SyscallSignature} lists one kind
 * per argument register, in ABI order ({@code rdi, rsi, rdx, r10, r8, r9}); each kind reads the
 * register at its position. The exceptions say so: clone's kinds read fixed registers (strace prints
 * clone's arguments in another order), and a few kinds look at a sibling register (a length, a
 * command) to decide what to print or whether to print anything at all.
 *
 * <p>Output arguments ({@link BufOut}, {@link StructOut}, {@link Basic#PATH_OUT}, …) are decoded only
 * when the call succeeded, as strace does; otherwise they print as the pointer.
 */
public sealed interface ArgKind {

    /** The kinds that need no parameter. */
    enum Basic implements ArgKind {
        /** A file descriptor, as a signed int. */
        FD,
        /** A directory fd of the *at family: {@code AT_FDCWD} or the number. */
        DIRFD,
        /** A NUL-terminated path, quoted, never shortened below PATH_MAX. */
        PATH,
        /** A NUL-terminated string, quoted, shortened to 32 bytes with {@code ...} after the quote. */
        STRING,
        /** open(2) flags: access mode, then the other flags. */
        OPEN_FLAGS,
        /** A permission mode in octal ({@code 0644}). */
        MODE,
        /** A signed 32-bit int. */
        INT,
        /** An unsigned 32-bit int. */
        UINT,
        /** A signed 64-bit value ({@code off_t}). */
        LONG,
        /** An unsigned 64-bit value ({@code size_t}). */
        SIZE,
        /** A raw value in hex, {@code 0} for zero (strace's undecoded arguments). */
        HEX,
        /** A pointer: {@code NULL} for zero, else hex. */
        PTR,
        /** A register the kernel reads but strace does not print (preadv2's high offset half). */
        SKIP,
        /** A NULL-terminated array of strings: {@code ["ls", "-l"]}. */
        STRING_ARRAY,
        /** execve's environment: the pointer and a count, {@code 0x7ffd… /* 3 vars *&#47;}. */
        ENV_ARRAY,
        /** A path the kernel wrote (getcwd, readlink), its length being the result. */
        PATH_OUT,
        /** A getdents buffer: the pointer and the number of entries the call returned. */
        DIRENTS,
        /** A CPU mask the kernel wrote (sched_getaffinity), its length being the result: {@code [0 1]}. */
        CPU_SET_OUT,
        /** wait4's status pointer, decoded when the call reaped a child. */
        WAIT_STATUS,
        /** A signal number: {@code SIGTERM}, {@code SIGRT_3}, or the number. */
        SIGNAL,
        /** An ioctl request: {@code TCGETS}, or {@code _IOC(…)}. */
        IOCTL_REQ,
        /** ioctl's third argument, decoded by the request in the register before it (or not printed). */
        IOCTL_ARG,
        /** An fcntl command: {@code F_SETFD}. */
        FCNTL_CMD,
        /** fcntl's third argument, decoded by the command in the register before it (or not printed). */
        FCNTL_ARG,
        /** futex's operation (register 1): {@code FUTEX_WAIT_PRIVATE}. */
        FUTEX_OP,
        /** futex's {@code val} (register 2), printed when the operation uses it. */
        FUTEX_VAL,
        /** futex's timeout or {@code val2} (register 3), by operation. */
        FUTEX_TIMEOUT,
        /** futex's {@code uaddr2} (register 4), by operation. */
        FUTEX_UADDR2,
        /** futex's {@code val3} (register 5): a bitset, a compare value or an encoded wake operation. */
        FUTEX_VAL3,
        /** prctl's option (register 0): {@code PR_SET_NAME}. */
        PRCTL_OPTION,
        /** One of prctl's arguments 1..4, decoded by the option (or not printed). */
        PRCTL_ARG,
        /** arch_prctl's code: {@code ARCH_SET_FS}. */
        ARCH_PRCTL_CODE,
        /** arch_prctl's address: a value, or for the GET codes the value the kernel stored there. */
        ARCH_PRCTL_ADDR,
        /** clone's {@code child_stack=} (reads register 1). */
        CLONE_STACK,
        /** clone's {@code flags=} with the exit signal (reads register 0). */
        CLONE_FLAGS,
        /** clone's {@code parent_tid=[tid]} (reads register 2), with CLONE_PARENT_SETTID or CLONE_PIDFD. */
        CLONE_PARENT_TID,
        /** clone's {@code tls=} (reads register 4), with CLONE_SETTLS. */
        CLONE_TLS,
        /** clone's {@code child_tidptr=} (reads register 3), with CLONE_CHILD_SETTID or CLONE_CHILD_CLEARTID. */
        CLONE_CHILD_TID,
    }

    /** Struct layouts the tracer knows; the ones without a decoder print as their address. */
    enum Struct {
        /** {@code struct timespec}: {@code {tv_sec=1, tv_nsec=2}}. */
        TIMESPEC(16),
        /** {@code struct timeval}: {@code {tv_sec=1, tv_usec=2}}. */
        TIMEVAL(16),
        /** {@code struct timezone}. */
        TIMEZONE(8),
        /** {@code struct new_utsname} (uname(2) on x86-64): {@code {sysname="Linux", nodename="h", ...}}. */
        UTSNAME(390),
        /** {@code struct stat}: {@code {st_mode=S_IFREG|0644, st_size=3, ...}}. */
        STAT(Stat.STRUCT_STAT_SIZE),
        /** {@code struct statx}, abbreviated like strace. */
        STATX(Stat.STRUCT_STATX_SIZE),
        /** {@code struct rlimit} / {@code rlimit64}: {@code {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}}. */
        RLIMIT(16),
        /** The kernel's {@code struct sigaction} (handler, flags, restorer, mask). */
        SIGACTION(32),
        /** A 64-bit {@code sigset_t}: {@code [INT CHLD]}. */
        SIGSET(8),
        /** openat2's {@code struct open_how}. */
        OPEN_HOW(24),
        /** {@code struct winsize}. */
        WINSIZE(8),
        /** The kernel's {@code struct termios} (printed as its address). */
        TERMIOS(36),
        /** {@code struct flock} (printed as its address). */
        FLOCK(32),
        /** An {@code int}: {@code [5]}. */
        INT(4),
        /** A pointer-sized value: {@code [0x7f…]}. */
        ADDR(8),
        /** pipe's {@code int[2]}: {@code [3, 4]}. */
        FD_PAIR(8),
        /** A {@code time_t}, with its date: {@code [1700000000 /* 2023-11-14T22:13:20+0000 *&#47;]}. */
        TIME(8);

        private final int size;

        Struct(int size) {
            this.size = size;
        }

        /** The size in bytes on x86-64. */
        public int size() {
            return size;
        }
    }

    /** A buffer the kernel reads: quoted, its length in register {@code lenArg}, shortened to 32 bytes. */
    record BufIn(int lenArg) implements ArgKind {
        public BufIn {
            checkIndex(lenArg);
        }
    }

    /** A buffer the kernel fills ({@code read}): quoted up to the result, or in hex escapes ({@code getrandom}). */
    record BufOut(int lenArg, boolean hex) implements ArgKind {
        public BufOut {
            checkIndex(lenArg);
        }
    }

    /** A struct the kernel reads. */
    record StructIn(Struct layout) implements ArgKind {
        public StructIn {
            Objects.requireNonNull(layout);
        }
    }

    /** A struct the kernel fills, decoded when the call succeeded. */
    record StructOut(Struct layout) implements ArgKind {
        public StructOut {
            Objects.requireNonNull(layout);
        }
    }

    /** An iovec array with its count in register {@code countArg}; {@code out} for readv-like calls. */
    record Iovec(int countArg, boolean out) implements ArgKind {
        public Iovec {
            checkIndex(countArg);
        }
    }

    /** poll's {@code struct pollfd} array with its count in register {@code countArg}. */
    record PollFds(int countArg) implements ArgKind {
        public PollFds {
            checkIndex(countArg);
        }
    }

    /** Bit flags named by {@code table} (the low 32 bits): {@code PROT_READ|PROT_WRITE}. */
    record Flags(NameTable table) implements ArgKind {
        public Flags {
            Objects.requireNonNull(table);
        }
    }

    /** One value named by {@code table} (the low 32 bits): {@code SEEK_SET}, {@code CLOCK_MONOTONIC}. */
    record Named(NameTable table) implements ArgKind {
        public Named {
            Objects.requireNonNull(table);
        }
    }

    /** A value printed by a function of the raw register, e.g. {@link Mman#formatMapFlags}; {@code what} names it. */
    record Custom(String what, LongFunction<String> format) implements ArgKind {
        public Custom {
            Objects.requireNonNull(what);
            Objects.requireNonNull(format);
        }
    }

    /** {@code kind}, printed only when register {@code flagsArg} has a bit of {@code mask} (open's mode). */
    record When(int flagsArg, long mask, ArgKind kind) implements ArgKind {
        public When {
            checkIndex(flagsArg);
            Objects.requireNonNull(kind);
        }
    }

    ArgKind FD = Basic.FD;
    ArgKind DIRFD = Basic.DIRFD;
    ArgKind PATH = Basic.PATH;
    ArgKind STRING = Basic.STRING;
    ArgKind OPEN_FLAGS = Basic.OPEN_FLAGS;
    ArgKind MODE = Basic.MODE;
    ArgKind INT = Basic.INT;
    ArgKind UINT = Basic.UINT;
    ArgKind LONG = Basic.LONG;
    ArgKind SIZE = Basic.SIZE;
    ArgKind HEX = Basic.HEX;
    ArgKind PTR = Basic.PTR;
    ArgKind SKIP = Basic.SKIP;
    ArgKind STRING_ARRAY = Basic.STRING_ARRAY;
    ArgKind ENV_ARRAY = Basic.ENV_ARRAY;
    ArgKind PATH_OUT = Basic.PATH_OUT;
    ArgKind SIGNAL = Basic.SIGNAL;
    ArgKind IOCTL_REQ = Basic.IOCTL_REQ;

    /** {@link BufIn} with its length in register {@code lenArg}. */
    static ArgKind bufIn(int lenArg) {
        return new BufIn(lenArg);
    }

    /** {@link BufOut} (quoted text) with the capacity in register {@code lenArg}. */
    static ArgKind bufOut(int lenArg) {
        return new BufOut(lenArg, false);
    }

    /** {@link StructIn} of {@code layout}. */
    static ArgKind structIn(Struct layout) {
        return new StructIn(layout);
    }

    /** {@link StructOut} of {@code layout}. */
    static ArgKind structOut(Struct layout) {
        return new StructOut(layout);
    }

    /** {@link Flags} named by {@code table}. */
    static ArgKind flags(NameTable table) {
        return new Flags(table);
    }

    /** {@link Named} by {@code table}. */
    static ArgKind named(NameTable table) {
        return new Named(table);
    }

    private static void checkIndex(int i) {
        if (i < 0 || i > 5) throw new IllegalArgumentException("argument index " + i + " is not 0..5");
    }
}
