// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import dev.jlinux.syscalls.Resource;
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
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
    private static final Path STRACE = Path.of("/usr/bin/strace");
    /** coreutils' env (9.0 or later for --default-signal). */
    private static final Path ENV_PROGRAM = Path.of("/usr/bin/env");

    private Runner() {}

    public static Outcome run(Target target, Path cwd, byte[] stdin, List<String> argv) {
        return run(target, cwd, stdin, argv, false);
    }

    /**
     * Whether {@code target} can run here (native needs Linux x86-64; traced native runs need strace;
     * vm needs a VM, which the first call boots or attaches to).
     */
    public static boolean available(Target target) {
        return switch (target) {
            case NATIVE -> System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64");
            case TRANSLATE -> true;
            case VM -> VmTarget.available();
        };
    }

    /**
     * Runs once; with {@code trace}, also records the syscalls (strace natively, the dispatcher's tracer
     * in v1, the guest agent's tracer in the VM).
     */
    public static Outcome run(Target target, Path cwd, byte[] stdin, List<String> argv, boolean trace) {
        return switch (target) {
            case NATIVE -> runNative(cwd, stdin, argv, trace);
            case TRANSLATE -> runTranslated(cwd, stdin, argv, trace);
            case VM -> VmTarget.run(cwd, stdin, argv, trace);
        };
    }

    private static Outcome runNative(Path cwd, byte[] stdin, List<String> argv, boolean trace) {
        Path traceFile = null;
        // Every signal at its default disposition, as jlinux starts its guests: a JVM started with
        // SIGINT ignored (a background job of a script) would otherwise pass that on (exec keeps
        // ignored signals), and a shell could not trap it natively.
        List<String> command = new ArrayList<>(List.of(ENV_PROGRAM.toString(), "--default-signal"));
        try {
            if (trace && Files.isExecutable(STRACE)) {
                traceFile = Files.createTempFile("jlinux-strace", ".txt");
                command.addAll(List.of(STRACE.toString(), "-f", "-q", "-o", traceFile.toString(), "--"));
            }
            command.addAll(argv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long cpu0 = childrenCpuNanos();
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
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
            long wall = System.nanoTime() - t0;
            long cpu = trace ? -1 : childrenCpuNanos() - cpu0;
            List<String> lines = traceFile == null ? List.of() : Files.readAllLines(traceFile, StandardCharsets.UTF_8);
            return new Outcome(code, out.join(), err.join(), wall, cpu, lines);
        } catch (IOException e) {
            String msg = argv.get(0) + ": " + e.getMessage();
            return new Outcome(127, new byte[0], msg.getBytes(StandardCharsets.UTF_8), System.nanoTime() - t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (traceFile != null) {
                try {
                    Files.deleteIfExists(traceFile);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Outcome runTranslated(Path cwd, byte[] stdin, List<String> argv, boolean trace) {
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Stdio io = Stdio.of(Channels.newChannel(new ByteArrayInputStream(stdin)), Channels.newChannel(out),
                Channels.newChannel(err));
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try {
            RunResult r = Translator.run(new RunRequest(argv.get(0), argv, ENV, cwd, io, trace ? lines::add : null));
            if (trace) lines.add(r.killed() ? "+++ killed by signal " + r.signal() + " +++" : "+++ exited with " + r.exitCode() + " +++");
            return new Outcome(r.exitCode(), out.toByteArray(), err.toByteArray(), System.nanoTime() - t0,
                    processCpuNanos() - cpu0, lines);
        } catch (ExecFailure e) {
            return new Outcome(e.exitCode(), out.toByteArray(), e.userMessage().getBytes(StandardCharsets.UTF_8),
                    System.nanoTime() - t0, processCpuNanos() - cpu0, lines);
        } catch (CpuException e) {
            throw new IllegalStateException("the CPU emulator is not usable: " + e.getMessage(), e);
        }
    }

    /** The JVM's CPU time: v1 runs in it, so this is what running the guest cost (with JIT and GC). */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static final MethodHandle GETRUSAGE = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("getrusage").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

    /** User + system time of the JVM's waited-for children (getrusage(RUSAGE_CHILDREN)). */
    private static long childrenCpuNanos() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ru = arena.allocate(Resource.STRUCT_RUSAGE_SIZE, 8);
            if ((int) GETRUSAGE.invokeExact(Resource.RUSAGE_CHILDREN, ru) != 0) return -1;
            return timeval(ru, Resource.RU_UTIME) + timeval(ru, Resource.RU_STIME);
        } catch (Throwable t) {
            return -1;
        }
    }

    private static long timeval(MemorySegment s, long off) {
        return s.get(ValueLayout.JAVA_LONG, off) * 1_000_000_000L + s.get(ValueLayout.JAVA_LONG, off + 8) * 1000L;
    }
}
