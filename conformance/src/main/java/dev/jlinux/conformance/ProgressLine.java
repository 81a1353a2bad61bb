// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.util.Locale;

/** The line printed as each test finishes: its overall status, name and each target's verdict and time. */
public final class ProgressLine {
    private ProgressLine() {}

    public static String format(CaseResult r, int done, int total) {
        boolean failed = r.cells().values().stream().anyMatch(c -> c.status() == Cell.Status.FAIL);
        boolean run = r.cells().values().stream().anyMatch(c -> c.outcome() != null);
        String overall = failed ? "FAIL" : run ? "ok" : "skip";
        int width = Integer.toString(total).length();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "[%" + width + "d/%d] %-4s %s  (", done, total,
                overall, r.test().id()));
        boolean first = true;
        for (Cell c : r.cells().values()) {
            b.append(first ? "" : ", ").append(c.target().label()).append(' ').append(c.status().label());
            if (c.outcome() != null) b.append(String.format(Locale.ROOT, " %.0f ms", c.outcome().wallNanos() / 1e6));
            first = false;
        }
        b.append(')');
        for (Cell c : r.cells().values()) {
            if (c.status() != Cell.Status.FAIL) continue;
            b.append("\n    ").append(c.target().label()).append(": ").append(c.detail());
            c.traceDivergence().lines().forEach(l -> b.append("\n    ").append(l));
        }
        return b.toString();
    }
}
