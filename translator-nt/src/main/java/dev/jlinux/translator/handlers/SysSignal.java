// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.Signals.*;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.SigFrame;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.cpu.CpuException;
import dev.jlinux.translator.cpu.Reg;
import dev.jlinux.translator.kernel.Blocking;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.translator.kernel.SigAction;
import dev.jlinux.translator.kernel.SigInfo;
import dev.jlinux.vfs.Credentials;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Signals: dispositions, masks, sending, waiting, the alternate stack, alarms and rt_sigreturn. */
final class SysSignal {
    /** sizeof(sigset_t) in the kernel ABI: 64 signals. */
    private static final long SIGSET_SIZE = 8;
    /** sizeof(struct sigaction) as the kernel reads it: handler, flags, restorer, mask. */
    private static final int KERNEL_SIGACTION_SIZE = 32;
    private static final long NS = 1_000_000_000L;

    private SysSignal() {}

    private static int checkSignal(int sig) throws ErrnoException {
        if (sig < 1 || sig > SIGRTMAX) throw new ErrnoException(Errno.EINVAL);
        return sig;
    }

    /** Implements rt_sigaction(2). */
    static long rtSigaction(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int sig = checkSignal(a.intArg(0));
        long actAddr = a.a1(), oldAddr = a.a2();
        if (a.a3() != SIGSET_SIZE) throw new ErrnoException(Errno.EINVAL);
        if (actAddr != 0 && (sig == SIGKILL || sig == SIGSTOP)) throw new ErrnoException(Errno.EINVAL);
        SigAction next = null;
        if (actAddr != 0) {
            ByteBuffer b = ByteBuffer.wrap(p.memory().read(actAddr, KERNEL_SIGACTION_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
            next = new SigAction(b.getLong(0), b.getLong(8) & 0xffffffffL, b.getLong(24), b.getLong(16));
        }
        SigAction old = p.action(sig);
        if (oldAddr != 0) {
            ByteBuffer b = ByteBuffer.allocate(KERNEL_SIGACTION_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(0, old.handler()).putLong(8, old.flags()).putLong(16, old.restorer()).putLong(24, old.mask());
            p.memory().write(oldAddr, b.array());
        }
        if (next != null) p.setAction(sig, next);
        return 0;
    }

    /** Implements rt_sigprocmask(2). */
    static long rtSigprocmask(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int how = a.intArg(0);
        long setAddr = a.a1(), oldAddr = a.a2();
        if (a.a3() != SIGSET_SIZE) throw new ErrnoException(Errno.EINVAL);
        long old = p.blocked();
        long next = old;
        if (setAddr != 0) {
            long set = p.memory().readLong(setAddr);
            next = switch (how) {
                case SIG_BLOCK -> old | set;
                case SIG_UNBLOCK -> old & ~set;
                case SIG_SETMASK -> set;
                default -> throw new ErrnoException(Errno.EINVAL);
            };
        }
        if (oldAddr != 0) p.memory().writeLong(oldAddr, old);
        p.setBlocked(next);
        return 0;
    }

    /** Implements rt_sigpending(2): the pending signals that are blocked. */
    static long rtSigpending(GuestProcess p, SyscallArgs a) throws ErrnoException {
        if (a.a1() > SIGSET_SIZE) throw new ErrnoException(Errno.EINVAL);
        byte[] set = new byte[8];
        ByteBuffer.wrap(set).order(ByteOrder.LITTLE_ENDIAN).putLong(p.pendingSet() & p.blocked());
        p.memory().write(a.a0(), set, 0, (int) a.a1());
        return 0;
    }

    /** Implements rt_sigsuspend(2). */
    static long rtSigsuspend(GuestProcess p, SyscallArgs a) throws ErrnoException {
        if (a.a1() != SIGSET_SIZE) throw new ErrnoException(Errno.EINVAL);
        p.suspend(p.memory().readLong(a.a0()));
        throw new ErrnoException(Errno.EINTR);
    }

    /** Implements rt_sigtimedwait(2). */
    static long rtSigtimedwait(GuestProcess p, SyscallArgs a) throws ErrnoException {
        if (a.a3() != SIGSET_SIZE) throw new ErrnoException(Errno.EINVAL);
        long set = p.memory().readLong(a.a0());
        long timeoutNs = -1;
        if (a.a2() != 0) {
            long sec = p.memory().readLong(a.a2()), nsec = p.memory().readLong(a.a2() + 8);
            if (sec < 0 || nsec < 0 || nsec >= NS) throw new ErrnoException(Errno.EINVAL);
            timeoutNs = sec > Long.MAX_VALUE / NS / 2 ? -1 : sec * NS + nsec;
        }
        SigInfo info = p.takeSignal(set, timeoutNs);
        if (a.a1() != 0) p.memory().write(a.a1(), info.bytes());
        return info.signo();
    }

    /** Implements rt_sigqueueinfo(2): the caller's si_code and si_value; a non-negative si_code may only go to itself. */
    static long rtSigqueueinfo(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int pid = a.intArg(0), sig = a.intArg(1);
        if (sig < 0 || sig > SIGRTMAX) throw new ErrnoException(Errno.EINVAL);
        ByteBuffer b = ByteBuffer.wrap(p.memory().read(a.a2(), SigFrame.SIGINFO_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        int code = b.getInt(SigFrame.SI_CODE);
        if (code >= 0 && pid != p.pid()) throw new ErrnoException(Errno.EPERM);
        GuestProcess t = p.kernel().find(pid);
        if (t == null) throw new ErrnoException(Errno.ESRCH);
        if (!mayKill(p, t, sig)) throw new ErrnoException(Errno.EPERM);
        if (sig != 0) {
            t.send(new SigInfo(sig, code, p.pid(), p.creds().uid(), 0, 0, 0, 0, b.getLong(SigFrame.SI_VALUE)));
        }
        return 0;
    }

    /** Implements pause(2). */
    static long pause(GuestProcess p, SyscallArgs a) throws ErrnoException {
        Blocking.sleep(Long.MAX_VALUE, Blocking.Restart.NEVER);
        throw new ErrnoException(Errno.EINTR);
    }

    /** Implements rt_sigreturn(2): the run loop restores the context saved in the frame. */
    static long rtSigreturn(GuestProcess p, SyscallArgs a) {
        p.requestSigreturn();
        return 0;
    }

    /** Implements sigaltstack(2). */
    static long sigaltstack(GuestProcess p, SyscallArgs a) throws ErrnoException {
        long ssAddr = a.a0(), oldAddr = a.a1();
        long sp;
        try {
            sp = p.cpu().readRegister(Reg.RSP);
        } catch (CpuException e) {
            throw new IllegalStateException(e);
        }
        byte[] old = new byte[SigFrame.STACK_T_SIZE];
        ByteBuffer.wrap(old).order(ByteOrder.LITTLE_ENDIAN).putLong(SigFrame.SS_SP, p.altStackAddr())
                .putInt(SigFrame.SS_FLAGS, p.altStackFlags(sp)).putLong(SigFrame.SS_SIZE, p.altStackSize());
        if (ssAddr != 0) {
            ByteBuffer b = ByteBuffer.wrap(p.memory().read(ssAddr, SigFrame.STACK_T_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
            long ss = b.getLong(SigFrame.SS_SP), size = b.getLong(SigFrame.SS_SIZE);
            int flags = b.getInt(SigFrame.SS_FLAGS);
            if ((p.altStackFlags(sp) & SS_ONSTACK) != 0) throw new ErrnoException(Errno.EPERM);
            int mode = flags & ~SS_AUTODISARM;
            if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK) throw new ErrnoException(Errno.EINVAL);
            if (mode == SS_DISABLE) {
                p.setAltStack(0, 0, flags);
            } else {
                if (size < MINSIGSTKSZ) throw new ErrnoException(Errno.ENOMEM);
                p.setAltStack(ss, size, flags & SS_AUTODISARM);
            }
        }
        if (oldAddr != 0) p.memory().write(oldAddr, old);
        return 0;
    }

    /** Implements kill(2): a process, the caller's group (0), every process but the first and the caller (-1), or a group. */
    static long kill(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int pid = a.intArg(0), sig = a.intArg(1);
        if (sig < 0 || sig > SIGRTMAX) throw new ErrnoException(Errno.EINVAL);
        if (pid == Integer.MIN_VALUE) throw new ErrnoException(Errno.ESRCH);
        SigInfo info = SigInfo.kill(sig, SI_USER, p.pid(), p.creds().uid());
        List<GuestProcess> targets;
        if (pid > 0) {
            GuestProcess t = p.kernel().find(pid);
            targets = t == null ? List.of() : List.of(t);
        } else {
            int group = pid == 0 ? p.pgid() : -pid;
            GuestProcess init = p.kernel().init();
            targets = p.kernel().all().stream()
                    .filter(t -> pid == -1 ? t != init && t != p : t.pgid() == group).toList();
        }
        if (targets.isEmpty()) throw new ErrnoException(Errno.ESRCH);
        boolean sent = false;
        for (GuestProcess t : targets) {
            if (!mayKill(p, t, sig)) continue;
            if (sig != 0) t.send(info);
            sent = true;
        }
        // One process or a group: EPERM when no target was allowed; -1 ignores EPERM (kill_something_info).
        if (!sent && pid != -1) throw new ErrnoException(Errno.EPERM);
        return 0;
    }

    /**
     * {@code check_kill_permission} (kernel/signal.c): the caller itself, or a process whose real or
     * saved uid is the caller's real or effective uid ({@code kill_ok_by_cred}), or any with
     * CAP_KILL, or SIGCONT within the caller's session.
     */
    private static boolean mayKill(GuestProcess p, GuestProcess t, int sig) {
        if (t == p) return true;
        Credentials c = p.creds(), tc = t.creds();
        if (c.euid() == tc.suid() || c.euid() == tc.uid() || c.uid() == tc.suid() || c.uid() == tc.uid()
                || c.capable()) {
            return true;
        }
        return sig == SIGCONT && t.sid() == p.sid();
    }

    /** Implements tgkill(2): a process has one thread, whose id is the pid. */
    static long tgkill(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int tgid = a.intArg(0), tid = a.intArg(1), sig = a.intArg(2);
        if (tgid <= 0 || tid <= 0 || sig < 0 || sig > SIGRTMAX) throw new ErrnoException(Errno.EINVAL);
        if (tgid != tid) throw new ErrnoException(Errno.ESRCH);
        return sendToThread(p, tid, sig);
    }

    /** Implements tkill(2). */
    static long tkill(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int tid = a.intArg(0), sig = a.intArg(1);
        if (tid <= 0 || sig < 0 || sig > SIGRTMAX) throw new ErrnoException(Errno.EINVAL);
        return sendToThread(p, tid, sig);
    }

    private static long sendToThread(GuestProcess p, int tid, int sig) throws ErrnoException {
        GuestProcess t = p.kernel().find(tid);
        if (t == null) throw new ErrnoException(Errno.ESRCH);
        if (!mayKill(p, t, sig)) throw new ErrnoException(Errno.EPERM);
        if (sig != 0) t.send(SigInfo.kill(sig, SI_TKILL, p.pid(), p.creds().uid()));
        return 0;
    }

    /** Implements alarm(2): returns the seconds left of the previous alarm (rounded as Linux does). */
    static long alarm(GuestProcess p, SyscallArgs a) {
        long secs = a.a0() & 0xffffffffL;
        long left = p.alarmState()[0];
        p.setAlarm(secs * NS, 0);
        if (left == 0) return 0;
        long s = left / NS, us = left % NS / 1000;
        return (us >= 500_000 || s == 0) ? s + 1 : s;
    }

    /** Implements setitimer(2): ITIMER_REAL in real time, ITIMER_VIRTUAL and ITIMER_PROF in the process's CPU time. */
    static long setitimer(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int which = itimer(a);
        long interval = 0, value = 0;
        if (a.a1() != 0) {
            interval = readTimeval(p, a.a1());
            value = readTimeval(p, a.a1() + 16);
        }
        long[] old;
        if (which == ITIMER_REAL) {
            old = p.alarmState();
            p.setAlarm(value, value == 0 ? 0 : interval);
        } else {
            old = p.setCpuTimer(which - ITIMER_VIRTUAL, value, interval);
        }
        if (a.a2() != 0) writeItimer(p, a.a2(), old);
        return 0;
    }

    /** Implements getitimer(2). */
    static long getitimer(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int which = itimer(a);
        writeItimer(p, a.a1(), which == ITIMER_REAL ? p.alarmState() : p.cpuTimerState(which - ITIMER_VIRTUAL));
        return 0;
    }

    /** The first argument as an interval timer; EINVAL for others. */
    private static int itimer(SyscallArgs a) throws ErrnoException {
        int which = a.intArg(0);
        if (which != ITIMER_REAL && which != ITIMER_VIRTUAL && which != ITIMER_PROF) throw new ErrnoException(Errno.EINVAL);
        return which;
    }

    private static long readTimeval(GuestProcess p, long addr) throws ErrnoException {
        long sec = p.memory().readLong(addr), usec = p.memory().readLong(addr + 8);
        if (sec < 0 || usec < 0 || usec >= 1_000_000) throw new ErrnoException(Errno.EINVAL);
        return sec * NS + usec * 1000;
    }

    /** Writes {@code s} = {remaining ns, interval ns} as a struct itimerval. */
    private static void writeItimer(GuestProcess p, long addr, long[] s) throws ErrnoException {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(s[1] / NS).putLong(s[1] % NS / 1000).putLong(s[0] / NS).putLong((s[0] % NS + 999) / 1000);
        p.memory().write(addr, b.array());
    }
}
