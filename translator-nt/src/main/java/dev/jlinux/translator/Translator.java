// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator;

import dev.jlinux.syscalls.At;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Signals;
import dev.jlinux.syscalls.StraceFormatter;
import dev.jlinux.syscalls.SyscallDispatcher;
import dev.jlinux.syscalls.SyscallTable;
import dev.jlinux.translator.cpu.CpuException;
import dev.jlinux.translator.cpu.UnicornLibrary;
import dev.jlinux.translator.handlers.LinuxSyscalls;
import dev.jlinux.translator.host.HostIds;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.translator.kernel.Kernel;
import dev.jlinux.translator.kernel.MemoryBudget;
import dev.jlinux.translator.kernel.ProgramLoader;
import dev.jlinux.translator.kernel.SigInfo;
import dev.jlinux.translator.kernel.StreamFile;
import dev.jlinux.vfs.Vfs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** The translate (v1) backend's entry point: runs one static x86-64 Linux program to completion. */
public final class Translator {
    /** How long processes left over at the end get to die of SIGKILL. */
    private static final long LEFTOVER_GRACE_NS = 2_000_000_000L;
    private static final SyscallTable<GuestProcess> TABLE = LinuxSyscalls.table();
    /**
     * The system property that sets how much guest memory a run may map, over all its processes
     * (bytes, or a number with K, M, G or T); unset, 8 GiB or the host's memory if less.
     */
    public static final String MEMORY_LIMIT_PROPERTY = "jlinux.memory.limit";

    private Translator() {}

    /**
     * Sets {@link #MEMORY_LIMIT_PROPERTY} for the runs that follow.
     *
     * @throws IllegalArgumentException when {@code size} is not a size
     */
    public static void setMemoryLimit(String size) {
        MemoryBudget.parseSize(size);
        System.setProperty(MEMORY_LIMIT_PROPERTY, size);
    }

    /** The v1 syscall table (for {@code jlinux syscalls} and docs). */
    public static SyscallTable<?> syscallTable() {
        return TABLE;
    }

    /** The v1 handler of {@code syscall} as {@code Class.method} (for {@code jlinux explain}), if it has one. */
    public static java.util.Optional<String> handlerName(String syscall) {
        return LinuxSyscalls.handlerName(syscall);
    }

    /**
     * Runs the program; throws when it cannot be started, returns how it ended otherwise. The run
     * ends when the first process exits; processes still alive then are killed with SIGKILL, as
     * when the first process of a PID namespace exits.
     */
    public static RunResult run(RunRequest req) throws ExecFailure, CpuException {
        String limit = System.getProperty(MEMORY_LIMIT_PROPERTY);
        return run(req, limit == null ? MemoryBudget.ofHost() : new MemoryBudget(MemoryBudget.parseSize(limit)));
    }

    /** Runs the program with {@code budget} bounding its guest memory. */
    static RunResult run(RunRequest req, MemoryBudget budget) throws ExecFailure, CpuException {
        long t0 = System.nanoTime();
        byte[] execfn = req.path().getBytes(StandardCharsets.UTF_8);
        UnicornLibrary lib = UnicornLibrary.load();
        SyscallDispatcher<GuestProcess> dispatcher = new SyscallDispatcher<>(TABLE);
        Consumer<String> trace = req.trace();
        if (trace != null) {
            dispatcher.setTracer((p, row, args, result) -> {
                String line = row == null ? StraceFormatter.formatUnknown(args, result)
                        : StraceFormatter.format(row.signature(), args, result, p.memory());
                trace.accept(p.pid() == p.kernel().init().pid() ? line : "[pid " + p.pid() + "] " + line);
            });
        }
        Kernel kernel = new Kernel(lib, dispatcher, Kernel.DEFAULT_MAX_PROCESSES, budget);
        ProcessHandle self = ProcessHandle.current();
        int ppid = self.parent().map(h -> (int) h.pid()).orElse(1);
        Vfs vfs;
        try {
            vfs = GuestFileSystems.build(kernel, req.fs());
        } catch (ExecFailure e) {
            kernel.shutdown();
            throw e;
        }
        GuestProcess p = GuestProcess.first(kernel, (int) self.pid(), ppid, HostIds.current(), vfs, vfs.newContext(022));
        ProgramLoader.Start start;
        try {
            Stdio io = req.stdio();
            try {
                try {
                    vfs.chdir(p.caller(), req.cwd().toAbsolutePath().toString());
                } catch (ErrnoException outside) {
                    // the cwd is not in the guest's tree: the guest starts at its root
                }
                p.fds().install(StreamFile.open(io.in(), null, io.inHostFd()), false);
                p.fds().install(StreamFile.open(null, io.out(), io.outHostFd()), false);
                p.fds().install(StreamFile.open(null, io.err(), io.errHostFd()), false);
                ProgramLoader.Executable exe =
                        ProgramLoader.resolve(p, At.AT_FDCWD, req.path(), false, execfn, bytes(req.argv()));
                start = ProgramLoader.load(p, exe.image(), exe.path(), exe.argv(), bytes(req.env()), execfn);
            } catch (ErrnoException e) {
                throw new ExecFailure(req.path(), e.errno(), e.getMessage());
            }
            p.installHooks();
        } catch (ExecFailure | CpuException | RuntimeException e) {
            p.fds().closeAll();
            p.memory().releaseAll();
            p.cpu().close();
            throw e;
        }
        p.start(start.entry());
        GuestProcess.Termination end = join(p.ended());
        for (GuestProcess other : kernel.all()) {
            if (other != p) other.send(SigInfo.kill(Signals.SIGKILL, Signals.SI_KERNEL, 0, 0));
        }
        long deadline = System.nanoTime() + LEFTOVER_GRACE_NS;
        for (GuestProcess other : kernel.all()) {
            try {
                other.ended().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // a process spinning without syscalls never sees SIGKILL; its daemon thread is abandoned
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        kernel.shutdown();
        long wall = System.nanoTime() - t0;
        return switch (end) {
            case GuestProcess.Termination.Exited x -> new RunResult(x.status(), 0, null, false, wall, p.syscalls());
            case GuestProcess.Termination.Killed k ->
                new RunResult(128 + k.signal(), k.signal(), k.detail(), k.jlinuxBug(), wall, p.syscalls());
        };
    }

    private static GuestProcess.Termination join(CompletableFuture<GuestProcess.Termination> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static List<byte[]> bytes(List<String> strings) {
        return strings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }
}
