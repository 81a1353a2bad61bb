// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the table {@code scripts/bench --tsv FILE} writes: a header {@code workload, unit, MODE...}
 * then one row per workload with each mode's median ({@code -} when the mode could not run it).
 */
public final class BenchTable {
    private BenchTable() {}

    public static List<HtmlReport.BenchRow> read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<HtmlReport.BenchRow> parse(List<String> lines) {
        List<HtmlReport.BenchRow> rows = new ArrayList<>();
        String[] header = null;
        for (String line : lines) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t");
            if (header == null) {
                header = f;
                continue;
            }
            Map<String, Double> medians = new LinkedHashMap<>();
            for (int i = 2; i < f.length && i < header.length; i++) {
                try {
                    medians.put(header[i], Double.parseDouble(f[i]));
                } catch (NumberFormatException notRun) {
                    // "-": this mode could not run the workload
                }
            }
            rows.add(new HtmlReport.BenchRow(f[0], f.length > 1 ? f[1] : "", medians));
        }
        return rows;
    }
}
