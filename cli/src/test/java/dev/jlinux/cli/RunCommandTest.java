// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user-facing behaviour of {@code jlinux run}: messages and exit statuses like a shell's. */
class RunCommandTest {
    static final Path BIN = Path.of(System.getProperty("jlinux.testbin", "../test-binaries/target/bin"));

    @TempDir
    Path tmp;

    record Result(int status, String stderr) {}

    static Result run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = Main.execute(args);
            return new Result(status, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private Path executable(String name, byte[] content) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    @Test
    void aMissingMountOrRootIsAUsageError() {
        Cli r = Cli.run("run", "--mount", "/nonexistent-jlinux:/x", "/bin/busybox", "true");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("jlinux: --mount: /nonexistent-jlinux: No such file or directory\n");
        assertThat(Cli.run("run", "--root", "/nonexistent-jlinux", "/bin/true").status()).isEqualTo(2);
    }

    @Test
    void missingFileIs127() {
        Result r = run("run", tmp.resolve("nope").toString());
        assertThat(r.status()).isEqualTo(127);
        assertThat(r.stderr()).isEqualTo("jlinux: " + tmp.resolve("nope") + ": No such file or directory\n");
    }

    @Test
    void notElfIsExecFormatError() throws IOException {
        Path f = executable("script.txt", "just text, not a program\n".getBytes(StandardCharsets.UTF_8));
        Result r = run("run", f.toString());
        assertThat(r.status()).isEqualTo(126);
        assertThat(r.stderr()).isEqualTo("jlinux: " + f + ": cannot execute binary file: Exec format error\n");
    }

    @Test
    void elf32IsExecFormatError() throws IOException {
        byte[] hdr = new byte[64];
        hdr[0] = 0x7f;
        hdr[1] = 'E';
        hdr[2] = 'L';
        hdr[3] = 'F';
        hdr[4] = 1; // ELFCLASS32
        hdr[5] = 1;
        hdr[6] = 1;
        Path f = executable("elf32", hdr);
        Result r = run("run", f.toString());
        assertThat(r.status()).isEqualTo(126);
        assertThat(r.stderr()).contains("cannot execute binary file: Exec format error").doesNotContain("Exception");
    }

    @Test
    void truncatedRealBinaryIsExecFormatError() throws IOException {
        byte[] hello = Files.readAllBytes(BIN.resolve("musl-static/hello"));
        Path f = executable("truncated", java.util.Arrays.copyOf(hello, 100));
        Result r = run("run", f.toString());
        assertThat(r.status()).isEqualTo(126);
        assertThat(r.stderr()).contains("Exec format error");
    }

    @Test
    void notExecutableIsPermissionDenied() throws IOException {
        Path f = tmp.resolve("noexec");
        Files.copy(BIN.resolve("musl-static/hello"), f);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        Result r = run("run", f.toString());
        assertThat(r.status()).isEqualTo(126);
        assertThat(r.stderr()).isEqualTo("jlinux: " + f + ": Permission denied\n");
    }

    @Test
    void exitStatusIsTheGuests() {
        assertThat(run("run", BIN.resolve("asm/exit_code").toString()).status()).isEqualTo(42);
    }

    @Test
    void segfaultIs139WithShellMessage() {
        Result r = run("run", BIN.resolve("asm/segv").toString());
        assertThat(r.status()).isEqualTo(139);
        assertThat(r.stderr()).isEqualTo("Segmentation fault\n");
    }

    @Test
    void hltIsSigsegvAsOnLinux() {
        Result r = run("run", BIN.resolve("asm/hlt").toString());
        assertThat(r.status()).isEqualTo(139);
        assertThat(r.stderr()).isEqualTo("Segmentation fault\n");
    }

    @Test
    void vmModeMissingFileIs127WithoutBooting() {
        Result r = run("run", "--mode", "vm", tmp.resolve("nope").toString());
        assertThat(r.status()).isEqualTo(127);
        assertThat(r.stderr()).isEqualTo("jlinux: " + tmp.resolve("nope") + ": No such file or directory\n");
    }

    @Test
    void vmModeTraceShowsTheSameDecodedCalls() {
        Result r = run("run", "--mode", "vm", "--trace", BIN.resolve("musl-static/hello").toString());
        assertThat(r.status()).isZero();
        assertThat(r.stderr())
                .contains("writev(1, [{iov_base=\"hello, world\", iov_len=12}, {iov_base=\"\\n\", iov_len=1}], 2) = 13\n")
                .contains("ioctl(1, TIOCGWINSZ, 0x")
                .contains("exit_group(0) = ?\n")
                .endsWith("+++ exited with 0 +++\n");
    }

    @Test
    void unknownModeIsUsageError() {
        assertThat(run("run", "--mode", "warp", "/bin/true").status()).isEqualTo(2);
    }

    @Test
    void traceShowsDecodedCalls() {
        Result r = run("run", "--trace", BIN.resolve("musl-static/hello").toString());
        assertThat(r.status()).isZero();
        assertThat(r.stderr())
                .contains("writev(1, [{iov_base=\"hello, world\", iov_len=12}, {iov_base=\"\\n\", iov_len=1}], 2) = 13\n")
                .contains("ioctl(1, TIOCGWINSZ, 0x")
                .contains("exit_group(0) = ?\n")
                .endsWith("+++ exited with 0 +++\n");
    }

    @Test
    void traceShowsErrorsAsStraceDoes() {
        Path missing = tmp.resolve("missing");
        Result r = run("run", "--trace", "/bin/busybox", "cat", missing.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderr()).contains("openat(AT_FDCWD, \"" + missing + "\", O_RDONLY) = -1 ENOENT (No such file or directory)\n")
                .endsWith("+++ exited with 1 +++\n");
    }
}
