// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.util.Map;

/** A test's cells, one per target in the order they ran (native first). */
public record CaseResult(TestCase test, Map<Target, Cell> cells) {
    public CaseResult {
        cells = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cells));
    }
}
