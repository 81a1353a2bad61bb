// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.procfs;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.FsMagic;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.vfs.Credentials;
import dev.jlinux.vfs.FdTable;
import dev.jlinux.vfs.Inode;
import dev.jlinux.vfs.Location;
import dev.jlinux.vfs.Mount;
import dev.jlinux.vfs.OpenFile;
import dev.jlinux.vfs.Vfs;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * /proc generated from the kernel's state ({@link ProcessTable}, {@link SystemView}) and the VFS's
 * mount table: {@code self}, {@code <pid>/{stat,status,cmdline,environ,exe,cwd,root,fd/,fdinfo/,maps}},
 * {@code cpuinfo}, {@code meminfo}, {@code mounts}, {@code uptime}, {@code loadavg},
 * {@code filesystems} and {@code sys/kernel/{hostname,osrelease,ostype}}. Links under {@code fd/},
 * {@code cwd} and {@code root} are Linux's magic links: following one leads to the open file or
 * directory itself, not to the path its text names, so a pipe, a standard stream or a file renamed
 * since opens through it ({@code exe} is followed by its text). Fields of
 * {@code <pid>/stat} past pid, comm, state, ppid, pgrp, session and num_threads (always 1) read 0
 * (times, memory, scheduling).
 */
public final class ProcFs extends GeneratedFs {
    private final Vfs vfs;
    private final ProcessTable procs;
    private final SystemView sys;
    private final LongSupplier clockNs;

    public ProcFs(Vfs vfs, ProcessTable procs, SystemView sys, long dev, LongSupplier clockNs, long bootNs) {
        super(dev, FsMagic.PROC_SUPER_MAGIC, bootNs);
        this.vfs = vfs;
        this.procs = procs;
        this.sys = sys;
        this.clockNs = clockNs;
        this.root = new Synthetic.Dir(this, null, "", 0555, this::rootEntries);
    }

    @Override
    public String type() {
        return "proc";
    }

    private Map<String, Synthetic.Node> rootEntries() {
        Map<String, Synthetic.Node> m = Synthetic.map();
        m.put("self", new Synthetic.Link(this, root, "self", false, () -> {
            ProcessView p = procs.current();
            if (p == null) throw new ErrnoException(Errno.ENOENT);
            return Integer.toString(p.pid());
        }));
        for (int pid : procs.pids()) {
            ProcessView p = procs.byPid(pid);
            if (p != null) m.put(Integer.toString(pid), pidDir(p));
        }
        m.put("cpuinfo", file(root, "cpuinfo", this::cpuinfo));
        m.put("meminfo", file(root, "meminfo", this::meminfo));
        m.put("mounts", file(root, "mounts", this::mounts));
        m.put("uptime", file(root, "uptime", this::uptime));
        m.put("loadavg", file(root, "loadavg", this::loadavg));
        m.put("filesystems", file(root, "filesystems",
                () -> "nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\n\thostfs\n"));
        Map<String, Synthetic.Node> sysEntries = Synthetic.map();
        Synthetic.Dir sysDir = new Synthetic.Dir(this, root, "sys", 0555, () -> sysEntries);
        Map<String, Synthetic.Node> k = Synthetic.map();
        Synthetic.Dir kernel = new Synthetic.Dir(this, sysDir, "kernel", 0555, () -> k);
        sysEntries.put("kernel", kernel);
        k.put("hostname", file(kernel, "hostname", () -> sys.hostname() + "\n"));
        k.put("osrelease", file(kernel, "osrelease", () -> sys.osrelease() + "\n"));
        k.put("ostype", file(kernel, "ostype", () -> sys.ostype() + "\n"));
        m.put("sys", sysDir);
        return m;
    }

    private Synthetic.File file(Synthetic.Node parent, String name, Synthetic.Content c) {
        return new Synthetic.File(this, parent, name, 0444, c);
    }

    private Synthetic.Dir pidDir(ProcessView p) {
        String name = Integer.toString(p.pid());
        Credentials c = p.creds();
        Synthetic.Dir[] self = new Synthetic.Dir[1];
        self[0] = new Synthetic.Dir(this, root, name, 0555, () -> {
            Synthetic.Dir d = self[0];
            Map<String, Synthetic.Node> m = Synthetic.map();
            m.put("stat", file(d, "stat", () -> stat(p)));
            m.put("status", file(d, "status", () -> status(p)));
            m.put("cmdline", file(d, "cmdline", () -> nulJoined(p.cmdline())));
            m.put("environ", new Synthetic.File(this, d, "environ", 0400, () -> nulJoined(p.environ()))
                    .owned(c.euid(), c.egid()));
            m.put("exe", new Synthetic.Link(this, d, "exe", true, p::exe).owned(c.euid(), c.egid()));
            m.put("cwd", new Synthetic.Link(this, d, "cwd", () -> pathIn(p, p.fs().cwd()),
                    () -> new Inode.Jump(p.fs().cwd(), null, null, null)).owned(c.euid(), c.egid()));
            m.put("root", new Synthetic.Link(this, d, "root", () -> pathIn(p, p.fs().root()),
                    () -> new Inode.Jump(p.fs().root(), null, null, null)).owned(c.euid(), c.egid()));
            m.put("fd", fdDir(d, p, false).owned(c.euid(), c.egid()));
            m.put("fdinfo", fdDir(d, p, true).owned(c.euid(), c.egid()));
            m.put("maps", file(d, "maps", () -> p.maps().isEmpty() ? "" : String.join("\n", p.maps()) + "\n"));
            return m;
        });
        self[0].owned(c.euid(), c.egid());
        return self[0];
    }

    private Synthetic.Dir fdDir(Synthetic.Node parent, ProcessView p, boolean info) {
        Synthetic.Dir[] self = new Synthetic.Dir[1];
        self[0] = new Synthetic.Dir(this, parent, info ? "fdinfo" : "fd", info ? 0555 : 0500, () -> {
            Map<String, Synthetic.Node> m = Synthetic.map();
            FdTable fds = p.fds();
            for (int fd : fds.fds()) {
                String n = Integer.toString(fd);
                if (info) {
                    m.put(n, new Synthetic.File(this, self[0], n, 0444, () -> fdinfo(fds, fd)));
                } else {
                    m.put(n, new Synthetic.Link(this, self[0], n, () -> fdPath(p, fds.get(fd)), () -> {
                        OpenFile f = fds.get(fd);
                        return new Inode.Jump(f.location(), f.parent(), f.name(), f);
                    }));
                }
            }
            return m;
        });
        return self[0];
    }

    /** A location's path as process {@code p} sees it, or from the namespace root when it is outside p's root. */
    private String pathIn(ProcessView p, Location l) throws ErrnoException {
        String path = vfs.pathOf(l, p.fs().root());
        return path != null ? path : vfs.pathOf(l, vfs.mounts().root().rootLocation());
    }

    private String fdPath(ProcessView p, OpenFile f) throws ErrnoException {
        String path = vfs.pathOf(f, p.fs().root());
        return path != null ? path : vfs.pathOf(f, vfs.mounts().root().rootLocation());
    }

    private static String fdinfo(FdTable fds, int fd) throws ErrnoException {
        OpenFile f = fds.get(fd);
        int flags = f.flags() | (fds.closeOnExec(fd) ? OpenFlags.O_CLOEXEC : 0);
        return "pos:\t" + f.position() + "\nflags:\t0" + Integer.toOctalString(flags) + "\nmnt_id:\t"
                + f.location().mount().id() + "\nino:\t" + f.getattr().ino() + "\n";
    }

    private static String nulJoined(List<String> parts) {
        StringBuilder sb = new StringBuilder();
        for (String s : parts) sb.append(s).append('\0');
        return sb.toString();
    }

    private static String stat(ProcessView p) {
        StringBuilder sb = new StringBuilder();
        sb.append(p.pid()).append(" (").append(p.comm()).append(") ").append(p.state()).append(' ').append(p.ppid())
                .append(' ').append(p.pgrp()).append(' ').append(p.session());
        // tty_nr (7) to nice (19), then num_threads (20): a process here is one thread.
        for (int i = 7; i <= 19; i++) sb.append(" 0");
        sb.append(" 1");
        for (int i = 21; i <= 52; i++) sb.append(" 0");
        return sb.append('\n').toString();
    }

    private static String status(ProcessView p) {
        Credentials c = p.creds();
        StringBuilder g = new StringBuilder();
        c.groups().stream().sorted().forEach(x -> g.append(x).append(' '));
        return "Name:\t" + p.comm() + "\nState:\t" + p.state() + " (" + stateName(p.state()) + ")\nTgid:\t" + p.pid()
                + "\nPid:\t" + p.pid() + "\nPPid:\t" + p.ppid() + "\nThreads:\t1\nUid:\t" + c.uid() + "\t" + c.euid() + "\t"
                + c.suid() + "\t" + c.fsuid() + "\nGid:\t" + c.gid() + "\t" + c.egid() + "\t" + c.sgid() + "\t"
                + c.fsgid() + "\nGroups:\t" + g + "\n";
    }

    private static String stateName(char s) {
        return switch (s) {
            case 'R' -> "running";
            case 'S' -> "sleeping";
            case 'D' -> "disk sleep";
            case 'T' -> "stopped";
            case 't' -> "tracing stop";
            case 'Z' -> "zombie";
            case 'X' -> "dead";
            default -> "unknown";
        };
    }

    private String cpuinfo() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sys.cpus(); i++) {
            sb.append("processor\t: ").append(i).append("\nvendor_id\t: GenuineIntel\nmodel name\t: ")
                    .append(sys.cpuModel()).append("\nflags\t\t: ").append(sys.cpuFlags()).append("\n\n");
        }
        return sb.toString();
    }

    private String meminfo() {
        return String.format("%-16s%8d kB%n%-16s%8d kB%n%-16s%8d kB%n", "MemTotal:", sys.memTotalKb(), "MemFree:",
                sys.memFreeKb(), "MemAvailable:", sys.memAvailableKb());
    }

    private String mounts() throws ErrnoException {
        ProcessView p = procs.current();
        Location root = p != null ? p.fs().root() : vfs.mounts().root().rootLocation();
        StringBuilder sb = new StringBuilder();
        for (Mount m : vfs.mounts().mounts()) {
            String at = vfs.pathOf(m.rootLocation(), root);
            if (at == null) continue;
            sb.append(m.source()).append(' ').append(at).append(' ').append(m.fileSystem().type()).append(' ')
                    .append(m.readOnly() ? "ro" : "rw").append(" 0 0\n");
        }
        return sb.toString();
    }

    private String uptime() {
        long ns = clockNs.getAsLong() - bootNs;
        return String.format("%d.%02d 0.00%n", ns / 1_000_000_000L, ns / 10_000_000L % 100);
    }

    /** The measured load averages, running/total processes and the last pid ({@code loadavg_proc_show}). */
    private String loadavg() {
        return procs.loadAverage().format() + " " + procs.running() + "/" + procs.pids().size() + " " + procs.lastPid()
                + "\n";
    }
}
