// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.List;

/** Unified diffs of program output, as {@code diff -u} shows them. */
public final class Diffs {
    private Diffs() {}

    /** The unified diff from {@code a} to {@code b} (empty when equal), with 3 lines of context. */
    public static List<String> unified(String nameA, String a, String nameB, String b) {
        if (a.equals(b)) return List.of();
        List<String> la = a.lines().toList(), lb = b.lines().toList();
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(nameA, nameB, la, DiffUtils.diff(la, lb), 3);
        if (diff.isEmpty()) {
            // Same lines, different bytes: only the final newline differs.
            return List.of("--- " + nameA, "+++ " + nameB, "(only the final newline differs)");
        }
        return diff;
    }
}
