// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.benchmarks;

import dev.jlinux.syscalls.ArgKind;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.GuestMemory;
import dev.jlinux.syscalls.StraceFormatter;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.syscalls.SyscallDispatcher;
import dev.jlinux.syscalls.SyscallSignatures;
import dev.jlinux.syscalls.SyscallTable;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Java side of a syscall without the engine: the dispatcher's table lookup and handler call
 * (success and errno paths), and formatting one call for {@code --trace}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DispatchBench {
    /** A guest memory holding one path at address 0x1000. */
    static final class OnePath implements GuestMemory {
        final byte[] path = "/etc/hostname".getBytes(StandardCharsets.UTF_8);

        @Override
        public void read(long addr, byte[] dst, int off, int len) {
            System.arraycopy(path, 0, dst, off, Math.min(len, path.length));
        }

        @Override
        public byte[] readCString(long addr, int maxLen) {
            return path;
        }
    }

    final SyscallDispatcher<Object> dispatcher = new SyscallDispatcher<>(SyscallTable.builder()
            .supported("getppid", (c, a) -> 1)
            .supported("close", (c, a) -> {
                throw new ErrnoException(dev.jlinux.syscalls.Errno.EBADF);
            })
            .build());
    final Object context = new Object();
    final SyscallArgs getppid = new SyscallArgs(110, 0, 0, 0, 0, 0, 0);
    final SyscallArgs badClose = new SyscallArgs(3, 99, 0, 0, 0, 0, 0);
    final SyscallArgs openat = new SyscallArgs(257, -100, 0x1000, 0, 0, 0, 0);
    final GuestMemory memory = new OnePath();

    @Benchmark
    public long dispatchSuccess() {
        return dispatcher.dispatch(context, getppid);
    }

    @Benchmark
    public long dispatchErrno() {
        return dispatcher.dispatch(context, badClose);
    }

    @Benchmark
    public String formatOpenat() {
        return StraceFormatter.format(SyscallSignatures.forName("openat"), openat, 3, memory);
    }

    /** Keeps ArgKind's class initialised outside the measurement (the formatter's tables). */
    static final ArgKind WARM = ArgKind.Basic.PATH;
}
