/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Signals: handlers and their siginfo, masks and pending sets, SA_RESETHAND, SA_NODEFER,
 * SA_RESTART against EINTR, sigsuspend, timers, the alternate stack, faults caught by handlers
 * (SIGSEGV, SIGFPE, SIGILL, SIGTRAP), editing the saved context, FPU state across a handler,
 * default actions (terminate, ignore, stop and continue) and SIGCHLD.
 */
#include "tap.h"

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31) /* linux/signal.h; glibc's headers lack it */
#endif

static volatile sig_atomic_t hits, last_sig, last_code, depth, max_depth, calls;
static volatile pid_t last_pid;
static volatile uintptr_t last_addr, handler_sp;
static sigjmp_buf jump;
/* Bad addresses, through a variable so the compiler does not see the store is invalid. */
static int *volatile bad16 = (int *)16;

static void on_info(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    hits++;
    last_sig = sig;
    last_code = si->si_code;
    last_pid = si->si_pid;
    last_addr = (uintptr_t)si->si_addr;
    int local;
    handler_sp = (uintptr_t)&local;
}

static void on_plain(int sig)
{
    hits++;
    last_sig = sig;
}

static void on_nested(int sig)
{
    calls++;
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    if (calls < 3)
        raise(sig);
    depth--;
}

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    last_sig = sig;
    last_code = si->si_code;
    last_addr = (uintptr_t)si->si_addr;
    siglongjmp(jump, 1);
}

static void on_skip_ud2(int sig, siginfo_t *si, void *ucv)
{
    (void)si;
    ucontext_t *uc = ucv;
    last_sig = sig;
    uc->uc_mcontext.gregs[REG_RIP] += 2; /* resume after the ud2 */
    uc->uc_mcontext.gregs[REG_RAX] = 1234;
}

static volatile int uc_checks;

static void on_inspect(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    (void)si;
    int bits = 0;
    if (sigismember(&uc->uc_sigmask, SIGUSR1) && !sigismember(&uc->uc_sigmask, sig))
        bits |= 1;
    if (uc->uc_mcontext.fpregs != NULL && (uc->uc_mcontext.fpregs->mxcsr & ~0x3fu) == 0x1f80
        && uc->uc_mcontext.fpregs->cwd == 0x37f)
        bits |= 2;
    if ((uc->uc_mcontext.gregs[REG_CSGSFS] & 0xffff) == 0x33 && uc->uc_mcontext.gregs[REG_RIP] != 0)
        bits |= 4;
    if (uc->uc_stack.ss_size == 0 && !(uc->uc_stack.ss_flags & SS_ONSTACK))
        bits |= 8;
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    if (sigismember(&now, sig) && sigismember(&now, SIGUSR1))
        bits |= 16;
    uc_checks = bits;
}

static volatile int in_handler_ss_flags;

static void on_report_altstack(int sig)
{
    stack_t cur;
    last_sig = sig;
    sigaltstack(NULL, &cur);
    in_handler_ss_flags = cur.ss_flags;
}

static double fpu_noise(double x)
{
    volatile double a = x;
    for (int i = 0; i < 10; i++)
        a = a * 1.5 + 0.25;
    return a;
}

static void on_fpu(int sig)
{
    last_sig = sig;
    volatile double d = fpu_noise(3.0);
    (void)d;
}

static int install(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, NULL);
}

static int install_plain(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, NULL);
}

static int child_status(void (*body)(void))
{
    pid_t pid = fork();
    if (pid == 0) {
        body();
        _exit(100);
    }
    int st = -1;
    waitpid(pid, &st, 0);
    return st;
}

static void test_handlers(void)
{
    is_success(install(SIGUSR1, on_info, 0), "sigaction(SIGUSR1, SA_SIGINFO)");
    hits = 0;
    raise(SIGUSR1);
    is_long(hits, 1, "raise runs the handler once");
    ok(last_sig == SIGUSR1 && last_code == SI_TKILL && last_pid == getpid(),
       "siginfo: signo, si_code SI_TKILL, si_pid the sender");
    hits = 0;
    kill(getpid(), SIGUSR1);
    ok(hits == 1 && last_code == SI_USER, "kill: si_code SI_USER");

    struct sigaction old;
    sigaction(SIGUSR1, NULL, &old);
    ok(old.sa_sigaction == on_info && (old.sa_flags & SA_SIGINFO), "sigaction reports the installed action");
    is_errno(sigaction(SIGKILL, &old, NULL), EINVAL, "sigaction(SIGKILL): EINVAL");
    is_errno(sigaction(65, &old, NULL), EINVAL, "sigaction(65): EINVAL");

    sigset_t set, was, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &was);
    hits = 0;
    raise(SIGUSR1);
    raise(SIGUSR1);
    is_long(hits, 0, "a blocked signal is not delivered");
    sigpending(&pend);
    ok(sigismember(&pend, SIGUSR1), "sigpending shows it");
    sigprocmask(SIG_SETMASK, &was, NULL);
    is_long(hits, 1, "unblocking delivers it once (standard signals do not queue)");

    install_plain(SIGUSR2, on_plain, SA_RESETHAND);
    int st;
    pid_t pid = fork();
    if (pid == 0) {
        raise(SIGUSR2);
        raise(SIGUSR2);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR2, "SA_RESETHAND: the second signal takes the default action");

    install_plain(SIGUSR2, on_nested, SA_NODEFER);
    depth = max_depth = calls = 0;
    raise(SIGUSR2);
    is_long(max_depth, 3, "SA_NODEFER: the handler is re-entered");
    install_plain(SIGUSR2, on_nested, 0);
    depth = max_depth = calls = 0;
    raise(SIGUSR2);
    ok(max_depth == 1 && calls == 3, "without SA_NODEFER the signal waits until its handler returns");
    signal(SIGUSR2, SIG_DFL);

    sigset_t rtset;
    sigemptyset(&rtset);
    sigaddset(&rtset, SIGRTMIN + 1);
    install_plain(SIGRTMIN + 1, on_plain, 0);
    sigprocmask(SIG_BLOCK, &rtset, &was);
    hits = 0;
    raise(SIGRTMIN + 1);
    raise(SIGRTMIN + 1);
    sigprocmask(SIG_SETMASK, &was, NULL);
    is_long(hits, 2, "real-time signals queue");
}

static void test_context(void)
{
    install(SIGUSR2, on_inspect, 0);
    sigset_t set, was;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &was);
    uc_checks = 0;
    raise(SIGUSR2);
    sigprocmask(SIG_SETMASK, &was, NULL);
    ok(uc_checks & 1, "uc_sigmask is the mask before the handler");
    ok(uc_checks & 2, "uc_mcontext.fpregs points at the saved FPU state (MXCSR, x87 control word)");
    ok(uc_checks & 4, "uc_mcontext has the user code segment and the interrupted rip");
    ok(uc_checks & 8, "uc_stack records that there is no alternate stack");
    ok(uc_checks & 16, "in the handler the signal and the old mask are blocked");
    signal(SIGUSR2, SIG_DFL);
}

static int restart_fd = -1;

static void on_alarm_write(int sig)
{
    hits++;
    last_sig = sig;
    write(restart_fd, "d", 1);
}

/*
 * A child blocks reading an empty pipe; a timer's SIGALRM handler writes into that pipe. With
 * SA_RESTART the read resumes and gets the byte; without it the read fails with EINTR.
 */
static volatile int queued_value;

static void on_queued(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    last_sig = sig;
    last_code = si->si_code;
    queued_value = si->si_value.sival_int;
}

static void test_sigwait(void)
{
    sigset_t set, was;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &was);
    raise(SIGUSR1);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int r = sigwaitinfo(&set, &si);
    ok(r == SIGUSR1 && si.si_signo == SIGUSR1 && si.si_pid == getpid(),
       "sigwaitinfo takes a pending blocked signal with its siginfo");
    sigpending(&set);
    ok(!sigismember(&set, SIGUSR1), "and it is no longer pending");
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    struct timespec ts = {0, 50000000};
    is_errno(sigtimedwait(&set, &si, &ts), EAGAIN, "sigtimedwait with nothing pending times out with EAGAIN");
    pid_t pid = fork();
    if (pid == 0) {
        usleep(100000);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    r = sigwaitinfo(&set, &si);
    ok(r == SIGUSR1 && si.si_code == SI_USER && si.si_pid == pid, "sigwaitinfo sleeps until another process sends it");
    waitpid(pid, NULL, 0);
    sigprocmask(SIG_SETMASK, &was, NULL);

    install(SIGUSR2, on_queued, 0);
    union sigval v = {.sival_int = 42};
    is_success(sigqueue(getpid(), SIGUSR2, v), "sigqueue");
    ok(last_sig == SIGUSR2 && last_code == SI_QUEUE && queued_value == 42, "the handler gets SI_QUEUE and si_value");
    signal(SIGUSR2, SIG_DFL);
}

static void test_restart(int flags, const char *what, long expect, int expect_errno)
{
    pid_t pid = fork();
    if (pid == 0) {
        int data[2];
        pipe(data);
        restart_fd = data[1];
        hits = 0;
        install_plain(SIGALRM, on_alarm_write, flags);
        struct itimerval it = {{0, 0}, {0, 200000}};
        setitimer(ITIMER_REAL, &it, NULL);
        char c;
        errno = 0;
        long n = read(data[0], &c, 1);
        _exit(n == expect && errno == expect_errno && hits == 1 ? 0 : 1);
    }
    int st;
    waitpid(pid, &st, 0);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s", what);
}

static void test_waiting(void)
{
    install_plain(SIGUSR1, on_plain, 0);
    sigset_t block, empty, was;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigemptyset(&empty);
    sigprocmask(SIG_BLOCK, &block, &was);
    hits = 0;
    pid_t pid = fork();
    if (pid == 0) {
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    int r = sigsuspend(&empty);
    ok(r == -1 && errno == EINTR && hits == 1, "sigsuspend returns EINTR after the handler ran");
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    ok(sigismember(&now, SIGUSR1), "sigsuspend restores the old mask");
    sigprocmask(SIG_SETMASK, &was, NULL);
    waitpid(pid, NULL, 0);

    install_plain(SIGALRM, on_plain, 0);
    hits = 0;
    struct itimerval it = {{0, 0}, {0, 200000}};
    is_success(setitimer(ITIMER_REAL, &it, NULL), "setitimer(ITIMER_REAL, 200 ms)");
    r = pause();
    ok(r == -1 && errno == EINTR && hits == 1 && last_sig == SIGALRM, "pause ends with EINTR after SIGALRM's handler");
    is_long(alarm(0), 0, "no alarm left");
    alarm(100);
    long left = alarm(0);
    ok(left >= 99 && left <= 100, "alarm returns the seconds left of the previous alarm");

    hits = 0;
    it.it_value.tv_usec = 200000;
    setitimer(ITIMER_REAL, &it, NULL);
    struct timespec ts = {5, 0}, rem = {0, 0};
    r = nanosleep(&ts, &rem);
    ok(r == -1 && errno == EINTR && rem.tv_sec >= 3, "nanosleep is interrupted by a handler and reports the time left");
    signal(SIGALRM, SIG_DFL);

    install_plain(SIGCHLD, on_plain, 0);
    hits = 0;
    pid = fork();
    if (pid == 0)
        _exit(0);
    int st;
    while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
        ;
    ok(hits == 1 && last_sig == SIGCHLD, "SIGCHLD reaches the parent when a child exits");
    signal(SIGCHLD, SIG_DFL);
}

static void test_altstack(void)
{
    static char stack[65536];
    stack_t ss = {.ss_sp = stack, .ss_size = sizeof stack, .ss_flags = 0}, old;
    is_success(sigaltstack(&ss, &old), "sigaltstack");
    ok(old.ss_flags == SS_DISABLE, "no alternate stack before");
    install(SIGUSR1, on_info, SA_ONSTACK);
    handler_sp = 0;
    raise(SIGUSR1);
    ok(handler_sp > (uintptr_t)stack && handler_sp < (uintptr_t)stack + sizeof stack,
       "an SA_ONSTACK handler runs on the alternate stack");
    install(SIGUSR1, on_info, 0);
    raise(SIGUSR1);
    ok(!(handler_sp > (uintptr_t)stack && handler_sp < (uintptr_t)stack + sizeof stack),
       "without SA_ONSTACK it runs on the normal stack");
    install_plain(SIGUSR1, on_report_altstack, SA_ONSTACK);
    raise(SIGUSR1);
    is_long(in_handler_ss_flags, SS_ONSTACK, "sigaltstack in the handler: SS_ONSTACK");
    ss.ss_flags = (int)SS_AUTODISARM;
    sigaltstack(&ss, NULL);
    raise(SIGUSR1);
    is_long(in_handler_ss_flags, SS_DISABLE, "SS_AUTODISARM: the stack is disarmed while the handler runs");
    sigaltstack(NULL, &old);
    ok((unsigned)old.ss_flags == SS_AUTODISARM && old.ss_size == sizeof stack, "and rearmed by sigreturn");
    ss.ss_flags = 0;
    ss.ss_size = 100;
    is_errno(sigaltstack(&ss, NULL), ENOMEM, "an alternate stack below MINSIGSTKSZ: ENOMEM");
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
}

static void test_faults(void)
{
    install(SIGSEGV, on_fault, 0);
    if (sigsetjmp(jump, 1) == 0)
        *(volatile int *)bad16 = 1;
    ok(last_sig == SIGSEGV && last_code == SEGV_MAPERR && last_addr == 16,
       "a write to an unmapped address: SIGSEGV, SEGV_MAPERR, si_addr");
    static const char ro[4096] __attribute__((aligned(4096))) = "read-only";
    last_sig = 0;
    if (sigsetjmp(jump, 1) == 0)
        *(volatile char *)ro = 1;
    ok(last_sig == SIGSEGV && last_code == SEGV_ACCERR && last_addr == (uintptr_t)ro,
       "a write to a read-only page: SEGV_ACCERR");

    install(SIGFPE, on_fault, 0);
    volatile int zero = 0, one = 1;
    last_sig = 0;
    if (sigsetjmp(jump, 1) == 0)
        one = one / zero;
    ok(last_sig == SIGFPE && last_code == FPE_INTDIV, "integer division by zero: SIGFPE, FPE_INTDIV");

    install(SIGILL, on_fault, 0);
    last_sig = 0;
    if (sigsetjmp(jump, 1) == 0)
        __asm__ volatile("ud2");
    ok(last_sig == SIGILL && last_code == ILL_ILLOPN, "ud2: SIGILL, ILL_ILLOPN");

    install(SIGILL, on_skip_ud2, 0);
    last_sig = 0;
    long rax;
    __asm__ volatile("mov $7, %%eax\n\tud2\n\t" : "=a"(rax));
    ok(last_sig == SIGILL && rax == 1234, "a handler that edits the saved rip and rax: execution resumes there");
    signal(SIGILL, SIG_DFL);

    install_plain(SIGTRAP, on_plain, 0);
    hits = 0;
    __asm__ volatile("int3");
    ok(hits == 1 && last_sig == SIGTRAP, "int3: SIGTRAP, and execution goes on after it");

    install_plain(SIGUSR1, on_fpu, 0);
    volatile double before = 1.0 / 3.0;
    double x = before * 3.0;
    raise(SIGUSR1);
    ok(x == before * 3.0 && last_sig == SIGUSR1, "SSE values survive a handler that uses the FPU");
}

static void die_term(void) { raise(SIGTERM); }
static void die_segv(void) { signal(SIGSEGV, SIG_DFL); *(volatile int *)bad16 = 0; }
static void die_abort(void) { abort(); }
static void die_blocked_fault(void)
{
    install(SIGSEGV, on_fault, 0);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGSEGV);
    sigprocmask(SIG_BLOCK, &s, NULL);
    *(volatile int *)bad16 = 0;
}
static void live_ignored(void) { signal(SIGTERM, SIG_IGN); raise(SIGTERM); _exit(5); }
static void live_chld(void) { raise(SIGCHLD); raise(SIGWINCH); _exit(6); }

static void test_defaults(void)
{
    int st = child_status(die_term);
    ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "SIGTERM's default action terminates");
    st = child_status(die_segv);
    ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "an unhandled fault kills with SIGSEGV");
    st = child_status(die_abort);
    ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT, "abort() kills with SIGABRT");
    st = child_status(die_blocked_fault);
    ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "a fault while its signal is blocked kills");
    st = child_status(live_ignored);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 5, "an ignored SIGTERM does nothing");
    st = child_status(live_chld);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 6, "SIGCHLD and SIGWINCH are ignored by default");

    int go[2];
    pipe(go);
    pid_t pid = fork();
    if (pid == 0) {
        raise(SIGSTOP);
        char c;
        read(go[0], &c, 1);
        _exit(8);
    }
    waitpid(pid, &st, WUNTRACED);
    ok(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "SIGSTOP stops: WUNTRACED reports WIFSTOPPED");
    kill(pid, SIGCONT);
    waitpid(pid, &st, WCONTINUED);
    ok(WIFCONTINUED(st), "SIGCONT continues: WCONTINUED reports WIFCONTINUED");
    write(go[1], "g", 1);
    waitpid(pid, &st, 0);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 8, "the continued child runs to its end");
    close(go[0]);
    close(go[1]);

    pid = fork();
    if (pid == 0) {
        pause();
        _exit(0);
    }
    usleep(50000);
    kill(pid, SIGTERM);
    waitpid(pid, &st, 0);
    ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "kill wakes a process blocked in pause and kills it");
    is_errno(kill(pid, SIGTERM), ESRCH, "kill of a reaped pid: ESRCH");
    is_errno(kill(getpid(), 65), EINVAL, "kill with signal 65: EINVAL");
    is_long(kill(getpid(), 0), 0, "kill with signal 0 checks the process exists");
}

int main(void)
{
    tap_init();
    test_handlers();
    test_context();
    test_sigwait();
    test_restart(SA_RESTART, "SA_RESTART: a read interrupted by a handler is restarted", 1, 0);
    test_restart(0, "without SA_RESTART the read fails with EINTR", -1, EINTR);
    test_waiting();
    test_altstack();
    test_faults();
    test_defaults();
    return tap_done();
}
