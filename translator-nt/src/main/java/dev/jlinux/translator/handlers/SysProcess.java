// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.ArchPrctl.*;
import static dev.jlinux.syscalls.Prctl.*;
import static dev.jlinux.syscalls.Resource.*;

import dev.jlinux.syscalls.At;
import dev.jlinux.syscalls.Clone;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.FsLimits;
import dev.jlinux.syscalls.SigFrame;
import dev.jlinux.syscalls.Signals;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.syscalls.Wait;
import dev.jlinux.translator.cpu.CpuException;
import dev.jlinux.translator.cpu.Reg;
import dev.jlinux.translator.kernel.AddressSpace;
import dev.jlinux.translator.kernel.GuestPaths;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.translator.kernel.ProgramLoader;
import dev.jlinux.translator.kernel.ResourceLimits;
import dev.jlinux.translator.kernel.SigInfo;
import dev.jlinux.vfs.Credentials;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Processes: identity, groups and sessions, fork, exec, exit, wait, thread-area set-up and resource limits. */
final class SysProcess {
    /** sizeof(struct robust_list_head) on x86-64. */
    static final int ROBUST_LIST_HEAD_SIZE = 24;

    private SysProcess() {}

    /** Implements exit(2): with one thread, the process ends. */
    static long exit(GuestProcess p, SyscallArgs a) {
        p.requestExit(a.intArg(0));
        return 0;
    }

    /** Implements exit_group(2). */
    static long exitGroup(GuestProcess p, SyscallArgs a) {
        p.requestExit(a.intArg(0));
        return 0;
    }

    /** Implements getpid(2). */
    static long getpid(GuestProcess p, SyscallArgs a) {
        return p.pid();
    }

    /** Implements gettid(2): the only thread's id is the pid. */
    static long gettid(GuestProcess p, SyscallArgs a) {
        return p.pid();
    }

    /** Implements getppid(2). */
    static long getppid(GuestProcess p, SyscallArgs a) {
        return p.ppid();
    }

    /** Implements getuid(2). */
    static long getuid(GuestProcess p, SyscallArgs a) {
        return p.creds().uid();
    }

    /** Implements geteuid(2). */
    static long geteuid(GuestProcess p, SyscallArgs a) {
        return p.creds().euid();
    }

    /** Implements getgid(2). */
    static long getgid(GuestProcess p, SyscallArgs a) {
        return p.creds().gid();
    }

    /** Implements getegid(2). */
    static long getegid(GuestProcess p, SyscallArgs a) {
        return p.creds().egid();
    }

    /**
     * Implements setuid(2) ({@code __sys_setuid}, kernel/sys.c): with CAP_SETUID every user id,
     * else the effective and fs ids, to the real or saved one.
     */
    static long setuid(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int id = validId(a.intArg(0));
        Credentials c = p.creds();
        if (c.capable()) p.setCreds(c.withUids(id, id, id, id));
        else if (id == c.uid() || id == c.suid()) p.setCreds(c.withUids(c.uid(), id, c.suid(), id));
        else throw new ErrnoException(Errno.EPERM);
        return 0;
    }

    /** Implements setgid(2), as setuid with CAP_SETGID. */
    static long setgid(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int id = validId(a.intArg(0));
        Credentials c = p.creds();
        if (c.capable()) p.setCreds(c.withGids(id, id, id, id));
        else if (id == c.gid() || id == c.sgid()) p.setCreds(c.withGids(c.gid(), id, c.sgid(), id));
        else throw new ErrnoException(Errno.EPERM);
        return 0;
    }

    /**
     * Implements setreuid(2): -1 keeps an id; without CAP_SETUID the real id may become the real or
     * effective one and the effective id the real, effective or saved one. The saved id follows the
     * new effective id when the real id is set or the effective id is set to other than the old real id.
     */
    static long setreuid(GuestProcess p, SyscallArgs a) throws ErrnoException {
        Credentials c = p.creds();
        int[] n = setre(c.capable(), c.uid(), c.euid(), c.suid(), a.intArg(0), a.intArg(1));
        p.setCreds(c.withUids(n[0], n[1], n[2], n[1]));
        return 0;
    }

    /** Implements setregid(2), as setreuid with CAP_SETGID. */
    static long setregid(GuestProcess p, SyscallArgs a) throws ErrnoException {
        Credentials c = p.creds();
        int[] n = setre(c.capable(), c.gid(), c.egid(), c.sgid(), a.intArg(0), a.intArg(1));
        p.setCreds(c.withGids(n[0], n[1], n[2], n[1]));
        return 0;
    }

    /** The real, effective and saved ids setreuid/setregid leave. */
    private static int[] setre(boolean capable, int r, int e, int s, int newR, int newE) throws ErrnoException {
        if (newR != -1 && !capable && newR != r && newR != e) throw new ErrnoException(Errno.EPERM);
        if (newE != -1 && !capable && newE != r && newE != e && newE != s) throw new ErrnoException(Errno.EPERM);
        int nr = newR == -1 ? r : newR;
        int ne = newE == -1 ? e : newE;
        int ns = newR != -1 || (newE != -1 && newE != r) ? ne : s;
        return new int[] {nr, ne, ns};
    }

    /**
     * Implements setresuid(2): -1 keeps an id; without CAP_SETUID each new id must be one of the
     * current real, effective or saved ids. The fs id follows the effective one.
     */
    static long setresuid(GuestProcess p, SyscallArgs a) throws ErrnoException {
        Credentials c = p.creds();
        int[] n = setres(c.capable(), new int[] {c.uid(), c.euid(), c.suid()}, a);
        p.setCreds(c.withUids(n[0], n[1], n[2], n[1]));
        return 0;
    }

    /** Implements setresgid(2), as setresuid with CAP_SETGID. */
    static long setresgid(GuestProcess p, SyscallArgs a) throws ErrnoException {
        Credentials c = p.creds();
        int[] n = setres(c.capable(), new int[] {c.gid(), c.egid(), c.sgid()}, a);
        p.setCreds(c.withGids(n[0], n[1], n[2], n[1]));
        return 0;
    }

    private static int[] setres(boolean capable, int[] old, SyscallArgs a) throws ErrnoException {
        int[] n = old.clone();
        for (int i = 0; i < 3; i++) {
            int id = a.intArg(i);
            if (id == -1) continue;
            if (!capable && id != old[0] && id != old[1] && id != old[2]) throw new ErrnoException(Errno.EPERM);
            n[i] = id;
        }
        return n;
    }

    /**
     * Implements setfsuid(2): returns the old fs id whatever happens; the new one is taken when it is
     * the real, effective, saved or current fs id, or with CAP_SETUID, and silently refused otherwise.
     */
    static long setfsuid(GuestProcess p, SyscallArgs a) {
        Credentials c = p.creds();
        int id = a.intArg(0);
        if (id != -1 && (c.capable() || id == c.uid() || id == c.euid() || id == c.suid() || id == c.fsuid())) {
            p.setCreds(c.withUids(c.uid(), c.euid(), c.suid(), id));
        }
        return c.fsuid();
    }

    /** Implements setfsgid(2), as setfsuid with CAP_SETGID. */
    static long setfsgid(GuestProcess p, SyscallArgs a) {
        Credentials c = p.creds();
        int id = a.intArg(0);
        if (id != -1 && (c.capable() || id == c.gid() || id == c.egid() || id == c.sgid() || id == c.fsgid())) {
            p.setCreds(c.withGids(c.gid(), c.egid(), c.sgid(), id));
        }
        return c.fsgid();
    }

    /** Implements setgroups(2): CAP_SETGID only; at most NGROUPS_MAX groups, none of them -1. */
    static long setgroups(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long size = a.a0() & 0xffffffffL;
        if (size > FsLimits.NGROUPS_MAX) throw new ErrnoException(Errno.EINVAL);
        if (!p.creds().capable()) throw new ErrnoException(Errno.EPERM);
        byte[] raw = p.memory().read(a.a1(), (int) size * 4);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        Set<Integer> groups = new HashSet<>();
        for (int i = 0; i < size; i++) groups.add(validId(b.getInt()));
        p.setCreds(p.creds().withGroups(groups));
        return 0;
    }

    /** An id a set*id call takes: (uid_t) -1 is no id ({@code uid_valid}). */
    private static int validId(int id) throws ErrnoException {
        if (id == -1) throw new ErrnoException(Errno.EINVAL);
        return id;
    }

    /** Implements set_tid_address(2): the address is kept for thread exit; returns the tid. */
    static long setTidAddress(GuestProcess p, SyscallArgs a) {
        p.setClearChildTid(a.a0());
        return p.pid();
    }

    /** Implements set_robust_list(2). */
    static long setRobustList(GuestProcess p, SyscallArgs a) throws ErrnoException {
        if (a.a1() != ROBUST_LIST_HEAD_SIZE) throw new ErrnoException(Errno.EINVAL);
        p.setRobustList(a.a0());
        return 0;
    }

    /** Implements arch_prctl(2). */
    static long archPrctl(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int code = a.intArg(0);
        long addr = a.a1();
        try {
            switch (code) {
                case ARCH_SET_FS, ARCH_SET_GS -> {
                    if (addr < 0 || addr >= AddressSpace.TASK_SIZE) throw new ErrnoException(Errno.EPERM);
                    p.cpu().writeRegister(code == ARCH_SET_FS ? Reg.FS_BASE : Reg.GS_BASE, addr);
                    return 0;
                }
                case ARCH_GET_FS, ARCH_GET_GS -> {
                    long base = p.cpu().readRegister(code == ARCH_GET_FS ? Reg.FS_BASE : Reg.GS_BASE);
                    p.memory().writeLong(addr, base);
                    return 0;
                }
                case ARCH_GET_CPUID -> {
                    return 1; // cpuid is enabled
                }
                case ARCH_SET_CPUID -> throw new ErrnoException(Errno.ENODEV, "cpuid faulting");
                default -> throw new ErrnoException(Errno.EINVAL);
            }
        } catch (CpuException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Implements prlimit64(2) for the calling process. */
    static long prlimit64(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int pid = a.intArg(0), resource = a.intArg(1);
        long newAddr = a.a2(), oldAddr = a.a3();
        if (pid != 0 && pid != p.pid()) throw new ErrnoException(Errno.ESRCH);
        ResourceLimits lim = p.rlimits();
        long cur = lim.cur(resource), max = lim.max(resource);
        long newCur = 0, newMax = 0;
        if (newAddr != 0) {
            newCur = p.memory().readLong(newAddr);
            newMax = p.memory().readLong(newAddr + 8);
        }
        if (oldAddr != 0) {
            p.memory().writeLong(oldAddr, cur);
            p.memory().writeLong(oldAddr + 8, max);
        }
        if (newAddr != 0) setLimit(p, resource, newCur, newMax);
        return 0;
    }

    /** Implements getrlimit(2). */
    static long getrlimit(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int resource = a.intArg(0);
        long cur = p.rlimits().cur(resource), max = p.rlimits().max(resource);
        p.memory().writeLong(a.a1(), cur);
        p.memory().writeLong(a.a1() + 8, max);
        return 0;
    }

    /** Implements setrlimit(2). */
    static long setrlimit(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int resource = a.intArg(0);
        p.rlimits().cur(resource);
        setLimit(p, resource, p.memory().readLong(a.a1()), p.memory().readLong(a.a1() + 8));
        return 0;
    }

    private static void setLimit(GuestProcess p, int resource, long cur, long max) throws ErrnoException {
        p.rlimits().set(resource, cur, max, p.creds().capable());
    }

    /** Implements sched_getaffinity(2): every host CPU jlinux may use. */
    static long schedGetaffinity(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int pid = a.intArg(0);
        long len = a.a1() & 0xffffffffL;
        if (pid != 0 && pid != p.pid()) throw new ErrnoException(Errno.ESRCH);
        int cpus = Math.min(64, Runtime.getRuntime().availableProcessors());
        if (len * 8 < cpus || (len & 7) != 0) throw new ErrnoException(Errno.EINVAL);
        long mask = cpus == 64 ? -1L : (1L << cpus) - 1;
        p.memory().writeLong(a.a2(), mask);
        return 8; // cpumask_size() for up to 64 CPUs
    }

    /** TASK_COMM_LEN (include/linux/sched.h): the task name with its NUL. */
    static final int TASK_COMM_LEN = 16;

    /** Implements prctl(2) for the task name and the child subreaper flag. */
    static long prctl(GuestProcess p, SyscallArgs a) throws ErrnoException {
        switch (a.intArg(0)) {
            case PR_GET_NAME -> {
                byte[] comm = new byte[TASK_COMM_LEN];
                byte[] name = p.comm();
                System.arraycopy(name, 0, comm, 0, Math.min(name.length, TASK_COMM_LEN - 1));
                p.memory().write(a.a1(), comm);
                return 0;
            }
            case PR_SET_NAME -> {
                byte[] raw = p.memory().read(a.a1(), TASK_COMM_LEN);
                int n = 0;
                while (n < TASK_COMM_LEN - 1 && raw[n] != 0) n++;
                p.setComm(Arrays.copyOf(raw, n));
                return 0;
            }
            case PR_SET_CHILD_SUBREAPER -> {
                p.setSubreaper(a.a1() != 0);
                return 0;
            }
            case PR_GET_CHILD_SUBREAPER -> {
                p.memory().writeInt(a.a1(), p.subreaper() ? 1 : 0);
                return 0;
            }
            default -> throw new ErrnoException(Errno.EINVAL, "prctl option " + a.intArg(0));
        }
    }

    /** Implements sched_yield(2). */
    static long schedYield(GuestProcess p, SyscallArgs a) {
        Thread.yield();
        return 0;
    }

    /** Implements getresuid(2). */
    static long getresuid(GuestProcess p, SyscallArgs a) throws ErrnoException {
        Credentials c = p.creds();
        return writeIds(p, a, c.uid(), c.euid(), c.suid());
    }

    /** Implements getresgid(2). */
    static long getresgid(GuestProcess p, SyscallArgs a) throws ErrnoException {
        Credentials c = p.creds();
        return writeIds(p, a, c.gid(), c.egid(), c.sgid());
    }

    private static long writeIds(GuestProcess p, SyscallArgs a, int real, int effective, int saved)
            throws ErrnoException {
        p.memory().writeInt(a.a0(), real);
        p.memory().writeInt(a.a1(), effective);
        p.memory().writeInt(a.a2(), saved);
        return 0;
    }

    /** Implements getpgid(2). */
    static long getpgid(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return p.lookup(a.intArg(0)).pgid();
    }

    /** Implements getpgrp(2). */
    static long getpgrp(GuestProcess p, SyscallArgs a) {
        return p.pgid();
    }

    /** Implements getsid(2). */
    static long getsid(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return p.lookup(a.intArg(0)).sid();
    }

    /** Implements setpgid(2). */
    static long setpgid(GuestProcess p, SyscallArgs a) throws ErrnoException {
        p.setpgid(a.intArg(0), a.intArg(1));
        return 0;
    }

    /** Implements setsid(2). */
    static long setsid(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return p.setsid();
    }

    // ------------------------------------------------------------------------- fork and exec

    /** The clone flags jlinux offers: a new process (copied or, with CLONE_VFORK, shared memory). */
    private static final long CLONE_SUPPORTED = Clone.CSIGNAL | Clone.CLONE_VM | Clone.CLONE_VFORK
            | Clone.CLONE_SETTLS | Clone.CLONE_PARENT_SETTID | Clone.CLONE_CHILD_SETTID | Clone.CLONE_CHILD_CLEARTID;

    /** Implements fork(2). */
    static long fork(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return p.requestFork(Signals.SIGCHLD, 0, 0, 0, 0);
    }

    /** Implements vfork(2): the parent waits until the child execs or exits; they share memory until then. */
    static long vfork(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return p.requestFork(Clone.CLONE_VM | Clone.CLONE_VFORK | Signals.SIGCHLD, 0, 0, 0, 0);
    }

    /** Implements clone(2) for new processes: clone(flags, stack, parent_tid, child_tid, tls). */
    static long clone(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long flags = a.a0();
        if ((flags & Clone.CLONE_SIGHAND) != 0 && (flags & Clone.CLONE_VM) == 0) throw new ErrnoException(Errno.EINVAL);
        if ((flags & Clone.CLONE_THREAD) != 0 && (flags & Clone.CLONE_SIGHAND) == 0) throw new ErrnoException(Errno.EINVAL);
        if ((flags & ~CLONE_SUPPORTED) != 0 || ((flags & Clone.CLONE_VM) != 0 && (flags & Clone.CLONE_VFORK) == 0)) {
            throw new ErrnoException(Errno.ENOSYS, "threads and namespaces are not supported: " + Clone.formatFlags(flags));
        }
        return p.requestFork(flags, a.a1(), a.a2(), a.a3(), a.a4());
    }

    /** MAX_ARG_STRLEN: the longest single argument or environment string. */
    private static final int MAX_ARG_STRLEN = 32 * 4096;
    /** Room for argv and envp together (a quarter of the 8 MiB stack, as Linux with the default RLIMIT_STACK). */
    private static final long MAX_ARG_TOTAL = 2L << 20;

    /** Implements execve(2). */
    static long execve(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return exec(p, At.AT_FDCWD, a.a0(), a.a1(), a.a2(), 0);
    }

    /** Implements execveat(2). */
    static long execveat(GuestProcess p, SyscallArgs a) throws ErrnoException {
        return exec(p, a.intArg(0), a.a1(), a.a2(), a.a3(), a.intArg(4));
    }

    private static long exec(GuestProcess p, int dirfd, long pathAddr, long argvAddr, long envpAddr, int flags)
            throws ErrnoException {
        if ((flags & ~(At.AT_EMPTY_PATH | At.AT_SYMLINK_NOFOLLOW)) != 0) throw new ErrnoException(Errno.EINVAL);
        String path = GuestPaths.readPath(p.memory(), pathAddr);
        if (path.isEmpty() && (flags & At.AT_EMPTY_PATH) != 0) {
            throw new ErrnoException(Errno.ENOSYS, "execveat with AT_EMPTY_PATH");
        }
        long[] total = {0};
        List<byte[]> argv = stringArray(p, argvAddr, total);
        List<byte[]> envp = stringArray(p, envpAddr, total);
        byte[] filename = path.getBytes(StandardCharsets.UTF_8);
        p.requestExec(ProgramLoader.resolve(p, dirfd, path, (flags & At.AT_SYMLINK_NOFOLLOW) != 0, filename, argv),
                envp, filename);
        // The saved and fs ids become the effective ones (cap_bprm_creds_from_file).
        Credentials c = p.creds();
        p.setCreds(c.withUids(c.uid(), c.euid(), c.euid(), c.euid()).withGids(c.gid(), c.egid(), c.egid(), c.egid()));
        return 0;
    }

    /** A NULL-terminated array of strings in guest memory (argv, envp); E2BIG past the limits. */
    private static List<byte[]> stringArray(GuestProcess p, long addr, long[] total) throws ErrnoException {
        List<byte[]> out = new ArrayList<>();
        if (addr == 0) return out;
        for (long at = addr; ; at += 8) {
            long s = p.memory().readLong(at);
            if (s == 0) return out;
            byte[] b;
            try {
                b = p.memory().readCString(s, MAX_ARG_STRLEN);
            } catch (ErrnoException e) {
                throw new ErrnoException(e.errno() == Errno.ENAMETOOLONG ? Errno.E2BIG : e.errno());
            }
            total[0] += b.length + 1 + 8;
            if (total[0] > MAX_ARG_TOTAL) throw new ErrnoException(Errno.E2BIG);
            out.add(b);
        }
    }

    // -------------------------------------------------------------------------------- waiting

    /** Implements wait4(2). */
    static long wait4(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int pid = a.intArg(0), options = a.intArg(2);
        long statusAddr = a.a1(), rusageAddr = a.a3();
        if ((options & ~(Wait.WNOHANG | Wait.WUNTRACED | Wait.WCONTINUED | Wait.__WNOTHREAD | Wait.__WALL
                | Wait.__WCLONE)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (pid == Integer.MIN_VALUE) throw new ErrnoException(Errno.ESRCH);
        int idtype = pid == -1 ? Wait.P_ALL : pid > 0 ? Wait.P_PID : Wait.P_PGID;
        int id = pid < -1 ? -pid : pid > 0 ? pid : 0;
        GuestProcess.WaitResult r = p.waitChild(idtype, id, options | Wait.WEXITED);
        if (r == null) return 0;
        if (statusAddr != 0) p.memory().writeInt(statusAddr, r.status());
        if (rusageAddr != 0) writeRusage(p, rusageAddr, r.cpuNs(), 0);
        return r.pid();
    }

    /** Implements waitid(2). */
    static long waitid(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int idtype = a.intArg(0), id = a.intArg(1), options = a.intArg(3);
        long infoAddr = a.a2(), rusageAddr = a.a4();
        if ((options & ~(Wait.WNOHANG | Wait.WEXITED | Wait.WSTOPPED | Wait.WCONTINUED | Wait.WNOWAIT
                | Wait.__WNOTHREAD | Wait.__WALL | Wait.__WCLONE)) != 0
                || (options & (Wait.WEXITED | Wait.WSTOPPED | Wait.WCONTINUED)) == 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (idtype == Wait.P_PIDFD) throw new ErrnoException(Errno.EINVAL, "pidfds are not supported");
        if (idtype != Wait.P_ALL && idtype != Wait.P_PID && idtype != Wait.P_PGID) throw new ErrnoException(Errno.EINVAL);
        if (idtype == Wait.P_PID && id <= 0) throw new ErrnoException(Errno.EINVAL);
        GuestProcess.WaitResult r = p.waitChild(idtype, idtype == Wait.P_ALL ? 0 : id, options);
        if (infoAddr != 0) {
            byte[] info = r == null ? new byte[SigFrame.SIGINFO_SIZE]
                    : new SigInfo(Signals.SIGCHLD, r.code(), r.pid(), r.uid(), 0, r.siStatus(), 0, 0, 0).bytes();
            p.memory().write(infoAddr, info);
        }
        if (rusageAddr != 0) writeRusage(p, rusageAddr, r == null ? 0 : r.cpuNs(), 0);
        return 0;
    }

    /** Implements getrusage(2): CPU times of the process's thread, or of its reaped children (all counted as user time). */
    static long getrusage(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int who = a.intArg(0);
        if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD) throw new ErrnoException(Errno.EINVAL);
        if (who == RUSAGE_CHILDREN) {
            writeRusage(p, a.a1(), p.childCpuNs(), 0);
            return 0;
        }
        ByteBuffer b = ByteBuffer.allocate(STRUCT_RUSAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        long cpu = SysTime.threadCpuNs(), user = Math.min(cpu, SysTime.threadUserNs());
        putTimeval(b, RU_UTIME, user);
        putTimeval(b, RU_STIME, cpu - user);
        b.putLong(RU_MAXRSS, p.memory().residentBytes() / 1024); // in KiB: resident now, a lower bound
        p.memory().write(a.a1(), b.array());
        return 0;
    }

    /** A struct rusage with only CPU time (as user time) and ru_maxrss filled in. */
    private static void writeRusage(GuestProcess p, long addr, long cpuNs, long maxRssKib) throws ErrnoException {
        ByteBuffer b = ByteBuffer.allocate(STRUCT_RUSAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        putTimeval(b, RU_UTIME, cpuNs);
        b.putLong(RU_MAXRSS, maxRssKib);
        p.memory().write(addr, b.array());
    }

    private static void putTimeval(ByteBuffer b, int at, long ns) {
        b.putLong(at, ns / 1_000_000_000L);
        b.putLong(at + 8, ns % 1_000_000_000L / 1000);
    }

    /** Implements getgroups(2): the supplementary groups, in ascending order as Linux keeps them. */
    static long getgroups(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int size = a.intArg(0);
        int[] groups = p.creds().groups().stream().mapToInt(Integer::intValue).sorted().toArray();
        if (size < 0) throw new ErrnoException(Errno.EINVAL);
        if (size == 0) return groups.length;
        if (size < groups.length) throw new ErrnoException(Errno.EINVAL);
        ByteBuffer b = ByteBuffer.allocate(4 * groups.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int g : groups) b.putInt(g);
        p.memory().write(a.a1(), b.array());
        return groups.length;
    }
}
