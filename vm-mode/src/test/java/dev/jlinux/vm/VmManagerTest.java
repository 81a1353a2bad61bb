// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlinux.vm.QemuConfig.Accelerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What invalidates a snapshot, the cache directory, and a state file that names no VM. */
class VmManagerTest {
    @TempDir
    Path tmp;

    private QemuConfig config(String initramfs, Accelerator acc, int mib, Path vmDir) {
        return new QemuConfig(tmp.resolve("qemu"), acc, mib, 1, tmp.resolve("vmlinux"), tmp.resolve(initramfs),
                QemuConfig.kernelParams(acc, 1000), vmDir.resolve("c.sock"), vmDir.resolve("c.log"), vmDir.resolve("q.sock"),
                Optional.empty());
    }

    @Test
    void snapshotKeyFollowsKernelInitramfsAndMachine() throws Exception {
        Files.write(tmp.resolve("qemu"), new byte[10]);
        Files.write(tmp.resolve("vmlinux"), new byte[20]);
        String key = VmManager.snapshotKey(config("initramfs-aa.cpio", Accelerator.TCG, 256, tmp.resolve("a")));
        // The sockets and logs of a VM do not matter: a snapshot serves every VM directory.
        assertThat(VmManager.snapshotKey(config("initramfs-aa.cpio", Accelerator.TCG, 256, tmp.resolve("b")))).isEqualTo(key);
        assertThat(VmManager.snapshotKey(config("initramfs-bb.cpio", Accelerator.TCG, 256, tmp))).isNotEqualTo(key);
        assertThat(VmManager.snapshotKey(config("initramfs-aa.cpio", Accelerator.KVM, 256, tmp))).isNotEqualTo(key);
        assertThat(VmManager.snapshotKey(config("initramfs-aa.cpio", Accelerator.TCG, 512, tmp))).isNotEqualTo(key);
        Files.setLastModifiedTime(tmp.resolve("vmlinux"), FileTime.fromMillis(0));
        assertThat(VmManager.snapshotKey(config("initramfs-aa.cpio", Accelerator.TCG, 256, tmp))).isNotEqualTo(key);
    }

    @Test
    void cacheDirectoryAsTheLauncherComputesIt() {
        assertThat(VmManager.defaultCache(Map.of("JLINUX_CACHE", "/c", "XDG_CACHE_HOME", "/x"))).isEqualTo(Path.of("/c"));
        assertThat(VmManager.defaultCache(Map.of("XDG_CACHE_HOME", "/x"))).isEqualTo(Path.of("/x/jlinux"));
        assertThat(VmManager.defaultCache(Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "jlinux"));
    }

    @Test
    void staleStateFileIsNotARunningVm() throws Exception {
        Files.createDirectories(tmp.resolve("vm"));
        // This JVM's pid: alive, but not a QEMU.
        Files.write(tmp.resolve("vm/state"), List.of("pid=" + ProcessHandle.current().pid(), "control=/x.sock",
                "accelerator=TCG", "started=2026-01-01T00:00:00Z"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        VmManager vms = new VmManager(tmp, new PrintStream(err, true));
        assertThat(vms.running()).isEmpty();
        assertThat(vms.stop()).isFalse();
        assertThat(tmp.resolve("vm/state")).doesNotExist();
    }
}
