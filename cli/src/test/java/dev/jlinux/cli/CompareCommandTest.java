// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    static final Path BIN = Path.of(System.getProperty("jlinux.testbin", "../test-binaries/target/bin"));

    @Test
    void identicalRunsAgreeCallForCall(@TempDir Path dir) {
        Cli r = Cli.run("compare", "--workdir", dir.toString(),
                BIN.resolve("musl-static/hello").toAbsolutePath().toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^exit status +0 +0 *$")
                .containsPattern("syscall traces \\(native, translate\\): the same \\d+ calls and results")
                .endsWith("the modes agree\n");
    }

    @Test
    void aDifferenceShowsTheDiffAndTheFirstDivergingSyscall(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("x"), "x\n");
        Cli r = Cli.run("compare", "--workdir", dir.toString(), "/bin/busybox", "sh", "-c", "cat /proc/cpuinfo");
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("stdout (native → translate):", "--- stdout (native)", "+++ stdout (translate)")
                .containsPattern("syscall traces: first divergence at call \\d+ \\(native vs translate")
                .containsPattern("(?m)^ +\\d+ +native: +\\w+\\(.*\\) = ")
                .containsPattern("(?m)^ +translate: +\\w+\\(.*\\) = ")
                .endsWith("the modes differ\n");
    }

    @Test
    void fileEffectsAreCompared(@TempDir Path dir) {
        Cli r = Cli.run("compare", "--workdir", dir.toString(),
                BIN.resolve("glibc-static/fd_io").toAbsolutePath().toString());
        assertThat(r.out()).containsPattern("(?m)^file effects +1 paths +1 paths *$");
        assertThat(Files.exists(dir.resolve("fd_io.tmp"))).as("the original tree is untouched").isFalse();
    }

    @Test
    void theVmSeesTheWorkTreeAndItsChangesComeBack(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("in.txt"), "from the host\n");
        Cli r = Cli.run("compare", "--modes", "native,vm", "--workdir", dir.toString(), "/bin/busybox", "sh", "-c",
                "/bin/busybox cat in.txt; /bin/busybox cp in.txt out.txt; /bin/busybox rm in.txt");
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^stdout +1 line +1 line *$")
                .containsPattern("(?m)^file effects +2 paths +2 paths *$")
                .containsPattern("syscall traces \\(native, vm\\): the same \\d+ calls and results")
                .endsWith("the modes agree\n");
        assertThat(Files.readString(dir.resolve("in.txt"))).as("the original tree is untouched").isEqualTo("from the host\n");
    }

    @Test
    void unknownModeIsAUsageError() {
        Cli r = Cli.run("compare", "--modes", "native,warp", "/bin/true");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown mode 'warp'");
    }
}
