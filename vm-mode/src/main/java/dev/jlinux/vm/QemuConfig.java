// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One QEMU invocation, as typed fields; {@link #argv()} is the only place that spells QEMU's
 * options. The machine is {@code microvm} (no PCI, no firmware tables beyond ACPI, virtio over
 * MMIO), booting the uncompressed kernel through its PVH entry.
 *
 * @param qemu            the {@code qemu-system-x86_64} executable
 * @param accelerator     KVM or TCG
 * @param memoryMiB       guest RAM
 * @param cpus            virtual CPUs
 * @param kernel          the ELF vmlinux
 * @param initramfs       the cpio archive with the agent
 * @param kernelParams    the kernel command line, one parameter per element
 * @param controlSocket   Unix socket QEMU listens on for the agent's virtio-serial port
 * @param consoleLog      file that receives the guest's serial console (kernel messages)
 * @param qmpSocket       Unix socket QEMU listens on for QMP (to save the VM's state)
 * @param incomingState   a saved state to restore instead of booting (same machine, memory, devices)
 */
public record QemuConfig(Path qemu, Accelerator accelerator, int memoryMiB, int cpus, Path kernel, Path initramfs,
        List<String> kernelParams, Path controlSocket, Path consoleLog, Path qmpSocket,
        Optional<Path> incomingState) {
    /** The virtio-serial port name the agent looks for in /sys/class/virtio-ports. */
    static final String AGENT_PORT = "dev.jlinux.agent";
    /** The virtio-serial port that carries 9P (the host's files); its socket is {@link #ninepSocket()}. */
    static final String NINEP_PORT = "dev.jlinux.9p";

    /** How the guest CPU is run. */
    public enum Accelerator {
        /** The host's hardware virtualisation. */
        KVM,
        /** QEMU's software emulation. */
        TCG
    }

    public QemuConfig {
        kernelParams = List.copyOf(kernelParams);
        for (String p : kernelParams) {
            if (p.isEmpty() || p.chars().anyMatch(c -> c == ' ' || c == '\n')) throw new IllegalArgumentException("bad kernel parameter: '" + p + "'");
        }
        for (Path p : List.of(kernel, initramfs, controlSocket, consoleLog, qmpSocket)) {
            // QEMU's option syntax would need a comma doubled; jlinux's own paths never have one.
            if (p.toString().contains(",")) throw new IllegalArgumentException("comma in a path for QEMU: " + p);
        }
        if (memoryMiB < 64 || cpus < 1) throw new IllegalArgumentException("memory " + memoryMiB + " MiB, " + cpus + " CPUs");
    }

    /**
     * The kernel command line jlinux boots with: quiet, no self-tests or auditing, power off
     * instead of rebooting on panic. Under TCG the TSC cannot be calibrated quickly, so it is
     * given ({@code tscKhz}, the host's).
     */
    static List<String> kernelParams(Accelerator accelerator, long tscKhz) {
        List<String> p = new ArrayList<>(List.of("console=ttyS0", "quiet", "panic=-1", "cryptomgr.notests",
                "rodata=off", "audit=0", "lsm=lockdown"));
        if (accelerator == Accelerator.TCG && tscKhz > 0) p.add("tsc_early_khz=" + tscKhz);
        return p;
    }

    /** The Unix socket QEMU listens on for the 9P port: next to the control socket. */
    public Path ninepSocket() {
        return ninepSocket(controlSocket);
    }

    static Path ninepSocket(Path controlSocket) {
        return controlSocket.resolveSibling("ninep.sock");
    }

    /** A path as one single-quoted /bin/sh word. */
    static String shellWord(Path p) {
        return "'" + p.toString().replace("'", "'\\''") + "'";
    }

    /** The QEMU command line. */
    public List<String> argv() {
        List<String> a = new ArrayList<>();
        a.add(qemu.toString());
        a.addAll(List.of("-M", "microvm,acpi=on"));
        a.addAll(switch (accelerator) {
            case KVM -> List.of("-accel", "kvm", "-cpu", "host");
            // max: without RDRAND the guest's first getrandom waits 1.35 s for entropy.
            case TCG -> List.of("-accel", "tcg", "-cpu", "max");
        });
        a.addAll(List.of("-m", memoryMiB + "M", "-smp", Integer.toString(cpus)));
        a.addAll(List.of("-nodefaults", "-no-user-config", "-nographic", "-no-reboot"));
        a.addAll(List.of("-kernel", kernel.toString(), "-initrd", initramfs.toString()));
        a.addAll(List.of("-append", String.join(" ", kernelParams)));
        a.addAll(List.of("-serial", "file:" + consoleLog));
        a.addAll(List.of("-chardev", "socket,id=agent,path=" + controlSocket + ",server=on,wait=off"));
        a.addAll(List.of("-device", "virtio-serial-device", "-device", "virtserialport,chardev=agent,name=" + AGENT_PORT));
        a.addAll(List.of("-chardev", "socket,id=ninep,path=" + ninepSocket() + ",server=on,wait=off"));
        a.addAll(List.of("-device", "virtserialport,chardev=ninep,name=" + NINEP_PORT));
        a.addAll(List.of("-qmp", "unix:" + qmpSocket + ",server=on,wait=off"));
        // QEMU 7.2 has no file: migration URI; exec: runs the command through /bin/sh.
        incomingState.ifPresent(s -> a.addAll(List.of("-incoming", "exec:cat " + shellWord(s))));
        return a;
    }
}
