// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import dev.jlinux.conformance.BenchTable;
import dev.jlinux.conformance.CaseResult;
import dev.jlinux.conformance.HtmlReport;
import dev.jlinux.conformance.JUnitXmlReport;
import dev.jlinux.conformance.ProgressLine;
import dev.jlinux.conformance.Suite;
import dev.jlinux.conformance.SuiteResult;
import dev.jlinux.conformance.SuiteRunner;
import dev.jlinux.conformance.Target;
import dev.jlinux.conformance.TestCase;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jlinux conformance}: the suite over native and the jlinux backends, with reports. */
@Command(name = "conformance", sortOptions = false,
        description = {"Run every test program and real-program case natively (the oracle) and in each mode; print a "
                + "line per test and a summary, and write the HTML report and JUnit XML.",
            "Exit status: 0 when every result matches native or its expectation, 1 otherwise."})
final class ConformanceCommand implements Callable<Integer> {
    @Option(names = "--modes", defaultValue = "native,translate", split = ",", paramLabel = "MODE[,MODE...]",
            converter = ModeConverter.class, description = "The columns: native, translate, vm (native is always run: it is the oracle).")
    List<Target> modes;

    @Option(names = "--testbin", paramLabel = "DIR",
            description = "The built test programs (default: test-binaries/target/bin of this jlinux).")
    Path testbin;

    @Option(names = "--report", defaultValue = "jlinux-report", paramLabel = "DIR",
            description = "Where report.html and junit.xml go (default: ./jlinux-report).")
    Path report;

    @Option(names = "--bench", paramLabel = "FILE", description = "A benchmark table (scripts/bench --tsv) to chart in the report.")
    Path bench;

    @Option(names = "--filter", paramLabel = "TEXT", description = "Only the tests whose name contains TEXT.")
    String filter;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        Path bin = testbin != null ? testbin : Path.of(System.getProperty("jlinux.root", "."), "test-binaries/target/bin");
        List<TestCase> cases;
        try {
            cases = Suite.all(bin);
        } catch (UncheckedIOException e) {
            System.err.println("jlinux conformance: " + e.getMessage());
            return 2;
        }
        if (filter != null) cases = cases.stream().filter(c -> c.id().contains(filter)).toList();
        List<HtmlReport.BenchRow> benchRows = bench == null ? List.of() : BenchTable.read(bench);
        SuiteRunner runner = new SuiteRunner(modes);
        int total = cases.size();
        int[] done = {0};
        SuiteResult result = runner.run(cases, (CaseResult r) -> out.println(ProgressLine.format(r, ++done[0], total)));
        Files.createDirectories(report);
        HtmlReport.write(result, benchRows, report.resolve("report.html"));
        JUnitXmlReport.write(result, report.resolve("junit.xml"));
        out.println();
        for (Target t : result.targets()) out.println(t.label() + ": " + result.totals(t).line());
        out.println("report: " + report.resolve("report.html").toAbsolutePath());
        out.println(result.totals().line());
        return result.anyFailed() ? 1 : 0;
    }
}
