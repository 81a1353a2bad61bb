// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newc writer, read back by GNU cpio (the format's reference reader besides the kernel). */
class CpioTest {
    @TempDir
    Path tmp;

    private static byte[] archive() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Cpio cpio = new Cpio(bytes)) {
            cpio.file("init", 0755, "#!agent\n".getBytes(StandardCharsets.US_ASCII));
            cpio.directory("lib", 0755);
            cpio.directory("lib/modules", 0700);
            cpio.file("lib/modules/a.ko", 0644, new byte[] {1, 2, 3}); // odd length: data padding
            cpio.file("lib/empty", 0600, new byte[0]);
        }
        return bytes.toByteArray();
    }

    private String cpio(byte[] archive, String... args) throws IOException, InterruptedException {
        Path file = tmp.resolve("a.cpio");
        Files.write(file, archive);
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Process p = new ProcessBuilder(List.of(args)).directory(out.toFile()).redirectErrorStream(true)
                .redirectInput(file.toFile()).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(text).isZero();
        return text;
    }

    @Test
    void gnuCpioListsEveryEntryInOrder() throws Exception {
        assertThat(cpio(archive(), "cpio", "-t", "--quiet")).isEqualTo("init\nlib\nlib/modules\nlib/modules/a.ko\nlib/empty\n");
    }

    @Test
    void gnuCpioExtractsContentAndModes() throws Exception {
        cpio(archive(), "cpio", "-i", "-d", "--quiet", "--no-absolute-filenames");
        Path out = tmp.resolve("out");
        assertThat(Files.readString(out.resolve("init"))).isEqualTo("#!agent\n");
        assertThat(Files.readAllBytes(out.resolve("lib/modules/a.ko"))).containsExactly(1, 2, 3);
        assertThat(Files.size(out.resolve("lib/empty"))).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("init")))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("lib/empty")))).isEqualTo("rw-------");
        assertThat(Files.isDirectory(out.resolve("lib/modules"))).isTrue();
    }

    @Test
    void headersAreNewcAndEntriesFourByteAligned() throws Exception {
        byte[] a = archive();
        assertThat(new String(a, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("070701");
        // First entry: 110-byte header + "init\0" (5) = 115, padded to 116, then 8 bytes of data.
        assertThat(new String(a, 116 + 8, 6, StandardCharsets.US_ASCII)).isEqualTo("070701");
        assertThat(a.length % 4).isZero();
        String tail = new String(a, a.length - 16, 16, StandardCharsets.US_ASCII);
        assertThat(tail).contains("TRAILER!!!");
    }

    @Test
    void sameInputGivesSameBytes() throws Exception {
        assertThat(archive()).isEqualTo(archive());
    }

    @Test
    void refusesAbsoluteNamesAndWritesAfterTheTrailer() throws Exception {
        Cpio cpio = new Cpio(new ByteArrayOutputStream());
        assertThatThrownBy(() -> cpio.file("/init", 0755, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        cpio.close();
        assertThatThrownBy(() -> cpio.directory("x", 0755)).isInstanceOf(IllegalStateException.class);
    }
}
