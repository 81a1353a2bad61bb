// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --root DIR} end to end: busybox (copied into the root) tries the ways out of DIR — {@code ..}
 * past the root, absolute and relative symlinks pointing outside, a cwd outside — and sees only the
 * root's own files; {@code --mount HOST:GUEST:ro} and {@code --tmpfs GUEST} appear where asked.
 */
class RootConfinementTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @Test
    @Timeout(120)
    void nothingOutsideTheRootIsReachable(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "outside\n");
        Files.createDirectories(root.resolve("bin"));
        Files.copy(BUSYBOX, root.resolve("bin/busybox"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/where"), "inside\n");
        Files.createDirectories(root.resolve("ro"));
        Files.createDirectories(root.resolve("tmp"));
        Files.createDirectories(root.resolve("dev"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../../../.."));
        Files.createSymbolicLink(root.resolve("host"), outside);
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(shared.resolve("note"), "shared\n");

        String script = String.join("; ",
                "busybox cat /etc/where", "busybox cat /abs/where", "busybox cat /up/etc/where",
                "busybox cat /../../../etc/where", "cd /../.. && pwd",
                "busybox cat host/secret 2>/dev/null || echo no host link", "busybox ls /up", "busybox cat /ro/note",
                "echo x 2>/dev/null > /ro/new || echo ro refused", "echo t > /tmp/t && busybox cat /tmp/t",
                "busybox readlink -f /up/abs");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Stdio io = Stdio.of(Channels.newChannel(new ByteArrayInputStream(new byte[0])), Channels.newChannel(out),
                Channels.newChannel(out));
        FsLayout layout = new FsLayout(root, List.of(new FsLayout.GuestMount.Bind(shared, "/ro", true),
                new FsLayout.GuestMount.Tmpfs("/tmp")));
        RunResult r = Translator.run(new RunRequest("/bin/busybox", List.of("/bin/busybox", "sh", "-c", script),
                List.of("PATH=/bin"), dir, io, null, layout));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("\n",
                "inside", "inside", "inside", "inside", "/", "no host link", "abs\nbin\ndev\netc\nhost\nro\ntmp\nup",
                "shared", "ro refused", "t", "/etc", ""));
        assertThat(r.exitCode()).isZero();
        assertThat(shared.resolve("new")).doesNotExist();
        assertThat(root.resolve("tmp/t")).doesNotExist();
    }
}
