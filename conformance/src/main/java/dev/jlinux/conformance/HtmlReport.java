// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The suite as one self-contained HTML page: the matrix (rows: tests grouped by family; columns:
 * the targets), each row's diffs and file effects on click, timing bars per target, and the
 * benchmark table when one is given. No external resources: it opens from a file or a CI artifact.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /** One benchmark workload: its unit and the median per mode (native, qemu-user, translate, vm). */
    public record BenchRow(String workload, String unit, Map<String, Double> medians) {}

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
            h1{font-size:22px;margin:0 0 4px}
            .summary{font-size:16px;font-weight:600}
            table{border-collapse:collapse}
            #matrix{width:100%;margin-top:12px}
            #matrix th,#matrix td{border-bottom:1px solid #e4e4e4;padding:3px 8px;text-align:left;vertical-align:top}
            #matrix tr.family th{background:#f2f4f8;font-size:13px;padding-top:10px}
            #matrix tr.case{cursor:pointer}
            #matrix tr.case:hover{background:#fafbff}
            td.name{font-family:ui-monospace,monospace;font-size:12.5px;word-break:break-all}
            .badge{display:inline-block;min-width:44px;text-align:center;border-radius:3px;padding:0 6px;font-size:12px;font-weight:600}
            .pass{background:#d9f2dc;color:#13611d}.known{background:#fff1c2;color:#7a5a00}
            .fail{background:#fbd5d5;color:#9b1c1c}.skip{background:#eee;color:#666}
            .bars{width:220px}.ms{font-size:11px;color:#777}.bar{height:7px;margin:2px 0;border-radius:2px}
            .bar-native{background:#5b8def}.bar-translate{background:#e8964a}.bar-vm{background:#8e6bd6}.bar-qemu-user{background:#999}
            .legend span{display:inline-block;margin-right:12px}.legend i{display:inline-block;width:14px;height:8px;margin-right:4px;border-radius:2px}
            tr.details td{background:#fcfcfc}
            pre{background:#f6f8fa;padding:6px 8px;overflow:auto;max-height:360px;font-size:12px;margin:4px 0}
            .add{color:#13611d}.del{color:#9b1c1c}.hunk{color:#6a3fb5}
            .totals td,.totals th{padding:2px 10px;text-align:right}
            #bench td,#bench th{padding:3px 10px;border-bottom:1px solid #e4e4e4;text-align:right}
            #bench td:first-child,#bench th:first-child{text-align:left}
            """;

    private static final String SCRIPT = """
            function toggle(i){var d=document.getElementById('d'+i);d.hidden=!d.hidden;}
            """;

    public static void write(SuiteResult result, List<BenchRow> bench, Path file) {
        try {
            Files.writeString(file, render(result, bench), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String render(SuiteResult result, List<BenchRow> bench) {
        List<Target> targets = result.targets();
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>jlinux conformance</title>")
                .append("<style>").append(STYLE).append("</style></head>\n<body>\n");
        h.append("<h1>jlinux conformance</h1>\n<div>").append(esc(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()))
                .append(" &middot; ").append(result.results().size()).append(" tests &times; ").append(targets.size())
                .append(" targets &middot; ").append(String.format(Locale.ROOT, "%.1f s", result.wallNanos() / 1e9))
                .append("</div>\n");
        h.append("<p class=\"summary\" id=\"summary\">").append(esc(result.totals().line())).append("</p>\n");
        h.append("<table class=\"totals\"><tr><th></th>");
        for (Target t : targets) h.append("<th>").append(t.label()).append("</th>");
        h.append("</tr>");
        for (String row : List.of("passed", "failed", "skipped")) {
            h.append("<tr><th>").append(row).append("</th>");
            for (Target t : targets) {
                SuiteResult.Totals n = result.totals(t);
                int v = switch (row) {
                    case "passed" -> n.passed();
                    case "failed" -> n.failed();
                    default -> n.skipped();
                };
                h.append("<td>").append(v).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>\n");
        h.append("<p class=\"legend\">Click a row for its diffs. ");
        for (Target t : targets) {
            h.append("<span><i class=\"bar-").append(t.label()).append("\"></i>").append(t.label()).append(" wall time</span>");
        }
        h.append("</p>\n");

        h.append("<table id=\"matrix\"><thead><tr><th>test</th>");
        for (Target t : targets) h.append("<th>").append(t.label()).append("</th>");
        h.append("<th>time</th></tr></thead>\n");
        Map<String, List<CaseResult>> byFamily = new LinkedHashMap<>();
        for (CaseResult r : result.results()) byFamily.computeIfAbsent(r.test().family(), k -> new ArrayList<>()).add(r);
        int i = 0;
        int columns = targets.size() + 2;
        for (var family : byFamily.entrySet()) {
            long failed = family.getValue().stream()
                    .filter(r -> r.cells().values().stream().anyMatch(c -> c.status() == Cell.Status.FAIL)).count();
            h.append("<tbody><tr class=\"family\"><th colspan=\"").append(columns).append("\">").append(esc(family.getKey()))
                    .append(" &middot; ").append(family.getValue().size()).append(family.getValue().size() == 1 ? " test" : " tests")
                    .append(failed > 0 ? " &middot; " + failed + " failing" : "").append("</th></tr>\n");
            for (CaseResult r : family.getValue()) {
                h.append("<tr class=\"case\" onclick=\"toggle(").append(i).append(")\"><td class=\"name\">")
                        .append(esc(r.test().id())).append("</td>");
                for (Target t : targets) {
                    Cell c = r.cells().get(t);
                    String label = c == null ? "skip" : c.status().label();
                    h.append("<td><span class=\"badge ").append(label).append("\" title=\"")
                            .append(esc(c == null ? "" : c.detail())).append("\">").append(label).append("</span></td>");
                }
                h.append("<td class=\"bars\">").append(bars(r)).append("</td></tr>\n");
                h.append("<tr class=\"details\" id=\"d").append(i).append("\" hidden><td colspan=\"").append(columns)
                        .append("\">").append(details(r)).append("</td></tr>\n");
                i++;
            }
            h.append("</tbody>\n");
        }
        h.append("</table>\n");
        if (!bench.isEmpty()) h.append(benchTable(bench));
        h.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static String bars(CaseResult r) {
        long max = r.cells().values().stream().filter(c -> c.outcome() != null).mapToLong(c -> c.outcome().wallNanos())
                .max().orElse(1);
        StringBuilder b = new StringBuilder();
        List<String> labels = new ArrayList<>();
        for (Cell c : r.cells().values()) {
            if (c.outcome() == null) continue;
            long w = c.outcome().wallNanos();
            labels.add(String.format(Locale.ROOT, "%.0f", w / 1e6));
            double pct = Math.max(1, 100.0 * w / Math.max(1, max));
            b.append("<div class=\"bar bar-").append(c.target().label()).append("\" style=\"width:")
                    .append(String.format(Locale.ROOT, "%.1f", pct)).append("%\" title=\"").append(c.target().label())
                    .append(": ").append(millis(w)).append("\"></div>");
        }
        if (!labels.isEmpty()) b.append("<div class=\"ms\">").append(String.join(" / ", labels)).append(" ms</div>");
        return b.toString();
    }

    private static String details(CaseResult r) {
        StringBuilder d = new StringBuilder();
        Cell nat = r.cells().get(Target.NATIVE);
        d.append("<div><b>command:</b> <code>").append(esc(String.join(" ", r.test().argv()))).append("</code></div>");
        for (Cell c : r.cells().values()) {
            d.append("<div><b>").append(c.target().label()).append(":</b> <span class=\"badge ").append(c.status().label())
                    .append("\">").append(c.status().label()).append("</span> ");
            if (c.outcome() != null) {
                d.append("exit ").append(c.outcome().exitCode()).append(", ").append(millis(c.outcome().wallNanos()))
                        .append(", stdout ").append(c.outcome().stdout().length).append(" bytes");
            }
            if (!c.detail().isEmpty()) d.append(" &mdash; ").append(esc(c.detail()));
            d.append("</div>");
            if (!c.effects().isEmpty()) {
                d.append("<pre>").append(esc(String.join("\n", c.effects().stream().map(Object::toString).toList())))
                        .append("</pre>");
            }
            if (c.target() == Target.NATIVE || c.outcome() == null || nat == null || nat.outcome() == null) continue;
            appendDiff(d, "stdout", nat.outcome().out(), c.outcome().out(), c.target());
            appendDiff(d, "stderr", nat.outcome().err(), c.outcome().err(), c.target());
            if (!c.traceDivergence().isEmpty()) d.append("<pre>").append(esc(c.traceDivergence())).append("</pre>");
        }
        return d.toString();
    }

    private static void appendDiff(StringBuilder d, String stream, String nat, String other, Target target) {
        List<String> diff = Diffs.unified(stream + " (native)", nat, stream + " (" + target.label() + ")", other);
        if (diff.isEmpty()) return;
        d.append("<pre>");
        for (String line : diff) {
            String cls = line.startsWith("@@") ? "hunk" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : null;
            if (cls != null) d.append("<span class=\"").append(cls).append("\">");
            d.append(esc(line));
            if (cls != null) d.append("</span>");
            d.append('\n');
        }
        d.append("</pre>");
    }

    private static String benchTable(List<BenchRow> bench) {
        List<String> modes = new ArrayList<>();
        for (BenchRow r : bench) {
            for (String m : r.medians().keySet()) {
                if (!modes.contains(m)) modes.add(m);
            }
        }
        StringBuilder b = new StringBuilder("<h2>Benchmarks</h2>\n<table id=\"bench\"><tr><th>workload</th>");
        for (String m : modes) b.append("<th>").append(esc(m)).append("</th>");
        b.append("<th>vs native</th></tr>\n");
        for (BenchRow r : bench) {
            double max = r.medians().values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
            b.append("<tr><td>").append(esc(r.workload())).append(" (").append(esc(r.unit())).append(")</td>");
            for (String m : modes) {
                Double v = r.medians().get(m);
                b.append("<td>");
                if (v != null) {
                    b.append(String.format(Locale.ROOT, "%.1f", v)).append("<div class=\"bar bar-").append(esc(m))
                            .append("\" style=\"width:").append(String.format(Locale.ROOT, "%.1f", Math.max(1, 100 * v / max)))
                            .append("%\"></div>");
                } else {
                    b.append("&ndash;");
                }
                b.append("</td>");
            }
            Double nat = r.medians().get("native");
            StringBuilder ratios = new StringBuilder();
            for (String m : modes) {
                Double v = r.medians().get(m);
                if (m.equals("native") || v == null || nat == null || nat == 0) continue;
                ratios.append(ratios.isEmpty() ? "" : ", ").append(m).append(' ')
                        .append(String.format(Locale.ROOT, "%.1f&times;", v / nat));
            }
            b.append("<td>").append(ratios).append("</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    static String esc(String s) {
        return JUnitXmlReport.esc(s).replace("&apos;", "&#39;");
    }
}
