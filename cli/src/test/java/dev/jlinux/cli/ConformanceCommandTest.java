// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceCommandTest {
    static final String BIN = System.getProperty("jlinux.testbin", "../test-binaries/target/bin");

    @Test
    void filteredSuitePrintsProgressSummaryAndWritesReports(@TempDir Path report) throws Exception {
        Cli r = Cli.run("conformance", "--testbin", BIN, "--filter", "hello", "--report", report.toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^\\[ ?1/\\d+\\] ok +\\S*hello")
                .containsPattern("(?m)^native: \\d+ passed, 0 failed$")
                .containsPattern("(?m)^translate: \\d+ passed, 0 failed$")
                .containsPattern("\\n\\d+ passed, 0 failed\\n$");
        assertThat(Files.readString(report.resolve("report.html"))).contains("<table id=\"matrix\">");
        assertThat(Files.readString(report.resolve("junit.xml"))).contains("<testsuite name=\"conformance.translate\"");
    }

    @Test
    void missingTestProgramsAreAUsageError(@TempDir Path empty) {
        Cli r = Cli.run("conformance", "--testbin", empty.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("the test programs are not built");
    }
}
