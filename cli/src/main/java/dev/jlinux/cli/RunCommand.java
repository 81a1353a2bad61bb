// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import dev.jlinux.translator.ExecFailure;
import dev.jlinux.translator.RunRequest;
import dev.jlinux.translator.RunResult;
import dev.jlinux.translator.Stdio;
import dev.jlinux.translator.Translator;
import dev.jlinux.translator.cpu.CpuException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jlinux run [--trace] PROGRAM [ARGS...]}. */
@Command(name = "run", description = "Run a static Linux x86-64 program under the translator (v1) or in the VM (v2).",
        sortOptions = false)
final class RunCommand implements Callable<Integer> {
    @Option(names = "--trace", description = "Print each syscall on stderr, decoded, as strace does.")
    boolean trace;

    @Option(names = "--mode", defaultValue = "translate", paramLabel = "MODE",
            description = "Backend: translate (v1), or vm (v2: a Linux kernel under QEMU, which sees the host's"
                    + " files at their host paths over 9P).")
    String mode;

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The ELF executable to run.")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Its arguments.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        PrintStream err = System.err;
        List<String> argv = new ArrayList<>();
        argv.add(program);
        argv.addAll(args);
        if (mode.equals("vm")) return VmRun.run(program, argv, environment(), trace);
        if (!mode.equals("translate")) {
            err.println("jlinux: unknown mode '" + mode + "' (available: translate, vm)");
            return 2;
        }
        RunRequest req = new RunRequest(program, argv, environment(), Path.of("").toAbsolutePath(),
                Stdio.inherit(), trace ? err::println : null);
        try {
            RunResult r = Translator.run(req);
            if (r.killed()) {
                if (trace) err.println("+++ killed by " + Signals.name(r.signal()) + " +++");
                err.println(Signals.description(r.signal()));
                if (r.jlinuxBug()) {
                    err.println("jlinux: internal error, the guest was stopped: " + r.detail());
                } else if (System.getenv("JLINUX_DEBUG") != null && r.detail() != null) {
                    err.println("jlinux: " + r.detail());
                }
            } else if (trace) {
                err.println("+++ exited with " + r.exitCode() + " +++");
            }
            return r.exitCode();
        } catch (ExecFailure e) {
            err.println(e.userMessage());
            return e.exitCode();
        } catch (CpuException e) {
            err.println("jlinux: " + e.getMessage());
            return 1;
        }
    }

    /** The environment in the order the host process received it (Linux's /proc/self/environ), else the JVM's map. */
    static List<String> environment() {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/self/environ"));
            List<String> env = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    if (i > start) env.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return env;
        } catch (IOException | RuntimeException e) {
            List<String> env = new ArrayList<>();
            for (Map.Entry<String, String> v : System.getenv().entrySet()) env.add(v.getKey() + "=" + v.getValue());
            return env;
        }
    }
}
