// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs suite cases natively (the oracle) and on each other target, every run in a fresh copy of the
 * fixture tree, and judges each target's run against the native one: stdout, exit status and file
 * effects must be identical, or differ only as the target's expectations file says.
 */
public final class SuiteRunner {
    private final List<Target> targets;
    private final Map<Target, Expectations> expectations = new EnumMap<>(Target.class);
    private final Path workDir;

    /** {@code targets}: the columns, native first (it is added when missing: it is the oracle). */
    public SuiteRunner(List<Target> targets) {
        List<Target> t = new ArrayList<>();
        t.add(Target.NATIVE);
        for (Target x : targets) {
            if (x != Target.NATIVE) t.add(x);
        }
        this.targets = List.copyOf(t);
        for (Target x : this.targets) expectations.put(x, Expectations.of(x));
        try {
            this.workDir = Files.createTempDirectory("jlinux-suite");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        workDir.toFile().deleteOnExit();
    }

    public List<Target> targets() {
        return targets;
    }

    /** Runs every case, calling {@code progress} after each. */
    public SuiteResult run(List<TestCase> cases, Consumer<CaseResult> progress) {
        long t0 = System.nanoTime();
        List<CaseResult> results = new ArrayList<>();
        for (TestCase c : cases) {
            CaseResult r = run(c);
            results.add(r);
            progress.accept(r);
        }
        return new SuiteResult(targets, results, System.nanoTime() - t0);
    }

    /** Runs one case on every target. */
    public CaseResult run(TestCase test) {
        Map<Target, Cell> cells = new LinkedHashMap<>();
        Cell nat = runNative(test);
        cells.put(Target.NATIVE, nat);
        for (Target target : targets) {
            if (target == Target.NATIVE) continue;
            if (!Runner.available(target)) {
                cells.put(target, Cell.skipped(target, target.label() + " is not available on this machine"));
            } else if (nat.outcome() == null || nat.status() == Cell.Status.FAIL) {
                cells.put(target, Cell.skipped(target, "the native run failed, so there is nothing to compare with"));
            } else {
                cells.put(target, judge(test, target, nat));
            }
        }
        return new CaseResult(test, cells);
    }

    private record Run(Outcome outcome, List<WorkTree.Effect> effects) {}

    /**
     * Runs in a fresh fixture tree, always at the same path (programs may print their cwd); jlinux
     * targets run traced, so the suite knows which syscalls each case exercised.
     */
    private Run runInFreshTree(Target target, TestCase test) {
        Fixture.populate(workDir);
        try {
            var before = WorkTree.snapshot(workDir);
            Outcome o = Runner.run(target, workDir, test.stdin(), test.argv(), target != Target.NATIVE);
            return new Run(o, WorkTree.effects(before, WorkTree.snapshot(workDir)));
        } finally {
            WorkTree.deleteContents(workDir);
        }
    }

    private Cell runNative(TestCase test) {
        if (!Runner.available(Target.NATIVE)) return Cell.skipped(Target.NATIVE, "this host is not Linux x86-64");
        if (!Files.isExecutable(Path.of(test.argv().getFirst()))) {
            return Cell.skipped(Target.NATIVE, test.argv().getFirst() + " is not installed");
        }
        Run r = runInFreshTree(Target.NATIVE, test);
        int code = r.outcome().exitCode();
        boolean ok = test.nativeStatus() < 0 || code == test.nativeStatus();
        String detail = ok ? "" : "the native run exited " + code + ", want " + test.nativeStatus()
                + " (a broken test program)";
        return new Cell(Target.NATIVE, ok ? Cell.Status.PASS : Cell.Status.FAIL, detail, r.outcome(), r.effects());
    }

    private Cell judge(TestCase test, Target target, Cell nat) {
        Run r = runInFreshTree(target, test);
        Expectations.Verdict v = expectations.get(target).compare(test.id(), nat.outcome(), r.outcome());
        if (!(v instanceof Expectations.Verdict.Differs) && !nat.effects().equals(r.effects())) {
            v = new Expectations.Verdict.Differs("file effects differ: native " + nat.effects() + ", "
                    + target.label() + " " + r.effects());
        }
        return switch (v) {
            case Expectations.Verdict.Same s -> new Cell(target, Cell.Status.PASS, "", r.outcome(), r.effects());
            case Expectations.Verdict.Known k -> new Cell(target, Cell.Status.KNOWN,
                    "known differences: " + String.join("; ", k.reasons()), r.outcome(), r.effects());
            case Expectations.Verdict.Differs d -> new Cell(target, Cell.Status.FAIL, d.explanation(), r.outcome(),
                    r.effects(), divergence(test, target, r.outcome()));
        };
    }

    /** For a failure: a traced native run (strace), and where the target's trace first parts from it. */
    private String divergence(TestCase test, Target target, Outcome targetRun) {
        Fixture.populate(workDir);
        try {
            Outcome traced = Runner.run(Target.NATIVE, workDir, test.stdin(), test.argv(), true);
            return Trace.describeDivergence(Target.NATIVE.label(), Trace.parse(traced.trace(), true), target.label(),
                    Trace.parse(targetRun.trace(), false), 4);
        } finally {
            WorkTree.deleteContents(workDir);
        }
    }
}
