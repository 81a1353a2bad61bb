// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.vm.AgentClient;
import dev.jlinux.vm.TraceDecoder;
import dev.jlinux.vm.VmException;
import dev.jlinux.vm.VmManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs programs in the VM (v2) for the suite and {@code compare}: one VM for the whole JVM (the one
 * {@code jlinux vm start} left running, else one booted on first use and stopped at exit), with the
 * host's files shared over 9P at their host paths, so a program runs in the case's own work directory
 * exactly as natively and under v1, and its file effects are measured on the host like theirs.
 */
final class VmTarget {
    private static VmManager.Session session;
    private static String unavailable;

    private VmTarget() {}

    /** Whether a VM can be had; the first call boots or attaches to it and mounts the host's files. */
    static synchronized boolean available() {
        if (session == null && unavailable == null) {
            try {
                VmManager.Session s = new VmManager(VmManager.defaultCache(System.getenv()), System.err).session();
                s.shareHost();
                session = s;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // the VM ends with the JVM anyway
                    }
                }, "jlinux-vm-session"));
            } catch (VmException | IOException e) {
                unavailable = e.getMessage();
                System.err.println("jlinux: the vm target is not available: " + unavailable);
            }
        }
        return session != null;
    }

    static synchronized Outcome run(Path cwd, byte[] stdin, List<String> argv, boolean trace) {
        if (!available()) throw new IllegalStateException("the vm target is not available: " + unavailable);
        long t0 = System.nanoTime();
        // Not normalized: execve's path (AT_EXECFN) is argv[0] as given.
        Path program = Path.of(argv.getFirst()).toAbsolutePath();
        AgentClient agent = session.agent();
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try {
            AgentClient.Outcome o = agent.run(program.toString(), argv, Runner.ENV, cwd.toAbsolutePath().toString(),
                    new ByteArrayInputStream(stdin), out, err, trace ? lines::add : null,
                    TraceDecoder.Pids.ALWAYS); // as strace -f -o FILE, natively
            int code = switch (o) {
                case AgentClient.Ended(boolean signaled, int value) -> signaled ? 128 + value : value;
                case AgentClient.NotStarted(int errno) -> {
                    Errno e = Errno.fromNumber(errno);
                    err.writeBytes((argv.getFirst() + ": " + (e == null ? "errno " + errno : e.message()) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                    yield e == Errno.ENOENT || e == Errno.ENOTDIR ? 127 : 126;
                }
            };
            return new Outcome(code, out.toByteArray(), err.toByteArray(), System.nanoTime() - t0, -1, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("the VM failed: " + e.getMessage(), e);
        }
    }
}
