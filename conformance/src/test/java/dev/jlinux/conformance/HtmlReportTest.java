// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The HTML report renders in a real browser: headless Chromium (Debian's chromium, installed by
 * ./run-tests) loads it, runs its script, and the DOM it dumps has the matrix with a row per test and a
 * badge per target. A screenshot is left in target/conformance/report-test.png for people to look at.
 */
class HtmlReportTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path BIN = Path.of(System.getProperty("jlinux.testbin", "../test-binaries/target/bin"));

    @Test
    void chromiumRendersTheMatrix() throws Exception {
        assertThat(CHROMIUM).as("chromium (./run-tests installs Debian's chromium)").isExecutable();
        SuiteRunner runner = new SuiteRunner(List.of(Target.NATIVE, Target.TRANSLATE));
        List<TestCase> cases = Suite.all(BIN).stream()
                .filter(c -> c.id().equals("musl-static/hello") || c.id().equals("busybox echo hello, world")
                        || c.id().equals("musl-static/x87_libm"))
                .toList();
        assertThat(cases).hasSize(3);
        SuiteResult result = runner.run(cases, r -> {});
        List<HtmlReport.BenchRow> bench = BenchTable.parse(List.of("workload\tunit\tnative\tqemu-user\ttranslate",
                "getppid loop\tns/call\t66\t198\t196"));
        Path dir = Files.createDirectories(Path.of("target/conformance"));
        Path html = dir.resolve("report-test.html");
        HtmlReport.write(result, bench, html);

        String dom = chromium("--dump-dom", html.toUri().toString());
        assertThat(dom).contains("<table id=\"matrix\">")
                .contains("<p class=\"summary\" id=\"summary\">6 passed, 0 failed</p>")
                .contains("<table id=\"bench\">");
        assertThat(dom.split("<tr class=\"case\"", -1)).as("one row per test").hasSize(4);
        assertThat(dom).containsPattern("musl-static/x87_libm</td><td><span class=\"badge pass\"[^>]*>pass</span></td>"
                + "<td><span class=\"badge known\"");
        chromium("--window-size=1200,800", "--screenshot=" + dir.resolve("report-test.png").toAbsolutePath(),
                html.toUri().toString());
        assertThat(dir.resolve("report-test.png")).isNotEmptyFile();
    }

    private static String chromium(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--user-data-dir="
                        + Files.createTempDirectory("jlinux-chromium")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as("chromium's exit status").isZero();
        return out;
    }
}
