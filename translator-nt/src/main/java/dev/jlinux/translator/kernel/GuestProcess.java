// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Signals;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.syscalls.SyscallDispatcher;
import dev.jlinux.translator.cpu.Cpu;
import dev.jlinux.translator.cpu.CpuException;
import dev.jlinux.translator.cpu.Reg;
import dev.jlinux.translator.host.HostIds;
import java.nio.file.Path;

/**
 * One guest process: its engine, address space, fds, cwd, credentials and limits, and the loop
 * that runs it. Ordinary syscalls finish inside the engine's syscall hook; exit, faults and
 * handler bugs stop the engine and are finished here, outside the native upcall.
 */
public final class GuestProcess {
    /** Registers the syscall hook reads in one batch: number, six arguments, then rip and rflags. */
    private static final Reg[] SYSCALL_IN = {Reg.RAX, Reg.RDI, Reg.RSI, Reg.RDX, Reg.R10, Reg.R8, Reg.R9,
        Reg.RIP, Reg.RFLAGS};
    /** What the kernel's syscall return writes: the result, and rcx/r11 as the syscall instruction left them. */
    private static final Reg[] SYSCALL_OUT = {Reg.RAX, Reg.RCX, Reg.R11};
    private static final long UNTIL_NEVER = -1L;

    private final Cpu cpu;
    private final AddressSpace memory;
    private final FdTable fds = new FdTable();
    private final SyscallDispatcher<GuestProcess> dispatcher;
    private final Cpu.RegisterSet syscallIn;
    private final Cpu.RegisterSet syscallOut;
    private final long[] in = new long[SYSCALL_IN.length];
    private final long[] out = new long[SYSCALL_OUT.length];

    private final int pid;
    private final int ppid;
    private final HostIds ids;
    private final ResourceLimits rlimits = new ResourceLimits();
    private Path cwd;
    private Path executable;
    private int umask = 022;
    private byte[] comm = new byte[0];
    private long clearChildTid;
    private long robustList;
    private long brkStart;
    private long brk;

    private long syscalls;

    /** Why the engine stopped, set by hooks and handlers. */
    private Termination termination;
    private long faultAddr;

    public GuestProcess(Cpu cpu, SyscallDispatcher<GuestProcess> dispatcher, int pid, int ppid, HostIds ids, Path cwd) {
        this.cpu = cpu;
        this.memory = new AddressSpace(cpu);
        this.syscallIn = cpu.registerSet(SYSCALL_IN);
        this.syscallOut = cpu.registerSet(SYSCALL_OUT);
        this.dispatcher = dispatcher;
        this.pid = pid;
        this.ppid = ppid;
        this.ids = ids;
        this.cwd = cwd;
    }

    public Cpu cpu() { return cpu; }
    public AddressSpace memory() { return memory; }
    public FdTable fds() { return fds; }
    public int pid() { return pid; }
    public int ppid() { return ppid; }
    public HostIds ids() { return ids; }
    public ResourceLimits rlimits() { return rlimits; }
    public Path cwd() { return cwd; }
    public void setCwd(Path cwd) { this.cwd = cwd; }
    public Path executable() { return executable; }
    void setExecutable(Path exe) { this.executable = exe; }
    public int umask() { return umask; }
    public void setUmask(int umask) { this.umask = umask & 0777; }
    /** The task name (comm): the executable's base name, at most 15 bytes. */
    public byte[] comm() { return comm; }
    public void setComm(byte[] comm) { this.comm = comm; }
    public long clearChildTid() { return clearChildTid; }
    public void setClearChildTid(long addr) { this.clearChildTid = addr; }
    public long robustList() { return robustList; }
    public void setRobustList(long addr) { this.robustList = addr; }
    public long brk() { return brk; }
    public long brkStart() { return brkStart; }
    public void setBrk(long brk) { this.brk = brk; }
    void setBrkStart(long start) { this.brkStart = start; this.brk = start; }

    /** How a run ended. */
    public sealed interface Termination {
        /** exit or exit_group with this status (0-255). */
        record Exited(int status) implements Termination {}

        /**
         * Killed by signal {@code signal}; {@code detail} says why, for jlinux's own diagnostics;
         * {@code jlinuxBug} when jlinux itself failed (a handler threw), not the guest.
         */
        record Killed(int signal, String detail, boolean jlinuxBug) implements Termination {}
    }

    /** Called by exit/exit_group: ends the run after the current syscall. */
    public void requestExit(int status) throws ErrnoException {
        termination = new Termination.Exited(status & 0xff);
        stopEngine();
    }

    /**
     * Ends the run with {@code signal}'s default action (terminate) after the current syscall. Until
     * signal dispositions exist, every signal jlinux raises kills, as an unhandled one does.
     */
    public void killBySignal(int signal, String detail) {
        if (termination == null) termination = new Termination.Killed(signal, detail, false);
        stopEngine();
    }

    private void stopEngine() {
        try {
            cpu.stop();
        } catch (CpuException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Installs the engine hooks; called once after the program is loaded. */
    public void installHooks() throws CpuException {
        cpu.onSyscall(this::onSyscall);
        cpu.onInvalidMemory((type, addr, size, value) -> {
            faultAddr = addr;
            killBySignal(Signals.SIGSEGV, "invalid " + type + " at 0x" + Long.toHexString(addr));
            return false;
        });
        cpu.onInterrupt(intno -> killBySignal(Faults.forInterrupt(intno), "CPU exception " + intno));
        cpu.onInvalidInstruction(() -> {
            killBySignal(Signals.SIGILL, "invalid instruction");
            return false;
        });
    }

    private void onSyscall() {
        try {
            syscallIn.read(in);
            SyscallArgs args = new SyscallArgs((int) in[0], in[1], in[2], in[3], in[4], in[5], in[6]);
            syscalls++;
            long result = dispatcher.dispatch(this, args);
            out[0] = result;
            out[1] = in[7] + 2; // rcx: the instruction after syscall (the engine adds 2 to rip itself)
            out[2] = in[8]; // r11: rflags at the syscall
            syscallOut.write(out);
        } catch (CpuException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the guest from {@code entry} until it exits or is killed. */
    public Termination run(long entry) {
        try {
            cpu.start(entry, UNTIL_NEVER);
        } catch (CpuException e) {
            if (e.getCause() instanceof SyscallDispatcher.HandlerBug bug) {
                return new Termination.Killed(Signals.SIGSYS, bug.getMessage(), true);
            }
            if (termination != null) return termination;
            // A hook that threw is jlinux's fault; an engine error nobody hooked is the guest's.
            if (e.getCause() != null) return new Termination.Killed(Signals.SIGSYS, e.getMessage(), true);
            return new Termination.Killed(Signals.SIGSEGV, "engine stopped: " + e.getMessage(), false);
        }
        if (termination != null) return termination;
        // The engine returned without a request: Unicorn ends emulation at hlt, which Linux
        // answers with SIGSEGV (a privileged instruction in user mode).
        return new Termination.Killed(Signals.SIGSEGV, "hlt at 0x" + Long.toHexString(readPc()), false);
    }

    private long readPc() {
        try {
            return cpu.readRegister(Reg.RIP);
        } catch (CpuException e) {
            return 0;
        }
    }

    /** How many syscalls the guest has made. */
    public long syscalls() {
        return syscalls;
    }

    public long faultAddr() {
        return faultAddr;
    }

    /** Frees host memory and the engine. */
    public void destroy() {
        fds.closeAll();
        memory.releaseAll();
        cpu.close();
    }
}
