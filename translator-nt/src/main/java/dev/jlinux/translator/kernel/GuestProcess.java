// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import static dev.jlinux.syscalls.Signals.*;

import dev.jlinux.syscalls.Clone;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Resource;
import dev.jlinux.syscalls.Signals;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.syscalls.SyscallDispatcher;
import dev.jlinux.syscalls.Wait;
import dev.jlinux.translator.cpu.Cpu;
import dev.jlinux.translator.cpu.CpuContext;
import dev.jlinux.translator.cpu.CpuException;
import dev.jlinux.translator.cpu.GuestCpuid;
import dev.jlinux.translator.cpu.Prot;
import dev.jlinux.translator.cpu.Reg;
import dev.jlinux.translator.cpu.StopFlag;
import dev.jlinux.translator.host.HostIds;
import dev.jlinux.vfs.Caller;
import dev.jlinux.vfs.Credentials;
import dev.jlinux.vfs.FdTable;
import dev.jlinux.vfs.FsContext;
import dev.jlinux.vfs.Vfs;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * One guest process: its engine, address space, fds, cwd, credentials, limits, signal state and
 * place in the process tree, and the loop that runs it on its own platform thread. Ordinary
 * syscalls finish inside the engine's syscall hook. Control-flow syscalls (fork, execve, exit,
 * rt_sigreturn), faults and signal delivery stop the engine and are finished by the run loop,
 * outside the native upcall.
 *
 * <p>A signal that becomes deliverable raises the engine's {@link StopFlag} ({@link #kick()}), which
 * a native block hook checks: a process that spins without syscalls stops at the start of its next
 * block, with its registers exactly between two instructions, and the run loop delivers the signal
 * there (a handler runs and the loop resumes where it was, as on Linux). A stop from another thread
 * with uc_emu_stop would not do: Unicorn 2.1 may honour it after part of a block ran.
 */
public final class GuestProcess {
    /** Registers the syscall hook reads in one batch: number, six arguments, then rip and rflags. */
    private static final Reg[] SYSCALL_IN = {Reg.RAX, Reg.RDI, Reg.RSI, Reg.RDX, Reg.R10, Reg.R8, Reg.R9,
        Reg.RIP, Reg.RFLAGS};
    /** What the kernel's syscall return writes: the result, and rcx/r11 as the syscall instruction left them. */
    private static final Reg[] SYSCALL_OUT = {Reg.RAX, Reg.RCX, Reg.R11};
    private static final long UNTIL_NEVER = -1L;
    /** Native stack for a process's thread: QEMU's code generator recurses deeply. */
    private static final long ENGINE_STACK = 64L << 20;
    private static final ThreadLocal<GuestProcess> CURRENT = new ThreadLocal<>();
    private static final long UNBLOCKABLE = bit(SIGKILL) | bit(SIGSTOP);

    private final Kernel kernel;
    private final int pid;
    private final int hostPpid;
    private Cpu cpu;
    private AddressSpace memory;
    private Cpu.RegisterSet syscallIn;
    private Cpu.RegisterSet syscallOut;
    private final long[] in = new long[SYSCALL_IN.length];
    private final long[] out = new long[SYSCALL_OUT.length];
    private final FdTable fds;
    private final ResourceLimits rlimits;
    private final Vfs vfs;
    private final FsContext fs;
    private volatile Credentials creds;
    private String executable;
    private List<String> cmdline = List.of();
    private List<String> environ = List.of();
    private byte[] comm;
    private long clearChildTid;
    private long robustList;
    private long brkStart;
    private long brk;
    private long syscalls;
    private final CompletableFuture<Termination> ended = new CompletableFuture<>();

    // The process tree and wait state, changed under the kernel's monitor; parent, pgid and sid are
    // volatile so getppid, getpgrp and friends read them without the lock (the syscall fast path).
    private volatile GuestProcess parent;
    private final List<GuestProcess> children = new ArrayList<>();
    private volatile int pgid;
    private volatile int sid;
    private boolean execed;
    /** PR_SET_CHILD_SUBREAPER: orphaned descendants are reparented here rather than to the first process. */
    private boolean subreaper;
    private volatile boolean zombie;
    private int waitStatus;
    /** CLD_STOPPED or CLD_CONTINUED not yet reported by wait, or 0. */
    private int waitNotice;
    private long cpuNs;
    private long childCpuNs;
    /** Counted down when a vfork child execs or exits; the parent waits for it. */
    private CountDownLatch vforkDone;

    // Requests recorded inside the syscall hook and finished by the run loop.
    private Control control;
    private Termination termination;
    private SigInfo fault;
    /** A shared file mapping's page the file grew over since it was guarded, to reopen before running on; -1 for none. */
    private long sharedRetryAddr = -1;
    private boolean stopRequested;
    private long lastResult;
    private int lastNumber;
    /** Set when a blocking wait of the current syscall ended because of a signal. */
    private Blocking.Restart interrupted;

    // Signal state, guarded by sigLock (actions and the alternate stack are only touched by this thread).
    private final Object sigLock = new Object();
    private final SigAction[] actions = new SigAction[SIGRTMAX + 1];
    private long blocked;
    private long savedMask;
    private boolean maskSaved;
    private long pending;
    private final LinkedList<SigInfo> queue = new LinkedList<>();
    private boolean stopped;
    private volatile boolean signalPending;
    private volatile Object waitingOn;
    private long altStackAddr;
    private long altStackSize;
    /** sigaltstack's flags as given (Linux's sas_ss_flags: 0, SS_DISABLE or SS_AUTODISARM); size 0 = no stack. */
    private int altStackFlags;
    private ScheduledFuture<?> alarm;
    /** The thread that runs this process (its CPU time is the process's, for ITIMER_VIRTUAL and ITIMER_PROF). */
    private Thread thread;
    /** ITIMER_VIRTUAL [0] and ITIMER_PROF [1]: the CPU time (ns) at which each fires (0: disarmed), and its interval. */
    private final long[] cpuTimerAt = new long[2], cpuTimerInterval = new long[2];
    /** Polls the CPU time while a CPU-time timer is armed. */
    private ScheduledFuture<?> cpuTimerTick;
    private long alarmDeadlineNs;
    private long alarmIntervalNs;

    /** The current engine's stop flag, raised by senders of signals (see the class comment). */
    private volatile StopFlag stopFlag;

    /** What the run loop does when the engine stops for a control-flow syscall. */
    private sealed interface Control {
        record Fork(int childPid, long flags, long stackAddr, long parentTidAddr, long childTidAddr, long tls)
                implements Control {}

        record Exec(ProgramLoader.Executable exe, List<byte[]> envp, byte[] execfn) implements Control {}

        record SigReturn() implements Control {}
    }

    /** How a process ended. */
    public sealed interface Termination {
        /** exit or exit_group with this status (0-255). */
        record Exited(int status) implements Termination {}

        /**
         * Killed by signal {@code signal}; {@code detail} says why, for jlinux's own diagnostics;
         * {@code jlinuxBug} when jlinux itself failed (a handler threw), not the guest.
         */
        record Killed(int signal, String detail, boolean jlinuxBug) implements Termination {}
    }

    /** The first process of a run, in jlinux's own host process group and session. */
    public static GuestProcess first(Kernel kernel, int pid, int hostPpid, HostIds ids, Vfs vfs, FsContext fs)
            throws CpuException {
        ResourceLimits rlimits = new ResourceLimits();
        Set<Integer> groups = new HashSet<>();
        for (int g : ids.groups()) groups.add(g);
        Credentials creds = new Credentials(ids.uid(), ids.gid(), ids.euid(), ids.egid(), ids.euid(), ids.egid(),
                ids.euid(), ids.egid(), groups);
        GuestProcess p = new GuestProcess(kernel, pid, hostPpid, openCpu(kernel), new FdTable(fdLimit(rlimits)),
                creds, rlimits, vfs, fs);
        p.memory = new AddressSpace(p.cpu, rlimits, kernel.memoryBudget());
        p.comm = new byte[0];
        p.pgid = ids.pgid();
        p.sid = ids.sid();
        for (int s = 1; s <= SIGRTMAX; s++) p.actions[s] = SigAction.DEFAULT;
        kernel.addInit(p);
        return p;
    }

    private GuestProcess(Kernel kernel, int pid, int hostPpid, Cpu cpu, FdTable fds, Credentials creds,
                         ResourceLimits rlimits, Vfs vfs, FsContext fs) {
        this.kernel = kernel;
        this.pid = pid;
        this.hostPpid = hostPpid;
        this.cpu = cpu;
        this.fds = fds;
        this.rlimits = rlimits;
        this.vfs = vfs;
        this.fs = fs;
        this.creds = creds;
        bindRegisterSets();
    }

    /** RLIMIT_NOFILE's soft value, which new fds must stay below. */
    private static IntSupplier fdLimit(ResourceLimits rlimits) {
        return () -> {
            try {
                return (int) Math.min(rlimits.cur(Resource.RLIMIT_NOFILE), 1 << 20);
            } catch (ErrnoException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static Cpu openCpu(Kernel kernel) throws CpuException {
        Cpu c = Cpu.open(kernel.lib());
        try {
            GuestCpuid.install(c);
        } catch (CpuException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void bindRegisterSets() {
        syscallIn = cpu.registerSet(SYSCALL_IN);
        syscallOut = cpu.registerSet(SYSCALL_OUT);
    }

    /** The guest process whose thread is calling, or null on other threads. */
    static GuestProcess current() {
        return CURRENT.get();
    }

    public Kernel kernel() { return kernel; }
    public Cpu cpu() { return cpu; }
    public AddressSpace memory() { return memory; }
    public FdTable fds() { return fds; }
    public int pid() { return pid; }
    public ResourceLimits rlimits() { return rlimits; }
    public Vfs vfs() { return vfs; }
    /** Root, cwd and umask. */
    public FsContext fs() { return fs; }
    public Credentials creds() { return creds; }
    /** Replaces the credentials (the set*id calls: Linux's commit_creds). */
    public void setCreds(Credentials c) { this.creds = c; }
    /** Who a VFS call is made for: this process. */
    public Caller caller() { return new Caller(fs, creds, fds); }
    /** The executable's path as this process sees it (/proc/PID/exe). */
    public String executable() { return executable; }
    void setExecutable(String exe) { this.executable = exe; }
    /** argv and envp of the last execve (/proc/PID/cmdline, environ). */
    public List<String> cmdline() { return cmdline; }
    public List<String> environ() { return environ; }
    void setCommandLine(List<String> argv, List<String> envp) { this.cmdline = argv; this.environ = envp; }
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
    /** How many syscalls the guest has made. */
    public long syscalls() { return syscalls; }
    /** Completes when the process has exited (it may still be a zombie). */
    public CompletableFuture<Termination> ended() { return ended; }

    boolean isZombie() { return zombie; }

    /**
     * Whether the scheduler would count this process as running (R): not a zombie, not stopped and
     * not asleep in a blocking syscall. A read blocked in the host (a terminal) still counts.
     */
    boolean runnable() { return !zombie && !stopped && waitingOn == null; }

    /** getppid: the parent's pid; the first process reports jlinux's own parent. */
    public int ppid() {
        GuestProcess p = parent;
        return p != null ? p.pid : hostPpid;
    }

    public int pgid() {
        return pgid;
    }

    public int sid() {
        return sid;
    }

    // ------------------------------------------------------------------------------- the run

    /** Installs the engine hooks; called after a program is loaded into a fresh engine. */
    public void installHooks() throws CpuException {
        cpu.onSyscall(this::onSyscall);
        stopFlag = cpu.stopFlag();
        cpu.onInvalidMemory((type, addr, size, value) -> {
            if (type.isUnmapped() && memory.growStack(addr)) return true;
            int need = type.isWrite() ? Prot.WRITE : type.isFetch() ? Prot.EXEC : Prot.READ;
            switch (memory.sharedFault(addr, need)) {
                case RETRY -> {
                    sharedRetryAddr = addr; // the run loop reopens the page with the engine stopped
                    return false;
                }
                case PAST_END -> {
                    fault = SigInfo.fault(SIGBUS, BUS_ADRERR, addr);
                    return false;
                }
                case NONE -> {}
            }
            fault = SigInfo.fault(SIGSEGV, type.isProtection() ? SEGV_ACCERR : SEGV_MAPERR, addr);
            return false;
        });
        cpu.onInterrupt(intno -> {
            int sig = Faults.forInterrupt(intno);
            long pc = readPc();
            fault = sig == SIGFPE ? SigInfo.fault(sig, FPE_INTDIV, pc) : SigInfo.kill(sig, SI_KERNEL, 0, 0);
            stopEngine();
        });
        cpu.onInvalidInstruction(() -> {
            fault = SigInfo.fault(SIGILL, ILL_ILLOPN, readPc());
            return false;
        });
    }

    private void onSyscall() {
        try {
            syscallIn.read(in);
            SyscallArgs args = new SyscallArgs((int) in[0], in[1], in[2], in[3], in[4], in[5], in[6]);
            syscalls++;
            interrupted = null;
            long result = kernel.dispatcher().dispatch(this, args);
            memory.applySharedResize();
            out[0] = result;
            out[1] = in[7] + 2; // rcx: the instruction after syscall (the engine adds 2 to rip itself)
            out[2] = in[8]; // r11: rflags at the syscall
            syscallOut.write(out);
            if (control != null || signalPending) {
                lastResult = result;
                lastNumber = args.number();
                stopEngine();
            }
        } catch (CpuException e) {
            throw new IllegalStateException(e);
        }
    }

    private void stopEngine() {
        stopRequested = true;
        try {
            cpu.stop();
        } catch (CpuException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Called by exit/exit_group: ends the process after the current syscall. */
    public void requestExit(int status) {
        termination = new Termination.Exited(status & 0xff);
        stopEngine();
    }

    /** Starts the process's thread at {@code entry}. */
    public void start(long entry) {
        thread = Thread.ofPlatform().name("jlinux-pid-" + pid).daemon(true).stackSize(ENGINE_STACK).unstarted(() -> {
            CURRENT.set(this);
            Termination t;
            try {
                t = run(entry);
            } catch (RuntimeException | Error e) {
                t = new Termination.Killed(SIGSYS, "jlinux bug: " + e, true);
            }
            exit(t);
        });
        thread.start();
    }

    private Termination run(long entry) {
        long pc = entry;
        while (true) {
            stopRequested = false;
            CpuException failure = null;
            try {
                cpu.start(pc, UNTIL_NEVER);
            } catch (CpuException e) {
                failure = e;
            }
            if (failure != null && sharedRetryAddr >= 0) {
                // a shared page that a grown file made reachable: reopened with the engine stopped
                // (a raised stop flag stays raised for the next run)
                memory.openGrownShared(sharedRetryAddr);
                sharedRetryAddr = -1;
                pc = readPc();
                continue;
            }
            boolean flagged = stopFlag.clear();
            if (failure != null) {
                if (failure.getCause() instanceof SyscallDispatcher.HandlerBug bug) {
                    return new Termination.Killed(SIGSYS, bug.getMessage(), true);
                }
                if (termination == null && fault == null) {
                    // A hook that threw is jlinux's fault; an engine error nobody hooked is the guest's.
                    if (failure.getCause() != null) return new Termination.Killed(SIGSYS, failure.getMessage(), true);
                    fault = SigInfo.kill(SIGSEGV, SI_KERNEL, 0, 0);
                }
            }
            if (termination != null) return termination;
            Control c = control;
            control = null;
            try {
                if (c == null && fault == null && !stopRequested && !flagged) {
                    // Unicorn ends emulation at hlt, which Linux answers with SIGSEGV (a privileged
                    // instruction in user mode).
                    fault = SigInfo.kill(SIGSEGV, SI_KERNEL, 0, 0);
                }
                switch (c) {
                    case Control.Fork f -> fork(f);
                    case Control.Exec x -> {
                        Termination t = exec(x);
                        if (t != null) return t;
                    }
                    case Control.SigReturn r -> {
                        if (!SignalFrames.restore(this)) forceSignal(SIGSEGV);
                    }
                    case null -> { }
                }
                if (fault != null) {
                    SigInfo f = fault;
                    fault = null;
                    Termination t = deliverFault(f);
                    if (t != null) return t;
                }
                Termination t = deliverSignals();
                if (t != null) return t;
                pc = cpu.readRegister(Reg.RIP);
            } catch (CpuException e) {
                return new Termination.Killed(SIGSYS, "jlinux bug: " + e.getMessage(), true);
            }
        }
    }

    /**
     * Called by a sender after a signal became deliverable: the engine stops before its next block
     * (in a syscall or between runs the flag is simply lowered again: the syscall's return and the
     * run loop check for signals themselves).
     */
    private void kick() {
        StopFlag f = stopFlag;
        if (f != null) f.raise();
    }

    private long readPc() {
        try {
            return cpu.readRegister(Reg.RIP);
        } catch (CpuException e) {
            return 0;
        }
    }

    /** Exit: frees the process's resources, makes it a zombie and tells its parent. */
    private void exit(Termination t) {
        cpuNs = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        synchronized (sigLock) {
            if (alarm != null) alarm.cancel(false);
            if (cpuTimerTick != null) cpuTimerTick.cancel(false);
        }
        Throwable bug = null;
        try {
            fds.closeAll();
            memory.releaseAll();
        } catch (RuntimeException | Error e) {
            bug = e; // thrown again once the process is a zombie: its parent must not wait for it forever
        }
        cpu.close();
        releaseVforkParent();
        synchronized (kernel) {
            zombie = true;
            waitStatus = switch (t) {
                case Termination.Exited x -> x.status() << 8;
                case Termination.Killed k -> k.signal() & 0x7f;
            };
            GuestProcess reaper = kernel.init();
            for (GuestProcess a = parent; a != null; a = a.parent) {
                if (a.subreaper && !a.zombie) {
                    reaper = a;
                    break;
                }
            }
            for (GuestProcess c : children) {
                c.parent = reaper;
                if (reaper != this) reaper.children.add(c);
            }
            children.clear();
            if (parent != null) {
                SigAction a = parent.action(SIGCHLD);
                if (a.handler() == SIG_IGN || (a.flags() & SA_NOCLDWAIT) != 0) {
                    parent.children.remove(this);
                    kernel.remove(pid);
                }
                int code = t instanceof Termination.Killed ? CLD_KILLED : CLD_EXITED;
                int status = t instanceof Termination.Killed k ? k.signal() : ((Termination.Exited) t).status();
                parent.send(new SigInfo(SIGCHLD, code, pid, creds.uid(), 0, status, cpuNs / 10_000_000, 0, 0));
            }
            kernel.notifyAll();
        }
        ended.complete(t);
        if (bug instanceof RuntimeException r) throw r;
        if (bug instanceof Error e) throw e;
    }

    private void releaseVforkParent() {
        CountDownLatch l = vforkDone;
        vforkDone = null;
        if (l != null) l.countDown();
    }

    // ---------------------------------------------------------------------------- fork, exec

    /**
     * Records a fork (clone without CLONE_VM, or a vfork) for the run loop: allocates the child's pid
     * now, so the parent's return value is known; EAGAIN past the process limit.
     */
    public int requestFork(long flags, long stackAddr, long parentTidAddr, long childTidAddr, long tls)
            throws ErrnoException {
        int childPid = kernel.allocatePid();
        control = new Control.Fork(childPid, flags, stackAddr, parentTidAddr, childTidAddr, tls);
        return childPid;
    }

    private void fork(Control.Fork f) throws CpuException {
        boolean vfork = (f.flags() & Clone.CLONE_VFORK) != 0;
        boolean sharedVm = (f.flags() & Clone.CLONE_VM) != 0;
        GuestProcess child;
        try {
            ResourceLimits childLimits = rlimits.copy();
            child = new GuestProcess(kernel, f.childPid(), hostPpid, openCpu(kernel), fds.fork(fdLimit(childLimits)),
                    creds, childLimits, vfs, fs.copy());
        } catch (CpuException e) {
            kernel.remove(f.childPid());
            cpu.writeRegister(Reg.RAX, -Errno.ENOMEM.number());
            return;
        }
        try {
            child.memory = sharedVm ? memory.shareWith(child.cpu, child.rlimits) : memory.copyTo(child.cpu, child.rlimits);
        } catch (ErrnoException e) {
            child.fds.closeAll();
            child.cpu.close();
            kernel.remove(f.childPid());
            cpu.writeRegister(Reg.RAX, -e.errno().number());
            return;
        }
        try (CpuContext ctx = cpu.saveContext()) {
            child.cpu.restoreContext(ctx);
        }
        child.cpu.writeRegister(Reg.RAX, 0);
        if (f.stackAddr() != 0) child.cpu.writeRegister(Reg.RSP, f.stackAddr());
        if ((f.flags() & Clone.CLONE_SETTLS) != 0) child.cpu.writeRegister(Reg.FS_BASE, f.tls());
        child.executable = executable;
        child.cmdline = cmdline;
        child.environ = environ;
        child.comm = comm;
        child.brkStart = brkStart;
        child.brk = brk;
        child.robustList = 0;
        synchronized (sigLock) {
            System.arraycopy(actions, 0, child.actions, 0, actions.length);
            child.blocked = blocked;
        }
        child.altStackAddr = altStackAddr;
        child.altStackSize = altStackSize;
        child.altStackFlags = altStackFlags;
        try {
            if ((f.flags() & Clone.CLONE_PARENT_SETTID) != 0) memory.writeInt(f.parentTidAddr(), child.pid);
            if ((f.flags() & Clone.CLONE_CHILD_SETTID) != 0) child.memory.writeInt(f.childTidAddr(), child.pid);
        } catch (ErrnoException ignored) {
            // Linux ignores a bad tid pointer here too (put_user's result is not checked)
        }
        if ((f.flags() & Clone.CLONE_CHILD_CLEARTID) != 0) child.clearChildTid = f.childTidAddr();
        child.installHooks();
        CountDownLatch done = vfork ? new CountDownLatch(1) : null;
        child.vforkDone = done;
        synchronized (kernel) {
            child.parent = this;
            child.pgid = pgid;
            child.sid = sid;
            children.add(child);
            kernel.register(child);
        }
        child.start(cpu.readRegister(Reg.RIP));
        if (done != null) {
            boolean interruptedWait = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interruptedWait = true;
                }
            }
            if (interruptedWait) Thread.currentThread().interrupt();
        }
    }

    /** Records an execve whose executable has been checked, for the run loop. */
    public void requestExec(ProgramLoader.Executable exe, List<byte[]> envp, byte[] execfn) {
        control = new Control.Exec(exe, envp, execfn);
    }

    /** Replaces the program on a fresh engine; past the point of no return a failure kills with SIGSEGV. */
    private Termination exec(Control.Exec x) throws CpuException {
        Cpu oldCpu = cpu;
        AddressSpace oldMemory = memory;
        cpu = openCpu(kernel);
        memory = new AddressSpace(cpu, rlimits, kernel.memoryBudget());
        bindRegisterSets();
        oldMemory.releaseAll();
        oldCpu.close();
        ProgramLoader.Start start;
        try {
            start = ProgramLoader.load(this, x.exe().image(), x.exe().path(), x.exe().argv(), x.envp(),
                    x.execfn());
        } catch (ErrnoException e) {
            return new Termination.Killed(SIGSEGV, "execve failed after the point of no return: " + e.getMessage(),
                    false);
        }
        fds.closeOnExec();
        synchronized (sigLock) {
            for (int s = 1; s <= SIGRTMAX; s++) {
                if (actions[s].handler() != SIG_IGN) actions[s] = SigAction.DEFAULT;
            }
        }
        altStackAddr = 0;
        altStackSize = 0;
        altStackFlags = 0;
        clearChildTid = 0;
        robustList = 0;
        synchronized (kernel) {
            execed = true;
        }
        installHooks();
        releaseVforkParent();
        cpu.writeRegister(Reg.RIP, start.entry());
        return null;
    }

    // ----------------------------------------------------------------------------- wait, ids

    /** One child state change as wait4/waitid report it. */
    public record WaitResult(int pid, int uid, int status, int code, int siStatus, long cpuNs) {}

    /**
     * wait4/waitid: the first child selected by {@code idtype}/{@code id} (P_ALL, P_PID, P_PGID with
     * 0 meaning the caller's group) with an event {@code options} asks for; null with WNOHANG when
     * none is ready yet; ECHILD when no child matches.
     */
    public WaitResult waitChild(int idtype, int id, int options) throws ErrnoException {
        synchronized (kernel) {
            while (true) {
                boolean any = false;
                for (GuestProcess c : List.copyOf(children)) {
                    boolean match = switch (idtype) {
                        case Wait.P_ALL -> true;
                        case Wait.P_PID -> c.pid == id;
                        case Wait.P_PGID -> c.pgid == (id == 0 ? pgid : id);
                        default -> false;
                    };
                    if (!match) continue;
                    any = true;
                    boolean keep = (options & Wait.WNOWAIT) != 0;
                    if (c.zombie && (options & Wait.WEXITED) != 0) {
                        int s = c.waitStatus;
                        boolean killed = (s & 0x7f) != 0;
                        WaitResult r = new WaitResult(c.pid, c.creds.uid(), s, killed ? CLD_KILLED : CLD_EXITED,
                                killed ? s & 0x7f : (s >> 8) & 0xff, c.cpuNs + c.childCpuNs);
                        if (!keep) {
                            children.remove(c);
                            kernel.remove(c.pid);
                            childCpuNs += c.cpuNs + c.childCpuNs;
                        }
                        return r;
                    }
                    if (c.waitNotice == CLD_STOPPED && (options & Wait.WSTOPPED) != 0) {
                        int sig = c.waitStatus;
                        if (!keep) c.waitNotice = 0;
                        return new WaitResult(c.pid, c.creds.uid(), 0x7f | sig << 8, CLD_STOPPED, sig, 0);
                    }
                    if (c.waitNotice == CLD_CONTINUED && (options & Wait.WCONTINUED) != 0) {
                        if (!keep) c.waitNotice = 0;
                        return new WaitResult(c.pid, c.creds.uid(), 0xffff, CLD_CONTINUED, SIGCONT, 0);
                    }
                }
                if (!any) throw new ErrnoException(Errno.ECHILD);
                if ((options & Wait.WNOHANG) != 0) return null;
                Blocking.await(kernel, 0, Blocking.Restart.RESTARTABLE);
            }
        }
    }

    /** CPU time of reaped children and their descendants (RUSAGE_CHILDREN). */
    public long childCpuNs() {
        synchronized (kernel) {
            return childCpuNs;
        }
    }

    /** Implements setpgid(2)'s rules (kernel/sys.c). */
    public void setpgid(int targetPid, int newPgid) throws ErrnoException {
        if (newPgid < 0) throw new ErrnoException(Errno.EINVAL);
        synchronized (kernel) {
            GuestProcess t = targetPid == 0 || targetPid == pid ? this : null;
            if (t == null) {
                for (GuestProcess c : children) {
                    if (c.pid == targetPid) t = c;
                }
                if (t == null) throw new ErrnoException(Errno.ESRCH);
                if (t.sid != sid) throw new ErrnoException(Errno.EPERM);
                if (t.execed) throw new ErrnoException(Errno.EACCES);
            }
            int g = newPgid == 0 ? t.pid : newPgid;
            if (t.sid == t.pid) throw new ErrnoException(Errno.EPERM); // a session leader
            if (g != t.pid && !kernel.groupExists(g, sid)) throw new ErrnoException(Errno.EPERM);
            t.pgid = g;
        }
    }

    /** prctl(PR_SET_CHILD_SUBREAPER / PR_GET_CHILD_SUBREAPER). */
    public void setSubreaper(boolean value) {
        synchronized (kernel) {
            subreaper = value;
        }
    }

    public boolean subreaper() {
        synchronized (kernel) {
            return subreaper;
        }
    }

    /** Implements setsid(2). */
    public int setsid() throws ErrnoException {
        synchronized (kernel) {
            if (kernel.groupExists(pid, -1)) throw new ErrnoException(Errno.EPERM);
            sid = pid;
            pgid = pid;
            return pid;
        }
    }

    /** The process group of {@code target} (0: the caller) for getpgid/getsid; ESRCH when unknown. */
    public GuestProcess lookup(int target) throws ErrnoException {
        if (target == 0 || target == pid) return this;
        GuestProcess t = kernel.find(target);
        if (t == null || t.zombie) throw new ErrnoException(Errno.ESRCH);
        return t;
    }

    // ------------------------------------------------------------------------------- signals

    static long bit(int sig) {
        return 1L << (sig - 1);
    }

    /** Called by Blocking when the current syscall's wait is interrupted: true if a signal is pending. */
    boolean interruptedBySignal(Blocking.Restart restart) {
        if (!signalPending) return false;
        interrupted = restart;
        return true;
    }

    void setWaitingOn(Object monitor) {
        waitingOn = monitor;
    }

    /** rt_sigaction: the action of {@code sig}. */
    public SigAction action(int sig) {
        synchronized (sigLock) {
            return actions[sig];
        }
    }

    /** rt_sigaction: sets the action; pending signals that become ignored are discarded. */
    public void setAction(int sig, SigAction a) {
        synchronized (sigLock) {
            actions[sig] = new SigAction(a.handler(), a.flags(), a.mask() & ~UNBLOCKABLE, a.restorer());
            if (a.ignores(sig)) {
                pending &= ~bit(sig);
                queue.removeIf(i -> i.signo() == sig);
                updatePending();
            }
        }
    }

    public long blocked() {
        synchronized (sigLock) {
            return blocked;
        }
    }

    /** rt_sigprocmask: the new blocked set (SIGKILL and SIGSTOP are never blocked). */
    public void setBlocked(long mask) {
        synchronized (sigLock) {
            blocked = mask & ~UNBLOCKABLE;
            updatePending();
        }
    }

    public long pendingSet() {
        synchronized (sigLock) {
            return pending;
        }
    }

    /**
     * rt_sigsuspend: blocks {@code mask} until a signal is delivered; the old mask comes back when
     * the handler returns (it is saved in the frame). Always ends in EINTR.
     */
    public void suspend(long mask) throws ErrnoException {
        beginTemporaryMask(mask);
        Blocking.sleep(Long.MAX_VALUE, Blocking.Restart.NEVER);
    }

    /**
     * ppoll/pselect6/rt_sigsuspend: blocks {@code mask} for the duration of a wait. A wait that
     * ends normally calls {@link #endTemporaryMask()}; one a signal interrupts leaves the old mask
     * for the signal frame, as Linux's saved_sigmask.
     */
    public void beginTemporaryMask(long mask) {
        synchronized (sigLock) {
            savedMask = blocked;
            maskSaved = true;
            blocked = mask & ~UNBLOCKABLE;
            updatePending();
        }
    }

    public void endTemporaryMask() {
        restoreSavedMask();
    }

    private void updatePending() {
        signalPending = (pending & ~blocked) != 0;
    }

    /** Sends a signal to this process from any thread (kill, SIGCHLD, SIGPIPE, timers). */
    public void send(SigInfo info) {
        int sig = info.signo();
        boolean continued = false;
        synchronized (sigLock) {
            if (zombie) return;
            if (sig == SIGCONT || sig == SIGKILL) {
                pending &= ~(bit(SIGSTOP) | bit(SIGTSTP) | bit(SIGTTIN) | bit(SIGTTOU));
                queue.removeIf(i -> SigAction.defaultAction(i.signo()) == SigAction.Default.STOP);
                if (stopped) {
                    stopped = false;
                    continued = sig == SIGCONT;
                    sigLock.notifyAll();
                }
            } else if (SigAction.defaultAction(sig) == SigAction.Default.STOP) {
                pending &= ~bit(SIGCONT);
                queue.removeIf(i -> i.signo() == SIGCONT);
            }
            boolean discard = sig != SIGKILL && sig != SIGSTOP && actions[sig].ignores(sig)
                    && (blocked & bit(sig)) == 0;
            boolean alreadyQueued = sig < SIGRTMIN && (pending & bit(sig)) != 0;
            if (!discard && !alreadyQueued) {
                pending |= bit(sig);
                queue.add(info);
                updatePending();
            }
        }
        if (continued) notifyParent(CLD_CONTINUED, SIGCONT);
        wake();
        kick();
    }

    /** Wakes this process if it sleeps in a blocking syscall, so it sees a new signal. */
    private void wake() {
        Object m = waitingOn;
        if (m != null) {
            synchronized (m) {
                m.notifyAll();
            }
        }
    }

    /** A stop or continue of this process: recorded for wait and sent to the parent as SIGCHLD. */
    private void notifyParent(int code, int sig) {
        synchronized (kernel) {
            waitNotice = code;
            if (code == CLD_STOPPED) waitStatus = sig;
            if (parent != null) {
                SigAction a = parent.action(SIGCHLD);
                if ((a.flags() & SA_NOCLDSTOP) == 0) {
                    parent.send(new SigInfo(SIGCHLD, code, pid, creds.uid(), 0, sig, 0, 0, 0));
                }
            }
            kernel.notifyAll();
        }
    }

    /** A signal raised by the process itself (SIGPIPE after a write, SIGSEGV for a bad frame). */
    public void raise(int sig) {
        send(SigInfo.kill(sig, SI_KERNEL, 0, 0));
    }

    private void forceSignal(int sig) {
        fault = SigInfo.kill(sig, SI_KERNEL, 0, 0);
    }

    /**
     * A synchronous fault: a handler runs if one is installed and the signal is not blocked;
     * otherwise the process dies of it (kernel/signal.c force_sig_info resets blocked or ignored
     * fault signals to the default action).
     */
    private Termination deliverFault(SigInfo f) throws CpuException {
        int sig = f.signo();
        SigAction a = action(sig);
        boolean isBlocked = (blocked() & bit(sig)) != 0;
        if (a.handler() == SIG_DFL || a.handler() == SIG_IGN || isBlocked) {
            String detail = f.addr() != 0 ? "fault at 0x" + Long.toHexString(f.addr()) : "CPU exception";
            return new Termination.Killed(sig, detail, false);
        }
        return handle(sig, f, a);
    }

    /** Delivers pending signals at a syscall exit or after a stop; returns a termination if one kills. */
    private Termination deliverSignals() throws CpuException {
        while (true) {
            SigInfo info = dequeue(~0L);
            if (info == null) break;
            int sig = info.signo();
            SigAction a = action(sig);
            if (sig == SIGKILL) return new Termination.Killed(SIGKILL, "killed", false);
            if (a.handler() == SIG_IGN) continue;
            if (a.handler() == SIG_DFL) {
                switch (SigAction.defaultAction(sig)) {
                    case IGNORE, CONTINUE -> { }
                    case STOP -> {
                        if (stop(sig)) return new Termination.Killed(SIGKILL, "killed while stopped", false);
                    }
                    case TERMINATE, CORE -> {
                        return new Termination.Killed(sig, "signal " + Signals.format(sig), false);
                    }
                }
                continue;
            }
            return handle(sig, info, a);
        }
        restoreSavedMask();
        if (interrupted != null && lastResult == -Errno.EINTR.number()) restartSyscall();
        interrupted = null;
        return null;
    }

    /** Takes the lowest pending unblocked signal in {@code among} (SIGKILL first) off the queue, or null. */
    private SigInfo dequeue(long among) {
        synchronized (sigLock) {
            long deliverable = pending & ~blocked & among;
            if (deliverable == 0) return null;
            int sig = (deliverable & bit(SIGKILL)) != 0 ? SIGKILL : Long.numberOfTrailingZeros(deliverable) + 1;
            SigInfo info = null;
            boolean more = false;
            for (Iterator<SigInfo> it = queue.iterator(); it.hasNext(); ) {
                SigInfo i = it.next();
                if (i.signo() != sig) continue;
                if (info == null) {
                    info = i;
                    it.remove();
                } else {
                    more = true;
                    break;
                }
            }
            if (!more) pending &= ~bit(sig);
            updatePending();
            return info != null ? info : SigInfo.kill(sig, SI_KERNEL, 0, 0);
        }
    }

    /**
     * rt_sigtimedwait: waits until a signal of {@code set} is pending and takes it without running
     * its handler (kernel/signal.c do_sigtimedwait: the set is unblocked during the wait); EAGAIN
     * when {@code timeoutNs} (-1: forever) passes, EINTR when another signal arrives.
     */
    public SigInfo takeSignal(long set, long timeoutNs) throws ErrnoException {
        set &= ~UNBLOCKABLE;
        long old;
        synchronized (sigLock) {
            old = blocked;
            blocked &= ~set;
            updatePending();
        }
        try {
            Object monitor = new Object();
            long deadline = System.nanoTime() + timeoutNs;
            synchronized (monitor) {
                while (true) {
                    SigInfo i = dequeue(set);
                    if (i != null) return i;
                    long left = deadline - System.nanoTime();
                    if (timeoutNs >= 0 && left <= 0) throw new ErrnoException(Errno.EAGAIN);
                    try {
                        Blocking.await(monitor, timeoutNs < 0 ? 0 : left, Blocking.Restart.NEVER);
                    } catch (ErrnoException interrupted) {
                        i = dequeue(set); // the awaited signal itself, or another one: EINTR
                        if (i != null) return i;
                        throw interrupted;
                    }
                }
            }
        } finally {
            setBlocked(old);
        }
    }

    private Termination handle(int sig, SigInfo info, SigAction a) throws CpuException {
        if (interrupted != null && lastResult == -Errno.EINTR.number() && interrupted == Blocking.Restart.RESTARTABLE
                && (a.flags() & SA_RESTART) != 0) {
            restartSyscall();
        }
        interrupted = null;
        long oldMask;
        synchronized (sigLock) {
            oldMask = maskSaved ? savedMask : blocked;
            maskSaved = false;
        }
        if (!SignalFrames.setup(this, sig, info, a, oldMask)) {
            return new Termination.Killed(SIGSEGV, "cannot build the signal frame for " + Signals.format(sig), false);
        }
        synchronized (sigLock) {
            blocked = (oldMask | a.mask() | ((a.flags() & SA_NODEFER) != 0 ? 0 : bit(sig))) & ~UNBLOCKABLE;
            if ((a.flags() & SA_RESETHAND) != 0) actions[sig] = SigAction.DEFAULT;
            updatePending();
        }
        return null;
    }

    private void restoreSavedMask() {
        synchronized (sigLock) {
            if (maskSaved) {
                blocked = savedMask;
                maskSaved = false;
                updatePending();
            }
        }
    }

    /** The interrupted syscall runs again: back to the syscall instruction with its number in rax. */
    private void restartSyscall() throws CpuException {
        cpu.writeRegisters(new Reg[] {Reg.RAX, Reg.RIP}, new long[] {lastNumber, cpu.readRegister(Reg.RIP) - 2});
        lastResult = 0;
    }

    /** The default action of a stop signal; true when SIGKILL ended the stop. */
    private boolean stop(int sig) {
        synchronized (sigLock) {
            stopped = true;
        }
        notifyParent(CLD_STOPPED, sig);
        synchronized (sigLock) {
            while (stopped && (pending & bit(SIGKILL)) == 0) {
                try {
                    sigLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }
            stopped = false;
            return (pending & bit(SIGKILL)) != 0;
        }
    }

    /** rt_sigreturn: the run loop restores the frame's context. */
    public void requestSigreturn() {
        control = new Control.SigReturn();
    }

    // alternate signal stack

    public long altStackAddr() { return altStackAddr; }
    public long altStackSize() { return altStackSize; }

    /** The alternate stack's ss_flags as sigaltstack reports them at stack pointer {@code sp} (kernel/signal.c). */
    public int altStackFlags(long sp) {
        if (altStackSize == 0) return SS_DISABLE;
        return (onAltStack(sp) ? SS_ONSTACK : 0) | (altStackFlags & SS_AUTODISARM);
    }

    /** The flags as last set, which a signal frame's uc_stack records. */
    int altStackRawFlags() {
        return altStackFlags;
    }

    boolean onAltStack(long sp) {
        return altStackSize != 0 && sp > altStackAddr && sp - altStackAddr <= altStackSize;
    }

    public void setAltStack(long addr, long size, int flags) {
        altStackAddr = addr;
        altStackSize = size;
        altStackFlags = flags;
    }

    // timers

    /** alarm/setitimer(ITIMER_REAL): arms SIGALRM after {@code ns} (0 disarms), then every {@code intervalNs}. */
    public void setAlarm(long ns, long intervalNs) {
        synchronized (sigLock) {
            if (alarm != null) alarm.cancel(false);
            alarm = null;
            alarmIntervalNs = intervalNs;
            alarmDeadlineNs = ns == 0 ? 0 : System.nanoTime() + ns;
            if (ns != 0) alarm = kernel.timers().schedule(this::alarmFired, ns, TimeUnit.NANOSECONDS);
        }
    }

    private void alarmFired() {
        synchronized (sigLock) {
            if (alarmIntervalNs != 0) {
                alarmDeadlineNs = System.nanoTime() + alarmIntervalNs;
                alarm = kernel.timers().schedule(this::alarmFired, alarmIntervalNs, TimeUnit.NANOSECONDS);
            } else {
                alarmDeadlineNs = 0;
                alarm = null;
            }
        }
        send(SigInfo.kill(SIGALRM, SI_KERNEL, 0, 0));
    }

    /**
     * How often armed ITIMER_VIRTUAL/ITIMER_PROF timers look at the CPU time: Linux's tick at HZ=250
     * (TICK_NSEC), which set_cpu_itimer also adds to a new value.
     */
    private static final long CPU_TIMER_TICK_NS = 4_000_000;
    private static final int[] CPU_TIMER_SIGNAL = {SIGVTALRM, SIGPROF};

    /**
     * The process's CPU time as ITIMER_VIRTUAL ({@code prof} false: user time) or ITIMER_PROF (user
     * and system time) counts it: its thread's, in which jlinux's own syscall work is host user time.
     */
    private long cpuTimeNs(boolean prof) {
        Thread t = thread;
        if (t == null) return 0;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long ns = prof ? mx.getThreadCpuTime(t.threadId()) : mx.getThreadUserTime(t.threadId());
        return Math.max(ns, 0);
    }

    /**
     * setitimer(ITIMER_VIRTUAL or ITIMER_PROF, index 0 or 1): fires after {@code ns} more of the
     * process's CPU time (0 disarms), then every {@code intervalNs}; returns the old {remaining, interval}.
     */
    public long[] setCpuTimer(int index, long ns, long intervalNs) {
        synchronized (sigLock) {
            long[] old = cpuTimerState(index);
            cpuTimerAt[index] = ns == 0 ? 0 : cpuTimeNs(index == 1) + ns + CPU_TIMER_TICK_NS;
            cpuTimerInterval[index] = ns == 0 ? 0 : intervalNs;
            boolean armed = cpuTimerAt[0] != 0 || cpuTimerAt[1] != 0;
            if (armed && cpuTimerTick == null) {
                cpuTimerTick = kernel.timers().scheduleAtFixedRate(this::cpuTimerTick, CPU_TIMER_TICK_NS,
                        CPU_TIMER_TICK_NS, TimeUnit.NANOSECONDS);
            } else if (!armed && cpuTimerTick != null) {
                cpuTimerTick.cancel(false);
                cpuTimerTick = null;
            }
            return old;
        }
    }

    /** getitimer(ITIMER_VIRTUAL or ITIMER_PROF): {remaining CPU ns (0 = disarmed), interval ns}. */
    public long[] cpuTimerState(int index) {
        synchronized (sigLock) {
            long at = cpuTimerAt[index];
            long left = at == 0 ? 0 : Math.max(1000, at - cpuTimeNs(index == 1));
            return new long[] {left, cpuTimerInterval[index]};
        }
    }

    private void cpuTimerTick() {
        for (int i = 0; i < 2; i++) {
            boolean fire;
            synchronized (sigLock) {
                long at = cpuTimerAt[i];
                if (at == 0) continue;
                long now = cpuTimeNs(i == 1);
                fire = now >= at;
                if (fire) cpuTimerAt[i] = cpuTimerInterval[i] == 0 ? 0 : Math.max(at + cpuTimerInterval[i], now + 1);
            }
            if (fire) send(SigInfo.kill(CPU_TIMER_SIGNAL[i], SI_KERNEL, 0, 0));
        }
    }

    /** ITIMER_REAL now: {remaining ns (0 = disarmed), interval ns}. */
    public long[] alarmState() {
        synchronized (sigLock) {
            long left = alarmDeadlineNs == 0 ? 0 : Math.max(1000, alarmDeadlineNs - System.nanoTime());
            return new long[] {left, alarmIntervalNs};
        }
    }

}
