// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which suite cases exercise which syscalls under v1: the syscall names in each case's v1 trace.
 * The suite records it on every run; the committed copy ({@code coverage.tsv} next to this class)
 * feeds {@code jlinux syscalls}, {@code jlinux explain} and docs/syscalls.md, and the suite fails when
 * a run exercises a different set of syscalls, so it cannot drift. Which cases call a syscall may vary
 * a little between runs (a parent that sleeps in {@code pause} or not, depending on who runs first),
 * so that part is a record of one run.
 */
public final class Coverage {
    public static final String RESOURCE = "coverage.tsv";
    private final Map<String, SortedSet<String>> cases;

    private Coverage(Map<String, SortedSet<String>> cases) {
        this.cases = cases;
    }

    /** The cases whose v1 trace calls {@code syscall} (empty when none does). */
    public SortedSet<String> cases(String syscall) {
        return cases.getOrDefault(syscall, new TreeSet<>());
    }

    /**
     * The cases calling {@code syscall}, short: test programs by name once whatever their variants
     * ({@code musl-static/hello} and {@code glibc-static/hello} are {@code hello}), at most {@code max}
     * names, then how many more.
     */
    public String summary(String syscall, int max) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String id : cases(syscall)) {
            int slash = id.indexOf('/');
            boolean variant = slash > 0 && id.lastIndexOf(' ', slash) < 0; // "musl-static/hello", not "sh -c cat /x"
            names.add(variant ? id.substring(slash + 1) : id);
        }
        List<String> sorted = names.stream()
                .sorted(Comparator.comparing((String n) -> n.contains(" ")).thenComparing(n -> n))
                .toList();
        if (sorted.size() <= max) return String.join(", ", sorted);
        return String.join(", ", sorted.subList(0, max)) + " and " + (sorted.size() - max) + " more";
    }

    /** From a suite run: every call in the translate column's traces. */
    public static Coverage of(Iterable<CaseResult> results) {
        Map<String, SortedSet<String>> m = new TreeMap<>();
        for (CaseResult r : results) {
            Cell c = r.cells().get(Target.TRANSLATE);
            if (c == null || c.outcome() == null) continue;
            for (Trace.Call call : Trace.parse(c.outcome().trace(), false).calls()) {
                m.computeIfAbsent(call.name(), k -> new TreeSet<>()).add(r.test().id());
            }
        }
        return new Coverage(m);
    }

    /** The committed coverage (empty when none is). */
    public static Coverage committed() {
        try (InputStream in = Coverage.class.getResourceAsStream(RESOURCE)) {
            return in == null ? new Coverage(new TreeMap<>()) : parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Coverage parse(String text) {
        Map<String, SortedSet<String>> m = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            SortedSet<String> set = m.computeIfAbsent(f[0], k -> new TreeSet<>());
            for (int i = 1; i < f.length; i++) set.add(f[i]);
        }
        return new Coverage(m);
    }

    /** The syscalls some case calls. */
    public java.util.Set<String> syscalls() {
        return java.util.Collections.unmodifiableSet(cases.keySet());
    }

    /** The TSV form: one syscall per line, then its cases, tab-separated. */
    public String render() {
        StringBuilder b = new StringBuilder("# syscall<TAB>suite cases whose v1 trace calls it; written by the conformance suite\n");
        for (var e : cases.entrySet()) {
            b.append(e.getKey());
            for (String c : e.getValue()) b.append('\t').append(c);
            b.append('\n');
        }
        return b.toString();
    }
}
