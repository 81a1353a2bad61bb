// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import dev.jlinux.syscalls.ArgKind;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.GuestMemory;
import dev.jlinux.syscalls.Poll;
import dev.jlinux.syscalls.ReturnKind;
import dev.jlinux.syscalls.Signals;
import dev.jlinux.syscalls.StraceFormatter;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.syscalls.SyscallNumbers;
import dev.jlinux.syscalls.SyscallSignature;
import dev.jlinux.syscalls.SyscallSignatures;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the agent's trace frames of one run into strace's text lines, decoded by the same
 * {@link StraceFormatter} as v1's tracer: each call's pointers are read from the copies of guest
 * memory the agent made ({@link #capturePlan()} tells it which). Lines carry the process id as
 * {@code strace -f} writes it ({@link Pids}).
 */
public final class TraceDecoder {
    /** How lines name their process. */
    public enum Pids {
        /** {@code [pid N] } once a second process has appeared, as {@code strace -f} prints on a terminal. */
        WHEN_SEVERAL,
        /** {@code N  } on every line, as {@code strace -f -o FILE} writes. */
        ALWAYS,
    }

    /** Capture operations, as the agent numbers them (agent.c, CAP_*). */
    private static final int NONE = 0, CSTR = 1, IN = 2, OUT = 3, BOTH = 4, STRV = 5, IOV_IN = 6, IOV_OUT = 7;
    /** Size sources besides an argument register: the call's result, or the size itself. */
    private static final int RESULT = 6, FIXED = 0xff;
    private static final int PATH_MAX = 4096;
    /** Bytes copied for a string strace shortens to 32 (and for a buffer it shows 32 bytes of). */
    private static final int SHORT_STRING = 64, SHOWN = 32;
    /** Elements of argv / envp copied (execve's environment is counted, argv shows 32). */
    private static final int STRV_POINTERS = 512;
    /** Bytes copied behind an argument decoded by a sibling command (ioctl, fcntl, prctl, ...). */
    private static final int BY_COMMAND = 64;

    /** The highest errno: a call that never returned is formatted as failed with it. */
    private static final long NO_RESULT = 4095;

    private static final byte[] PLAN = buildPlan();

    private final Pids style;
    private final Set<Integer> pids = new HashSet<>();

    public TraceDecoder(Pids style) {
        this.style = style;
    }

    /** The capture plan sent with RUN_TRACED (docs/vm-protocol.md). */
    static byte[] capturePlan() {
        return PLAN.clone();
    }

    /** The strace line of one call. */
    public String line(Protocol.Syscall call) {
        long[] a = call.args();
        SyscallArgs args = new SyscallArgs(call.number(), a[0], a[1], a[2], a[3], a[4], a[5]);
        String name = SyscallNumbers.name(call.number());
        String text;
        if (name == null) {
            text = StraceFormatter.formatUnknown(args, call.result());
            if (!call.returned()) text = text.substring(0, text.lastIndexOf(" = ")) + " = ?";
        } else {
            SyscallSignature sig = SyscallSignatures.forName(name);
            long result = call.result();
            if (!call.returned()) {
                // No result: "= ?", and outputs print as pointers, as for a failed call.
                sig = new SyscallSignature(sig.name(), sig.args(), ReturnKind.NONE);
                result = -NO_RESULT;
            }
            text = StraceFormatter.format(sig, args, result, new CapturedMemory(call.memory()));
        }
        return prefix(call.pid()) + text;
    }

    /** strace's line for a process's end: {@code +++ exited with 0 +++}. */
    public String line(Protocol.TraceExit exit) {
        String what = exit.signaled() ? "killed by " + Signals.name(exit.value()) : "exited with " + exit.value();
        return prefix(exit.pid()) + "+++ " + what + " +++";
    }

    private String prefix(int pid) {
        if (style == Pids.ALWAYS) return pid + "  ";
        pids.add(pid);
        return pids.size() > 1 ? "[pid " + pid + "] " : "";
    }

    /** Guest memory as the agent copied it for one call; a later copy of the same bytes wins (exit over entry). */
    static final class CapturedMemory implements GuestMemory {
        private final List<Protocol.Snippet> snippets;

        CapturedMemory(List<Protocol.Snippet> snippets) {
            this.snippets = snippets;
        }

        @Override
        public void read(long addr, byte[] dst, int off, int len) throws ErrnoException {
            for (int i = snippets.size() - 1; i >= 0; i--) {
                Protocol.Snippet s = snippets.get(i);
                long from = addr - s.addr();
                if (from >= 0 && from <= s.data().length && len <= s.data().length - from) {
                    System.arraycopy(s.data(), (int) from, dst, off, len);
                    return;
                }
            }
            throw new ErrnoException(Errno.EFAULT);
        }

        @Override
        public byte[] readCString(long addr, int maxLen) throws ErrnoException {
            for (int i = snippets.size() - 1; i >= 0; i--) {
                Protocol.Snippet s = snippets.get(i);
                long from = addr - s.addr();
                if (from < 0 || from >= s.data().length) continue;
                int start = (int) from;
                int end = (int) Math.min(s.data().length, start + (long) maxLen);
                for (int j = start; j < end; j++) {
                    if (s.data()[j] == 0) return Arrays.copyOfRange(s.data(), start, j);
                }
                if (end - start == maxLen) return Arrays.copyOfRange(s.data(), start, end);
            }
            throw new ErrnoException(Errno.EFAULT);
        }
    }

    /** A capture: what to copy behind register {@code reg}, its length from {@code src} capped at {@code size}. */
    private record Capture(int op, int reg, int src, int size) {
        static final Capture NOTHING = new Capture(NONE, 0, FIXED, 0);
    }

    /** u32 count, then per syscall with something to copy: u16 number and six captures (u8 op, reg, src; u32 size). */
    private static byte[] buildPlan() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = 0;
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        for (SyscallNumbers.Entry e : SyscallNumbers.all()) {
            List<ArgKind> kinds = SyscallSignatures.forName(e.name()).args();
            Capture[] caps = new Capture[6];
            boolean any = false;
            for (int i = 0; i < 6; i++) {
                caps[i] = i < kinds.size() ? capture(kinds.get(i), i) : Capture.NOTHING;
                any |= caps[i].op() != NONE;
            }
            if (!any) continue;
            count++;
            rows.write(e.number());
            rows.write(e.number() >>> 8);
            for (Capture c : caps) {
                rows.write(c.op());
                rows.write(c.reg());
                rows.write(c.src());
                for (int b = 0; b < 4; b++) rows.write(c.size() >>> (8 * b));
            }
        }
        for (int b = 0; b < 4; b++) out.write(count >>> (8 * b));
        out.writeBytes(rows.toByteArray());
        return out.toByteArray();
    }

    /** What the formatter will read for an argument of {@code kind} in register {@code i}. */
    private static Capture capture(ArgKind kind, int i) {
        return switch (kind) {
            case ArgKind.Basic b -> switch (b) {
                case PATH -> new Capture(CSTR, i, FIXED, PATH_MAX + 1);
                case STRING -> new Capture(CSTR, i, FIXED, SHORT_STRING);
                case STRING_ARRAY, ENV_ARRAY -> new Capture(STRV, i, FIXED, STRV_POINTERS);
                case PATH_OUT -> new Capture(OUT, i, RESULT, PATH_MAX);
                case DIRENTS -> new Capture(OUT, i, RESULT, 1 << 16);
                case CPU_SET_OUT -> new Capture(OUT, i, RESULT, 1024);
                case WAIT_STATUS -> new Capture(OUT, i, FIXED, 4);
                case IOCTL_ARG, FCNTL_ARG, PRCTL_ARG, ARCH_PRCTL_ADDR, FUTEX_TIMEOUT -> new Capture(BOTH, i, FIXED, BY_COMMAND);
                case CLONE_PARENT_TID -> new Capture(OUT, 2, FIXED, 4); // clone's kinds read fixed registers
                default -> Capture.NOTHING;
            };
            case ArgKind.BufIn b -> new Capture(IN, i, b.lenArg(), SHOWN);
            case ArgKind.BufOut b -> new Capture(OUT, i, RESULT, SHOWN);
            case ArgKind.StructIn s -> new Capture(IN, i, FIXED, s.layout().size());
            case ArgKind.StructOut s -> new Capture(OUT, i, FIXED, s.layout().size());
            case ArgKind.Iovec v -> new Capture(v.out() ? IOV_OUT : IOV_IN, i, v.countArg(), SHOWN);
            case ArgKind.PollFds p -> new Capture(BOTH, i, FIXED, SHOWN * Poll.POLLFD_SIZE);
            case ArgKind.When w -> capture(w.kind(), i);
            default -> Capture.NOTHING;
        };
    }
}
