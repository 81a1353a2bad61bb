// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.elf;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test-only access to the machine the tests run on, for oracle tests that compare jlinux with the
 * real kernel: finding tools on PATH, compiling small C programs, running them with address-space
 * randomisation off. Every entry point calls {@code assumeTrue} with a reason, so a test that needs
 * the host is skipped, never failed, where the host cannot provide it.
 */
final class NativeHost {
    private NativeHost() {}

    /** ADDR_NO_RANDOMIZE, {@code <uapi/linux/personality.h>}. */
    static final int ADDR_NO_RANDOMIZE = 0x0040000;

    /**
     * Runs its arguments with ADDR_NO_RANDOMIZE set, like {@code setarch -R}: {@code norand PATH ARGS...}
     * executes PATH with argv = [PATH, ARGS...] (so AT_EXECFN and argv[0] are PATH), the environment unchanged.
     * If personality(2) is refused (a seccomp filter, say) it runs PATH anyway; callers look at the
     * personality the program ended up with and skip their test if randomisation is still on.
     */
    private static final String NORAND_C = """
            #include <stdio.h>
            #include <unistd.h>
            #include <sys/personality.h>
            int main(int argc, char **argv) {
                if (argc < 2) return 127;
                int cur = personality(0xffffffff);
                if (cur == -1 || personality(cur | ADDR_NO_RANDOMIZE) == -1) perror("personality"); /* the callers check and skip */
                execv(argv[1], argv + 1);
                perror("execv");
                return 127;
            }
            """;

    static boolean isLinuxX86_64() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.equals("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /** Skips the calling test unless the JVM runs on Linux x86-64. */
    static void assumeLinuxX86_64() {
        assumeTrue(isLinuxX86_64(), "needs a Linux x86-64 host, this is " + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
    }

    /** The executable {@code name} on PATH, if any. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The tool {@code name} on PATH; skips the calling test if it is missing. */
    static Path require(String name) {
        assumeLinuxX86_64();
        Optional<Path> p = onPath(name);
        assumeTrue(p.isPresent(), name + " is not on PATH");
        return p.get();
    }

    /**
     * Compiles {@code source} with gcc into {@code dir/name}. Skips the calling test when gcc is
     * missing; fails it when gcc is there but cannot build the program.
     */
    static Path compile(Path dir, String name, String source, String... flags) throws IOException, InterruptedException {
        Path gcc = require("gcc");
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of(gcc.toString()));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-o", out.toString(), c.toString()));
        Result r = run(cmd, null, 120);
        if (r.exitCode != 0) throw new AssertionError("gcc " + String.join(" ", flags) + " failed to build " + name + ":\n" + r.stderr);
        return out;
    }

    /** Writes {@code bytes} to {@code dir/name} with mode 0755. */
    static Path writeExecutable(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** Builds the launcher that runs a program with ADDR_NO_RANDOMIZE (see {@link #NORAND_C}). */
    static Path noRandomLauncher(Path dir) throws IOException, InterruptedException {
        return compile(dir, "norand", NORAND_C, "-O2");
    }

    record Result(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Starts {@code cmd} with stdin a pipe; {@code env} null inherits the environment, otherwise the
     * child gets exactly {@code env} ("NAME=value" strings, in no particular order: the JDK keeps
     * them in a map).
     */
    static Process start(List<String> cmd, List<String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (env != null) {
            pb.environment().clear();
            for (String e : env) {
                int eq = e.indexOf('=');
                pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        return pb.start();
    }

    /** Runs {@code cmd} to completion with stdin closed (see {@link #start}); fails the test after {@code timeoutSeconds}. */
    static Result run(List<String> cmd, List<String> env, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = start(cmd, env);
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = drain(p.getInputStream()), err = drain(p.getErrorStream());
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out after " + timeoutSeconds + " s: " + cmd);
        }
        return new Result(p.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
    }

    /** Reads {@code in} to its end on a virtual thread, so that no pipe can fill up and block the child. */
    static CompletableFuture<byte[]> drain(InputStream in) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                f.complete(in.readAllBytes());
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }
}
