// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code jlinux compare}: one program in several modes, each from an identical copy of the work
 * directory (always at the same path, since programs may print it), side by side — exit status,
 * stdout/stderr diffs, file effects, times, and the first call where the syscall traces diverge.
 * Each mode runs twice: once untraced (results and timings), once traced (the trace), so tracing
 * never distorts the times.
 */
public final class Compare {
    private static final int CONTEXT = 4;

    private Compare() {}

    /** What one mode did. */
    public record ModeRun(Target target, Outcome outcome, List<WorkTree.Effect> effects, Trace trace) {}

    /** Every mode's run, native (when present) first. */
    public record Result(List<String> argv, Path workDir, List<ModeRun> runs) {
        /** True when every mode ended the same way, printed the same and changed the same files. */
        public boolean agree() {
            ModeRun a = runs.getFirst();
            for (ModeRun b : runs) {
                if (b.outcome().exitCode() != a.outcome().exitCode() || !b.outcome().out().equals(a.outcome().out())
                        || !b.outcome().err().equals(a.outcome().err()) || !b.effects().equals(a.effects())) {
                    return false;
                }
            }
            return true;
        }
    }

    public static Result run(List<Target> modes, Path workDir, List<String> argv, byte[] stdin) {
        Path base;
        try {
            base = Files.createTempDirectory("jlinux-compare");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path work = base.resolve("work");
        List<ModeRun> runs = new ArrayList<>();
        try {
            for (Target t : modes) {
                WorkTree.copy(workDir, work);
                Map<String, WorkTree.Entry> before = WorkTree.snapshot(work);
                Outcome o = Runner.run(t, work, stdin, argv, false);
                List<WorkTree.Effect> effects = WorkTree.effects(before, WorkTree.snapshot(work));
                WorkTree.delete(work);
                WorkTree.copy(workDir, work);
                Outcome traced = Runner.run(t, work, stdin, argv, true);
                WorkTree.delete(work);
                runs.add(new ModeRun(t, o, effects, Trace.parse(traced.trace(), t == Target.NATIVE)));
            }
        } finally {
            WorkTree.delete(base);
        }
        return new Result(argv, workDir, runs);
    }

    /** The side-by-side text {@code jlinux compare} prints. */
    public static String render(Result r) {
        StringBuilder b = new StringBuilder();
        b.append("$ ").append(String.join(" ", r.argv().stream().map(Compare::quote).toList())).append('\n');
        b.append("work tree: ").append(r.workDir()).append(" (an identical copy for each mode)\n\n");
        List<ModeRun> runs = r.runs();
        String fmt = "%-14s" + "%-22s".repeat(runs.size()) + "%s%n";
        List<Object> row = new ArrayList<>();
        row.add("");
        runs.forEach(m -> row.add(m.target().label()));
        row.add("");
        b.append(String.format(Locale.ROOT, fmt, row.toArray()));
        ModeRun first = runs.getFirst();
        line(b, fmt, "exit status", runs, m -> Integer.toString(m.outcome().exitCode()),
                m -> m.outcome().exitCode() == first.outcome().exitCode());
        line(b, fmt, "wall time", runs, m -> ms(m.outcome().wallNanos()), m -> true);
        line(b, fmt, "CPU time", runs, m -> m.outcome().cpuNanos() < 0 ? "?" : ms(m.outcome().cpuNanos()), m -> true);
        line(b, fmt, "stdout", runs, m -> lines(m.outcome().out()), m -> m.outcome().out().equals(first.outcome().out()));
        line(b, fmt, "stderr", runs, m -> lines(m.outcome().err()), m -> m.outcome().err().equals(first.outcome().err()));
        line(b, fmt, "file effects", runs, m -> m.effects().isEmpty() ? "none" : m.effects().size() + " paths",
                m -> m.effects().equals(first.effects()));
        line(b, fmt, "syscalls", runs, m -> m.trace().calls().isEmpty() ? "?" : Integer.toString(m.trace().calls().size()),
                m -> true);
        for (ModeRun m : runs) {
            if (m == first) continue;
            String names = first.target().label() + " → " + m.target().label();
            section(b, "stdout (" + names + ")", Diffs.unified("stdout (" + first.target().label() + ")",
                    first.outcome().out(), "stdout (" + m.target().label() + ")", m.outcome().out()));
            section(b, "stderr (" + names + ")", Diffs.unified("stderr (" + first.target().label() + ")",
                    first.outcome().err(), "stderr (" + m.target().label() + ")", m.outcome().err()));
            if (!m.effects().equals(first.effects())) {
                List<String> fx = new ArrayList<>();
                fx.add(first.target().label() + ":");
                first.effects().forEach(e -> fx.add("  " + e));
                if (first.effects().isEmpty()) fx.add("  (none)");
                fx.add(m.target().label() + ":");
                m.effects().forEach(e -> fx.add("  " + e));
                if (m.effects().isEmpty()) fx.add("  (none)");
                section(b, "file effects (" + names + ")", fx);
            }
            b.append('\n').append(Trace.describeDivergence(first.target().label(), first.trace(), m.target().label(),
                    m.trace(), CONTEXT));
        }
        b.append('\n').append(r.agree() ? "the modes agree" : "the modes differ").append('\n');
        return b.toString();
    }

    private interface Cellf {
        String apply(ModeRun m);
    }

    private interface Same {
        boolean test(ModeRun m);
    }

    private static void line(StringBuilder b, String fmt, String name, List<ModeRun> runs, Cellf value, Same same) {
        List<Object> row = new ArrayList<>();
        row.add(name);
        boolean differs = false;
        for (ModeRun m : runs) {
            row.add(value.apply(m));
            differs |= !same.test(m);
        }
        row.add(differs ? "differs" : "");
        b.append(String.format(Locale.ROOT, fmt, row.toArray()));
    }

    private static void section(StringBuilder b, String title, List<String> lines) {
        if (lines.isEmpty()) return;
        b.append('\n').append(title).append(":\n");
        for (String l : lines) b.append("  ").append(l).append('\n');
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static String lines(String s) {
        long n = s.lines().count();
        return n == 1 ? "1 line" : n + " lines";
    }

    private static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-=,:+@%".indexOf(c) >= 0)) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
