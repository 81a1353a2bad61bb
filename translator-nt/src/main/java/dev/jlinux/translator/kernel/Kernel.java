// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.SyscallDispatcher;
import dev.jlinux.translator.cpu.UnicornLibrary;
import dev.jlinux.vfs.procfs.LoadAverage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The process table of one guest run: virtual pids, the parent/child tree, process groups and
 * sessions. The first process keeps jlinux's own host pid (so {@code getppid} and the host's
 * {@code /proc/self} agree for it); its descendants get pids counting up from it. Its monitor
 * guards the tree and every process's wait state; wait4 sleeps on it.
 */
public final class Kernel {
    /** How many guest processes may exist at once: fork answers EAGAIN beyond (a fork bomb stops here). */
    public static final int DEFAULT_MAX_PROCESSES = 256;

    private final UnicornLibrary lib;
    private final SyscallDispatcher<GuestProcess> dispatcher;
    private final int maxProcesses;
    private final MemoryBudget memoryBudget;
    private final Map<Integer, GuestProcess> processes = new HashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jlinux-timers");
        t.setDaemon(true);
        return t;
    });
    private final LoadAverage load = new LoadAverage();
    private int nextPid;
    private GuestProcess init;

    public Kernel(UnicornLibrary lib, SyscallDispatcher<GuestProcess> dispatcher, int maxProcesses,
                  MemoryBudget memoryBudget) {
        this.lib = lib;
        this.dispatcher = dispatcher;
        this.maxProcesses = maxProcesses;
        this.memoryBudget = memoryBudget;
        timers.scheduleAtFixedRate(() -> load.sample(running()), LoadAverage.LOAD_FREQ_NS, LoadAverage.LOAD_FREQ_NS,
                TimeUnit.NANOSECONDS);
    }

    UnicornLibrary lib() { return lib; }
    SyscallDispatcher<GuestProcess> dispatcher() { return dispatcher; }
    ScheduledExecutorService timers() { return timers; }
    /** The guest memory all processes of the run may map together. */
    MemoryBudget memoryBudget() { return memoryBudget; }

    /** The first process: orphans are reparented to it and kill(-1) spares it. */
    public synchronized GuestProcess init() {
        return init;
    }

    synchronized void addInit(GuestProcess p) {
        init = p;
        processes.put(p.pid(), p);
        nextPid = p.pid() + 1;
    }

    /** A pid for a new child; EAGAIN past the process limit. */
    synchronized int allocatePid() throws ErrnoException {
        if (processes.size() >= maxProcesses) throw new ErrnoException(Errno.EAGAIN, "process limit");
        while (processes.containsKey(nextPid) || nextPid <= 1) nextPid = nextPid >= (1 << 22) ? 2 : nextPid + 1;
        int pid = nextPid++;
        processes.put(pid, null); // reserved until the child is built
        return pid;
    }

    synchronized void register(GuestProcess p) {
        processes.put(p.pid(), p);
    }

    /** Forgets a reaped process (or a pid whose fork failed). */
    synchronized void remove(int pid) {
        processes.remove(pid);
    }

    public synchronized GuestProcess find(int pid) {
        return processes.get(pid);
    }

    /** Every live or zombie process. */
    public synchronized List<GuestProcess> all() {
        List<GuestProcess> out = new ArrayList<>();
        for (GuestProcess p : processes.values()) {
            if (p != null) out.add(p);
        }
        return out;
    }

    /** True when some process has {@code pgid} as its group in session {@code sid} (or any session, sid -1). */
    synchronized boolean groupExists(int pgid, int sid) {
        for (GuestProcess p : processes.values()) {
            if (p != null && !p.isZombie() && p.pgid() == pgid && (sid == -1 || p.sid() == sid)) return true;
        }
        return false;
    }

    /** The load averages, sampled from {@link #running()} every LOAD_FREQ since the run began. */
    public LoadAverage loadAverage() {
        return load;
    }

    /** How many guest processes are runnable: neither blocked in a syscall, stopped, nor zombies. */
    public synchronized int running() {
        int n = 0;
        for (GuestProcess p : processes.values()) {
            if (p != null && p.runnable()) n++;
        }
        return n;
    }

    /** The pid allocated last (the first process's when none was). */
    public synchronized int lastPid() {
        return nextPid - 1;
    }

    /** Stops the timer thread; the run is over. */
    public void shutdown() {
        timers.shutdownNow();
    }
}
