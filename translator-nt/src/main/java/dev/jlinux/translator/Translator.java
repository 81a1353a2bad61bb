// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator;

import dev.jlinux.elf.ElfImage;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.StraceFormatter;
import dev.jlinux.syscalls.SyscallDispatcher;
import dev.jlinux.syscalls.SyscallTable;
import dev.jlinux.translator.cpu.Cpu;
import dev.jlinux.translator.cpu.CpuException;
import dev.jlinux.translator.cpu.GuestCpuid;
import dev.jlinux.translator.cpu.UnicornLibrary;
import dev.jlinux.translator.handlers.LinuxSyscalls;
import dev.jlinux.translator.host.HostIds;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.translator.kernel.ProgramLoader;
import dev.jlinux.translator.kernel.StreamFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** The translate (v1) backend's entry point: runs one static x86-64 Linux program to completion. */
public final class Translator {
    /** Native stack for the thread that runs the engine: QEMU's code generator recurses deeply. */
    private static final long ENGINE_STACK = 64L << 20;
    private static final SyscallTable<GuestProcess> TABLE = LinuxSyscalls.table();

    private Translator() {}

    /** The v1 syscall table (for {@code jlinux syscalls} and docs). */
    public static SyscallTable<?> syscallTable() {
        return TABLE;
    }

    /** The v1 handler of {@code syscall} as {@code Class.method} (for {@code jlinux explain}), if it has one. */
    public static java.util.Optional<String> handlerName(String syscall) {
        return LinuxSyscalls.handlerName(syscall);
    }

    /** Runs the program; throws when it cannot be started, returns how it ended otherwise. */
    public static RunResult run(RunRequest request) throws ExecFailure, CpuException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread engine = Thread.ofPlatform().name("jlinux-guest").stackSize(ENGINE_STACK).unstarted(() -> {
            try {
                outcome.set(runOnThisThread(request));
            } catch (ExecFailure | CpuException | RuntimeException | Error e) {
                outcome.set(e);
            }
        });
        engine.start();
        boolean interrupted = false;
        while (true) {
            try {
                engine.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        Object o = outcome.get();
        if (o instanceof RunResult r) return r;
        if (o instanceof ExecFailure e) throw e;
        if (o instanceof CpuException e) throw e;
        if (o instanceof RuntimeException e) throw e;
        throw (Error) o;
    }

    private static RunResult runOnThisThread(RunRequest req) throws ExecFailure, CpuException {
        long t0 = System.nanoTime();
        Path cwd = req.cwd().toAbsolutePath();
        Path file = cwd.resolve(req.path());
        ElfImage image;
        try {
            image = ProgramLoader.readExecutable(file);
        } catch (ErrnoException e) {
            throw new ExecFailure(req.path(), e.errno(), e.getMessage());
        }
        UnicornLibrary lib = UnicornLibrary.load();
        SyscallDispatcher<GuestProcess> dispatcher = new SyscallDispatcher<>(TABLE);
        Consumer<String> trace = req.trace();
        if (trace != null) {
            dispatcher.setTracer((p, row, args, result) -> {
                trace.accept(row == null ? StraceFormatter.formatUnknown(args, result)
                        : StraceFormatter.format(row.signature(), args, result, p.memory()));
            });
        }
        Cpu cpu = Cpu.open(lib);
        ProcessHandle self = ProcessHandle.current();
        int pid = (int) self.pid();
        int ppid = self.parent().map(h -> (int) h.pid()).orElse(1);
        GuestProcess p = new GuestProcess(cpu, dispatcher, pid, ppid, HostIds.current(), cwd);
        try {
            Stdio io = req.stdio();
            ProgramLoader.Start start;
            try {
                p.fds().install(new StreamFile(io.in(), null, io.inHostFd()), false);
                p.fds().install(new StreamFile(null, io.out(), io.outHostFd()), false);
                p.fds().install(new StreamFile(null, io.err(), io.errHostFd()), false);
                start = ProgramLoader.load(p, image, realPath(file), bytes(req.argv()), bytes(req.env()),
                        req.path().getBytes(StandardCharsets.UTF_8));
            } catch (ErrnoException e) {
                throw new ExecFailure(req.path(), e.errno(), e.getMessage());
            }
            GuestCpuid.install(cpu);
            p.installHooks();
            GuestProcess.Termination end = p.run(start.entry());
            long wall = System.nanoTime() - t0;
            return switch (end) {
                case GuestProcess.Termination.Exited x -> new RunResult(x.status(), 0, null, false, wall, p.syscalls());
                case GuestProcess.Termination.Killed k ->
                    new RunResult(128 + k.signal(), k.signal(), k.detail(), k.jlinuxBug(), wall, p.syscalls());
            };
        } finally {
            p.destroy();
        }
    }

    /** What /proc/self/exe shows: the file with every symlink resolved. */
    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (java.io.IOException e) {
            return file.normalize();
        }
    }

    private static List<byte[]> bytes(List<String> strings) {
        return strings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }
}
