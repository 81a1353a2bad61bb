// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A syscall trace in strace's text format — what {@code strace -f} prints natively and what
 * jlinux's formatter prints for v1 (and for the calls the VM's agent records) — parsed into calls,
 * so traces of different targets can be compared call by call. Only the first process's calls are
 * compared ({@link #mainProcess()}): the order in which several processes interleave is not part of
 * a program's meaning.
 */
public final class Trace {
    /** {@code [pid ]name(args) = result}; the result may carry an errno and its text. */
    private static final Pattern CALL = Pattern.compile("^(?:\\[?(?:pid\\s+)?(\\d+)\\]?\\s+)?([a-z_][a-z0-9_]*)\\((.*)\\)\\s+=\\s+(.*)$");
    private static final Pattern UNFINISHED = Pattern.compile("^(?:(\\d+)\\s+)?([a-z_][a-z0-9_]*)\\((.*) <unfinished \\.\\.\\.>$");
    private static final Pattern RESUMED = Pattern.compile("^(?:(\\d+)\\s+)?<\\.\\.\\. ([a-z_][a-z0-9_]*) resumed>(.*)\\)\\s+=\\s+(.*)$");
    private static final Pattern ERROR = Pattern.compile("^-1 (E[A-Z0-9]+)\\b.*");
    /**
     * Calls whose results are ids, times or addresses that legitimately differ between runs
     * (rt_sigreturn's is the interrupted context's rax, e.g. the pid wait4 returned).
     */
    private static final Set<String> VOLATILE = Set.of("getpid", "getppid", "gettid", "set_tid_address", "clone",
            "clone3", "fork", "vfork", "wait4", "waitid", "time", "getpgrp", "getpgid", "getsid", "setsid", "brk",
            "mmap", "mremap", "times", "getuid", "geteuid", "getgid", "getegid", "rt_sigreturn");

    /** One call: which process made it, its name, its decoded arguments and its result text. */
    public record Call(int pid, String name, String args, String result) {
        /** The call as strace shows it. */
        public String line() {
            return name + "(" + args + ") = " + result;
        }

        /**
         * What must agree between targets: the name and the outcome — the errno when it failed,
         * the value when it is a small count or fd, and just "ok" for ids, times and addresses.
         */
        public String key() {
            Matcher e = ERROR.matcher(result);
            if (e.matches()) return name + " = -1 " + e.group(1);
            if (result.equals("?")) return name + " = ?";
            if (VOLATILE.contains(name)) return name + " = ok";
            String value = result.split("\\s", 2)[0];
            try {
                long v = Long.decode(value);
                return name + " = " + (v >= 0 && v < 1 << 20 ? Long.toString(v) : "ok");
            } catch (NumberFormatException x) {
                return name + " = ok";
            }
        }
    }

    private final List<Call> calls;

    private Trace(List<Call> calls) {
        this.calls = List.copyOf(calls);
    }

    public List<Call> calls() {
        return calls;
    }

    /**
     * Parses strace-format lines. Lines that are not calls ({@code +++ exited +++}, {@code --- SIGCHLD
     * ---}) are skipped; {@code <unfinished ...>} / {@code <... resumed>} pairs are joined. With
     * {@code skipExec}, a leading execve (strace shows the one that started the program; jlinux's
     * loader does that work itself) is dropped.
     */
    public static Trace parse(List<String> lines, boolean skipExec) {
        List<Call> all = new ArrayList<>();
        Map<Integer, String[]> pending = new HashMap<>();
        for (String line : lines) {
            Matcher m;
            if ((m = RESUMED.matcher(line)).matches()) {
                int pid = pid(m.group(1));
                String[] start = pending.remove(pid);
                String args = (start == null ? "" : start[1]) + m.group(3);
                all.add(new Call(pid, m.group(2), args, m.group(4).strip()));
            } else if ((m = UNFINISHED.matcher(line)).matches()) {
                pending.put(pid(m.group(1)), new String[] {m.group(2), m.group(3)});
            } else if ((m = CALL.matcher(line)).matches()) {
                all.add(new Call(pid(m.group(1)), m.group(2), m.group(3), m.group(4).strip()));
            }
        }
        if (skipExec && !all.isEmpty() && all.getFirst().name().equals("execve")) all.removeFirst();
        return new Trace(all);
    }

    /** The calls of the first process only. */
    public Trace mainProcess() {
        if (calls.isEmpty()) return this;
        int main = calls.getFirst().pid();
        return new Trace(calls.stream().filter(c -> c.pid() == main).toList());
    }

    private static int pid(String s) {
        return s == null ? 0 : Integer.parseInt(s);
    }

    /** Where two traces first disagree: the index of the call, and a few calls of context before it. */
    public record Divergence(int index, List<Call> context, Optional<Call> left, Optional<Call> right) {}

    /**
     * The first divergence of two targets' traces as text: the calls before it, numbered, then each
     * target's diverging call — or that they agree, or which one recorded nothing.
     */
    public static String describeDivergence(String nameA, Trace a, String nameB, Trace b, int context) {
        StringBuilder s = new StringBuilder();
        if (a.calls.isEmpty() || b.calls.isEmpty()) {
            return s.append("syscall traces: ").append(a.calls.isEmpty() ? nameA : nameB).append(" recorded none")
                    .append(a.calls.isEmpty() && nameA.equals("native") ? " (natively, traces need strace)" : "")
                    .append('\n').toString();
        }
        Optional<Divergence> d = firstDivergence(a, b, context);
        if (d.isEmpty()) {
            return s.append("syscall traces (").append(nameA).append(", ").append(nameB).append("): the same ")
                    .append(a.mainProcess().calls.size()).append(" calls and results\n").toString();
        }
        Divergence v = d.get();
        s.append("syscall traces: first divergence at call ").append(v.index() + 1).append(" (").append(nameA)
                .append(" vs ").append(nameB).append("; the first process)\n");
        int n = v.index() - v.context().size();
        for (Call c : v.context()) s.append(String.format(Locale.ROOT, "  %5d  %s%n", ++n, c.line()));
        int w = Math.max(nameA.length(), nameB.length()) + 1;
        s.append(String.format(Locale.ROOT, "  %5d  %-" + w + "s %s%n", v.index() + 1, nameA + ":",
                v.left().map(Call::line).orElse("(trace ends: the process exited)")));
        s.append(String.format(Locale.ROOT, "  %5s  %-" + w + "s %s%n", "", nameB + ":",
                v.right().map(Call::line).orElse("(trace ends: the process exited)")));
        return s.toString();
    }

    /** The first call whose {@link Call#key()} differs, or empty when the traces agree call for call. */
    public static Optional<Divergence> firstDivergence(Trace traceA, Trace traceB, int context) {
        Trace a = traceA.mainProcess(), b = traceB.mainProcess();
        int n = Math.min(a.calls.size(), b.calls.size());
        for (int i = 0; i <= n; i++) {
            boolean endA = i == a.calls.size(), endB = i == b.calls.size();
            if (endA && endB) return Optional.empty();
            if (endA || endB || !a.calls.get(i).key().equals(b.calls.get(i).key())) {
                List<Call> before = a.calls.subList(Math.max(0, i - context), i);
                return Optional.of(new Divergence(i, before,
                        endA ? Optional.empty() : Optional.of(a.calls.get(i)),
                        endB ? Optional.empty() : Optional.of(b.calls.get(i))));
            }
        }
        return Optional.empty();
    }
}
