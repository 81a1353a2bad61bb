// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The suite's judge on cases whose answers are known: it must see a real difference, and file effects. */
class SuiteRunnerTest {
    final SuiteRunner runner = new SuiteRunner(List.of(Target.TRANSLATE));

    @Test
    void aDifferenceFailsWithTheFirstDivergingSyscall() {
        // v1's /proc/cpuinfo describes the CPU the guest sees, not the host's.
        TestCase c = new TestCase("cpuinfo", "test", List.of(Suite.BUSYBOX.toString(), "cat", "/proc/cpuinfo"),
                new byte[0], -1);
        CaseResult r = runner.run(c);
        assertThat(r.cells().get(Target.NATIVE).status()).isEqualTo(Cell.Status.PASS);
        Cell v1 = r.cells().get(Target.TRANSLATE);
        assertThat(v1.status()).isEqualTo(Cell.Status.FAIL);
        assertThat(v1.detail()).startsWith("stdout");
        assertThat(v1.traceDivergence()).contains("first divergence at call").contains("native:").contains("translate:");
    }

    @Test
    void fileEffectsAreRecordedPerTarget() {
        TestCase c = new TestCase("mkfile", "test", List.of(Suite.BUSYBOX.toString(), "cp", "words.txt", "copy.txt"),
                new byte[0], 0);
        CaseResult r = runner.run(c);
        for (Cell cell : r.cells().values()) {
            assertThat(cell.effects()).extracting(Object::toString).singleElement().asString().startsWith("+ copy.txt (");
        }
    }
}
