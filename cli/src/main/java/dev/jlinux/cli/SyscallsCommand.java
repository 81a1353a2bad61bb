// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import dev.jlinux.syscalls.Support;
import dev.jlinux.syscalls.SyscallTable;
import dev.jlinux.translator.Translator;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jlinux syscalls}: the v1 support table. */
@Command(name = "syscalls", description = "List every x86-64 syscall and how the translator supports it.")
final class SyscallsCommand implements Callable<Integer> {
    @Option(names = "--implemented", description = "Only rows that are not missing.")
    boolean implemented;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        int supported = 0, partial = 0, error = 0, missing = 0;
        out.printf("%-4s %-24s %-10s %s%n", "NR", "NAME", "SUPPORT", "NOTE");
        for (SyscallTable.Row<?> r : Translator.syscallTable().rows()) {
            switch (r.support()) {
                case Support.Supported s -> supported++;
                case Support.Partial p -> partial++;
                case Support.Error e -> error++;
                case Support.Missing m -> missing++;
            }
            if (implemented && r.support() instanceof Support.Missing) continue;
            out.printf("%-4d %-24s %-10s %s%n", r.number(), r.name(), r.support().label(), r.support().explanation());
        }
        out.printf("%d supported, %d partial, %d error, %d missing (ENOSYS)%n", supported, partial, error, missing);
        return 0;
    }
}
