// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Test programs run natively and in the VM (booted once for the class, or the one
 * {@code jlinux vm start} left running) must give the same stdout and exit status. The VM sees the
 * host's files ({@link VmManager.Session#shareHost()}), so each program runs at its host path.
 */
@Timeout(120) // each test and the boot: a stuck VM fails the test instead of the CI run
class VmEndToEndTest {
    static final Path BIN = Path.of(System.getProperty("jlinux.testbin", "../test-binaries/target/bin")).toAbsolutePath().normalize();
    static final List<String> ENV = List.of("PATH=/usr/bin:/bin", "HOME=/root", "LC_ALL=C", "TZ=UTC", "JLINUX_TEST=1");

    static VmManager.Session session;

    record Result(int status, String stdout, String stderr) {}

    @BeforeAll
    static void boot() throws VmException, IOException {
        long t0 = System.nanoTime();
        session = new VmManager(VmManager.defaultCache(System.getenv()), System.err).session();
        session.shareHost();
        System.err.printf("VM end-to-end: VM ready and host shared after %.2f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void stop() throws IOException {
        if (session != null) session.close();
    }

    static Result inVm(Path program, List<String> args, byte[] stdin) throws IOException {
        List<String> argv = new ArrayList<>(List.of(program.toString()));
        argv.addAll(args);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        AgentClient.Outcome o = session.agent().run(program.toString(), argv, ENV, BIN.toString(),
                stdin == null ? null : new ByteArrayInputStream(stdin), out, err);
        int status = switch (o) {
            case AgentClient.Ended(boolean signaled, int value) -> signaled ? 128 + value : value;
            case AgentClient.NotStarted(int errno) -> -errno;
        };
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result natively(Path program, List<String> args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(program.toString()));
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(BIN.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> env = pb.environment();
        env.clear();
        for (String kv : ENV) env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        Process p = pb.start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, new String(err.join(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"musl-static/hello", "glibc-static-pie/hello", "musl-static-pie/args_env",
        "glibc-static/args_env", "glibc-static-v2/string_mem", "musl-static/float_print", "asm/exit_code", "asm/segv",
        "asm/abi_edges"})
    void sameAsNative(String name) throws Exception {
        Path program = BIN.resolve(name);
        List<String> args = name.endsWith("args_env") ? List.of("one", "two words", "ünï") : List.of();
        Result nat = natively(program, args);
        Result vm = inVm(program, args, null);
        assertThat(vm.stdout()).as(name + " stdout").isEqualTo(nat.stdout());
        assertThat(vm.status()).as(name + " exit status; stderr in the VM: " + vm.stderr()).isEqualTo(nat.status());
    }

    @Test
    void stdinReachesTheProgramAndStderrComesBack() throws Exception {
        Path busybox = Path.of("/bin/busybox");
        byte[] input = "line one\nline two\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
        Result r = inVm(busybox, List.of("sh", "-c", "wc -l; echo oops >&2; exit 3"), input);
        assertThat(r.stdout().strip()).isEqualTo("10000");
        assertThat(r.stderr()).isEqualTo("oops\n");
        assertThat(r.status()).isEqualTo(3);
    }

    @Test
    void programThatIgnoresItsStdinStillGetsItsOutputOut() throws Exception {
        // More stdin than a pipe holds, to a program that never reads it but writes more than a pipe holds.
        byte[] input = new byte[1 << 20];
        Result r = inVm(Path.of("/bin/busybox"), List.of("seq", "1", "100000"), input);
        assertThat(r.stdout().lines().count()).isEqualTo(100000);
        assertThat(r.status()).isZero();
    }

    @Test
    void execFailureIsReportedWithItsErrno() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AgentClient.Outcome o = session.agent().run("/no/such/program", List.of("x"), ENV, "/", null, out, out);
        assertThat(o).isEqualTo(new AgentClient.NotStarted(2)); // ENOENT
        Path text = Files.writeString(Files.createTempFile("jlinux-vm", ".txt",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"))), "not a program\n");
        try {
            assertThat(inVm(text, List.of(), null).status()).isEqualTo(-8); // ENOEXEC
            Files.setPosixFilePermissions(text, PosixFilePermissions.fromString("rw-------"));
            assertThat(inVm(text, List.of(), null).status()).isEqualTo(-13); // EACCES: no execute bit
        } finally {
            Files.delete(text);
        }
    }

    @Test
    void tracedRunRecordsEachCallDecodedLikeStrace() throws Exception {
        Path hello = BIN.resolve("musl-static/hello");
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AgentClient.Outcome o = session.agent().run(hello.toString(), List.of(hello.toString()), ENV, "/", null, out,
                out, lines::add, TraceDecoder.Pids.WHEN_SEVERAL);
        assertThat(o).isEqualTo(new AgentClient.Ended(false, 0));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello, world\n");
        assertThat(lines).contains("writev(1, [{iov_base=\"hello, world\", iov_len=12}, {iov_base=\"\\n\", iov_len=1}], 2) = 13");
        assertThat(lines.getLast()).isEqualTo("+++ exited with 0 +++");
        assertThat(lines.get(lines.size() - 2)).isEqualTo("exit_group(0) = ?");
    }

    @Test
    void tracedRunFollowsChildrenAndDecodesPathsAndArgv() throws Exception {
        Path busybox = Path.of("/bin/busybox");
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AgentClient.Outcome o = session.agent().run(busybox.toString(),
                List.of("busybox", "sh", "-c", "/bin/busybox true x; /bin/busybox cat /no/such; exit 4"), ENV, "/", null, out, out,
                lines::add, TraceDecoder.Pids.WHEN_SEVERAL);
        assertThat(o).isEqualTo(new AgentClient.Ended(false, 4));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\[pid \\d+\\] execve\\(\"/bin/busybox\", "
                + "\\[\"/bin/busybox\", \"true\", \"x\"\\], 0x\\p{XDigit}+ /\\* \\d+ vars? \\*/\\) = 0"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\[pid \\d+\\] open(at)?\\(.*\"/no/such\".* = -1 ENOENT .*"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\[pid \\d+\\] \\+\\+\\+ exited with 1 \\+\\+\\+"));
        assertThat(lines.getLast()).matches("\\[pid \\d+\\] \\+\\+\\+ exited with 4 \\+\\+\\+");
    }

    @Test
    void warmRoundTrip() throws Exception {
        Path exit = BIN.resolve("asm/exit_code");
        inVm(exit, List.of(), null);
        int runs = 20;
        long t0 = System.nanoTime();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        for (int i = 0; i < runs; i++) session.agent().run(exit.toString(), List.of(exit.toString()), ENV, "/", null, sink, sink);
        double ms = (System.nanoTime() - t0) / 1e6 / runs;
        System.err.printf("VM end-to-end: warm run round trip (asm/exit_code, over the share) %.2f ms%n", ms);
        long t1 = System.nanoTime();
        session.agent().ping();
        System.err.printf("VM end-to-end: ping %.3f ms%n", (System.nanoTime() - t1) / 1e6);
        assertThat(ms).isLessThan(1000);
    }
}
