// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.translator.ExecFailure;
import dev.jlinux.translator.FsLayout;
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

    @Option(names = "--root", paramLabel = "DIR",
            description = "A host directory (a root filesystem) that becomes the guest's /; nothing outside it is"
                    + " reachable. Default: the host's /.")
    Path root;

    @Option(names = "--mount", paramLabel = "HOST:GUEST[:ro]",
            description = "Mount the host directory HOST on the guest directory GUEST (read-only with :ro). Repeatable.")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--tmpfs", paramLabel = "GUEST",
            description = "Mount an empty in-memory tmpfs on the guest directory GUEST. Repeatable.")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--memory-limit", paramLabel = "SIZE",
            description = "translate mode: the guest memory all processes of the run may map together (bytes, or a"
                    + " number with K, M, G or T); past it mmap, brk, mremap, stack growth and fork fail with ENOMEM."
                    + " Default: 8G, or the host's memory if less (the system property jlinux.memory.limit).")
    String memoryLimit;

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
        FsLayout layout;
        try {
            layout = layout();
            if (memoryLimit != null) Translator.setMemoryLimit(memoryLimit);
        } catch (IllegalArgumentException e) {
            err.println("jlinux: " + e.getMessage());
            return 2;
        }
        RunRequest req = new RunRequest(program, argv, environment(), Path.of("").toAbsolutePath(),
                Stdio.inherit(), trace ? err::println : null, layout);
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

    /** The guest's tree from --root, --mount and --tmpfs: the --mount binds in the order given, then the tmpfs mounts. */
    FsLayout layout() {
        List<FsLayout.GuestMount> list = new ArrayList<>();
        for (String m : mounts) {
            String[] f = m.split(":", -1);
            boolean ro = f.length == 3 && f[2].equals("ro");
            if (f.length < 2 || f.length > 3 || (f.length == 3 && !ro) || f[0].isEmpty() || !f[1].startsWith("/")) {
                throw new IllegalArgumentException("--mount wants HOST:GUEST or HOST:GUEST:ro with an absolute GUEST, not '"
                        + m + "'");
            }
            list.add(new FsLayout.GuestMount.Bind(existing("--mount", Path.of(f[0])), f[1], ro));
        }
        for (String t : tmpfs) {
            if (!t.startsWith("/")) throw new IllegalArgumentException("--tmpfs wants an absolute guest path, not '" + t + "'");
            list.add(new FsLayout.GuestMount.Tmpfs(t));
        }
        return new FsLayout(root != null ? existing("--root", root) : FsLayout.HOST.root(), list);
    }

    /** A host path an option names must exist: a usage error (status 2), not a missing program's 127. */
    private static Path existing(String option, Path host) {
        if (!Files.exists(host)) {
            throw new IllegalArgumentException(option + ": " + host + ": " + Errno.ENOENT.message());
        }
        return host;
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
