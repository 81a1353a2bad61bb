// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One QEMU process running jlinux's kernel and agent: booting → ready → stopped. A VM tied to
 * this JVM ({@link Tie#JVM}) cannot outlive it: QEMU starts under {@code setpriv --pdeathsig KILL}
 * (the kernel kills it when the JVM dies, even by SIGKILL) and a shutdown hook kills it on a normal
 * exit. A detached VM ({@link Tie#DETACHED}, for {@code jlinux vm start}) runs in a session of its
 * own until stopped. QEMU runs with {@code -no-reboot}, so a guest that panics or resets ends it.
 */
public final class Vm implements AutoCloseable {
    /** Where the VM is in its life. */
    public enum State { BOOTING, READY, STOPPED }

    /** Whether the VM ends with this JVM. */
    public enum Tie { JVM, DETACHED }

    private final QemuConfig config;
    private final Process process;
    private final Thread killHook;
    private volatile State state = State.BOOTING;

    private Vm(QemuConfig config, Process process, Thread killHook) {
        this.config = config;
        this.process = process;
        this.killHook = killHook;
    }

    /**
     * Starts QEMU (booting, or restoring the config's saved state) and waits until the agent answers
     * (at most {@code timeout}), showing progress on {@code progress} (null: quietly), then sets the
     * guest's clock and seeds its random pool. QEMU's own messages go to {@code qemuLog}.
     */
    static Vm boot(QemuConfig config, Tie tie, Duration timeout, Path qemuLog, PrintStream progress) throws VmException {
        List<String> cmd = new ArrayList<>();
        cmd.addAll(tie == Tie.JVM ? List.of("setpriv", "--pdeathsig", "KILL", "--") : List.of("setsid"));
        cmd.addAll(config.argv());
        Process p;
        try {
            Files.deleteIfExists(config.controlSocket());
            p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                    .redirectOutput(qemuLog.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new VmException("cannot start QEMU: " + e.getMessage(), e);
        }
        Thread hook = null;
        if (tie == Tie.JVM) {
            hook = new Thread(p::destroyForcibly, "jlinux-vm-kill");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        Vm vm = new Vm(config, p, hook);
        try {
            vm.awaitReady(timeout, qemuLog, progress);
            return vm;
        } catch (VmException e) {
            vm.kill();
            throw e;
        }
    }

    private void awaitReady(Duration timeout, Path qemuLog, PrintStream progress) throws VmException {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        String what = (config.incomingState().isPresent() ? "restoring the VM from its snapshot (" : "booting the VM (")
                + config.accelerator() + ")";
        ProgressLine line = new ProgressLine(progress, what);
        try (AgentClient agent = AgentClient.connect(config.controlSocket(), deadline, process::isAlive)) {
            ScheduledFuture<?> watchdog = agent.closeAt(deadline);
            agent.ping();
            watchdog.cancel(false);
            agent.setTime(Instant.now(), seed());
            state = State.READY;
            line.done("VM ready in %.1f s".formatted(Duration.between(start, Instant.now()).toMillis() / 1000.0));
        } catch (IOException e) {
            line.done(null);
            String why = !process.isAlive() ? "QEMU exited with status " + process.exitValue() + tail(qemuLog)
                    : Instant.now().isAfter(deadline) ? "the agent did not answer within " + timeout.toSeconds() + " s"
                    : e.getMessage();
            throw new VmException(what + " failed: " + why + "; the guest console is in " + config.consoleLog(), e);
        } finally {
            line.close();
        }
    }

    private static byte[] seed() {
        byte[] seed = new byte[64];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "" : " (" + String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size())) + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /** Saves the VM's whole state (RAM, CPU, devices) into {@code file}; the guest runs on afterwards. */
    void saveState(Path file) throws IOException {
        try (Qmp qmp = Qmp.connect(config.qmpSocket())) {
            qmp.saveState(file);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while saving the VM state", e);
        }
    }

    /** A new connection to the agent (the VM must be ready). */
    AgentClient connect(Duration timeout) throws IOException {
        return AgentClient.connect(config.controlSocket(), Instant.now().plus(timeout), process::isAlive);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    public State state() {
        return process.isAlive() ? state : State.STOPPED;
    }

    public long pid() {
        return process.pid();
    }

    public QemuConfig config() {
        return config;
    }

    /** Asks the guest to power off, waiting up to 5 s, then kills QEMU if it is still there. */
    public void stop() {
        if (process.isAlive()) {
            try (AgentClient agent = connect(Duration.ofSeconds(2))) {
                ScheduledFuture<?> watchdog = agent.closeAt(Instant.now().plusSeconds(3));
                agent.quit();
                watchdog.cancel(false);
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // The agent is gone or stuck: killing QEMU below is the answer.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kill();
    }

    private void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state = State.STOPPED;
        if (killHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(killHook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook runs anyway and finds QEMU gone.
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** A status line on stderr while something slow runs: redrawn each second on a terminal, else printed once; none without a stream. */
    private static final class ProgressLine implements AutoCloseable {
        private final PrintStream out;
        private final String what;
        private final boolean terminal;
        private final Instant start = Instant.now();
        private final Thread ticker;

        ProgressLine(PrintStream out, String what) {
            this.out = out;
            this.what = what;
            this.terminal = out != null && System.console() != null && System.console().isTerminal();
            if (terminal) {
                ticker = Thread.ofPlatform().daemon().name("jlinux-vm-progress").start(this::tick);
            } else {
                ticker = null;
                if (out != null) out.println("jlinux: " + what + " ...");
            }
        }

        private void tick() {
            try {
                while (true) {
                    synchronized (this) {
                        out.printf("\rjlinux: %s ... %d s", what, Duration.between(start, Instant.now()).toSeconds());
                        out.flush();
                    }
                    Thread.sleep(1000);
                }
            } catch (InterruptedException e) {
                // done
            }
        }

        synchronized void done(String message) {
            if (ticker != null) {
                ticker.interrupt();
                out.print("\r\033[K");
            }
            if (message != null && out != null) out.println("jlinux: " + message);
        }

        @Override
        public void close() {
            if (ticker != null) ticker.interrupt();
        }
    }
}
