// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import dev.jlinux.conformance.Coverage;
import dev.jlinux.syscalls.Support;
import dev.jlinux.syscalls.SyscallTable;
import dev.jlinux.translator.Translator;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jlinux syscalls}: the v1 support table, with the conformance cases exercising each row. */
@Command(name = "syscalls", description = "List every x86-64 syscall, how the translator supports it, and which "
        + "conformance cases exercise it (docs/syscalls.md holds the same table).")
final class SyscallsCommand implements Callable<Integer> {
    @Option(names = "--implemented", description = "Only rows that are not missing.")
    boolean implemented;

    @Option(names = "--tests", description = "List every exercising case, one row per line after the note.")
    boolean allTests;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        Coverage coverage = Coverage.committed();
        int supported = 0, partial = 0, error = 0, missing = 0;
        out.printf("%-4s %-24s %-10s %s%n", "NR", "NAME", "SUPPORT", "NOTE / TESTS");
        for (SyscallTable.Row<?> r : Translator.syscallTable().rows()) {
            switch (r.support()) {
                case Support.Supported s -> supported++;
                case Support.Partial p -> partial++;
                case Support.Error e -> error++;
                case Support.Missing m -> missing++;
            }
            if (implemented && r.support() instanceof Support.Missing) continue;
            out.printf("%-4d %-24s %-10s %s%n", r.number(), r.name(), r.support().label(), r.support().explanation());
            if (r.support() instanceof Support.Missing) continue;
            String tests = allTests ? String.join(", ", coverage.cases(r.name())) : coverage.summary(r.name(), 3);
            out.printf("%-40s tests: %s%n", "", tests.isEmpty() ? "none" : tests);
        }
        out.printf("%d supported, %d partial, %d error, %d missing (ENOSYS)%n", supported, partial, error, missing);
        return 0;
    }
}
