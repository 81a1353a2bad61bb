// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.benchmarks;

import dev.jlinux.translator.cpu.Cpu;
import dev.jlinux.translator.cpu.CpuException;
import dev.jlinux.translator.cpu.Prot;
import dev.jlinux.translator.cpu.Reg;
import dev.jlinux.translator.cpu.UnicornLibrary;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one guest {@code syscall} trapping into Java and back, as v1's fast path does it: the
 * hook reads the syscall registers in one batch and writes rax/rcx/r11 in one batch. The guest is a
 * loop of {@value #CALLS} getppid calls ({@code mov eax, 110; syscall; dec r12; jnz}), so the figure
 * is nanoseconds per syscall, engine entry and exit amortised.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss64m"})
public class SyscallHookBench {
    static final int CALLS = 10_000;
    static final long CODE = 0x10000;
    private static final Reg[] IN = {Reg.RAX, Reg.RDI, Reg.RSI, Reg.RDX, Reg.R10, Reg.R8, Reg.R9, Reg.RIP, Reg.RFLAGS};
    private static final Reg[] OUT = {Reg.RAX, Reg.RCX, Reg.R11};

    Cpu cpu;
    long end;
    long calls;

    @Setup(Level.Trial)
    public void setUp() throws CpuException {
        cpu = Cpu.open(UnicornLibrary.load());
        cpu.map(CODE, 0x1000, Prot.READ | Prot.EXEC);
        byte[] code = {
            0x41, (byte) 0xbc, (byte) CALLS, (byte) (CALLS >> 8), 0, 0, // mov r12d, CALLS
            (byte) 0xb8, 110, 0, 0, 0,                                 // loop: mov eax, 110 (getppid)
            0x0f, 0x05,                                                // syscall
            0x49, (byte) 0xff, (byte) 0xcc,                            // dec r12
            0x75, (byte) 0xf4,                                         // jnz loop
        };
        cpu.write(CODE, code);
        end = CODE + code.length;
        Cpu.RegisterSet in = cpu.registerSet(IN), out = cpu.registerSet(OUT);
        long[] i = new long[IN.length], o = new long[OUT.length];
        cpu.onSyscall(() -> {
            try {
                in.read(i);
                calls++;
                o[0] = 1; // getppid's answer
                o[1] = i[7] + 2;
                o[2] = i[8];
                out.write(o);
            } catch (CpuException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cpu.close();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long syscallRoundTrip() throws CpuException {
        cpu.start(CODE, end);
        return calls;
    }
}
