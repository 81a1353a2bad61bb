// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The VM's traces (the guest agent's ptrace records, decoded by v1's formatter) against strace's
 * natively: the same calls with the same results, call for call, and the same decoded text where
 * nothing volatile (addresses, ids, times) is printed.
 */
class VmTraceTest {
    static final Path BIN = Path.of(System.getProperty("jlinux.testbin", "../test-binaries/target/bin"));

    @TempDir
    Path work;

    private Trace traced(Target target, Path program) {
        Fixture.populate(work);
        try {
            Outcome o = Runner.run(target, work, new byte[0], List.of(program.toString()), true);
            return Trace.parse(o.trace(), target == Target.NATIVE);
        } finally {
            WorkTree.deleteContents(work);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"musl-static/hello", "glibc-static/args_env", "glibc-static/fd_io", "glibc-static-pie/file_read"})
    void sameCallsAndResultsAsStrace(String name) {
        Path program = BIN.resolve(name).toAbsolutePath();
        Trace nat = traced(Target.NATIVE, program);
        Trace vm = traced(Target.VM, program);
        assertThat(nat.calls()).as("native trace (strace installed?)").isNotEmpty();
        assertThat(Trace.firstDivergence(nat, vm, 4)).as(Trace.describeDivergence("native", nat, "vm", vm, 4)).isEmpty();
    }

    @Test
    void decodedArgumentsReadAsStraceDoes() {
        Path program = BIN.resolve("glibc-static/fd_io").toAbsolutePath();
        List<String> nat = traced(Target.NATIVE, program).mainProcess().calls().stream().map(Trace.Call::line).toList();
        List<String> vm = traced(Target.VM, program).mainProcess().calls().stream().map(Trace.Call::line).toList();
        assertThat(vm).contains("openat(AT_FDCWD, \"fd_io.tmp\", O_RDWR|O_CREAT|O_TRUNC, 0600) = 3",
                "pwrite64(3, \"hello, world\", 12, 100) = 12", "pread64(3, \"world\", 5, 107) = 5");
        assertThat(nat).contains("openat(AT_FDCWD, \"fd_io.tmp\", O_RDWR|O_CREAT|O_TRUNC, 0600) = 3",
                "pwrite64(3, \"hello, world\", 12, 100) = 12", "pread64(3, \"world\", 5, 107) = 5");
        assertThat(Files.exists(work.resolve("fd_io.tmp"))).isFalse();
    }
}
