// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The known differences of one backend from native Linux, each with its reason, read from
 * {@code expectations/<target>.txt} next to this class. Tests never ask which backend they run on;
 * they ask this file whether a difference is known. The format is sections:
 * <pre>
 *   [GLOB] reason the differences below exist
 *   TAP description that may fail on this backend while it passes natively
 *   ...
 * </pre>
 * GLOB matches the test's name (e.g. {@code glibc-*&#47;x87_libm}); {@code #} starts a comment. The
 * line {@value #ANY_STDOUT} instead of TAP descriptions says that the test's whole stdout differs (for
 * programs that print no TAP, e.g. a directory listing in another order); its exit status must not.
 * An expected difference that does not happen is an error too, so the file stays true.
 */
public final class Expectations {
    private static final Pattern TAP = Pattern.compile("^(not )?ok (\\d+) - (.*)$");
    /** tap.h's last line. */
    private static final Pattern SUMMARY = Pattern.compile("^# (\\d+) passed, (\\d+) failed$");
    /** The line that allows a test's stdout to differ as a whole. */
    static final String ANY_STDOUT = "(stdout)";

    /** One section: which tests, why, and the TAP descriptions that may fail. */
    record Section(PathMatcher matcher, String reason, Set<String> descriptions) {}

    /** What comparing a run with the native run found. */
    public sealed interface Verdict {
        /** Identical stdout and exit status. */
        record Same() implements Verdict {}

        /** Differs only in known ways; {@code reasons} are the sections' reasons. */
        record Known(List<String> failures, Set<String> reasons) implements Verdict {}

        /** Differs in an unknown way, or an expected difference did not happen. */
        record Differs(String explanation) implements Verdict {}
    }

    private final List<Section> sections;

    private Expectations(List<Section> sections) {
        this.sections = sections;
    }

    /** The expectations of {@code target} (none for the native oracle). */
    public static Expectations of(Target target) {
        String name = "expectations/" + target.name().toLowerCase(Locale.ROOT) + ".txt";
        try (InputStream in = Expectations.class.getResourceAsStream(name)) {
            if (in == null) return new Expectations(List.of());
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Expectations parse(String text) {
        List<Section> sections = new ArrayList<>();
        Section current = null;
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("[")) {
                int close = line.indexOf(']');
                String reason = close < 0 ? "" : line.substring(close + 1).strip();
                if (close < 0 || reason.isEmpty()) {
                    throw new IllegalArgumentException("expectations line " + lineNo + ": want '[GLOB] reason'");
                }
                String glob = line.substring(1, close).strip();
                current = new Section(FileSystems.getDefault().getPathMatcher("glob:" + glob), reason,
                        new LinkedHashSet<>());
                sections.add(current);
            } else {
                if (current == null) throw new IllegalArgumentException("expectations line " + lineNo + ": no section");
                current.descriptions().add(line);
            }
        }
        return new Expectations(List.copyOf(sections));
    }

    /**
     * Compares the run of test {@code name} on this backend with the native run. Lines may differ
     * only where the native line is {@code ok N - D}, this backend's is {@code not ok N - D...} and D
     * is listed for the test; the exit status (the failure count) may then be higher by that many.
     */
    public Verdict compare(String name, Outcome nat, Outcome other) {
        Set<String> allowed = new LinkedHashSet<>();
        Set<String> reasons = new LinkedHashSet<>();
        for (Section s : sections) {
            if (s.matcher().matches(Path.of(name))) {
                allowed.addAll(s.descriptions());
                reasons.add(s.reason());
            }
        }
        if (allowed.contains(ANY_STDOUT)) {
            if (other.exitCode() != nat.exitCode()) {
                return new Verdict.Differs("exit status " + other.exitCode() + ", native " + nat.exitCode());
            }
            if (nat.out().equals(other.out())) {
                return new Verdict.Differs("stdout was expected to differ from native but did not (remove from the expectations)");
            }
            return new Verdict.Known(List.of(ANY_STDOUT), reasons);
        }
        String[] a = nat.out().split("\n", -1), b = other.out().split("\n", -1);
        if (allowed.isEmpty() || a.length != b.length) {
            return same(nat, other) ? new Verdict.Same() : new Verdict.Differs(firstDifference(a, b, nat, other));
        }
        List<String> failures = new ArrayList<>();
        List<Integer> summaries = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (SUMMARY.matcher(a[i]).matches()) {
                summaries.add(i);
                continue;
            }
            if (a[i].equals(b[i])) continue;
            Matcher m = TAP.matcher(a[i]);
            String description = m.matches() && m.group(1) == null ? m.group(3) : null;
            if (description == null || !allowed.contains(description)
                    || !b[i].startsWith("not ok " + m.group(2) + " - " + description)) {
                return new Verdict.Differs(lineDifference(i, a[i], b[i]));
            }
            failures.add(description);
        }
        for (int i : summaries) {
            Matcher m = SUMMARY.matcher(a[i]);
            m.matches();
            String want = "# " + (Integer.parseInt(m.group(1)) - failures.size()) + " passed, "
                    + (Integer.parseInt(m.group(2)) + failures.size()) + " failed";
            if (!b[i].equals(want)) return new Verdict.Differs(lineDifference(i, a[i], b[i]));
        }
        Set<String> missing = new LinkedHashSet<>(allowed);
        failures.forEach(missing::remove);
        if (!missing.isEmpty()) {
            return new Verdict.Differs("expected to differ from native but did not (remove from the expectations): "
                    + missing);
        }
        if (other.exitCode() != nat.exitCode() + failures.size()) {
            return new Verdict.Differs("exit status " + other.exitCode() + ", native " + nat.exitCode() + " plus "
                    + failures.size() + " known failures");
        }
        return new Verdict.Known(failures, reasons);
    }

    private static boolean same(Outcome nat, Outcome other) {
        return nat.exitCode() == other.exitCode() && nat.out().equals(other.out());
    }

    private static String lineDifference(int i, String nat, String here) {
        return "stdout line " + (i + 1) + ": native \"" + nat + "\", here \"" + here + "\"";
    }

    private static String firstDifference(String[] a, String[] b, Outcome nat, Outcome other) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) return lineDifference(i, a[i], b[i]);
        }
        if (a.length != b.length) return "stdout has " + b.length + " lines, native " + a.length;
        return "exit status " + other.exitCode() + ", native " + nat.exitCode() + " (stderr: " + other.err().strip() + ")";
    }
}
