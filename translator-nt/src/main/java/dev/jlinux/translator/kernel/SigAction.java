// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import static dev.jlinux.syscalls.Signals.*;

/** One signal's disposition ({@code struct k_sigaction}): handler, flags, mask, restorer. */
public record SigAction(long handler, long flags, long mask, long restorer) {
    public static final SigAction DEFAULT = new SigAction(SIG_DFL, 0, 0, 0);

    /** What SIG_DFL does with a signal (kernel/signal.c's sig_kernel_* sets). */
    public enum Default { TERMINATE, CORE, IGNORE, STOP, CONTINUE }

    public static Default defaultAction(int sig) {
        return switch (sig) {
            case SIGCHLD, SIGURG, SIGWINCH -> Default.IGNORE;
            case SIGCONT -> Default.CONTINUE;
            case SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU -> Default.STOP;
            case SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS -> Default.CORE;
            default -> Default.TERMINATE;
        };
    }

    /** True when delivering {@code sig} with this action would do nothing (discarded at send time). */
    public boolean ignores(int sig) {
        if (handler == SIG_IGN) return true;
        return handler == SIG_DFL && (defaultAction(sig) == Default.IGNORE);
    }
}
