// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jlinux}: run and study Linux x86-64 binaries from Java. */
@Command(name = "jlinux", mixinStandardHelpOptions = true, version = "jlinux 0.1.0",
        description = "Runs unmodified Linux x86-64 ELF binaries on the JVM.",
        subcommands = {RunCommand.class, CompareCommand.class, ConformanceCommand.class, VmCommand.class,
            SyscallsCommand.class, ExplainCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status (for tests and embedding). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // Everything after PROGRAM belongs to the guest: "run /bin/ls -l" must not parse -l.
        cl.setStopAtPositional(true);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("jlinux: internal error: " + ex);
            return 70; // EX_SOFTWARE
        });
        return cl.execute(args);
    }
}
