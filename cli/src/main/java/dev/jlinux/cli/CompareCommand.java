// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import dev.jlinux.conformance.Compare;
import dev.jlinux.conformance.Runner;
import dev.jlinux.conformance.Target;
import dev.jlinux.conformance.WorkTree;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jlinux compare [--modes native,translate,vm] PROGRAM [ARGS...]}. */
@Command(name = "compare", sortOptions = false,
        description = {"Run a program natively and under jlinux, each from an identical copy of the work directory, "
                + "and show side by side: exit status, stdout/stderr diffs, file effects, times, and the first call "
                + "where the syscall traces diverge.",
            "Exit status: 0 when the modes agree, 1 when they differ, 2 on a usage error."})
final class CompareCommand implements Callable<Integer> {
    private static final long MAX_FILES = 20_000;
    private static final long MAX_BYTES = 512L << 20;

    @Option(names = "--modes", defaultValue = "native,translate", split = ",", paramLabel = "MODE[,MODE...]",
            converter = ModeConverter.class,
            description = "Which modes to run (native, translate, vm), the first being the reference (default: native,translate).")
    List<Target> modes;

    @Option(names = "--workdir", defaultValue = ".", paramLabel = "DIR",
            description = "The tree each mode gets a fresh copy of, and runs in (default: the current directory).")
    Path workDir;

    @Option(names = "--stdin", paramLabel = "FILE", description = "Feed FILE to the program's stdin (default: nothing).")
    Path stdin;

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The program (looked up in PATH without a '/').")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Its arguments.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintStream err = System.err;
        List<Target> targets = modes.stream().distinct().toList();
        for (Target t : targets) {
            if (!Runner.available(t)) {
                err.println("jlinux compare: mode " + t.label() + " is not available on this machine");
                return 2;
            }
        }
        if (targets.size() < 2) {
            err.println("jlinux compare: give at least two modes");
            return 2;
        }
        Path dir = workDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            err.println("jlinux compare: " + workDir + ": not a directory");
            return 2;
        }
        long[] size = WorkTree.measure(dir, MAX_FILES, MAX_BYTES);
        if (size[0] > MAX_FILES || size[1] > MAX_BYTES) {
            err.println("jlinux compare: " + dir + " is too big to copy for every mode (more than " + MAX_FILES
                    + " files or " + (MAX_BYTES >> 20) + " MiB); choose a smaller tree with --workdir");
            return 2;
        }
        String exe = resolve(program);
        if (exe == null) {
            err.println("jlinux compare: " + program + ": command not found");
            return 2;
        }
        List<String> argv = new ArrayList<>();
        argv.add(exe);
        argv.addAll(args);
        byte[] in = stdin == null ? new byte[0] : Files.readAllBytes(stdin);
        err.println("jlinux compare: running in " + String.join(", ", targets.stream().map(Target::label).toList())
                + " (each twice: once for results and times, once traced) ...");
        Compare.Result r = Compare.run(targets, dir, argv, in);
        System.out.print(Compare.render(r));
        return r.agree() ? 0 : 1;
    }

    /** A name without '/' is looked up in PATH, as a shell does; other paths are kept as typed. */
    private static String resolve(String name) {
        if (name.contains("/")) return name;
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String d : path.split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p.toAbsolutePath().toString();
        }
        return null;
    }
}
