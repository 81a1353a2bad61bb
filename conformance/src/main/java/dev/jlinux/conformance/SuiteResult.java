// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.util.List;

/** A finished suite run: the columns, every case's cells, and how long it took. */
public record SuiteResult(List<Target> targets, List<CaseResult> results, long wallNanos) {
    public SuiteResult {
        targets = List.copyOf(targets);
        results = List.copyOf(results);
    }

    /** Passed (same or known difference), failed and skipped cells of one column, or of all when null. */
    public record Totals(int passed, int failed, int skipped) {
        /** {@code N passed, N failed} with {@code , N skipped} when any were. */
        public String line() {
            return passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "");
        }
    }

    public Totals totals(Target column) {
        int p = 0, f = 0, s = 0;
        for (CaseResult r : results) {
            for (Cell c : r.cells().values()) {
                if (column != null && c.target() != column) continue;
                switch (c.status()) {
                    case PASS, KNOWN -> p++;
                    case FAIL -> f++;
                    case SKIP -> s++;
                }
            }
        }
        return new Totals(p, f, s);
    }

    public Totals totals() {
        return totals(null);
    }

    public boolean anyFailed() {
        return totals().failed() > 0;
    }
}
