// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import dev.jlinux.syscalls.Support;
import dev.jlinux.translator.Translator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance suite in the build: every test program (all variants) and every busybox case,
 * natively, under v1 and in the VM (v2, one VM for the whole suite), one JUnit test each. A test fails when a target's run differs from native
 * in a way its expectations file does not list, or when the native run itself fails (a broken
 * test program). Afterwards the terminal summary line, JUnit XML and the HTML report are written to
 * target/conformance/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConformanceSuiteTest {
    static final Path BIN = Path.of(System.getProperty("jlinux.testbin", "../test-binaries/target/bin"));
    static final Path OUT = Path.of("target/conformance");
    static final SuiteRunner RUNNER = new SuiteRunner(List.of(Target.NATIVE, Target.TRANSLATE, Target.VM));
    static final List<CaseResult> RESULTS = Collections.synchronizedList(new ArrayList<>());
    static long started = System.nanoTime();

    static final Path COVERAGE = Path.of("src/main/resources/dev/jlinux/conformance", Coverage.RESOURCE);
    static final Path DOCS = Path.of("../docs/syscalls.md");
    static int total;

    @TestFactory
    @Order(1)
    Stream<DynamicTest> suite() {
        List<TestCase> cases = Suite.all(BIN);
        total = cases.size();
        assertThat(Suite.testBinaries(BIN)).as("test programs").isNotEmpty();
        assertThat(Suite.busybox()).as("busybox cases").isNotEmpty();
        started = System.nanoTime();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            CaseResult r = RUNNER.run(c);
            RESULTS.add(r);
            System.out.println(ProgressLine.format(r, RESULTS.size(), cases.size()));
            for (Cell cell : r.cells().values()) {
                assertThat(cell.status()).as("%s on %s: %s", c.id(), cell.target().label(), cell.detail())
                        .isNotEqualTo(Cell.Status.FAIL);
            }
        }));
    }

    /**
     * Every supported row is exercised by some case; the committed coverage names the same syscalls
     * as this run's; docs/syscalls.md is what the table and the committed coverage render to
     * ({@code -Djlinux.regenerate=true} rewrites both). Which cases call a syscall may differ between
     * runs where processes race, so only the set of exercised syscalls must match.
     */
    @Test
    @Order(2)
    void coverageAndDocsAreCurrent() throws IOException {
        assumeTrue(RESULTS.size() == total, "the whole suite ran");
        Coverage coverage = Coverage.of(RESULTS);
        List<String> untested = Translator.syscallTable().rows().stream()
                .filter(r -> r.support() instanceof Support.Supported && coverage.cases(r.name()).isEmpty())
                .map(r -> r.name()).toList();
        assertThat(untested).as("supported syscalls that no test program or real-program case exercises").isEmpty();
        if (Boolean.getBoolean("jlinux.regenerate")) {
            Files.writeString(COVERAGE, coverage.render(), StandardCharsets.UTF_8);
            Files.writeString(DOCS, SyscallDocs.render(Translator.syscallTable(), coverage), StandardCharsets.UTF_8);
        }
        Coverage committed = Coverage.parse(Files.exists(COVERAGE) ? Files.readString(COVERAGE) : "");
        assertThat(committed.syscalls()).as("the syscalls %s says the suite exercises: run ./run-tests "
                + "-Djlinux.regenerate=true", COVERAGE).containsExactlyInAnyOrderElementsOf(coverage.syscalls());
        assertThat(Files.exists(DOCS) ? Files.readString(DOCS) : "")
                .as("%s is out of date: run ./run-tests -Djlinux.regenerate=true", DOCS)
                .isEqualTo(SyscallDocs.render(Translator.syscallTable(), committed));
    }

    @AfterAll
    static void writeReports() throws IOException {
        if (RESULTS.isEmpty()) return;
        SuiteResult result = new SuiteResult(RUNNER.targets(), RESULTS, System.nanoTime() - started);
        Files.createDirectories(OUT);
        JUnitXmlReport.write(result, OUT.resolve("junit.xml"));
        HtmlReport.write(result, List.of(), OUT.resolve("report.html"));
        StringBuilder summary = new StringBuilder();
        for (Target t : result.targets()) summary.append(t.label()).append(": ").append(result.totals(t).line()).append('\n');
        summary.append(result.totals().line()).append('\n');
        Files.writeString(OUT.resolve("summary.txt"), summary, StandardCharsets.UTF_8);
        System.out.print(summary);
    }
}
