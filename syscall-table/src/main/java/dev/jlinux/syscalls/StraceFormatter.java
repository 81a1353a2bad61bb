// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import dev.jlinux.syscalls.ArgKind.Basic;
import dev.jlinux.syscalls.ArgKind.Struct;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * Prints one finished syscall the way strace does (its default options, without the pid):
 * {@code openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 3}.
 *
 * <p>Strings are quoted with strace's escapes ({@code \n \t \r \v \f \" \\}, octal for other
 * non-printable bytes) and shortened to 32 bytes ({@code "abc"...}); arrays stop after 32 elements.
 * Results from -4095 to -1 print as {@code -1 ENOENT (No such file or directory)}. Guest memory is
 * read after the call; a pointer that cannot be read prints as its address. Nothing here throws.
 *
 * <p>Known differences from strace: the whole call is printed at once after it finished, so
 * in/out pointers (sendfile's offset) print as addresses rather than {@code [2] => [3]}; termios
 * and flock structs print as addresses; dates are in UTC.
 */
public final class StraceFormatter {
    private StraceFormatter() {}

    /** strace's default {@code -s}: bytes of a string, and elements of an array, that are printed. */
    static final int MAX_STRLEN = 32;
    /** Longest path read (Linux's PATH_MAX). */
    static final int PATH_MAX = 4096;
    /** prctl's task name limit (TASK_COMM_LEN - 1). */
    private static final int TASK_COMM_LEN = 16;
    /** Upper bound on bytes read to count getdents entries or CPU-mask bits. */
    private static final int MAX_SCAN = 1 << 20;
    /** Upper bound on environment entries counted for execve. */
    private static final int MAX_ENV = 1 << 16;
    /** The highest errno a syscall returns ({@code -MAX_ERRNO..-1} are errors). */
    private static final long MAX_ERRNO = 4095;

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxx").withZone(ZoneOffset.UTC);

    /** One call being printed: its registers, result and the guest memory to decode pointers from. */
    private record Call(SyscallArgs args, long result, GuestMemory mem) {
        long arg(int i) {
            return args.arg(i);
        }

        boolean failed() {
            return result < 0 && result >= -MAX_ERRNO;
        }

        /** {@code len} bytes at {@code addr}, or null when they cannot be read. */
        byte[] read(long addr, int len) {
            if (mem == null || len < 0) return null;
            byte[] b = new byte[len];
            if (len == 0) return b;
            try {
                mem.read(addr, b, 0, len);
                return b;
            } catch (ErrnoException | RuntimeException e) {
                return null;
            }
        }

        /** The string at {@code addr} cut to {@code limit} bytes, flagged when longer; null when unreadable. */
        CString cstring(long addr, int limit) {
            if (mem == null) return null;
            try {
                byte[] b = mem.readCString(addr, limit + 1);
                if (b == null) return null;
                if (b.length > limit) return new CString(Arrays.copyOf(b, limit), true);
                return new CString(b, false);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.EFAULT) return null;
                byte[] head = read(addr, limit); // no NUL within limit + 1 bytes: the string is longer
                return head == null ? null : new CString(head, true);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /** The bytes of a C string and whether it went on past them. */
    private record CString(byte[] bytes, boolean truncated) {}

    /**
     * One strace line for a finished call: {@code write(1, "hi\n", 3) = 3}. {@code mem} may be null
     * (pointers then print as addresses); a null {@code sig} is looked up by number.
     */
    public static String format(SyscallSignature sig, SyscallArgs args, long result, GuestMemory mem) {
        try {
            if (args == null) return (sig == null ? "syscall" : sig.name()) + "() = " + result;
            if (sig == null) {
                String name = SyscallNumbers.name(args.number());
                if (name == null) return formatUnknown(args, result);
                sig = SyscallSignatures.forName(name);
            }
            Call call = new Call(args, result, mem);
            StringBuilder sb = new StringBuilder(sig.name()).append('(');
            boolean first = true;
            for (int i = 0; i < sig.args().size(); i++) {
                String s = arg(sig.args().get(i), i, call);
                if (s == null) continue;
                if (!first) sb.append(", ");
                sb.append(s);
                first = false;
            }
            return sb.append(") = ").append(ret(sig.ret(), call)).toString();
        } catch (RuntimeException | StackOverflowError e) {
            return raw(sig == null ? "syscall" : sig.name(), args, 6, result);
        }
    }

    /**
     * One strace line for a number Linux does not assign:
     * {@code syscall_0x1f4(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)}.
     */
    public static String formatUnknown(SyscallArgs args, long result) {
        if (args == null) return "syscall_?() = " + safeResult(result);
        return raw("syscall_0x" + Integer.toHexString(args.number()), args, 6, result);
    }

    /** {@code name(0x1, 0x2, ...) = result}: every register in hex, for unknown numbers and as the last resort. */
    private static String raw(String name, SyscallArgs args, int n, long result) {
        StringBuilder sb = new StringBuilder(name).append('(');
        for (int i = 0; args != null && i < n; i++) {
            if (i > 0) sb.append(", ");
            sb.append(hex(args.arg(i)));
        }
        return sb.append(") = ").append(safeResult(result)).toString();
    }

    /** A result as a decimal number or an errno. */
    private static String safeResult(long result) {
        return result < 0 && result >= -MAX_ERRNO ? errno((int) -result) : Long.toString(result);
    }

    // ---------------------------------------------------------------- results

    /** The result of {@code c} printed by {@code kind}. */
    private static String ret(ReturnKind kind, Call c) {
        if (kind == ReturnKind.NONE) return "?";
        long r = c.result();
        if (c.failed()) return errno((int) -r);
        return switch (kind) {
            case HEX -> hex(r);
            case OCTAL -> Stat.formatMode(r);
            case FCNTL -> fcntlResult(c);
            case POLL -> pollResult(c);
            case TIME -> r + date(r, " (", ")");
            default -> Long.toString(r);
        };
    }

    /** {@code -1 ENOENT (No such file or directory)}, or strace's forms for kernel-internal and unknown numbers. */
    static String errno(int n) {
        Errno e = Errno.fromNumber(n);
        if (e != null) return "-1 " + e.name() + " (" + e.message() + ")";
        return switch (n) {
            // include/linux/errno.h: the restart codes a tracer sees when a signal interrupts a call.
            case 512 -> "? ERESTARTSYS (To be restarted if SA_RESTART is set)";
            case 513 -> "? ERESTARTNOINTR (To be restarted)";
            case 514 -> "? ERESTARTNOHAND (To be restarted if no handler)";
            case 516 -> "? ERESTART_RESTARTBLOCK (Interrupted by signal)";
            default -> "-1 " + n + " (Unknown error " + n + ")";
        };
    }

    /** fcntl's result, decoded for the commands that return flags. */
    private static String fcntlResult(Call c) {
        long r = c.result();
        return switch ((int) c.arg(1)) {
            case Fcntl.F_GETFL -> hex(r) + " (flags " + OpenFlags.format(r) + ")";
            case Fcntl.F_GETFD -> r == 0 ? "0" : hex(r) + " (flags " + Fcntl.FD_FLAG_NAMES.formatFlags(r) + ")";
            case Fcntl.F_GET_SEALS -> r == 0 ? "0" : hex(r) + " (seals " + Fcntl.SEAL_NAMES.formatFlags(r) + ")";
            default -> Long.toString(r);
        };
    }

    /** poll's result with the fds that have events. */
    private static String pollResult(Call c) {
        long r = c.result();
        if (r == 0) return "0 (Timeout)";
        long n = c.arg(1) & 0xffffffffL;
        byte[] b = c.read(c.arg(0), (int) Math.min(n, MAX_STRLEN) * Poll.POLLFD_SIZE);
        if (b == null) return Long.toString(r);
        StringBuilder sb = new StringBuilder();
        for (int off = 0; off < b.length; off += Poll.POLLFD_SIZE) {
            int revents = LittleEndian.u16(b, off + 6);
            if (revents == 0) continue;
            sb.append(sb.isEmpty() ? "" : ", ").append("{fd=").append(LittleEndian.i32(b, off))
                    .append(", revents=").append(Poll.EVENT_NAMES.formatFlags(revents)).append('}');
        }
        if (n > MAX_STRLEN) sb.append(sb.isEmpty() ? "" : ", ").append("...");
        return r + " ([" + sb + "])";
    }

    // ---------------------------------------------------------------- arguments

    /** Argument {@code i} printed by {@code kind}, or null when strace would leave it out. */
    private static String arg(ArgKind kind, int i, Call c) {
        long v = c.arg(i);
        return switch (kind) {
            case Basic b -> basic(b, i, v, c);
            case ArgKind.BufIn k -> buffer(c, v, c.arg(k.lenArg()), false);
            case ArgKind.BufOut k -> c.failed() || v == 0 ? ptr(v) : buffer(c, v, c.result(), k.hex());
            case ArgKind.StructIn k -> struct(c, k.layout(), v);
            case ArgKind.StructOut k -> c.failed() ? ptr(v) : struct(c, k.layout(), v);
            case ArgKind.Iovec k -> iovec(c, v, c.arg(k.countArg()), k.out());
            case ArgKind.PollFds k -> pollFds(c, v, c.arg(k.countArg()) & 0xffffffffL);
            case ArgKind.Flags k -> k.table().formatFlags(v & 0xffffffffL);
            case ArgKind.Named k -> k.table().format(v & 0xffffffffL);
            case ArgKind.Custom k -> k.format().apply(v);
            case ArgKind.When k -> (c.arg(k.flagsArg()) & k.mask()) != 0 ? arg(k.kind(), i, c) : null;
        };
    }

    /** Argument {@code i} (register value {@code v}) of a parameterless kind, or null to leave it out. */
    private static String basic(Basic b, int i, long v, Call c) {
        return switch (b) {
            case FD -> Integer.toString((int) v);
            case DIRFD -> At.formatDirfd((int) v);
            case PATH -> cstring(c, v, PATH_MAX);
            case STRING -> cstring(c, v, MAX_STRLEN);
            case OPEN_FLAGS -> OpenFlags.format(v);
            case MODE -> Stat.formatMode(v & 0xffffffffL);
            case INT -> Integer.toString((int) v);
            case UINT -> Long.toString(v & 0xffffffffL);
            case LONG -> Long.toString(v);
            case SIZE -> Long.toUnsignedString(v);
            case HEX -> hex(v);
            case PTR -> ptr(v);
            case SKIP -> null;
            case STRING_ARRAY -> stringArray(c, v);
            case ENV_ARRAY -> envArray(c, v);
            case PATH_OUT -> pathOut(c, v);
            case DIRENTS -> dirents(c, v);
            case CPU_SET_OUT -> cpuSet(c, v);
            case WAIT_STATUS -> waitStatus(c, v);
            case SIGNAL -> Signals.format((int) v);
            case IOCTL_REQ -> Ioctls.formatRequest(v);
            case IOCTL_ARG -> ioctlArg(c, v);
            case FCNTL_CMD -> Fcntl.CMD_NAMES.format(v & 0xffffffffL);
            case FCNTL_ARG -> fcntlArg(c, v);
            case FUTEX_OP -> Futex.formatOp(v);
            case FUTEX_VAL, FUTEX_TIMEOUT, FUTEX_UADDR2, FUTEX_VAL3 -> futexArg(b, c, v);
            case PRCTL_OPTION -> Prctl.OPTION_NAMES.format(v & 0xffffffffL);
            case PRCTL_ARG -> prctlArg(c, i, v);
            case ARCH_PRCTL_CODE -> ArchPrctl.NAMES.format(v & 0xffffffffL);
            case ARCH_PRCTL_ADDR -> archPrctlAddr(c, v);
            case CLONE_STACK -> "child_stack=" + ptr(c.arg(1));
            case CLONE_FLAGS -> "flags=" + Clone.formatFlags(c.arg(0));
            case CLONE_PARENT_TID -> (c.arg(0) & (Clone.CLONE_PARENT_SETTID | Clone.CLONE_PIDFD)) == 0 ? null
                    : "parent_tid=" + (c.failed() ? ptr(c.arg(2)) : struct(c, Struct.INT, c.arg(2)));
            case CLONE_TLS -> (c.arg(0) & Clone.CLONE_SETTLS) == 0 ? null : "tls=" + hex(c.arg(4));
            case CLONE_CHILD_TID -> (c.arg(0) & (Clone.CLONE_CHILD_SETTID | Clone.CLONE_CHILD_CLEARTID)) == 0 ? null
                    : "child_tidptr=" + hex(c.arg(3));
        };
    }

    /** ioctl's third argument, by request; null for requests that take none. */
    private static String ioctlArg(Call c, long v) {
        return switch ((int) c.arg(1)) {
            case Ioctls.TCGETS -> c.failed() ? ptr(v) : struct(c, Struct.TERMIOS, v);
            case Ioctls.TCSETS, Ioctls.TCSETSW, Ioctls.TCSETSF -> struct(c, Struct.TERMIOS, v);
            case Ioctls.TIOCGWINSZ -> c.failed() ? ptr(v) : struct(c, Struct.WINSIZE, v);
            case Ioctls.TIOCSWINSZ -> struct(c, Struct.WINSIZE, v);
            case Ioctls.FIONREAD, Ioctls.TIOCOUTQ, Ioctls.TIOCGPGRP, Ioctls.TIOCGSID, Ioctls.TIOCGPTN ->
                    c.failed() ? ptr(v) : struct(c, Struct.INT, v);
            case Ioctls.FIONBIO, Ioctls.FIOASYNC, Ioctls.TIOCSPGRP, Ioctls.TIOCSPTLCK -> struct(c, Struct.INT, v);
            case Ioctls.FIOCLEX, Ioctls.FIONCLEX, Ioctls.TIOCNOTTY -> null;
            case Ioctls.TIOCSCTTY, Ioctls.TCSBRK, Ioctls.TCXONC, Ioctls.TCFLSH -> Integer.toString((int) v);
            default -> hex(v);
        };
    }

    /** fcntl's third argument, by command; null for commands that take none. */
    private static String fcntlArg(Call c, long v) {
        int cmd = (int) c.arg(1);
        if (Fcntl.CMD_NAMES.name(cmd & 0xffffffffL) == null) return hex(v);
        if (!Fcntl.takesArg(cmd)) return null;
        return switch (cmd) {
            case Fcntl.F_SETFD -> Fcntl.FD_FLAG_NAMES.formatFlags(v & 0xffffffffL);
            case Fcntl.F_SETFL -> OpenFlags.format(v);
            case Fcntl.F_SETSIG -> Signals.format((int) v);
            case Fcntl.F_SETLEASE -> Fcntl.LOCK_TYPE_NAMES.format(v & 0xffffffffL);
            case Fcntl.F_ADD_SEALS -> Fcntl.SEAL_NAMES.formatFlags(v & 0xffffffffL);
            case Fcntl.F_DUPFD, Fcntl.F_DUPFD_CLOEXEC, Fcntl.F_DUPFD_QUERY, Fcntl.F_SETOWN,
                 Fcntl.F_SETPIPE_SZ -> Integer.toString((int) v);
            case Fcntl.F_GETLK, Fcntl.F_SETLK, Fcntl.F_SETLKW, Fcntl.F_OFD_GETLK, Fcntl.F_OFD_SETLK,
                 Fcntl.F_OFD_SETLKW, Fcntl.F_GETOWN_EX, Fcntl.F_SETOWN_EX -> ptr(v);
            default -> hex(v);
        };
    }

    /** One of futex's arguments 2..5, by operation; null when the operation does not use it. */
    private static String futexArg(Basic which, Call c, long v) {
        int cmd = (int) c.arg(1) & Futex.FUTEX_CMD_MASK;
        boolean unknown = Futex.CMD_NAMES.name(cmd) == null;
        String uint = Long.toString(v & 0xffffffffL);
        return switch (which) {
            case FUTEX_VAL -> switch (cmd) {
                case Futex.FUTEX_LOCK_PI, Futex.FUTEX_LOCK_PI2, Futex.FUTEX_UNLOCK_PI, Futex.FUTEX_TRYLOCK_PI -> null;
                default -> uint;
            };
            case FUTEX_TIMEOUT -> unknown ? hex(v) : switch (cmd) {
                case Futex.FUTEX_WAIT, Futex.FUTEX_WAIT_BITSET, Futex.FUTEX_WAIT_REQUEUE_PI, Futex.FUTEX_LOCK_PI,
                     Futex.FUTEX_LOCK_PI2 -> struct(c, Struct.TIMESPEC, v);
                case Futex.FUTEX_REQUEUE, Futex.FUTEX_CMP_REQUEUE, Futex.FUTEX_CMP_REQUEUE_PI,
                     Futex.FUTEX_WAKE_OP -> uint;
                default -> null;
            };
            case FUTEX_UADDR2 -> unknown ? hex(v) : switch (cmd) {
                case Futex.FUTEX_REQUEUE, Futex.FUTEX_CMP_REQUEUE, Futex.FUTEX_CMP_REQUEUE_PI, Futex.FUTEX_WAKE_OP,
                     Futex.FUTEX_WAIT_REQUEUE_PI -> ptr(v);
                default -> null;
            };
            case FUTEX_VAL3 -> unknown ? hex(v) : switch (cmd) {
                case Futex.FUTEX_CMP_REQUEUE, Futex.FUTEX_CMP_REQUEUE_PI -> uint;
                case Futex.FUTEX_WAKE_OP -> Futex.formatWakeOp(v);
                case Futex.FUTEX_WAIT_BITSET, Futex.FUTEX_WAKE_BITSET ->
                        (v & 0xffffffffL) == Futex.FUTEX_BITSET_MATCH_ANY ? "FUTEX_BITSET_MATCH_ANY" : hex(v & 0xffffffffL);
                default -> null;
            };
            default -> hex(v);
        };
    }

    /** prctl's argument {@code i} (1..4) for the option in register 0. */
    private static String prctlArg(Call c, int i, long v) {
        int option = (int) c.arg(0);
        String unsigned = Long.toUnsignedString(v);
        return switch (option) {
            case Prctl.PR_SET_NAME -> i == 1 ? cstring(c, v, TASK_COMM_LEN - 1) : null;
            case Prctl.PR_GET_NAME -> i != 1 ? null : c.failed() ? ptr(v) : cstring(c, v, TASK_COMM_LEN - 1);
            case Prctl.PR_SET_PDEATHSIG -> i == 1 ? Signals.format((int) v) : null;
            case Prctl.PR_GET_PDEATHSIG, Prctl.PR_GET_CHILD_SUBREAPER ->
                    i != 1 ? null : c.failed() ? ptr(v) : struct(c, Struct.INT, v);
            case Prctl.PR_GET_TID_ADDRESS -> i != 1 ? null : c.failed() ? ptr(v) : struct(c, Struct.ADDR, v);
            case Prctl.PR_GET_DUMPABLE, Prctl.PR_GET_KEEPCAPS, Prctl.PR_GET_SECCOMP, Prctl.PR_GET_TIMERSLACK,
                 Prctl.PR_GET_TIMING, Prctl.PR_GET_SECUREBITS, Prctl.PR_TASK_PERF_EVENTS_DISABLE,
                 Prctl.PR_TASK_PERF_EVENTS_ENABLE, Prctl.PR_MCE_KILL_GET, Prctl.PR_GET_IO_FLUSHER,
                 Prctl.PR_GET_FP_MODE -> null;
            case Prctl.PR_SET_DUMPABLE -> i == 1 ? Prctl.DUMPABLE_NAMES.format(v) : null;
            case Prctl.PR_SET_KEEPCAPS, Prctl.PR_SET_CHILD_SUBREAPER, Prctl.PR_SET_TIMERSLACK,
                 Prctl.PR_SET_TIMING, Prctl.PR_SET_IO_FLUSHER -> i == 1 ? unsigned : null;
            case Prctl.PR_SET_NO_NEW_PRIVS, Prctl.PR_GET_NO_NEW_PRIVS, Prctl.PR_SET_THP_DISABLE,
                 Prctl.PR_GET_THP_DISABLE -> unsigned;
            case Prctl.PR_CAPBSET_READ, Prctl.PR_CAPBSET_DROP -> i == 1 ? Prctl.CAP_NAMES.format(v) : null;
            case Prctl.PR_SET_PTRACER -> i != 1 ? null : v == Prctl.PR_SET_PTRACER_ANY ? "PR_SET_PTRACER_ANY" : unsigned;
            default -> hex(v);
        };
    }

    /** arch_prctl's address: the stored value for the GET codes, else hex. */
    private static String archPrctlAddr(Call c, long v) {
        return switch ((int) c.arg(0)) {
            case ArchPrctl.ARCH_GET_FS, ArchPrctl.ARCH_GET_GS -> c.failed() ? ptr(v) : struct(c, Struct.ADDR, v);
            default -> hex(v);
        };
    }

    // ---------------------------------------------------------------- memory

    /** A buffer of {@code len} bytes (unsigned), quoted and shortened to 32 bytes. */
    private static String buffer(Call c, long addr, long len, boolean hexStyle) {
        if (addr == 0) return "NULL";
        boolean more = Long.compareUnsigned(len, MAX_STRLEN) > 0;
        int n = more ? MAX_STRLEN : (int) len;
        byte[] b = c.read(addr, n);
        if (b == null) return hex(addr);
        return quote(b, n, hexStyle) + (more ? "..." : "");
    }

    /** A C string, quoted, shortened to {@code limit} bytes. */
    private static String cstring(Call c, long addr, int limit) {
        if (addr == 0) return "NULL";
        CString s = c.cstring(addr, limit);
        if (s == null) return hex(addr);
        return quote(s.bytes(), s.bytes().length, false) + (s.truncated() ? "..." : "");
    }

    /** A path the kernel wrote, as long as the result says. */
    private static String pathOut(Call c, long addr) {
        if (addr == 0 || c.failed()) return ptr(addr);
        int n = (int) Math.min(Math.max(c.result(), 0), PATH_MAX);
        byte[] b = c.read(addr, n);
        if (b == null) return hex(addr);
        int len = 0;
        while (len < n && b[len] != 0) len++;
        return quote(b, len, false);
    }

    /** argv: {@code ["ls", "-l"]}, 32 elements at most. */
    private static String stringArray(Call c, long addr) {
        if (addr == 0) return "NULL";
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; ; i++) {
            byte[] p = c.read(addr + 8L * i, 8);
            if (p == null) return i == 0 ? hex(addr) : sb.append(", ...]").toString();
            long s = LittleEndian.i64(p, 0);
            if (s == 0) break;
            if (i > 0) sb.append(", ");
            if (i == MAX_STRLEN) {
                sb.append("...");
                break;
            }
            sb.append(cstring(c, s, MAX_STRLEN));
        }
        return sb.append(']').toString();
    }

    /** envp: its address and how many strings it holds. */
    private static String envArray(Call c, long addr) {
        if (addr == 0) return "NULL";
        int n = 0;
        while (true) {
            byte[] p = c.read(addr + 8L * n, 8);
            if (p == null || n == MAX_ENV) return hex(addr);
            if (LittleEndian.i64(p, 0) == 0) break;
            n++;
        }
        return hex(addr) + " /* " + n + (n == 1 ? " var */" : " vars */");
    }

    /** A getdents buffer: its address and the number of entries in the result. */
    private static String dirents(Call c, long addr) {
        if (c.failed() || addr == 0) return ptr(addr);
        long total = c.result();
        if (total > MAX_SCAN) return hex(addr);
        byte[] b = c.read(addr, (int) total);
        if (b == null) return hex(addr);
        int count = 0;
        for (int off = 0; off + 18 <= b.length; ) {
            int reclen = LittleEndian.u16(b, off + 16); // d_reclen of linux_dirent and linux_dirent64
            if (reclen == 0) break;
            count++;
            off += reclen;
        }
        return hex(addr) + " /* " + count + (count == 1 ? " entry */" : " entries */");
    }

    /** A CPU mask as the list of set bits. */
    private static String cpuSet(Call c, long addr) {
        if (c.failed() || addr == 0) return ptr(addr);
        byte[] b = c.read(addr, (int) Math.min(c.result(), MAX_SCAN));
        if (b == null) return hex(addr);
        StringBuilder sb = new StringBuilder("[");
        for (int cpu = 0; cpu < b.length * 8; cpu++) {
            if ((b[cpu >> 3] & (1 << (cpu & 7))) != 0) sb.append(sb.length() > 1 ? " " : "").append(cpu);
        }
        return sb.append(']').toString();
    }

    /** wait4's status, decoded when a child was reaped. */
    private static String waitStatus(Call c, long addr) {
        if (addr == 0 || c.failed() || c.result() == 0) return ptr(addr);
        byte[] b = c.read(addr, 4);
        return b == null ? hex(addr) : Wait.formatStatus(LittleEndian.i32(b, 0));
    }

    /** An iovec array; for reads the data is cut to the result and printed only on success. */
    private static String iovec(Call c, long addr, long count, boolean out) {
        if (addr == 0) return "NULL";
        long n = count & 0xffffffffL;
        int shown = (int) Math.min(n, MAX_STRLEN);
        byte[] b = c.read(addr, shown * 16);
        if (b == null) return hex(addr);
        long remaining = out ? c.result() : -1;
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shown; i++) {
            long base = LittleEndian.i64(b, 16 * i);
            long len = LittleEndian.i64(b, 16 * i + 8);
            String data;
            if (out && c.failed()) {
                data = ptr(base);
            } else if (out) {
                long part = Long.compareUnsigned(len, remaining) < 0 ? len : remaining;
                remaining -= part;
                data = buffer(c, base, part, false);
            } else {
                data = buffer(c, base, len, false);
            }
            sb.append(i > 0 ? ", " : "").append("{iov_base=").append(data)
                    .append(", iov_len=").append(Long.toUnsignedString(len)).append('}');
        }
        if (n > shown) sb.append(", ...");
        return sb.append(']').toString();
    }

    /** poll's fds with the events asked for. */
    private static String pollFds(Call c, long addr, long n) {
        if (addr == 0) return "NULL";
        int shown = (int) Math.min(n, MAX_STRLEN);
        byte[] b = c.read(addr, shown * Poll.POLLFD_SIZE);
        if (b == null) return hex(addr);
        StringBuilder sb = new StringBuilder("[");
        for (int off = 0; off < b.length; off += Poll.POLLFD_SIZE) {
            int fd = LittleEndian.i32(b, off);
            sb.append(off > 0 ? ", " : "").append("{fd=").append(fd);
            if (fd >= 0) sb.append(", events=").append(Poll.EVENT_NAMES.formatFlags(LittleEndian.u16(b, off + 4)));
            sb.append('}');
        }
        if (n > shown) sb.append(", ...");
        return sb.append(']').toString();
    }

    /** A struct at {@code addr}: decoded, its address when it has no decoder, or when it cannot be read. */
    private static String struct(Call c, Struct layout, long addr) {
        if (addr == 0) return "NULL";
        if (layout == Struct.TERMIOS || layout == Struct.FLOCK) return hex(addr);
        byte[] b = c.read(addr, layout.size());
        if (b == null) return hex(addr);
        return switch (layout) {
            case TIMESPEC -> "{tv_sec=" + LittleEndian.i64(b, 0) + ", tv_nsec=" + LittleEndian.i64(b, 8) + "}";
            case TIMEVAL -> "{tv_sec=" + LittleEndian.i64(b, 0) + ", tv_usec=" + LittleEndian.i64(b, 8) + "}";
            case TIMEZONE -> "{tz_minuteswest=" + LittleEndian.i32(b, 0) + ", tz_dsttime=" + LittleEndian.i32(b, 4) + "}";
            case UTSNAME -> "{sysname=" + field(b, 0, 65) + ", nodename=" + field(b, 65, 65) + ", ...}";
            case STAT -> stat(b);
            case STATX -> "{stx_mask=" + Stat.STATX_MASK_NAMES.formatFlags(LittleEndian.u32(b, Stat.STX_MASK))
                    + ", stx_attributes=" + Stat.STATX_ATTR_NAMES.formatFlags(LittleEndian.i64(b, Stat.STX_ATTRIBUTES))
                    + ", stx_mode=" + Stat.formatFileMode(LittleEndian.u16(b, Stat.STX_MODE))
                    + ", stx_size=" + Long.toUnsignedString(LittleEndian.i64(b, Stat.STX_SIZE)) + ", ...}";
            case RLIMIT -> "{rlim_cur=" + Resource.formatLimit(LittleEndian.i64(b, 0))
                    + ", rlim_max=" + Resource.formatLimit(LittleEndian.i64(b, 8)) + "}";
            case SIGACTION -> sigaction(b);
            case SIGSET -> Signals.formatSet(LittleEndian.i64(b, 0));
            case OPEN_HOW -> openHow(b);
            case WINSIZE -> "{ws_row=" + LittleEndian.u16(b, 0) + ", ws_col=" + LittleEndian.u16(b, 2)
                    + ", ws_xpixel=" + LittleEndian.u16(b, 4) + ", ws_ypixel=" + LittleEndian.u16(b, 6) + "}";
            case INT -> "[" + LittleEndian.i32(b, 0) + "]";
            case ADDR -> "[" + ptr(LittleEndian.i64(b, 0)) + "]";
            case FD_PAIR -> "[" + LittleEndian.i32(b, 0) + ", " + LittleEndian.i32(b, 4) + "]";
            case TIME -> "[" + LittleEndian.i64(b, 0) + date(LittleEndian.i64(b, 0), " /* ", " */") + "]";
            case TERMIOS, FLOCK -> hex(addr);
        };
    }

    /** {@code struct stat}, abbreviated like strace: mode, then size or device. */
    private static String stat(byte[] b) {
        long mode = LittleEndian.u32(b, Stat.ST_MODE);
        long type = mode & Stat.S_IFMT;
        String second;
        if (type == Stat.S_IFCHR || type == Stat.S_IFBLK) {
            long rdev = LittleEndian.i64(b, Stat.ST_RDEV);
            second = "st_rdev=makedev(" + hex(Stat.major(rdev)) + ", " + hex(Stat.minor(rdev)) + ")";
        } else {
            second = "st_size=" + LittleEndian.i64(b, Stat.ST_SIZE);
        }
        return "{st_mode=" + Stat.formatFileMode(mode) + ", " + second + ", ...}";
    }

    /** The kernel's {@code struct sigaction}. */
    private static String sigaction(byte[] b) {
        long handler = LittleEndian.i64(b, 0);
        long flags = LittleEndian.i64(b, 8);
        String h = handler == Signals.SIG_DFL ? "SIG_DFL" : handler == Signals.SIG_IGN ? "SIG_IGN" : hex(handler);
        StringBuilder sb = new StringBuilder("{sa_handler=").append(h)
                .append(", sa_mask=").append(Signals.formatSet(LittleEndian.i64(b, 24)))
                .append(", sa_flags=").append(Signals.SA_FLAG_NAMES.formatFlags(flags));
        if ((flags & Signals.SA_RESTORER) != 0) sb.append(", sa_restorer=").append(hex(LittleEndian.i64(b, 16)));
        return sb.append('}').toString();
    }

    /** openat2's {@code struct open_how}; the mode only when it matters or is set. */
    private static String openHow(byte[] b) {
        long flags = LittleEndian.i64(b, 0);
        long mode = LittleEndian.i64(b, 8);
        StringBuilder sb = new StringBuilder("{flags=").append(OpenFlags.format(flags));
        if (OpenFlags.needsMode(flags) || mode != 0) sb.append(", mode=").append(Stat.formatMode(mode));
        return sb.append(", resolve=").append(OpenFlags.RESOLVE_NAMES.formatFlags(LittleEndian.i64(b, 16)))
                .append('}').toString();
    }

    /** A fixed {@code char[len]} field, quoted up to its NUL. */
    private static String field(byte[] b, int off, int len) {
        int n = 0;
        while (n < len && b[off + n] != 0) n++;
        return quote(Arrays.copyOfRange(b, off, off + n), n, false);
    }

    // ---------------------------------------------------------------- scalars

    /** {@code 0} or {@code 0x1f}: strace's {@code %#lx}. */
    static String hex(long v) {
        return NameTable.hex(v);
    }

    /** {@code NULL} or {@code 0x7ffd1234}. */
    static String ptr(long v) {
        return v == 0 ? "NULL" : NameTable.hex(v);
    }

    /** {@code prefix + 2023-11-14T22:13:20+0000 + suffix}, or nothing for a time java.time cannot show. */
    private static String date(long epochSeconds, String prefix, String suffix) {
        try {
            return prefix + DATE.format(Instant.ofEpochSecond(epochSeconds)) + suffix;
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * {@code b[0..len)} in double quotes with strace's escapes: {@code \" \\ \f \n \r \t \v}, printable
     * ASCII as is, other bytes in octal, with three digits when an octal digit follows ({@code \0001});
     * or, in hex style, every byte as {@code \xNN}.
     */
    static String quote(byte[] b, int len, boolean hexStyle) {
        StringBuilder sb = new StringBuilder(len + 2).append('"');
        for (int i = 0; i < len; i++) {
            int ch = b[i] & 0xff;
            if (hexStyle) {
                sb.append("\\x").append(Character.forDigit(ch >> 4, 16)).append(Character.forDigit(ch & 15, 16));
                continue;
            }
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0b -> sb.append("\\v");
                default -> {
                    if (ch >= 0x20 && ch < 0x7f) {
                        sb.append((char) ch);
                    } else {
                        sb.append('\\');
                        boolean digitNext = i + 1 < len && b[i + 1] >= '0' && b[i + 1] <= '7';
                        if (digitNext || ch >= 0100) sb.append((char) ('0' + (ch >> 6)));
                        if (digitNext || ch >= 010) sb.append((char) ('0' + ((ch >> 3) & 7)));
                        sb.append((char) ('0' + (ch & 7)));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
