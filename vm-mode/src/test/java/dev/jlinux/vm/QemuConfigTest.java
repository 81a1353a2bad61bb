// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlinux.vm.QemuConfig.Accelerator;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The typed QEMU configuration and the command line it produces. */
class QemuConfigTest {
    private static QemuConfig config(Accelerator acc, List<String> params) {
        return new QemuConfig(Path.of("/usr/bin/qemu-system-x86_64"), acc, 256, 1, Path.of("/c/vmlinux"),
                Path.of("/c/initramfs-ab.cpio"), params, Path.of("/c/vm/control.sock"), Path.of("/c/vm/console.log"),
                Path.of("/c/vm/qmp.sock"), Optional.empty());
    }

    @Test
    void tcgArgv() {
        List<String> params = QemuConfig.kernelParams(Accelerator.TCG, 2600000);
        assertThat(config(Accelerator.TCG, params).argv()).containsExactly(
                "/usr/bin/qemu-system-x86_64", "-M", "microvm,acpi=on", "-accel", "tcg", "-cpu", "max",
                "-m", "256M", "-smp", "1", "-nodefaults", "-no-user-config", "-nographic", "-no-reboot",
                "-kernel", "/c/vmlinux", "-initrd", "/c/initramfs-ab.cpio",
                "-append", "console=ttyS0 quiet panic=-1 cryptomgr.notests rodata=off audit=0 lsm=lockdown tsc_early_khz=2600000",
                "-serial", "file:/c/vm/console.log",
                "-chardev", "socket,id=agent,path=/c/vm/control.sock,server=on,wait=off",
                "-device", "virtio-serial-device", "-device", "virtserialport,chardev=agent,name=dev.jlinux.agent",
                "-chardev", "socket,id=ninep,path=/c/vm/ninep.sock,server=on,wait=off",
                "-device", "virtserialport,chardev=ninep,name=dev.jlinux.9p",
                "-qmp", "unix:/c/vm/qmp.sock,server=on,wait=off");
    }

    @Test
    void kvmUsesTheHostCpuAndNeedsNoTscHint() {
        List<String> params = QemuConfig.kernelParams(Accelerator.KVM, 2600000);
        assertThat(params).noneMatch(p -> p.startsWith("tsc_early_khz"));
        List<String> argv = config(Accelerator.KVM, params).argv();
        assertThat(String.join(" ", argv)).contains("-accel kvm -cpu host");
    }

    @Test
    void restoresFromAShellQuotedStateFile() {
        QemuConfig c = new QemuConfig(Path.of("q"), Accelerator.TCG, 256, 1, Path.of("/k"), Path.of("/i"), List.of(),
                Path.of("/s"), Path.of("/l"), Path.of("/q"), Optional.of(Path.of("/c/it's.state")));
        assertThat(c.argv()).endsWith("-incoming", "exec:cat '/c/it'\\''s.state'");
    }

    @Test
    void unknownTscFrequencyIsLeftToTheKernel() {
        assertThat(QemuConfig.kernelParams(Accelerator.TCG, 0)).noneMatch(p -> p.startsWith("tsc_early_khz"));
    }

    @Test
    void refusesWhatWouldBreakQemusSyntax() {
        assertThatThrownBy(() -> config(Accelerator.TCG, List.of("a b"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QemuConfig(Path.of("q"), Accelerator.TCG, 256, 1, Path.of("/a,b"), Path.of("/i"),
                List.of(), Path.of("/s"), Path.of("/l"), Path.of("/q"), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QemuConfig(Path.of("q"), Accelerator.TCG, 16, 1, Path.of("/k"), Path.of("/i"),
                List.of(), Path.of("/s"), Path.of("/l"), Path.of("/q"), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostTscFrequencyComesFromCpuinfo() {
        assertThat(VmManager.hostTscKhz()).isGreaterThan(100_000L);
    }
}
