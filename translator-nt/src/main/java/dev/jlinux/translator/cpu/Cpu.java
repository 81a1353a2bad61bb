// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jlinux.translator.host.HostMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * One Unicorn x86-64 engine: guest memory map, registers, hooks, and the run loop entry
 * ({@link #start}). Not thread-safe: one thread drives an engine at a time, and hooks run on the
 * thread inside {@link #start}; the one exception is {@link #stop()}, which another thread may call
 * during a run.
 *
 * <p>Hooks never let a throwable reach native code (the JVM would die): each upcall catches
 * everything, remembers it and stops the engine; {@link #start} then throws a {@link CpuException}
 * whose cause is the first throwable.
 *
 * <p>Unicorn 2.1.1 facts the tests pin down (see CpuTest):
 * <ul>
 *   <li>In the syscall hook RIP is the address of the {@code syscall} instruction; after the hook
 *       Unicorn adds 2 to whatever RIP then is. RCX and R11 are not touched by the engine.
 *   <li>{@code hlt} ends {@link #start} normally (UC_ERR_OK) with RIP after the {@code hlt}.
 *   <li>The guest runs at CPL 0 with no IDT: privileged instructions ({@code cli}) do not fault.
 *   <li>{@code ud2} and other undefined opcodes go to the invalid-instruction hook (not the
 *       interrupt hook), RIP at the instruction; start then fails with UC_ERR_INSN_INVALID.
 *   <li>{@code int3} and {@code int 0x80} reach the interrupt hook as 3 and 0x80 with RIP after the
 *       instruction; divide errors as 0 with RIP at the faulting instruction. If the hook does not
 *       stop the engine, execution goes on (int n) or a double fault (8) follows (#DE).
 *   <li>{@link #stop()} makes {@link #start} return UC_ERR_OK, also when another thread calls it;
 *       then the registers may mix two instructions' states (see {@link #stop()}). A stop between
 *       runs is forgotten by the next {@link #start}.
 * </ul>
 */
public final class Cpu implements AutoCloseable {
    /**
     * The Unicorn CPU model every engine gets (UC_CPU_X86_NEHALEM). Unicorn's decoder only accepts an
     * instruction when the model has its feature bit, so this is the set of instructions the guest
     * can execute: Nehalem's is exactly x86-64-v2 (SSE4.2, POPCNT, CX16, LAHF), what
     * {@link GuestCpuid} advertises. A newer model would execute instructions the guest is told are
     * absent (e.g. {@code tzcnt} instead of {@code rep bsf}, differing on zero) and BMI2, which
     * Unicorn 2.1 computes wrongly.
     */
    static final int CPU_MODEL = Uc.UC_CPU_X86_NEHALEM;

    /** Registers one batch call can carry. */
    private static final int BATCH_CAPACITY = 64;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SYSCALL_UPCALL, CPUID_UPCALL, MEM_UPCALL, INTR_UPCALL, INSN_UPCALL,
            BLOCK_UPCALL;

    static {
        MethodHandles.Lookup l = MethodHandles.lookup();
        try {
            SYSCALL_UPCALL = l.findVirtual(SyscallUpcall.class, "call",
                    MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class));
            CPUID_UPCALL = l.findVirtual(CpuidUpcall.class, "call",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
            MEM_UPCALL = l.findVirtual(MemUpcall.class, "call", MethodType.methodType(boolean.class,
                    MemorySegment.class, int.class, long.class, int.class, long.class, MemorySegment.class));
            INTR_UPCALL = l.findVirtual(IntrUpcall.class, "call",
                    MethodType.methodType(void.class, MemorySegment.class, int.class, MemorySegment.class));
            INSN_UPCALL = l.findVirtual(InsnUpcall.class, "call",
                    MethodType.methodType(boolean.class, MemorySegment.class, MemorySegment.class));
            BLOCK_UPCALL = l.findVirtual(BlockUpcall.class, "call", MethodType.methodType(void.class,
                    MemorySegment.class, long.class, int.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment uc;
    /** 16 bytes for single-register reads and writes and other out-parameters. */
    private final MemorySegment scratch;
    /** Batch register ids (int[BATCH_CAPACITY]). */
    private final MemorySegment batchIds;
    /** Batch register values (uint64[BATCH_CAPACITY]). */
    private final MemorySegment batchValues;
    /** Pointers to each batchValues slot (void*[BATCH_CAPACITY]), set once. */
    private final MemorySegment batchPointers;
    /** Host memory mapped with mapHost, kept reachable while the engine may touch it. */
    private final TreeMap<Long, MemorySegment> hostMappings = new TreeMap<>();
    private final Set<CpuContext> contexts = Collections.newSetFromMap(new IdentityHashMap<>());

    private Throwable hookFailure;
    private boolean emulating;
    private boolean closed;

    private Cpu(MemorySegment uc) {
        this.uc = uc;
        this.scratch = arena.allocate(16, 16);
        this.batchIds = arena.allocate(JAVA_INT, BATCH_CAPACITY);
        this.batchValues = arena.allocate(JAVA_LONG, BATCH_CAPACITY);
        this.batchPointers = arena.allocate(ADDRESS, BATCH_CAPACITY);
        for (int i = 0; i < BATCH_CAPACITY; i++) {
            batchPointers.setAtIndex(ADDRESS, i, batchValues.asSlice(i * 8L, 8));
        }
    }

    /** Opens an x86-64 engine with jlinux's CPU model ({@link #CPU_MODEL}). */
    public static Cpu open(UnicornLibrary lib) throws CpuException {
        return open(lib, CPU_MODEL);
    }

    /** Opens an x86-64 engine with a Unicorn CPU model ({@code UC_CPU_X86_*}); for experiments. */
    static Cpu open(UnicornLibrary lib, int ucCpuModel) throws CpuException {
        Objects.requireNonNull(lib, "lib");
        MemorySegment engine;
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment out = tmp.allocate(ADDRESS);
            int err = (int) Uc.OPEN.invokeExact(Uc.UC_ARCH_X86, Uc.UC_MODE_64, out);
            if (err != 0) throw new CpuException("uc_open(UC_ARCH_X86, UC_MODE_64)", err);
            engine = out.get(ADDRESS, 0);
        } catch (CpuException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
        Cpu cpu = new Cpu(engine);
        try {
            // Must come before any other call on the engine: the CPU is created lazily at first use.
            int err = (int) Uc.CTL_INT.invokeExact(engine, Uc.ctl(Uc.UC_CTL_CPU_MODEL, 1, Uc.UC_CTL_IO_WRITE),
                    ucCpuModel);
            if (err != 0) throw new CpuException("uc_ctl(UC_CTL_CPU_MODEL, " + ucCpuModel + ")", err);
        } catch (CpuException e) {
            cpu.close();
            throw e;
        } catch (Throwable t) {
            cpu.close();
            throw unexpected(t);
        }
        return cpu;
    }

    // ---------------------------------------------------------------------------------- memory

    /** Maps zeroed engine-owned memory at {@code [addr, addr+len)}; both page aligned. */
    public void map(long addr, long len, int prot) throws CpuException {
        checkOpen();
        int err;
        try {
            err = (int) Uc.MEM_MAP.invokeExact(uc, addr, len, prot);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException(range("uc_mem_map", addr, len), err);
    }

    /**
     * Maps host memory at {@code [addr, addr+len)} (uc_mem_map_ptr): guest loads and stores go straight
     * to {@code host}, and writes through {@code host} are what the guest sees. {@code host} must be a
     * native segment of at least {@code len} bytes that stays alive while mapped; the engine keeps a
     * reference to it until it is unmapped entirely or the engine is closed.
     */
    public void mapHost(long addr, long len, int prot, MemorySegment host) throws CpuException {
        checkOpen();
        if (!host.isNative()) throw new IllegalArgumentException("mapHost needs a native segment");
        if (host.byteSize() < len) {
            throw new IllegalArgumentException("host segment of " + host.byteSize() + " bytes < " + len);
        }
        int err;
        try {
            err = (int) Uc.MEM_MAP_PTR.invokeExact(uc, addr, len, prot, host);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException(range("uc_mem_map_ptr", addr, len), err);
        hostMappings.put(addr, host);
    }

    /** Unmaps {@code [addr, addr+len)}, which may cover parts of mapped regions. */
    public void unmap(long addr, long len) throws CpuException {
        checkOpen();
        int err;
        try {
            err = (int) Uc.MEM_UNMAP.invokeExact(uc, addr, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException(range("uc_mem_unmap", addr, len), err);
        // Forget host blocks that no longer back anything.
        long end = addr + len;
        hostMappings.subMap(addr, true, end, false).entrySet()
                .removeIf(e -> Long.compareUnsigned(e.getKey() + e.getValue().byteSize(), end) <= 0);
    }

    /** Changes the protection of {@code [addr, addr+len)}, which may cover parts of mapped regions. */
    public void protect(long addr, long len, int prot) throws CpuException {
        checkOpen();
        int err;
        try {
            err = (int) Uc.MEM_PROTECT.invokeExact(uc, addr, len, prot);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException(range("uc_mem_protect", addr, len), err);
    }

    /** Copies {@code dst.byteSize()} bytes of guest memory at {@code addr} into {@code dst} (heap or native). */
    public void read(long addr, MemorySegment dst) throws CpuException {
        checkOpen();
        int err;
        try {
            err = (int) Uc.MEM_READ.invokeExact(uc, addr, dst, dst.byteSize());
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException(range("uc_mem_read", addr, dst.byteSize()), err);
    }

    /** Copies {@code src} (heap or native) into guest memory at {@code addr}, ignoring page protection. */
    public void write(long addr, MemorySegment src) throws CpuException {
        checkOpen();
        int err;
        try {
            err = (int) Uc.MEM_WRITE.invokeExact(uc, addr, src, src.byteSize());
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException(range("uc_mem_write", addr, src.byteSize()), err);
    }

    /** {@code len} bytes of guest memory at {@code addr}. */
    public byte[] read(long addr, int len) throws CpuException {
        byte[] b = new byte[len];
        read(addr, MemorySegment.ofArray(b));
        return b;
    }

    /** Writes {@code bytes} into guest memory at {@code addr}. */
    public void write(long addr, byte[] bytes) throws CpuException {
        write(addr, MemorySegment.ofArray(bytes));
    }

    /** The little-endian 64-bit value at {@code addr}. */
    public long readLong(long addr) throws CpuException {
        read(addr, scratch.asSlice(0, 8));
        return scratch.get(JAVA_LONG, 0);
    }

    /** Stores a little-endian 64-bit value at {@code addr}. */
    public void writeLong(long addr, long value) throws CpuException {
        scratch.set(JAVA_LONG, 0, value);
        write(addr, scratch.asSlice(0, 8));
    }

    /** The regions mapped in the engine, in address order (uc_mem_regions). */
    public List<MemoryRegion> regions() throws CpuException {
        checkOpen();
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment out = tmp.allocate(ADDRESS);
            MemorySegment count = tmp.allocate(JAVA_INT);
            int err = (int) Uc.MEM_REGIONS.invokeExact(uc, out, count);
            if (err != 0) throw new CpuException("uc_mem_regions", err);
            int n = count.get(JAVA_INT, 0);
            MemorySegment array = out.get(ADDRESS, 0);
            if (array.equals(MemorySegment.NULL)) return List.of();
            array = array.reinterpret(n * Uc.MEM_REGION_SIZE);
            List<MemoryRegion> regions = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long base = i * Uc.MEM_REGION_SIZE;
                regions.add(new MemoryRegion(array.get(JAVA_LONG, base), array.get(JAVA_LONG, base + 8) + 1,
                        array.get(JAVA_INT, base + 16)));
            }
            int ferr = (int) Uc.FREE.invokeExact(array);
            if (ferr != 0) throw new CpuException("uc_free", ferr);
            regions.sort((a, b) -> Long.compareUnsigned(a.beginAddr(), b.beginAddr()));
            return regions;
        } catch (CpuException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ------------------------------------------------------------------------------- registers

    /** One register (uc_reg_read), zero-extended. */
    public long readRegister(Reg r) throws CpuException {
        checkOpen();
        int err;
        try {
            err = (int) Uc.REG_READ.invokeExact(uc, r.ucId(), scratch);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_reg_read(" + r + ")", err);
        return scratch.get(JAVA_LONG, 0) & r.mask();
    }

    /** Sets one register (uc_reg_write); narrower registers take the low bits. */
    public void writeRegister(Reg r, long value) throws CpuException {
        checkOpen();
        scratch.set(JAVA_LONG, 0, value);
        int err;
        try {
            err = (int) Uc.REG_WRITE.invokeExact(uc, r.ucId(), scratch);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_reg_write(" + r + ")", err);
    }

    /** Reads {@code regs} into {@code out[0..regs.length)} with one uc_reg_read_batch call. */
    public void readRegisters(Reg[] regs, long[] out) throws CpuException {
        checkOpen();
        int n = regs.length;
        if (n > BATCH_CAPACITY || out.length < n) throw batchSize(n, out.length);
        for (int i = 0; i < n; i++) batchIds.setAtIndex(JAVA_INT, i, regs[i].ucId());
        readBatch(batchIds, batchPointers, n);
        for (int i = 0; i < n; i++) out[i] = batchValues.getAtIndex(JAVA_LONG, i) & regs[i].mask();
    }

    /** Writes {@code values[0..regs.length)} into {@code regs} with one uc_reg_write_batch call. */
    public void writeRegisters(Reg[] regs, long[] values) throws CpuException {
        checkOpen();
        int n = regs.length;
        if (n > BATCH_CAPACITY || values.length < n) throw batchSize(n, values.length);
        for (int i = 0; i < n; i++) {
            batchIds.setAtIndex(JAVA_INT, i, regs[i].ucId());
            batchValues.setAtIndex(JAVA_LONG, i, values[i]);
        }
        writeBatch(batchIds, batchPointers, n);
    }

    /** uc_reg_read_batch of {@code n} registers: ids in {@code ids}, values through {@code pointers}. */
    private void readBatch(MemorySegment ids, MemorySegment pointers, int n) throws CpuException {
        int err;
        try {
            err = (int) Uc.REG_READ_BATCH.invokeExact(uc, ids, pointers, n);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_reg_read_batch", err);
    }

    /** uc_reg_write_batch of {@code n} registers: ids in {@code ids}, values through {@code pointers}. */
    private void writeBatch(MemorySegment ids, MemorySegment pointers, int n) throws CpuException {
        int err;
        try {
            err = (int) Uc.REG_WRITE_BATCH.invokeExact(uc, ids, pointers, n);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_reg_write_batch", err);
    }

    /**
     * A fixed list of registers read or written with one batched call each time: the ids are
     * stored in native memory once and the values move with one bulk copy, so the hot syscall path
     * does no per-register work in Java. Belongs to this engine.
     */
    public final class RegisterSet {
        private final int n;
        private final long[] masks;
        private final MemorySegment ids, values, pointers;

        private RegisterSet(Reg[] regs) {
            n = regs.length;
            masks = new long[n];
            ids = arena.allocate(JAVA_INT, n);
            values = arena.allocate(JAVA_LONG, n);
            pointers = arena.allocate(ADDRESS, n);
            for (int i = 0; i < n; i++) {
                ids.setAtIndex(JAVA_INT, i, regs[i].ucId());
                pointers.setAtIndex(ADDRESS, i, values.asSlice(i * 8L, 8));
                masks[i] = regs[i].mask();
            }
        }

        /** Reads the registers into {@code out[0..size)}, zero-extended. */
        public void read(long[] out) throws CpuException {
            checkOpen();
            readBatch(ids, pointers, n);
            MemorySegment.copy(values, JAVA_LONG, 0, out, 0, n);
            for (int i = 0; i < n; i++) out[i] &= masks[i];
        }

        /** Writes {@code in[0..size)} into the registers. */
        public void write(long[] in) throws CpuException {
            checkOpen();
            MemorySegment.copy(in, 0, values, JAVA_LONG, 0, n);
            writeBatch(ids, pointers, n);
        }

        public int size() {
            return n;
        }
    }

    /** A {@link RegisterSet} of {@code regs}, for registers read or written together again and again. */
    public RegisterSet registerSet(Reg... regs) {
        checkOpen();
        return new RegisterSet(regs.clone());
    }

    /** XMM register {@code n} (0-15) as {@code out[0]} = low 64 bits, {@code out[1]} = high 64 bits. */
    public void readXmm(int n, long[] out) throws CpuException {
        checkOpen();
        Objects.checkIndex(n, 16);
        int err;
        try {
            err = (int) Uc.REG_READ.invokeExact(uc, XMM0 + n, scratch);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_reg_read(XMM" + n + ")", err);
        out[0] = scratch.get(JAVA_LONG, 0);
        out[1] = scratch.get(JAVA_LONG, 8);
    }

    /** Sets XMM register {@code n} (0-15). */
    public void writeXmm(int n, long low, long high) throws CpuException {
        checkOpen();
        Objects.checkIndex(n, 16);
        scratch.set(JAVA_LONG, 0, low);
        scratch.set(JAVA_LONG, 8, high);
        int err;
        try {
            err = (int) Uc.REG_WRITE.invokeExact(uc, XMM0 + n, scratch);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_reg_write(XMM" + n + ")", err);
    }

    private static final int XMM0 = 122; // UC_X86_REG_XMM0

    private static final int FP0 = 82; // UC_X86_REG_FP0: physical x87 register 0 (not ST(0))

    /** The 80-bit x87 register {@code n} (0-7, physical, not stack-relative) as 10 little-endian bytes. */
    public byte[] readX87(int n) throws CpuException {
        checkOpen();
        Objects.checkIndex(n, 8);
        int err;
        try {
            err = (int) Uc.REG_READ.invokeExact(uc, FP0 + n, scratch);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_reg_read(FP" + n + ")", err);
        byte[] out = new byte[10];
        MemorySegment.copy(scratch, JAVA_BYTE, 0, out, 0, 10);
        return out;
    }

    /** Sets the x87 register {@code n} (physical) from 10 little-endian bytes. */
    public void writeX87(int n, byte[] value) throws CpuException {
        checkOpen();
        Objects.checkIndex(n, 8);
        MemorySegment.copy(value, 0, scratch, JAVA_BYTE, 0, 10);
        int err;
        try {
            err = (int) Uc.REG_WRITE.invokeExact(uc, FP0 + n, scratch);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_reg_write(FP" + n + ")", err);
    }


    private static IllegalArgumentException batchSize(int regs, int values) {
        return new IllegalArgumentException("batch of " + regs + " registers with " + values
                + " values (at most " + BATCH_CAPACITY + " registers)");
    }

    // ----------------------------------------------------------------------------------- hooks

    /**
     * Hooks the {@code syscall} instruction. Inside the hook RIP is the instruction's address; after
     * the hook returns, Unicorn adds 2 to RIP (whatever the hook left there) and goes on. Unicorn does
     * not set RCX/R11: write them in the hook as the kernel would.
     */
    public CpuHook onSyscall(Runnable hook) throws CpuException {
        Objects.requireNonNull(hook);
        MemorySegment stub = LINKER.upcallStub(SYSCALL_UPCALL.bindTo(new SyscallUpcall(this, hook)),
                Uc.CB_SYSCALL, arena);
        return addInsnHook(stub, Uc.UC_X86_INS_SYSCALL, "UC_X86_INS_SYSCALL");
    }

    /** Hooks {@code cpuid}; see {@link CpuidHook}. {@link GuestCpuid#install} uses this. */
    public CpuHook onCpuid(CpuidHook hook) throws CpuException {
        Objects.requireNonNull(hook);
        MemorySegment stub = LINKER.upcallStub(CPUID_UPCALL.bindTo(new CpuidUpcall(this, hook)),
                Uc.CB_CPUID, arena);
        return addInsnHook(stub, Uc.UC_X86_INS_CPUID, "UC_X86_INS_CPUID");
    }

    /** Hooks accesses to unmapped or protection-forbidden memory (reads, writes, fetches). */
    public CpuHook onInvalidMemory(InvalidMemoryHook hook) throws CpuException {
        Objects.requireNonNull(hook);
        MemorySegment stub = LINKER.upcallStub(MEM_UPCALL.bindTo(new MemUpcall(this, hook)),
                Uc.CB_EVENTMEM, arena);
        return addHook(Uc.UC_HOOK_MEM_INVALID, stub, "UC_HOOK_MEM_INVALID");
    }

    /**
     * Hooks interrupts and CPU exceptions by vector: 0 divide error (RIP at the instruction), 3 for
     * {@code int3} and n for {@code int n} (RIP after the instruction). Stop the engine in the hook
     * unless execution should simply go on. Undefined opcodes come to
     * {@link #onInvalidInstruction} instead.
     */
    public CpuHook onInterrupt(IntConsumer hook) throws CpuException {
        Objects.requireNonNull(hook);
        MemorySegment stub = LINKER.upcallStub(INTR_UPCALL.bindTo(new IntrUpcall(this, hook)),
                Uc.CB_INTR, arena);
        return addHook(Uc.UC_HOOK_INTR, stub, "UC_HOOK_INTR");
    }

    /**
     * Hooks undefined instructions ({@code ud2}, unknown opcodes), RIP at the instruction. Return true
     * to go on (after moving RIP), false to stop; {@link #start} then fails with UC_ERR_INSN_INVALID.
     */
    public CpuHook onInvalidInstruction(BooleanSupplier hook) throws CpuException {
        Objects.requireNonNull(hook);
        MemorySegment stub = LINKER.upcallStub(INSN_UPCALL.bindTo(new InsnUpcall(this, hook)),
                Uc.CB_INSN_INVALID, arena);
        return addHook(Uc.UC_HOOK_INSN_INVALID, stub, "UC_HOOK_INSN_INVALID");
    }

    /**
     * Hooks every basic block over the whole address space, before the block runs. {@link #stop()}
     * inside it stops before the block executes (RIP = the block's address). Costs an upcall per
     * block: register it only while needed.
     */
    public CpuHook onBlock(BlockHook hook) throws CpuException {
        Objects.requireNonNull(hook);
        MemorySegment stub = LINKER.upcallStub(BLOCK_UPCALL.bindTo(new BlockUpcall(this, hook)),
                Uc.CB_CODE, arena);
        return addHook(Uc.UC_HOOK_BLOCK, stub, "UC_HOOK_BLOCK");
    }

    /**
     * The native block hook behind {@link #stopFlag()}, called as {@code (uc, address, size,
     * user_data)}: {@code if (*(int *) user_data) tail-call ((uc_err (*)(uc_engine *)) user_data[8])(uc)},
     * that is uc_emu_stop. Written as machine code so that no block pays an upcall into Java.
     */
    private static final byte[] STOP_FLAG_HOOK = {
        (byte) 0x8b, 0x01,             // mov eax, [rcx]
        (byte) 0x85, (byte) 0xc0,      // test eax, eax
        0x75, 0x01,                    // jnz +1
        (byte) 0xc3,                   // ret
        (byte) 0xff, 0x61, 0x08,       // jmp [rcx + 8]
    };
    private static MemorySegment stopFlagHook;
    private StopFlag stopFlag;

    private static synchronized MemorySegment stopFlagHook() {
        if (stopFlagHook == null) stopFlagHook = HostMemory.executable(STOP_FLAG_HOOK);
        return stopFlagHook;
    }

    /**
     * A flag any thread may raise to stop this engine at the start of its next translated block,
     * before the block runs, so the registers are exactly those between two instructions (unlike
     * {@link #stop()} from another thread, which Unicorn 2.1 may honour after part of a block ran,
     * reporting the block's start as RIP). A native hook checks it at every block. The engine has one
     * such flag, made (and hooked) at the first call.
     */
    public synchronized StopFlag stopFlag() throws CpuException {
        if (stopFlag == null) {
            // Not in the engine's arena: a sender may raise the flag of an engine that has just closed.
            MemorySegment data = Arena.ofAuto().allocate(16, 8);
            data.set(ADDRESS, 8, Uc.EMU_STOP_ADDRESS);
            addHook(Uc.UC_HOOK_BLOCK, stopFlagHook(), data, "UC_HOOK_BLOCK (stop flag)");
            stopFlag = new StopFlag(data); // held here as long as the engine can read it
        }
        return stopFlag;
    }

    private CpuHook addHook(int type, MemorySegment stub, String what) throws CpuException {
        return addHook(type, stub, MemorySegment.NULL, what);
    }

    private CpuHook addHook(int type, MemorySegment stub, MemorySegment userData, String what) throws CpuException {
        checkOpen();
        int err;
        try {
            // begin 1 > end 0: the whole address space.
            err = (int) Uc.HOOK_ADD.invokeExact(uc, scratch, type, stub, userData, 1L, 0L);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_hook_add(" + what + ")", err);
        return new CpuHook(this, scratch.get(JAVA_LONG, 0));
    }

    private CpuHook addInsnHook(MemorySegment stub, int insn, String what) throws CpuException {
        checkOpen();
        int err;
        try {
            err = (int) Uc.HOOK_ADD_INSN.invokeExact(uc, scratch, Uc.UC_HOOK_INSN, stub, MemorySegment.NULL,
                    1L, 0L, insn);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_hook_add(UC_HOOK_INSN, " + what + ")", err);
        return new CpuHook(this, scratch.get(JAVA_LONG, 0));
    }

    void removeHook(long handle) throws CpuException {
        if (closed) return;
        int err;
        try {
            err = (int) Uc.HOOK_DEL.invokeExact(uc, handle);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_hook_del", err);
    }

    /** Remembers the first throwable a hook raised and stops the engine; never throws. */
    private void hookFailed(Throwable t) {
        try {
            if (hookFailure == null) {
                hookFailure = t;
            } else if (hookFailure != t) {
                hookFailure.addSuppressed(t);
            }
            int ignored = (int) Uc.EMU_STOP.invokeExact(uc);
        } catch (Throwable ignored) {
            // Nothing may escape into native code.
        }
    }

    private record SyscallUpcall(Cpu cpu, Runnable hook) {
        void call(MemorySegment engine, MemorySegment userData) {
            try {
                hook.run();
            } catch (Throwable t) {
                cpu.hookFailed(t);
            }
        }
    }

    private record CpuidUpcall(Cpu cpu, CpuidHook hook) {
        int call(MemorySegment engine, MemorySegment userData) {
            try {
                return hook.onCpuid(cpu) ? 1 : 0;
            } catch (Throwable t) {
                cpu.hookFailed(t);
                return 1;
            }
        }
    }

    private record MemUpcall(Cpu cpu, InvalidMemoryHook hook) {
        boolean call(MemorySegment engine, int type, long addr, int size, long value, MemorySegment userData) {
            try {
                return hook.onInvalidMemory(MemAccess.of(type), addr, size, value);
            } catch (Throwable t) {
                cpu.hookFailed(t);
                return false;
            }
        }
    }

    private record IntrUpcall(Cpu cpu, IntConsumer hook) {
        void call(MemorySegment engine, int intno, MemorySegment userData) {
            try {
                hook.accept(intno);
            } catch (Throwable t) {
                cpu.hookFailed(t);
            }
        }
    }

    private record InsnUpcall(Cpu cpu, BooleanSupplier hook) {
        boolean call(MemorySegment engine, MemorySegment userData) {
            try {
                return hook.getAsBoolean();
            } catch (Throwable t) {
                cpu.hookFailed(t);
                return false;
            }
        }
    }

    private record BlockUpcall(Cpu cpu, BlockHook hook) {
        void call(MemorySegment engine, long addr, int size, MemorySegment userData) {
            try {
                hook.onBlock(addr, size);
            } catch (Throwable t) {
                cpu.hookFailed(t);
            }
        }
    }

    // ------------------------------------------------------------------------------- execution

    /**
     * Runs the guest from {@code begin} until RIP reaches {@code until}, a hook calls {@link #stop()},
     * {@code hlt} executes, or a fault no hook handled (uc_emu_start with no timeout and no instruction
     * count). Returns normally in the first three cases.
     *
     * @throws CpuException with Unicorn's error code when emulation failed (e.g. UC_ERR_FETCH_UNMAPPED),
     *     or with the hook's throwable as cause when a hook threw (that takes precedence)
     */
    public void start(long begin, long until) throws CpuException {
        checkOpen();
        if (emulating) throw new IllegalStateException("start() inside a hook of the same engine");
        hookFailure = null;
        emulating = true;
        int err;
        try {
            err = (int) Uc.EMU_START.invokeExact(uc, begin, until, 0L, 0L);
        } catch (Throwable t) {
            throw unexpected(t);
        } finally {
            emulating = false;
        }
        Throwable failure = hookFailure;
        if (failure != null) {
            hookFailure = null;
            throw new CpuException(range("uc_emu_start", begin, until) + ": a hook threw " + failure, failure);
        }
        if (err != 0) throw new CpuException(range("uc_emu_start", begin, until), err);
    }

    /**
     * Asks the engine to stop (uc_emu_stop); {@link #start} then returns normally. From a hook it
     * takes effect when the hook returns, with the registers exact. It may also come from another
     * thread while {@link #start} runs (Unicorn's own timeout does that), and then the run ends soon,
     * but not at an exact point: Unicorn 2.1 checks the stop request at the start of each translated
     * block and after each memory access inside one, and an exit after a memory access reports the
     * block's start as RIP while the block's instructions up to that access have run (CpuTest pins
     * this). So the context may not be resumed after such a stop: use {@link #stopFlag()} for that. Also: a stop that comes before
     * {@link #start} clears the request (uc_emu_start resets it) is forgotten, so a caller on another
     * thread retries until the run ended; and a stop while no run is in progress does not affect the
     * next one.
     */
    public void stop() throws CpuException {
        checkOpen();
        int err;
        try {
            err = (int) Uc.EMU_STOP.invokeExact(uc);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_emu_stop", err);
    }

    /** True while {@link #start} runs (that is, inside hooks); for the emulating thread only. */
    public boolean isRunning() {
        return emulating;
    }

    /**
     * Drops translated code for guest addresses {@code [begin, end)}, so rewritten code there takes
     * effect: call it after changing code bytes through a host segment or after mprotect of code.
     */
    public void removeCache(long begin, long end) throws CpuException {
        checkOpen();
        int err;
        try {
            err = (int) Uc.CTL_LONG_LONG.invokeExact(uc,
                    Uc.ctl(Uc.UC_CTL_TB_REMOVE_CACHE, 2, Uc.UC_CTL_IO_WRITE), begin, end);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException(range("uc_ctl(UC_CTL_TB_REMOVE_CACHE)", begin, end), err);
    }

    /** Drops all translated code (UC_CTL_TB_FLUSH). */
    public void flushCache() throws CpuException {
        checkOpen();
        int err;
        try {
            err = (int) Uc.CTL_NONE.invokeExact(uc, Uc.ctl(Uc.UC_CTL_TB_FLUSH, 0, Uc.UC_CTL_IO_WRITE));
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_ctl(UC_CTL_TB_FLUSH)", err);
    }

    /** The engine's Unicorn CPU model ({@code UC_CPU_X86_*}). */
    int cpuModel() throws CpuException {
        checkOpen();
        int err;
        try {
            err = (int) Uc.CTL_PTR.invokeExact(uc, Uc.ctl(Uc.UC_CTL_CPU_MODEL, 1, Uc.UC_CTL_IO_READ), scratch);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_ctl(UC_CTL_CPU_MODEL read)", err);
        return scratch.get(JAVA_INT, 0);
    }

    // -------------------------------------------------------------------------------- contexts

    /** Saves all registers into a new context (uc_context_alloc + uc_context_save). */
    public CpuContext saveContext() throws CpuException {
        checkOpen();
        MemorySegment handle;
        try {
            int err = (int) Uc.CONTEXT_ALLOC.invokeExact(uc, scratch);
            if (err != 0) throw new CpuException("uc_context_alloc", err);
            handle = scratch.get(ADDRESS, 0);
        } catch (CpuException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
        CpuContext ctx = new CpuContext(this, handle);
        contexts.add(ctx);
        try {
            saveContext(ctx);
        } catch (CpuException e) {
            ctx.close();
            throw e;
        }
        return ctx;
    }

    /** Saves all registers into an existing context (reusing its storage). */
    public void saveContext(CpuContext ctx) throws CpuException {
        checkOpen();
        int err;
        try {
            err = (int) Uc.CONTEXT_SAVE.invokeExact(uc, ctx.handle());
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_context_save", err);
    }

    /** Restores all registers from {@code ctx}, which may come from another engine (fork). */
    public void restoreContext(CpuContext ctx) throws CpuException {
        checkOpen();
        int err;
        try {
            err = (int) Uc.CONTEXT_RESTORE.invokeExact(uc, ctx.handle());
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (err != 0) throw new CpuException("uc_context_restore", err);
    }

    void freeContext(CpuContext ctx, MemorySegment handle) {
        contexts.remove(ctx);
        try {
            int ignored = (int) Uc.CONTEXT_FREE.invokeExact(handle);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // --------------------------------------------------------------------------------- closing

    /**
     * Closes the engine (uc_close), then frees its contexts, upcall stubs and scratch memory.
     * Idempotent. Not from inside a hook.
     */
    @Override
    public void close() {
        if (closed) return;
        if (emulating) throw new IllegalStateException("close() inside a hook of the same engine");
        for (CpuContext ctx : List.copyOf(contexts)) ctx.close();
        closed = true;
        try {
            int ignored = (int) Uc.CLOSE.invokeExact(uc);
        } catch (Throwable t) {
            throw unexpected(t);
        } finally {
            hostMappings.clear();
            arena.close();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("the CPU engine is closed");
    }

    private static String range(String op, long a, long b) {
        return op + "(0x" + Long.toHexString(a) + ", 0x" + Long.toHexString(b) + ")";
    }

    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof Error e) throw e;
        if (t instanceof RuntimeException r) return r;
        return new IllegalStateException(t);
    }
}
