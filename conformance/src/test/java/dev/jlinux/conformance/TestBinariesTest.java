// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every program test-binaries built (test-binaries/target/bin/index.txt), in every variant: run
 * natively (the oracle) and under the translator with the same argv, environment, cwd and stdin;
 * stdout and the exit status must be identical, or differ only as the backend's expectations file says. The programs check themselves (TAP lines, exit
 * status = failures), so a native run that fails is a broken test program, and is reported as such.
 */
class TestBinariesTest {
    static final Path BIN = Path.of(System.getProperty("jlinux.testbin", "../test-binaries/target/bin"));
    static final Expectations EXPECTATIONS = Expectations.of(Target.TRANSLATE);
    static Path dir;

    /** Extra arguments per program (after argv[0]); the cwd is the fixture directory. */
    static final Map<String, List<String>> ARGS = Map.of(
            "args_env", List.of("one", "two words", "ünïcödé", ""),
            "file_read", List.of("lorem.txt", "sub"));

    /** Exit statuses other than 0 that a program is expected to end with (natively too). */
    static final Map<String, Integer> EXPECTED_STATUS = Map.of("exit_code", 42, "segv", 139, "hlt", 139);

    @BeforeAll
    static void setUp() {
        dir = Fixture.create();
    }

    static List<String> binaries() {
        try {
            return Files.readAllLines(BIN.resolve("index.txt"), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("test-binaries not built (mvn builds them before this module)", e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaries")
    void sameAsNative(String relative) {
        Path exe = BIN.resolve(relative).toAbsolutePath();
        String program = exe.getFileName().toString();
        List<String> argv = new ArrayList<>();
        argv.add(exe.toString());
        argv.addAll(ARGS.getOrDefault(program, List.of()));
        Outcome nat = Runner.run(Target.NATIVE, dir, new byte[0], argv);
        int expected = EXPECTED_STATUS.getOrDefault(program, 0);
        assertThat(nat.exitCode()).as("native run of %s (a broken test program): %s%n%s", relative, nat.summary(),
                nat.out()).isEqualTo(expected);
        Outcome v1 = Runner.run(Target.TRANSLATE, dir, new byte[0], argv);
        Expectations.Verdict verdict = EXPECTATIONS.compare(relative, nat, v1);
        assertThat(verdict).as("%s under v1 vs native", relative).isNotInstanceOf(Expectations.Verdict.Differs.class);
    }
}
