// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import dev.jlinux.vm.QemuConfig.Accelerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jlinux's VMs in the cache directory: the one started by {@code jlinux vm start} (its QEMU pid
 * and control socket are in {@code vm/state}) and the throw-away ones a run boots when none is
 * running. Also picks the accelerator: KVM when a first trial boot answers in time, else TCG; the
 * verdict is kept in {@code vm/accelerator} (delete it to probe again). After a cold boot the VM's
 * state is saved in {@code vm/snapshot-KEY.state}, and later starts restore it instead of booting.
 */
public final class VmManager {
    static final int MEMORY_MIB = 256;
    static final Duration TCG_BOOT_TIMEOUT = Duration.ofSeconds(90);
    static final Duration KVM_TRIAL_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(15);

    private final Path cache;
    private final Path dir;
    private final PrintStream err;

    public VmManager(Path cache, PrintStream err) {
        this.cache = cache;
        this.dir = cache.resolve("vm");
        this.err = err;
    }

    /** The jlinux cache directory: {@code JLINUX_CACHE}, else {@code $XDG_CACHE_HOME/jlinux}, else ~/.cache/jlinux. */
    public static Path defaultCache(Map<String, String> env) {
        String d = env.get("JLINUX_CACHE");
        if (d != null && !d.isEmpty()) return Path.of(d);
        d = env.get("XDG_CACHE_HOME");
        if (d != null && !d.isEmpty()) return Path.of(d, "jlinux");
        return Path.of(System.getProperty("user.home"), ".cache", "jlinux");
    }

    /** The VM started by {@code jlinux vm start}, as its state file describes it. */
    public record Running(long pid, Path controlSocket, Accelerator accelerator, Instant started) {}

    /** The started VM, if its state file names a QEMU that is still alive. */
    public Optional<Running> running() {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("state"))) {
            p.load(r);
            Running vm = new Running(Long.parseLong(p.getProperty("pid")), Path.of(p.getProperty("control")),
                    Accelerator.valueOf(p.getProperty("accelerator")), Instant.parse(p.getProperty("started")));
            boolean qemu = ProcessHandle.of(vm.pid()).filter(ProcessHandle::isAlive)
                    .flatMap(h -> h.info().command()).filter(c -> c.contains("qemu-system")).isPresent();
            return qemu ? Optional.of(vm) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Boots a VM that outlives this JVM and records it; returns the one already running if there is one. */
    public Running start() throws VmException {
        Optional<Running> already = running();
        if (already.isPresent()) return already.get();
        Vm vm = boot(dir, Vm.Tie.DETACHED);
        Running r = new Running(vm.pid(), vm.config().controlSocket(), vm.config().accelerator(), Instant.now());
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(r.pid()));
        p.setProperty("control", r.controlSocket().toString());
        p.setProperty("accelerator", r.accelerator().name());
        p.setProperty("started", r.started().toString());
        try {
            Path tmp = Files.createTempFile(dir, "state", ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "jlinux vm start");
            }
            Files.move(tmp, dir.resolve("state"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            vm.stop();
            throw new VmException("cannot write " + dir.resolve("state") + ": " + e.getMessage(), e);
        }
        return r;
    }

    /** Stops the started VM (the guest powers off; QEMU is killed if it does not within 5 s). False if none ran. */
    public boolean stop() {
        Optional<Running> vm = running();
        try {
            Files.deleteIfExists(dir.resolve("state"));
        } catch (IOException e) {
            err.println("jlinux: cannot remove " + dir.resolve("state") + ": " + e.getMessage());
        }
        if (vm.isEmpty()) return false;
        ProcessHandle qemu = ProcessHandle.of(vm.get().pid()).orElse(null);
        if (qemu == null) return true;
        try (AgentClient agent = AgentClient.connect(vm.get().controlSocket(), Instant.now().plusSeconds(2), qemu::isAlive)) {
            agent.closeAt(Instant.now().plusSeconds(3));
            agent.quit();
            qemu.onExit().get(5, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            // The agent is gone or stuck: kill QEMU below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        qemu.destroyForcibly();
        return true;
    }

    /** A connection to the agent for some runs: to the started VM if one runs, else to a VM booted for this session. */
    public Session session() throws VmException {
        Optional<Session> attached = attach();
        if (attached.isPresent()) return attached.get();
        removeStaleRunDirectories();
        Path own = dir.resolve("run-" + ProcessHandle.current().pid());
        Vm ephemeral = boot(own, Vm.Tie.JVM);
        try {
            return new Session(ephemeral.connect(Duration.ofSeconds(5)), ephemeral, own, null, null,
                    ephemeral.config().ninepSocket(), ephemeral::isAlive);
        } catch (IOException e) {
            ephemeral.stop();
            throw new VmException("cannot connect to the VM: " + e.getMessage(), e);
        }
    }

    /** A connection to the started VM, waiting for other clients to finish; empty if none runs. */
    public Optional<Session> attach() throws VmException {
        Optional<Running> vm = running();
        if (vm.isEmpty()) return Optional.empty();
        FileChannel lockFile = null;
        try {
            Files.createDirectories(dir);
            // One client at a time: QEMU's socket takes one connection, the agent one run.
            lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockFile.lock();
            ProcessHandle qemu = ProcessHandle.of(vm.get().pid()).orElseThrow(() -> new IOException("QEMU ended"));
            AgentClient agent = AgentClient.connect(vm.get().controlSocket(), Instant.now().plusSeconds(5), qemu::isAlive);
            return Optional.of(new Session(agent, null, null, lockFile, lock,
                    QemuConfig.ninepSocket(vm.get().controlSocket()), qemu::isAlive));
        } catch (IOException e) {
            try {
                if (lockFile != null) lockFile.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new VmException("cannot connect to the running VM (pid " + vm.get().pid() + "): " + e.getMessage()
                    + "; try jlinux vm stop", e);
        }
    }

    /** Some runs on one VM; closing it stops the VM if the session booted it. */
    public static final class Session implements AutoCloseable {
        private final AgentClient agent;
        private final Vm ownVm;
        private final Path ownDir;
        private final FileChannel lockFile;
        private final FileLock lock;
        private final Path ninepSocket;
        private final BooleanSupplier qemuAlive;
        private HostShare share;

        private Session(AgentClient agent, Vm ownVm, Path ownDir, FileChannel lockFile, FileLock lock, Path ninepSocket,
                BooleanSupplier qemuAlive) {
            this.agent = agent;
            this.ownVm = ownVm;
            this.ownDir = ownDir;
            this.lockFile = lockFile;
            this.lock = lock;
            this.ninepSocket = ninepSocket;
            this.qemuAlive = qemuAlive;
        }

        public AgentClient agent() {
            return agent;
        }

        /** Shares the host's files with the guest at their host paths ({@link HostShare}) until the session ends. */
        public void shareHost() throws IOException {
            if (share == null) share = HostShare.start(agent, ninepSocket, Instant.now().plusSeconds(5), qemuAlive);
        }

        @Override
        public void close() throws IOException {
            agent.close();
            if (share != null) share.close();
            if (ownVm != null) {
                ownVm.stop();
                try (var files = Files.list(ownDir)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                }
                Files.deleteIfExists(ownDir);
            }
            if (lock != null) lock.release();
            if (lockFile != null) lockFile.close();
        }
    }

    private Vm boot(Path vmDir, Vm.Tie tie) throws VmException {
        Path qemu = findQemu();
        Kernel kernel = Kernel.locate(cache);
        Path initramfs = Initramfs.write(kernel, dir);
        try {
            Files.createDirectories(vmDir);
        } catch (IOException e) {
            throw new VmException("cannot create " + vmDir + ": " + e.getMessage(), e);
        }
        Path socket = vmDir.resolve("control.sock");
        if (socket.toString().length() > 100) throw new VmException("socket path too long for Linux (108 bytes): " + socket + "; set JLINUX_CACHE to a shorter directory");
        Accelerator verdict = accelerator();
        Vm vm = null;
        if (verdict == null && kvmDevicePresent()) {
            try {
                vm = Vm.boot(config(qemu, Accelerator.KVM, kernel, initramfs, vmDir, Optional.empty()), tie, KVM_TRIAL_TIMEOUT,
                        vmDir.resolve("qemu.log"), err);
                recordAccelerator(Accelerator.KVM);
            } catch (VmException e) {
                err.println("jlinux: KVM does not work here (" + e.getMessage() + "); using TCG from now on");
            }
        } else if (verdict == null) {
            err.println("jlinux: no usable /dev/kvm: the VM runs under TCG (software emulation)");
        }
        if (verdict == null && vm == null) recordAccelerator(Accelerator.TCG);
        Accelerator acc = vm != null ? Accelerator.KVM : verdict == null ? Accelerator.TCG : verdict;
        QemuConfig fresh = config(qemu, acc, kernel, initramfs, vmDir, Optional.empty());
        Path snapshot = dir.resolve("snapshot-" + snapshotKey(fresh) + ".state");
        if (vm == null && Files.isRegularFile(snapshot)) {
            try {
                return Vm.boot(config(qemu, acc, kernel, initramfs, vmDir, Optional.of(snapshot)), tie, RESTORE_TIMEOUT,
                        vmDir.resolve("qemu.log"), null);
            } catch (VmException e) {
                err.println("jlinux: " + e.getMessage() + "; booting afresh");
                deleteQuietly(snapshot);
            }
        }
        if (vm == null) {
            Duration timeout = acc == Accelerator.KVM ? Duration.ofSeconds(30) : TCG_BOOT_TIMEOUT;
            vm = Vm.boot(fresh, tie, timeout, vmDir.resolve("qemu.log"), err);
        }
        saveSnapshot(vm, snapshot);
        return vm;
    }

    /**
     * Saves a freshly booted VM's state for later starts (restoring takes a fraction of a second
     * where booting under TCG takes seconds). Snapshots of other kernels, initramfs or settings are
     * removed. A failure only costs the next start its speed.
     */
    private void saveSnapshot(Vm vm, Path snapshot) {
        Path tmp = snapshot.resolveSibling(snapshot.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            long t0 = System.nanoTime();
            vm.saveState(tmp);
            Files.move(tmp, snapshot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    String n = f.getFileName().toString();
                    if (n.startsWith("snapshot-") && n.endsWith(".state") && !f.equals(snapshot)) deleteQuietly(f);
                }
            }
            err.printf("jlinux: saved a VM snapshot for faster starts (%.1f s, %d MB)%n", (System.nanoTime() - t0) / 1e9,
                    Files.size(snapshot) >> 20);
        } catch (IOException e) {
            deleteQuietly(tmp);
            err.println("jlinux: could not save a VM snapshot: " + e.getMessage());
        }
    }

    /**
     * What a snapshot must match to be restored: QEMU itself, the accelerator, memory and CPUs, the
     * kernel and its command line, and the initramfs (named by its content hash, so the agent counts).
     */
    static String snapshotKey(QemuConfig c) throws VmException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : List.of(c.qemu(), c.kernel())) {
                md.update((f + "|" + Files.size(f) + "|" + Files.getLastModifiedTime(f) + "|").getBytes(StandardCharsets.UTF_8));
            }
            md.update((c.initramfs().getFileName() + "|" + c.accelerator() + "|" + c.memoryMiB() + "|" + c.cpus() + "|"
                    + String.join(" ", c.kernelParams())).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (IOException e) {
            throw new VmException("cannot read " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes the directories of per-run VMs whose JVM died without cleaning up (their QEMU died with it). */
    private void removeStaleRunDirectories() {
        try (var dirs = Files.list(dir)) {
            for (Path d : dirs.toList()) {
                String n = d.getFileName().toString();
                if (!n.startsWith("run-") || !n.substring(4).chars().allMatch(Character::isDigit) || n.length() == 4) continue;
                if (ProcessHandle.of(Long.parseLong(n.substring(4))).map(ProcessHandle::isAlive).orElse(false)) continue;
                try (var files = Files.list(d)) {
                    for (Path f : files.toList()) deleteQuietly(f);
                }
                deleteQuietly(d);
            }
        } catch (IOException e) {
            // no vm directory yet, or an unreadable one: nothing to tidy
        }
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // a stale file costs only disk space
        }
    }

    private static QemuConfig config(Path qemu, Accelerator acc, Kernel kernel, Path initramfs, Path vmDir, Optional<Path> incoming) {
        return new QemuConfig(qemu, acc, MEMORY_MIB, 1, kernel.vmlinux(), initramfs, QemuConfig.kernelParams(acc, hostTscKhz()),
                vmDir.resolve("control.sock"), vmDir.resolve("console.log"), vmDir.resolve("qmp.sock"), incoming);
    }

    private Accelerator accelerator() {
        try {
            return Accelerator.valueOf(Files.readString(dir.resolve("accelerator")).strip());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private void recordAccelerator(Accelerator acc) {
        try {
            Files.writeString(dir.resolve("accelerator"), acc.name() + "\n");
        } catch (IOException e) {
            err.println("jlinux: cannot record the accelerator in " + dir + ": " + e.getMessage());
        }
    }

    private static boolean kvmDevicePresent() {
        Path kvm = Path.of("/dev/kvm");
        return Files.isReadable(kvm) && Files.isWritable(kvm);
    }

    private static Path findQemu() throws VmException {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path q = Path.of(d.isEmpty() ? "." : d, "qemu-system-x86_64");
            if (Files.isExecutable(q)) return q;
        }
        throw new VmException("qemu-system-x86_64 not found: install the Debian package qemu-system-x86"
                + " (./jlinux does on first use)");
    }

    /** The host's TSC frequency in kHz (from /proc/cpuinfo's "cpu MHz"), or 0 when unknown. */
    static long hostTscKhz() {
        try (InputStream in = Files.newInputStream(Path.of("/proc/cpuinfo"))) {
            Matcher m = Pattern.compile("(?m)^cpu MHz\\s*:\\s*([0-9.]+)").matcher(new String(in.readNBytes(1 << 16)));
            return m.find() ? Math.round(Double.parseDouble(m.group(1)) * 1000) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
