// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The suite as JUnit XML (one {@code <testsuite>} per target), for CI systems that read it. */
public final class JUnitXmlReport {
    private JUnitXmlReport() {}

    public static String render(SuiteResult result) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"jlinux conformance\">\n");
        for (Target t : result.targets()) {
            SuiteResult.Totals n = result.totals(t);
            x.append("  <testsuite name=\"conformance.").append(t.label()).append("\" tests=\"")
                    .append(n.passed() + n.failed() + n.skipped()).append("\" failures=\"").append(n.failed())
                    .append("\" errors=\"0\" skipped=\"").append(n.skipped()).append("\">\n");
            for (CaseResult r : result.results()) {
                Cell c = r.cells().get(t);
                if (c == null) continue;
                double secs = c.outcome() == null ? 0 : c.outcome().wallNanos() / 1e9;
                x.append("    <testcase classname=\"").append(esc(t.label() + "." + r.test().family()))
                        .append("\" name=\"").append(esc(r.test().id())).append("\" time=\"")
                        .append(String.format(Locale.ROOT, "%.3f", secs)).append("\"");
                switch (c.status()) {
                    case PASS -> x.append("/>\n");
                    case KNOWN -> x.append(">\n      <system-out>").append(esc(c.detail())).append("</system-out>\n    </testcase>\n");
                    case FAIL -> x.append(">\n      <failure message=\"").append(esc(c.detail())).append("\">")
                            .append(esc(failureText(c))).append("</failure>\n    </testcase>\n");
                    case SKIP -> x.append(">\n      <skipped message=\"").append(esc(c.detail())).append("\"/>\n    </testcase>\n");
                }
            }
            x.append("  </testsuite>\n");
        }
        return x.append("</testsuites>\n").toString();
    }

    private static String failureText(Cell c) {
        if (c.outcome() == null) return c.detail();
        return c.detail() + "\nexit status " + c.outcome().exitCode() + "\nstderr:\n" + c.outcome().err();
    }

    public static void write(SuiteResult result, Path file) {
        try {
            Files.writeString(file, render(result), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** XML-escapes text, dropping characters XML 1.0 cannot carry. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (ch >= 0x20 || ch == '\n' || ch == '\t' || ch == '\r') b.append(ch);
                    else b.append("\\x").append(String.format("%02x", (int) ch));
                }
            }
        }
        return b.toString();
    }
}
