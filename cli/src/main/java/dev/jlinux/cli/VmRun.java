// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.vm.AgentClient;
import dev.jlinux.vm.TraceDecoder;
import dev.jlinux.vm.VmException;
import dev.jlinux.vm.VmManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code jlinux run --mode vm}: the program runs in the VM (v2), which sees the host's files at their host paths. */
final class VmRun {
    private VmRun() {}

    /** Runs {@code program}; with {@code trace}, the agent's trace of it goes to stderr as strace lines. */
    static int run(String program, List<String> argv, List<String> env, boolean trace) {
        PrintStream err = System.err;
        Path host = Path.of(program).toAbsolutePath().normalize();
        if (!Files.exists(host)) {
            err.println("jlinux: " + program + ": " + Errno.ENOENT.message());
            return 127;
        }
        VmManager vms = new VmManager(VmManager.defaultCache(System.getenv()), err);
        try (VmManager.Session s = vms.session()) {
            AgentClient agent = s.agent();
            s.shareHost();
            AgentClient.Outcome o = agent.run(host.toString(), argv, env, Path.of("").toAbsolutePath().toString(),
                    System.in, System.out, System.err, trace ? err::println : null,
                    TraceDecoder.Pids.WHEN_SEVERAL);
            return switch (o) {
                case AgentClient.Ended(boolean signaled, int value) when signaled -> {
                    err.println(Signals.description(value));
                    yield 128 + value;
                }
                case AgentClient.Ended(boolean signaled, int value) -> value;
                case AgentClient.NotStarted(int errno) -> {
                    Errno e = Errno.fromNumber(errno);
                    String text = e == null ? "errno " + errno : e.message();
                    err.println("jlinux: " + program + ": " + (e == Errno.ENOEXEC ? "cannot execute binary file: " : "") + text);
                    yield e == Errno.ENOENT || e == Errno.ENOTDIR ? 127 : 126;
                }
            };
        } catch (VmException e) {
            err.println("jlinux: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("jlinux: the VM failed: " + e.getMessage());
            return 1;
        }
    }
}
