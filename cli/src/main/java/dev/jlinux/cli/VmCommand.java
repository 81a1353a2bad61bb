// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import dev.jlinux.vm.AgentClient;
import dev.jlinux.vm.VmException;
import dev.jlinux.vm.VmManager;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code jlinux vm start|status|stop}: the VM that later {@code run --mode vm} calls reuse. */
@Command(name = "vm", description = "Manage the VM (v2) that 'run --mode vm' reuses while it runs.")
final class VmCommand {
    private final VmManager vms = new VmManager(VmManager.defaultCache(System.getenv()), System.err);

    @Command(name = "start", description = "Boot the VM and keep it running (it outlives this command).")
    int start() {
        try {
            VmManager.Running r = vms.start();
            System.out.println("VM running: pid " + r.pid() + ", " + r.accelerator());
            return 0;
        } catch (VmException e) {
            System.err.println("jlinux: " + e.getMessage());
            return 1;
        }
    }

    @Command(name = "status", description = "Say whether the VM runs, and how fast its agent answers.")
    int status() {
        Optional<VmManager.Running> r = vms.running();
        if (r.isEmpty()) {
            System.out.println("VM not running");
            return 3;
        }
        String answer;
        try (VmManager.Session s = vms.attach().orElseThrow(() -> new VmException("the VM has just stopped"))) {
            AgentClient agent = s.agent();
            long t0 = System.nanoTime();
            agent.ping();
            answer = "agent answers in %.2f ms".formatted((System.nanoTime() - t0) / 1e6);
        } catch (VmException | IOException e) {
            answer = "agent not answering: " + e.getMessage();
        }
        System.out.println("VM running: pid " + r.get().pid() + ", " + r.get().accelerator() + ", since "
                + r.get().started() + ", " + answer);
        return 0;
    }

    @Command(name = "stop", description = "Power the VM off (QEMU is killed if it does not stop within 5 s).")
    int stop() {
        boolean was = vms.stop();
        System.out.println(was ? "VM stopped" : "VM not running");
        return 0;
    }
}
