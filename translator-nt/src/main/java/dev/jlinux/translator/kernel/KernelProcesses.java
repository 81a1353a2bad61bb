// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.vfs.Credentials;
import dev.jlinux.vfs.FdTable;
import dev.jlinux.vfs.FsContext;
import dev.jlinux.vfs.procfs.LoadAverage;
import dev.jlinux.vfs.procfs.ProcessTable;
import dev.jlinux.vfs.procfs.ProcessView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The kernel's processes as procfs shows them. */
public final class KernelProcesses implements ProcessTable {
    private final Kernel kernel;

    public KernelProcesses(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public ProcessView current() {
        GuestProcess p = GuestProcess.current();
        return view(p != null ? p : kernel.init());
    }

    @Override
    public ProcessView byPid(int pid) {
        GuestProcess p = kernel.find(pid);
        return p == null ? null : view(p);
    }

    @Override
    public List<Integer> pids() {
        return kernel.all().stream().map(GuestProcess::pid).sorted().toList();
    }

    @Override
    public LoadAverage loadAverage() {
        return kernel.loadAverage();
    }

    @Override
    public int running() {
        return kernel.running();
    }

    @Override
    public int lastPid() {
        return kernel.lastPid();
    }

    private static ProcessView view(GuestProcess p) {
        return new ProcessView() {
            @Override public int pid() { return p.pid(); }
            @Override public int ppid() { return p.ppid(); }
            @Override public int pgrp() { return p.pgid(); }
            @Override public int session() { return p.sid(); }
            @Override public String comm() { return new String(p.comm(), StandardCharsets.UTF_8); }
            @Override public List<String> cmdline() { return p.cmdline(); }
            @Override public List<String> environ() { return p.environ(); }
            @Override public String exe() { return p.executable(); }
            @Override public FsContext fs() { return p.fs(); }
            @Override public FdTable fds() { return p.fds(); }
            @Override public Credentials creds() { return p.creds(); }
            @Override public List<String> maps() { return mapsOf(p); }
            @Override public char state() { return p.isZombie() ? 'Z' : p == GuestProcess.current() ? 'R' : 'S'; }
        };
    }

    /** /proc/PID/maps lines from the address space's mappings. */
    private static List<String> mapsOf(GuestProcess p) {
        List<String> out = new ArrayList<>();
        AddressSpace mem = p.memory();
        if (mem == null || p.isZombie()) return out;
        for (AddressSpace.Vma v : mem.vmas()) {
            String name = switch (v.name()) {
                case "anon" -> "";
                case "elf" -> p.executable();
                default -> v.name();
            };
            out.add(String.format("%08x-%08x %c%c%c%c 00000000 00:00 0%s", v.start(), v.end(),
                    (v.prot() & AddressSpace.PROT_READ) != 0 ? 'r' : '-',
                    (v.prot() & AddressSpace.PROT_WRITE) != 0 ? 'w' : '-',
                    (v.prot() & AddressSpace.PROT_EXEC) != 0 ? 'x' : '-',
                    mem.isShared(v) ? 's' : 'p',
                    name.isEmpty() ? "" : " ".repeat(19) + name));
        }
        return out;
    }
}
