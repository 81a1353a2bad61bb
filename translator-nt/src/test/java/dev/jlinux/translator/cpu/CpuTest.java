// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Unicorn binding, and the Unicorn 2.1 behaviours jlinux depends on, pinned down on hand-assembled
 * code (each instruction's bytes are spelled out next to it). If a Unicorn upgrade changes one of
 * these facts, the test that names it fails.
 */
class CpuTest {
    static final long CODE = 0x10000, DATA = 0x20000, PAGE = 0x1000;
    static final byte[] HLT = {(byte) 0xf4};
    static final byte[] SYSCALL = {0x0f, 0x05};

    static UnicornLibrary lib;
    Cpu cpu;

    @BeforeAll
    static void loadLibrary() throws CpuException {
        lib = UnicornLibrary.load();
    }

    @BeforeEach
    void open() throws CpuException {
        cpu = Cpu.open(lib);
        cpu.map(CODE, PAGE, Prot.READ | Prot.EXEC);
        cpu.map(DATA, PAGE, (Prot.READ | Prot.WRITE));
    }

    @AfterEach
    void close() {
        cpu.close();
    }

    static byte[] code(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** {@code mov eax, imm32} (b8 id). */
    static byte[] movEax(int imm) {
        return new byte[] {(byte) 0xb8, (byte) imm, (byte) (imm >> 8), (byte) (imm >> 16), (byte) (imm >> 24)};
    }

    /** {@code mov rax, imm32} sign-extended (48 c7 c0 id). */
    static byte[] movRax(int imm) {
        return new byte[] {0x48, (byte) 0xc7, (byte) 0xc0, (byte) imm, (byte) (imm >> 8), (byte) (imm >> 16),
            (byte) (imm >> 24)};
    }

    void load(byte[] code) throws CpuException {
        cpu.write(CODE, code);
    }

    @Test
    void versionIsAtLeast21AndOlderOnesAreRefused() {
        assertThat(lib.version()).matches("2\\.(1|[2-9])\\.\\d+|[3-9]\\.\\d+\\.\\d+");
        assertThatThrownBy(() -> UnicornLibrary.checkVersion(0x020001ff, lib.path()))
                .isInstanceOf(CpuException.class).hasMessageContaining("2.0.1").hasMessageContaining("too old");
        assertThatThrownBy(() -> UnicornLibrary.checkVersion(0x0102, lib.path()))
                .hasMessageContaining("1.2.0");
    }

    @Test
    void freshEngineHasFcwAndMxcsrZeroUntilReset() throws CpuException {
        // Fact: Unicorn resets FCW and MXCSR to 0 (unmasked exceptions, single precision x87).
        assertThat(cpu.readRegister(Reg.FPCW)).isZero();
        assertThat(cpu.readRegister(Reg.MXCSR)).isZero();
        cpu.writeRegister(Reg.RDX, 0x1234);
        X86State.resetUserState(cpu);
        assertThat(cpu.readRegister(Reg.FPCW)).isEqualTo(0x37f);
        assertThat(cpu.readRegister(Reg.MXCSR)).isEqualTo(0x1f80);
        assertThat(cpu.readRegister(Reg.RDX)).isZero();
        assertThat(cpu.readRegister(Reg.RFLAGS) & 0x202).isEqualTo(0x202);
    }

    @Test
    void x87DoubleArithmeticNeedsTheLinuxControlWord() throws CpuException {
        // fld1; fld qword [DATA]; fdivp st(1), st; fstp qword [DATA+8]; hlt — 1/3 in double precision.
        X86State.resetUserState(cpu);
        cpu.write(DATA, le(Double.doubleToRawLongBits(3.0)));
        load(code(new byte[] {(byte) 0xd9, (byte) 0xe8}, // fld1
                new byte[] {(byte) 0xdd, 0x04, 0x25, 0x00, 0x00, 0x02, 0x00}, // fld qword [0x20000]
                new byte[] {(byte) 0xde, (byte) 0xf9}, // fdivp st(1), st: st1 = st1 / st0
                new byte[] {(byte) 0xdd, 0x1c, 0x25, 0x08, 0x00, 0x02, 0x00}, // fstp qword [0x20008]
                HLT));
        cpu.start(CODE, 0);
        assertThat(Double.longBitsToDouble(cpu.readLong(DATA + 8))).isEqualTo(1.0 / 3.0);
    }

    @Test
    void syscallHookSeesRipAtTheInstructionAndEngineAddsTwo() throws CpuException {
        // 0x10000: syscall; 0x10002: hlt; ... 0x10010: mov eax, 5; hlt
        byte[] code = new byte[0x20];
        System.arraycopy(code(SYSCALL, HLT), 0, code, 0, 3);
        System.arraycopy(code(movEax(5), HLT), 0, code, 0x10, 6);
        load(code);
        AtomicLong ripInHook = new AtomicLong();
        AtomicLong rcxInHook = new AtomicLong(-1);
        cpu.writeRegister(Reg.RCX, 0x77);
        cpu.onSyscall(() -> {
            try {
                ripInHook.set(cpu.readRegister(Reg.RIP));
                rcxInHook.set(cpu.readRegister(Reg.RCX));
                if (ripInHook.get() == CODE) cpu.writeRegister(Reg.RIP, CODE + 0x10 - 2);
            } catch (CpuException e) {
                throw new IllegalStateException(e);
            }
        });
        cpu.start(CODE, 0);
        assertThat(ripInHook.get()).isEqualTo(CODE);
        assertThat(rcxInHook.get()).as("the engine does not set RCX: the kernel's job").isEqualTo(0x77);
        assertThat(cpu.readRegister(Reg.RAX)).isEqualTo(5);
        assertThat(cpu.readRegister(Reg.RIP)).isEqualTo(CODE + 0x16);
    }

    @Test
    void hltEndsEmulationNormallyWithRipAfterIt() throws CpuException {
        load(code(movEax(9), HLT));
        cpu.start(CODE, 0);
        assertThat(cpu.readRegister(Reg.RIP)).isEqualTo(CODE + 6);
        assertThat(cpu.readRegister(Reg.RAX)).isEqualTo(9);
    }

    @Test
    void aThrowingHookBecomesCpuExceptionAndTheEngineStaysUsable() throws CpuException {
        load(code(SYSCALL, HLT));
        AtomicInteger calls = new AtomicInteger();
        cpu.onSyscall(() -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("boom");
        });
        assertThatThrownBy(() -> cpu.start(CODE, 0)).isInstanceOf(CpuException.class)
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("boom");
        cpu.start(CODE, 0);
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void invalidMemoryHookGetsKindAndAddressAndStartFailsWithUnicornsMessage() throws CpuException {
        // mov rax, 0x50000; mov [rax], rbx (48 89 18); hlt
        load(code(movRax(0x50000), new byte[] {0x48, (byte) 0x89, 0x18}, HLT));
        List<String> seen = new ArrayList<>();
        cpu.onInvalidMemory((kind, addr, size, value) -> {
            seen.add(kind + "@" + Long.toHexString(addr) + "/" + size);
            return false;
        });
        assertThatThrownBy(() -> cpu.start(CODE, 0)).isInstanceOf(CpuException.class)
                .satisfies(e -> assertThat(((CpuException) e).is(CpuException.ERR_WRITE_UNMAPPED)).isTrue())
                .hasMessageContaining("UC_ERR_WRITE_UNMAPPED");
        assertThat(seen).containsExactly("WRITE_UNMAPPED@50000/8");
    }

    @Test
    void writeToReadOnlyPageIsAProtectionFault() throws CpuException {
        cpu.protect(DATA, PAGE, Prot.READ);
        // mov rax, 0x20000; mov [rax], rbx; hlt
        load(code(movRax((int) DATA), new byte[] {0x48, (byte) 0x89, 0x18}, HLT));
        List<MemAccess> kinds = new ArrayList<>();
        cpu.onInvalidMemory((kind, addr, size, value) -> {
            kinds.add(kind);
            return false;
        });
        assertThatThrownBy(() -> cpu.start(CODE, 0)).isInstanceOf(CpuException.class);
        assertThat(kinds).containsExactly(MemAccess.WRITE_PROT);
    }

    @Test
    void interruptHookGetsVectors() throws CpuException {
        List<Integer> vectors = new ArrayList<>();
        cpu.onInterrupt(v -> {
            vectors.add(v);
            try {
                cpu.stop();
            } catch (CpuException e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] code = new byte[0x20];
        System.arraycopy(code(new byte[] {(byte) 0xcc}, HLT), 0, code, 0, 2); // int3
        // 0x10010: xor ecx, ecx (31 c9); div rcx (48 f7 f1); hlt
        System.arraycopy(code(new byte[] {0x31, (byte) 0xc9, 0x48, (byte) 0xf7, (byte) 0xf1}, HLT), 0, code, 0x10, 6);
        load(code);
        cpu.start(CODE, 0);
        assertThat(cpu.readRegister(Reg.RIP)).as("int3: RIP after the instruction").isEqualTo(CODE + 1);
        cpu.start(CODE + 0x10, 0);
        assertThat(cpu.readRegister(Reg.RIP)).as("#DE: RIP at the faulting div").isEqualTo(CODE + 0x12);
        assertThat(vectors).containsExactly(3, 0);
    }

    @Test
    void memoryWritesDoNotInvalidateTranslatedCode() throws CpuException {
        // Why AddressSpace calls removeCache after writing to executable pages.
        load(code(movEax(1), HLT));
        cpu.start(CODE, 0);
        load(code(movEax(2), HLT));
        cpu.start(CODE, 0);
        assertThat(cpu.readRegister(Reg.RAX)).isEqualTo(1);
    }

    @Test
    void undefinedOpcodeGoesToTheInvalidInstructionHook() throws CpuException {
        load(code(new byte[] {0x0f, 0x0b}, HLT)); // ud2
        AtomicLong rip = new AtomicLong();
        cpu.onInvalidInstruction(() -> {
            try {
                rip.set(cpu.readRegister(Reg.RIP));
            } catch (CpuException e) {
                throw new IllegalStateException(e);
            }
            return false;
        });
        assertThatThrownBy(() -> cpu.start(CODE, 0))
                .satisfies(e -> assertThat(((CpuException) e).is(CpuException.ERR_INSN_INVALID)).isTrue());
        assertThat(rip.get()).isEqualTo(CODE);
    }

    @Test
    void guestCpuidAdvertisesV2AndHidesAvxAndBmi2() throws CpuException {
        GuestCpuid.install(cpu);
        // mov eax, 1; xor ecx, ecx; cpuid; hlt
        load(code(movEax(1), new byte[] {0x31, (byte) 0xc9, 0x0f, (byte) 0xa2}, HLT));
        cpu.start(CODE, 0);
        long ecx = cpu.readRegister(Reg.RCX), edx = cpu.readRegister(Reg.RDX);
        assertThat(ecx & (1 << 20)).as("SSE4.2").isNotZero();
        assertThat(ecx & (1 << 23)).as("POPCNT").isNotZero();
        assertThat(ecx & (1 << 28)).as("AVX").isZero();
        assertThat(ecx & (1 << 27)).as("OSXSAVE").isZero();
        assertThat(edx).as("AT_HWCAP is CPUID.1:EDX").isEqualTo(GuestCpuid.hwcap());
        // mov eax, 7; xor ecx, ecx; cpuid; hlt
        load(code(movEax(7), new byte[] {0x31, (byte) 0xc9, 0x0f, (byte) 0xa2}, HLT));
        cpu.start(CODE, 0);
        assertThat(cpu.readRegister(Reg.RBX) & (1 << 8)).as("BMI2").isZero();
        assertThat(cpu.readRegister(Reg.RBX) & (1 << 5)).as("AVX2").isZero();
    }

    @Test
    void aNewerModelWouldAdvertiseBmi2() throws CpuException {
        // Why the model is Nehalem: Skylake's own cpuid claims BMI2, whose pdep/pext/bzhi compute wrongly.
        try (Cpu skylake = Cpu.open(lib, Uc.UC_CPU_X86_SKYLAKE_CLIENT)) {
            skylake.map(CODE, PAGE, Prot.READ | Prot.EXEC);
            skylake.write(CODE, code(movEax(7), new byte[] {0x31, (byte) 0xc9, 0x0f, (byte) 0xa2}, HLT));
            skylake.start(CODE, 0);
            assertThat(skylake.readRegister(Reg.RBX) & (1 << 8)).isNotZero();
        }
    }

    @Test
    void decodingAgreesWithTheAdvertisedCpu() throws CpuException {
        // xor ecx, ecx; mov eax, 7; rep bsf rax, rcx (f3 48 0f bc c1 = tzcnt on BMI1 parts); hlt.
        // Without BMI1 (not advertised) it is bsf, which leaves the destination alone for a zero source.
        load(code(new byte[] {0x31, (byte) 0xc9}, movEax(7), new byte[] {(byte) 0xf3, 0x48, 0x0f, (byte) 0xbc, (byte) 0xc1},
                HLT));
        cpu.start(CODE, 0);
        assertThat(cpu.readRegister(Reg.RAX)).isEqualTo(7);
        assertThat(cpu.cpuModel()).isEqualTo(Uc.UC_CPU_X86_NEHALEM);
    }

    @Test
    void hostMemoryIsSharedBothWays() throws CpuException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(PAGE, PAGE);
            host.set(ValueLayout.JAVA_LONG, 0, 0x1122334455667788L);
            cpu.mapHost(0x30000, PAGE, (Prot.READ | Prot.WRITE), host);
            // mov rax, 0x30000; mov rbx, [rax] (48 8b 18); mov [rax+8], rbx (48 89 58 08); hlt
            load(code(movRax(0x30000), new byte[] {0x48, (byte) 0x8b, 0x18, 0x48, (byte) 0x89, 0x58, 0x08}, HLT));
            cpu.start(CODE, 0);
            assertThat(cpu.readRegister(Reg.RBX)).isEqualTo(0x1122334455667788L);
            assertThat(host.get(ValueLayout.JAVA_LONG, 8)).isEqualTo(0x1122334455667788L);
            cpu.unmap(0x30000, PAGE);
        }
    }

    @Test
    void rewrittenCodeRunsAfterCacheRemoval() throws CpuException {
        load(code(movEax(1), HLT));
        cpu.start(CODE, 0);
        assertThat(cpu.readRegister(Reg.RAX)).isEqualTo(1);
        load(code(movEax(2), HLT));
        cpu.removeCache(CODE, CODE + PAGE);
        cpu.start(CODE, 0);
        assertThat(cpu.readRegister(Reg.RAX)).isEqualTo(2);
    }

    @Test
    void contextMovesToAnotherEngine() throws CpuException {
        cpu.writeRegisters(new Reg[] {Reg.RBX, Reg.R15, Reg.RIP}, new long[] {7, 8, CODE});
        cpu.writeXmm(3, 0xaa, 0xbb);
        try (CpuContext ctx = cpu.saveContext(); Cpu other = Cpu.open(lib)) {
            cpu.writeRegister(Reg.RBX, 99);
            other.restoreContext(ctx);
            long[] out = new long[3];
            other.readRegisters(new Reg[] {Reg.RBX, Reg.R15, Reg.RIP}, out);
            assertThat(out).containsExactly(7, 8, CODE);
            long[] xmm = new long[2];
            other.readXmm(3, xmm);
            assertThat(xmm).containsExactly(0xaa, 0xbb);
            cpu.restoreContext(ctx);
            assertThat(cpu.readRegister(Reg.RBX)).isEqualTo(7);
        }
    }

    @Test
    void blockHookCanStopBeforeTheBlockRuns() throws CpuException {
        // mov eax, 1; jmp +0 (eb 00) ; mov eax, 2; hlt — two blocks
        load(code(movEax(1), new byte[] {(byte) 0xeb, 0x00}, movEax(2), HLT));
        List<Long> blocks = new ArrayList<>();
        CpuHook hook = cpu.onBlock((addr, size) -> {
            blocks.add(addr);
            if (blocks.size() == 2) cpu.stop();
        });
        cpu.start(CODE, 0);
        assertThat(blocks).containsExactly(CODE, CODE + 7);
        assertThat(cpu.readRegister(Reg.RIP)).isEqualTo(CODE + 7);
        assertThat(cpu.readRegister(Reg.RAX)).isEqualTo(1);
        hook.remove();
        cpu.start(CODE + 7, 0);
        assertThat(cpu.readRegister(Reg.RAX)).isEqualTo(2);
    }

    @Test
    void aStopFromAnotherThreadEndsTheRunButNotAtAnExactPoint() throws Exception {
        // 0x10000: inc rax (48 ff c0); mov [0x20000], rax (48 89 04 25 00 00 02 00); jmp +0 (eb 00)
        // 0x1000d: inc rbx (48 ff c3); jmp 0x10000 (eb ee)
        // Exact states: RIP 0x10000 with rax == rbx, RIP 0x1000d with rax == rbx + 1.
        load(new byte[] {0x48, (byte) 0xff, (byte) 0xc0, 0x48, (byte) 0x89, 0x04, 0x25, 0x00, 0x00, 0x02, 0x00,
            (byte) 0xeb, 0x00, 0x48, (byte) 0xff, (byte) 0xc3, (byte) 0xeb, (byte) 0xee});
        long pc = CODE;
        int mixed = 0;
        for (int round = 0; round < 50; round++) {
            // A stop before start clears the request is forgotten: the other thread repeats it until the run ends.
            AtomicBoolean ended = new AtomicBoolean();
            Thread stopper = Thread.ofPlatform().start(() -> {
                try {
                    while (!ended.get()) {
                        Thread.sleep(2);
                        cpu.stop();
                    }
                } catch (CpuException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            cpu.start(pc, -1);
            ended.set(true);
            stopper.join();
            pc = cpu.readRegister(Reg.RIP);
            long ahead = cpu.readRegister(Reg.RAX) - cpu.readRegister(Reg.RBX);
            // RIP is always a block's start; after the store it is the first block's while inc rax has run.
            assertThat(pc).isIn(CODE, CODE + 13);
            assertThat(ahead).isIn(0L, 1L);
            if (pc == CODE && ahead == 1) {
                mixed++;
                cpu.writeRegister(Reg.RBX, cpu.readRegister(Reg.RAX)); // back to an exact state
            }
        }
        assertThat(mixed).as("stops that left RIP at the block start after the store").isPositive();
    }

    @Test
    void aStopFlagRaisedFromAnotherThreadStopsExactlyAtABlockStart() throws Exception {
        // The same loop as above: exact states are RIP 0x10000 with rax == rbx, 0x1000d with rax == rbx + 1.
        load(new byte[] {0x48, (byte) 0xff, (byte) 0xc0, 0x48, (byte) 0x89, 0x04, 0x25, 0x00, 0x00, 0x02, 0x00,
            (byte) 0xeb, 0x00, 0x48, (byte) 0xff, (byte) 0xc3, (byte) 0xeb, (byte) 0xee});
        StopFlag flag = cpu.stopFlag();
        long pc = CODE;
        for (int round = 0; round < 50; round++) {
            Thread raiser = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                flag.raise();
            });
            cpu.start(pc, -1);
            raiser.join();
            assertThat(flag.clear()).as("the run ended for the flag").isTrue();
            pc = cpu.readRegister(Reg.RIP);
            long ahead = cpu.readRegister(Reg.RAX) - cpu.readRegister(Reg.RBX);
            assertThat(pc).isIn(CODE, CODE + 13);
            assertThat(ahead).as("rax - rbx at RIP 0x%x", pc).isEqualTo(pc == CODE ? 0L : 1L);
        }
        assertThat(cpu.readLong(0x20000)).as("the last store").isEqualTo(cpu.readRegister(Reg.RAX));
    }

    @Test
    void aStopFlagRaisedBeforeTheRunStopsItAtOnce() throws CpuException {
        load(code(movEax(7), HLT));
        StopFlag flag = cpu.stopFlag();
        flag.raise();
        cpu.start(CODE, 0);
        assertThat(flag.clear()).isTrue();
        assertThat(cpu.readRegister(Reg.RIP)).isEqualTo(CODE);
        assertThat(cpu.readRegister(Reg.RAX)).isNotEqualTo(7);
        cpu.start(CODE, 0);
        assertThat(cpu.readRegister(Reg.RAX)).isEqualTo(7);
    }

    @Test
    void aStopBetweenRunsIsForgotten() throws CpuException {
        load(code(movEax(7), HLT));
        cpu.stop();
        cpu.start(CODE, 0);
        assertThat(cpu.readRegister(Reg.RAX)).isEqualTo(7);
        assertThat(cpu.readRegister(Reg.RIP)).isEqualTo(CODE + 6);
    }

    @Test
    void partialUnmapAndProtectSplitRegions() throws CpuException {
        cpu.map(0x40000, 4 * PAGE, (Prot.READ | Prot.WRITE));
        cpu.unmap(0x41000, PAGE);
        cpu.protect(0x43000, PAGE, Prot.READ);
        assertThat(cpu.regions()).contains(new MemoryRegion(0x40000, 0x41000, (Prot.READ | Prot.WRITE)),
                new MemoryRegion(0x42000, 0x43000, (Prot.READ | Prot.WRITE)), new MemoryRegion(0x43000, 0x44000, Prot.READ));
    }

    @Test
    void errorsCarryUnicornsOwnMessage() {
        assertThatThrownBy(() -> cpu.map(0x50001, PAGE, (Prot.READ | Prot.WRITE))).isInstanceOf(CpuException.class)
                .hasMessage("uc_mem_map(0x50001, 0x1000): Invalid argument (UC_ERR_ARG)");
        assertThatThrownBy(() -> cpu.read(0x90000, 8)).hasMessageContaining("UC_ERR_READ_UNMAPPED");
    }

    @Test
    void batchRegisterRoundTrip() throws CpuException {
        Reg[] regs = {Reg.RAX, Reg.RBX, Reg.R8, Reg.R15, Reg.FS_BASE, Reg.FPCW};
        long[] in = {1, -2, 0x7fff_ffff_ffffL, Long.MIN_VALUE, 0x7000_0000_1000L, 0x1_037f};
        cpu.writeRegisters(regs, in);
        long[] out = new long[regs.length];
        cpu.readRegisters(regs, out);
        assertThat(out).containsExactly(1, -2, 0x7fff_ffff_ffffL, Long.MIN_VALUE, 0x7000_0000_1000L, 0x037f);
    }

    private static byte[] le(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (v >>> (8 * i));
        return b;
    }
}
