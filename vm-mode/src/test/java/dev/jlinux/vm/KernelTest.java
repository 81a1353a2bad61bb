// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** vmlinux out of a bzImage, found through the boot header as the kernel's own tools do. */
class KernelTest {
    @TempDir
    Path tmp;

    /** A bzImage-shaped file: 2 setup sectors + the protected-mode part holding {@code payload} at {@code offset}. */
    private static byte[] bzImage(byte[] payload, int offset) {
        int setupSects = 2;
        byte[] img = new byte[(setupSects + 1) * 512 + offset + payload.length + 4];
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        img[0x1f1] = (byte) setupSects;
        b.putInt(0x202, 0x53726448); // "HdrS"
        b.putShort(0x206, (short) 0x20f);
        b.putInt(0x248, offset);
        b.putInt(0x24c, payload.length);
        System.arraycopy(payload, 0, img, (setupSects + 1) * 512 + offset, payload.length);
        return img;
    }

    private static byte[] xz(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XZOutputStream x = new XZOutputStream(out, new LZMA2Options(1))) {
            x.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void extractsTheXzPayload() throws IOException {
        byte[] elf = new byte[100_000];
        Arrays.fill(elf, (byte) 0x90);
        System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F'}, 0, elf, 0, 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Kernel.extractVmlinux(bzImage(xz(elf), 716), out);
        assertThat(out.toByteArray()).isEqualTo(elf);
    }

    @Test
    void refusesWhatIsNotAnXzBzImage() {
        assertThatThrownBy(() -> Kernel.extractVmlinux(new byte[4096], new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class).hasMessageContaining("HdrS");
        assertThatThrownBy(() -> Kernel.extractVmlinux(bzImage(new byte[64], 16), new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class).hasMessageContaining("not xz");
    }

    @Test
    void missingKernelSaysWhoFetchesIt() {
        assertThatThrownBy(() -> Kernel.locate(tmp)).isInstanceOf(VmException.class).hasMessageContaining("./jlinux");
    }

    @Test
    void locateFindsTheReleaseAndExtractsOnce() throws Exception {
        Path boot = Files.createDirectories(tmp.resolve("kernel/boot"));
        byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1};
        Files.write(boot.resolve("vmlinuz-6.1.0-9-amd64"), bzImage(xz(elf), 32));
        Kernel k = Kernel.locate(tmp);
        assertThat(k.release()).isEqualTo("6.1.0-9-amd64");
        assertThat(Files.readAllBytes(k.vmlinux())).isEqualTo(elf);
        assertThat(k.module("fs/9p/9p.ko")).isEqualTo(tmp.resolve("kernel/lib/modules/6.1.0-9-amd64/kernel/fs/9p/9p.ko"));
        Files.delete(boot.resolve("vmlinuz-6.1.0-9-amd64"));
        Files.write(boot.resolve("vmlinuz-6.1.0-9-amd64"), new byte[0]);
        assertThat(Kernel.locate(tmp).vmlinux()).isEqualTo(k.vmlinux()); // not extracted again
    }
}
