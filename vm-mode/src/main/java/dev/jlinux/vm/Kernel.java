// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.tukaani.xz.SingleXZInputStream;

/**
 * Debian's kernel as scripts/lib.sh's {@code jl_ensure_kernel} unpacks it into the cache
 * ({@code kernel/boot/vmlinuz-RELEASE} and the few modules under {@code kernel/lib/modules/RELEASE}),
 * plus the uncompressed {@code vmlinux} taken out of the bzImage once: QEMU boots it through its
 * PVH entry, which saves the guest 8–9 s of xz decompression under TCG.
 */
public record Kernel(String release, Path vmlinux, Path modulesDir) {
    /** The kernel in {@code cache/kernel}, extracting vmlinux on first use. */
    public static Kernel locate(Path cache) throws VmException {
        Path dir = cache.resolve("kernel");
        Path bzImage;
        try (Stream<Path> s = Files.list(dir.resolve("boot"))) {
            bzImage = s.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).findFirst().orElse(null);
        } catch (IOException e) {
            bzImage = null;
        }
        if (bzImage == null) {
            throw new VmException("no kernel in " + dir + ": the launcher ./jlinux (or ./run-tests) fetches"
                    + " Debian's linux-image-amd64 there on first use");
        }
        String release = bzImage.getFileName().toString().substring("vmlinuz-".length());
        Path vmlinux = dir.resolve("vmlinux-" + release);
        try {
            if (!Files.exists(vmlinux)) {
                Path tmp = Files.createTempFile(dir, "vmlinux", ".tmp");
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    extractVmlinux(Files.readAllBytes(bzImage), out);
                }
                Files.move(tmp, vmlinux, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new VmException("cannot extract vmlinux from " + bzImage + ": " + e.getMessage(), e);
        }
        return new Kernel(release, vmlinux, dir.resolve("lib/modules").resolve(release).resolve("kernel"));
    }

    /**
     * Writes the ELF image inside a bzImage. The x86 boot header (Documentation/arch/x86/boot.rst)
     * gives {@code setup_sects} at 0x1f1 and, from protocol 2.08, {@code payload_offset} at 0x248
     * and {@code payload_length} at 0x24c; Debian compresses the payload with xz.
     */
    static void extractVmlinux(byte[] bzImage, OutputStream out) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bzImage).order(ByteOrder.LITTLE_ENDIAN);
        if (bzImage.length < 0x250 || b.getInt(0x202) != 0x53726448) throw new IOException("not a bzImage (no HdrS)");
        if (Short.toUnsignedInt(b.getShort(0x206)) < 0x208) throw new IOException("boot protocol older than 2.08");
        int setupSects = Byte.toUnsignedInt(bzImage[0x1f1]);
        if (setupSects == 0) setupSects = 4;
        long start = (setupSects + 1L) * 512 + Integer.toUnsignedLong(b.getInt(0x248));
        long length = Integer.toUnsignedLong(b.getInt(0x24c));
        if (start + length > bzImage.length) throw new IOException("payload runs past the end of the bzImage");
        InputStream payload = new ByteArrayInputStream(bzImage, (int) start, (int) length);
        try (InputStream xz = new SingleXZInputStream(new BufferedInputStream(payload))) {
            xz.transferTo(out);
        } catch (IOException e) {
            throw new IOException("the bzImage payload is not xz (" + e.getMessage() + ")", e);
        }
    }

    /** A module file of this kernel, e.g. {@code drivers/virtio/virtio.ko}. */
    Path module(String relativePath) {
        return modulesDir.resolve(relativePath);
    }
}
