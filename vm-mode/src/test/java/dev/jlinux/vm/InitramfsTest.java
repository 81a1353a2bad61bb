// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The initramfs layout the agent expects: /init, the mount points, numbered modules in load order. */
class InitramfsTest {
    @TempDir
    Path tmp;

    @Test
    void layoutAsGnuCpioSeesIt() throws Exception {
        Path a = Files.write(tmp.resolve("virtio.ko"), new byte[] {1});
        Path b = Files.write(tmp.resolve("9p.ko"), new byte[] {2});
        Path archive = Files.write(tmp.resolve("i.cpio"), Initramfs.build(new byte[] {0x7f, 'E'}, List.of(a, b)));
        Process p = new ProcessBuilder("cpio", "-t", "-v", "--quiet").redirectInput(archive.toFile()).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .map(l -> l.replaceAll("^(\\S+)\\s.*\\s(\\S+)$", "$1 $2")).toList();
        assertThat(p.waitFor()).isZero();
        assertThat(lines).containsExactly("-rwxr-xr-x init", "drwxr-xr-x dev", "drwxr-xr-x proc", "drwxr-xr-x sys",
                "drwxr-xr-x tmp", "drwxr-xr-x run", "drwxr-xr-x lib", "drwxr-xr-x lib/modules",
                "drwxr-xr-x lib/modules/jlinux", "-rw-r--r-- lib/modules/jlinux/00-virtio.ko",
                "-rw-r--r-- lib/modules/jlinux/01-9p.ko");
    }

    @Test
    void theAgentIsInTheJar() throws Exception {
        byte[] agent = Initramfs.agent();
        assertThat(agent).startsWith(0x7f, 'E', 'L', 'F');
    }
}
