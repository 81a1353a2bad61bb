// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import dev.jlinux.translator.ExecFailure;
import dev.jlinux.translator.RunRequest;
import dev.jlinux.translator.RunResult;
import dev.jlinux.translator.Stdio;
import dev.jlinux.translator.Translator;
import dev.jlinux.translator.cpu.CpuException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one program invocation on a {@link Target} with the same argv, environment, cwd and stdin,
 * and records what it did. The caller never needs to know which target it asked for.
 */
public final class Runner {
    /** The environment every run gets, in this order (the native one gets the same variables). */
    public static final List<String> ENV = List.of("PATH=/usr/bin:/bin", "HOME=/root", "LC_ALL=C", "TZ=UTC",
            "JLINUX_TEST=1");

    private Runner() {}

    public static Outcome run(Target target, Path cwd, byte[] stdin, List<String> argv) {
        return switch (target) {
            case NATIVE -> runNative(cwd, stdin, argv);
            case TRANSLATE -> runTranslated(cwd, stdin, argv);
        };
    }

    private static Outcome runNative(Path cwd, byte[] stdin, List<String> argv) {
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        for (String kv : ENV) {
            int eq = kv.indexOf('=');
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        try {
            Process p = pb.start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (var in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException ignored) {
                // the program did not read all of its input
            }
            int code = p.waitFor();
            return new Outcome(code, out.join(), err.join(), System.nanoTime() - t0);
        } catch (IOException e) {
            String msg = argv.get(0) + ": " + e.getMessage();
            return new Outcome(127, new byte[0], msg.getBytes(StandardCharsets.UTF_8), System.nanoTime() - t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Outcome runTranslated(Path cwd, byte[] stdin, List<String> argv) {
        long t0 = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Stdio io = Stdio.of(Channels.newChannel(new ByteArrayInputStream(stdin)), Channels.newChannel(out),
                Channels.newChannel(err));
        try {
            RunResult r = Translator.run(new RunRequest(argv.get(0), argv, ENV, cwd, io, null));
            return new Outcome(r.exitCode(), out.toByteArray(), err.toByteArray(), System.nanoTime() - t0);
        } catch (ExecFailure e) {
            return new Outcome(e.exitCode(), out.toByteArray(), e.userMessage().getBytes(StandardCharsets.UTF_8),
                    System.nanoTime() - t0);
        } catch (CpuException e) {
            throw new IllegalStateException("the CPU emulator is not usable: " + e.getMessage(), e);
        }
    }
}
