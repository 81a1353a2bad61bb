// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.util.List;

/**
 * One test on one target: its status, why (the difference found, or the known difference's
 * reasons), what the run did and which files it changed. {@code outcome} is null when skipped. A
 * failed cell also says where its syscall trace first parts from a traced native run
 * ({@code traceDivergence}; empty otherwise).
 */
public record Cell(Target target, Status status, String detail, Outcome outcome, List<WorkTree.Effect> effects,
                   String traceDivergence) {
    public enum Status {
        /** Same as native (for the native column: the program met its own expectation). */
        PASS,
        /** Differs from native only as the target's expectations file says. Counts as passed. */
        KNOWN,
        FAIL,
        /** Not run: the target is not available here, or the native run it is compared with failed. */
        SKIP;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Cell {
        effects = List.copyOf(effects);
    }

    Cell(Target target, Status status, String detail, Outcome outcome, List<WorkTree.Effect> effects) {
        this(target, status, detail, outcome, effects, "");
    }

    static Cell skipped(Target target, String why) {
        return new Cell(target, Status.SKIP, why, null, List.of());
    }

    public boolean passed() {
        return status == Status.PASS || status == Status.KNOWN;
    }
}
