// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExpectationsTest {
    static final Expectations E = Expectations.parse("""
            # comment
            [*/prog] the emulator cannot do b
            b works
            """);

    static Outcome run(int exit, String out) {
        return new Outcome(exit, out.getBytes(StandardCharsets.UTF_8), new byte[0], 0);
    }

    @Test
    void identicalRunsAreTheSame() {
        assertThat(E.compare("v/other", run(0, "ok 1 - a\n"), run(0, "ok 1 - a\n")))
                .isInstanceOf(Expectations.Verdict.Same.class);
    }

    @Test
    void listedFailureIsKnownWithItsReason() {
        Expectations.Verdict v = E.compare("v/prog", run(0, "ok 1 - a\nok 2 - b works\n# 2 passed, 0 failed\n"),
                run(1, "ok 1 - a\nnot ok 2 - b works: got 1, expected 2\n# 1 passed, 1 failed\n"));
        assertThat(v).isEqualTo(new Expectations.Verdict.Known(java.util.List.of("b works"),
                java.util.Set.of("the emulator cannot do b")));
    }

    @Test
    void unlistedFailureDiffers() {
        assertThat(E.compare("v/prog", run(0, "ok 1 - a\nok 2 - b works\n"), run(2, "not ok 1 - a\nnot ok 2 - b works\n")))
                .isInstanceOf(Expectations.Verdict.Differs.class);
        assertThat(E.compare("v/other", run(0, "ok 2 - b works\n"), run(1, "not ok 2 - b works\n")))
                .as("the glob does not match").isInstanceOf(Expectations.Verdict.Differs.class);
    }

    @Test
    void expectedFailureThatPassesIsReported() {
        assertThat(E.compare("v/prog", run(0, "ok 2 - b works\n"), run(0, "ok 2 - b works\n")))
                .isInstanceOfSatisfying(Expectations.Verdict.Differs.class,
                        d -> assertThat(d.explanation()).contains("did not").contains("b works"));
    }

    @Test
    void summaryLineMustCountTheKnownFailures() {
        assertThat(E.compare("v/prog", run(0, "ok 2 - b works\n# 1 passed, 0 failed\n"),
                run(1, "not ok 2 - b works\n# 1 passed, 0 failed\n"))).isInstanceOf(Expectations.Verdict.Differs.class);
    }

    @Test
    void exitStatusMustCountTheKnownFailures() {
        assertThat(E.compare("v/prog", run(0, "ok 2 - b works\n"), run(0, "not ok 2 - b works\n")))
                .isInstanceOf(Expectations.Verdict.Differs.class);
    }

    @Test
    void wholeStdoutMayDifferWhenListedButNotTheExitStatus() {
        Expectations e = Expectations.parse("[busybox ls *] another directory order\n(stdout)\n");
        assertThat(e.compare("busybox ls -1", run(0, "a\nb\n"), run(0, "b\na\n"))).isEqualTo(
                new Expectations.Verdict.Known(java.util.List.of("(stdout)"), java.util.Set.of("another directory order")));
        assertThat(e.compare("busybox ls -1", run(0, "a\nb\n"), run(1, "b\na\n")))
                .isInstanceOf(Expectations.Verdict.Differs.class);
        assertThat(e.compare("busybox ls -1", run(0, "a\n"), run(0, "a\n")))
                .isInstanceOfSatisfying(Expectations.Verdict.Differs.class,
                        d -> assertThat(d.explanation()).contains("did not"));
    }

    @Test
    void translateExpectationsParseAndEveryEntryHasAReason() {
        assertThat(Expectations.of(Target.TRANSLATE)).isNotNull();
        assertThat(Expectations.of(Target.VM)).isNotNull();
        assertThatThrownBy(() -> Expectations.parse("[*/x]\nfoo\n")).hasMessageContaining("reason");
        assertThatThrownBy(() -> Expectations.parse("foo\n")).hasMessageContaining("no section");
    }
}
