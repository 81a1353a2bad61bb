// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The VM's initramfs: the guest agent as {@code /init} and the kernel modules it loads, in order,
 * from {@code /lib/modules/jlinux/NN-name.ko}. Debian builds virtio, virtio_console and 9p as modules.
 */
public final class Initramfs {
    /** Load order for microvm's virtio-mmio transport, then the console port, then 9P (for the file share). */
    static final List<String> MODULES = List.of(
            "drivers/virtio/virtio_ring.ko", "drivers/virtio/virtio.ko", "drivers/virtio/virtio_mmio.ko",
            "drivers/char/virtio_console.ko", "net/9p/9pnet.ko", "net/9p/9pnet_fd.ko", "fs/netfs/netfs.ko",
            "fs/fscache/fscache.ko", "fs/9p/9p.ko");
    static final String MODULE_DIR = "lib/modules/jlinux";
    /** The top-level directories of the archive. */
    static final List<String> DIRECTORIES = List.of("dev", "proc", "sys", "tmp", "run", "lib");

    private Initramfs() {}

    /** The archive for this agent and these module files (given in load order). */
    static byte[] build(byte[] agent, List<Path> modules) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2 << 20);
        try (Cpio cpio = new Cpio(bytes)) {
            cpio.file("init", 0755, agent);
            for (String d : DIRECTORIES) cpio.directory(d, 0755);
            for (String d : List.of("lib/modules", MODULE_DIR)) cpio.directory(d, 0755);
            for (int i = 0; i < modules.size(); i++) {
                Path m = modules.get(i);
                cpio.file("%s/%02d-%s".formatted(MODULE_DIR, i, m.getFileName()), 0644, Files.readAllBytes(m));
            }
        }
        return bytes.toByteArray();
    }

    /** The guest agent built for this jar (a resource next to this class). */
    static byte[] agent() throws VmException {
        try (InputStream in = Initramfs.class.getResourceAsStream("jlinux-agent")) {
            if (in == null) throw new VmException("the guest agent is missing from the jlinux build (vm-mode's make step)");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new VmException("cannot read the guest agent: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the initramfs for this kernel into {@code dir} as {@code initramfs-HASH.cpio} (the hash
     * of its content, so a changed agent or kernel gives a new file and invalidates snapshots) and
     * returns its path.
     */
    static Path write(Kernel kernel, Path dir) throws VmException {
        try {
            List<Path> modules = MODULES.stream().map(kernel::module).toList();
            for (Path m : modules) {
                if (!Files.isRegularFile(m)) throw new VmException("kernel module missing: " + m + " (remove "
                        + kernel.modulesDir().getParent().getParent().getParent().getParent() + " to fetch the kernel again)");
            }
            byte[] archive = build(agent(), modules);
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive), 0, 8);
            Path file = dir.resolve("initramfs-" + hash + ".cpio");
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "initramfs", ".tmp");
                Files.write(tmp, archive);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                // QEMU reads its initrd at start, so older ones (of an older agent or kernel) can go.
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        String n = f.getFileName().toString();
                        if (n.startsWith("initramfs-") && n.endsWith(".cpio") && !f.equals(file)) Files.deleteIfExists(f);
                    }
                }
            }
            return file;
        } catch (IOException e) {
            throw new VmException("cannot write the initramfs: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
