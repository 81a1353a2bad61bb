/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * select(2) and pselect6(2) on pipes: readiness in each set, sets rewritten, the count, EBADF for a
 * closed descriptor in a set, EINVAL for bad arguments, the timeout (and the time left written
 * back), a wakeup by another process, pselect6's temporary signal mask and EINTR.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

static volatile sig_atomic_t handled;

static void on_signal(int sig)
{
    (void)sig;
    handled++;
}

static long sys_select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
    long rc = syscall(SYS_select, n, r, w, e, tv);
    return rc < 0 ? -errno : rc;
}

static long sys_pselect6(int n, fd_set *r, fd_set *w, fd_set *e, struct timespec *ts, const sigset_t *mask,
                         size_t masksize)
{
    struct { const sigset_t *ss; size_t len; } data = {mask, masksize};
    long rc = syscall(SYS_pselect6, n, r, w, e, ts, mask || masksize ? &data : NULL);
    return rc < 0 ? -errno : rc;
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

int main(void)
{
    tap_init();
    int p[2];
    if (pipe(p) != 0)
        return 1;
    fd_set r, w, e;
    struct timeval tv;

    FD_ZERO(&r);
    FD_SET(p[0], &r);
    tv = (struct timeval){0, 0};
    is_long(sys_select(p[0] + 1, &r, NULL, NULL, &tv), 0, "select: an empty pipe is not readable");
    ok(!FD_ISSET(p[0], &r), "select: the read set comes back cleared");

    FD_ZERO(&w);
    FD_SET(p[1], &w);
    tv = (struct timeval){0, 0};
    is_long(sys_select(p[1] + 1, NULL, &w, NULL, &tv), 1, "select: an empty pipe's write end is writable");
    ok(FD_ISSET(p[1], &w), "select: the write set keeps the write end");

    is_long(write(p[1], "x", 1), 1, "write one byte");
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_ZERO(&e);
    FD_SET(p[0], &r);
    FD_SET(p[1], &w);
    FD_SET(p[0], &e);
    FD_SET(p[1], &e);
    tv = (struct timeval){0, 0};
    is_long(sys_select(p[1] + 1, &r, &w, &e, &tv), 2, "select: readable and writable count once each");
    ok(FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w), "select: both are set");
    ok(!FD_ISSET(p[0], &e) && !FD_ISSET(p[1], &e), "select: a pipe is never exceptional");

    FD_ZERO(&r);
    FD_SET(p[0], &r);
    FD_SET(p[1], &r);
    tv = (struct timeval){0, 0};
    is_long(sys_select(p[1] + 1, &r, NULL, NULL, &tv), 1, "select: a write end in the read set is not readable");
    ok(FD_ISSET(p[0], &r) && !FD_ISSET(p[1], &r), "select: only the read end stays set");

    FD_ZERO(&r);
    FD_SET(60, &r);
    tv = (struct timeval){0, 0};
    is_long(sys_select(61, &r, NULL, NULL, &tv), -EBADF, "select: a closed descriptor in a set is EBADF");
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    FD_SET(60, &r);
    tv = (struct timeval){0, 0};
    is_long(sys_select(p[0] + 1, &r, NULL, NULL, &tv), 1, "select: descriptors at or past nfds are not looked at");
    tv = (struct timeval){0, 0};
    is_long(sys_select(-1, NULL, NULL, NULL, &tv), -EINVAL, "select: negative nfds is EINVAL");
    tv = (struct timeval){0, -1};
    is_long(sys_select(0, NULL, NULL, NULL, &tv), -EINVAL, "select: a negative tv_usec is EINVAL");
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    tv = (struct timeval){0, 1500000};
    is_long(sys_select(p[0] + 1, &r, NULL, NULL, &tv), 1, "select: tv_usec past a million is carried into seconds");
    tv = (struct timeval){-1, 0};
    is_long(sys_select(0, NULL, NULL, NULL, &tv), -EINVAL, "select: a negative timeout is EINVAL");
    is_long(sys_select(1, (fd_set *)8, NULL, NULL, &(struct timeval){0, 0}), -EFAULT, "select: a bad set pointer is EFAULT");

    char c;
    is_long(read(p[0], &c, 1), 1, "drain the pipe");
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    tv = (struct timeval){0, 30000};
    is_long(sys_select(p[0] + 1, &r, NULL, NULL, &tv), 0, "select: the timeout passes on an empty pipe");
    ok(ms_since(&t0) >= 29, "select: it waited for the timeout");
    ok(tv.tv_sec == 0 && tv.tv_usec == 0, "select: no time is left in the timeval");
    tv = (struct timeval){0, 0};
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    fd_set none;
    FD_ZERO(&none);
    is_long(select(p[0] + 1, &r, &none, NULL, &tv), 0, "libc select agrees");

    pid_t child = fork();
    if (child == 0) {
        usleep(50000);
        _exit(write(p[1], "y", 1) == 1 ? 0 : 1);
    }
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    is_long(sys_select(p[0] + 1, &r, NULL, NULL, NULL), 1, "select: a writer in another process wakes it");
    int status;
    waitpid(child, &status, 0);
    is_long(read(p[0], &c, 1), 1, "read what the child wrote");

    close(p[1]);
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    tv = (struct timeval){0, 0};
    is_long(sys_select(p[0] + 1, &r, NULL, NULL, &tv), 1, "select: end of file is readable");

    /* pselect6 */
    struct timespec ts = {0, 0};
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    is_long(sys_pselect6(p[0] + 1, &r, NULL, NULL, &ts, NULL, 0), 1, "pselect6: end of file is readable");
    sigset_t empty, usr1, old;
    sigemptyset(&empty);
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    ts = (struct timespec){0, 0};
    is_long(sys_pselect6(0, NULL, NULL, NULL, &ts, &empty, 4), -EINVAL, "pselect6: a sigset size other than 8 is EINVAL");
    ts = (struct timespec){0, 1000000000};
    is_long(sys_pselect6(0, NULL, NULL, NULL, &ts, NULL, 0), -EINVAL, "pselect6: tv_nsec of a billion is EINVAL");

    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    sigprocmask(SIG_BLOCK, &usr1, &old);
    child = fork();
    if (child == 0) {
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    waitpid(child, &status, 0);
    ok(handled == 0, "a blocked SIGUSR1 waits");
    ts = (struct timespec){5, 0};
    is_long(sys_pselect6(0, NULL, NULL, NULL, &ts, &empty, 8), -EINTR, "pselect6: its mask lets the pending signal in: EINTR");
    is_long(handled, 1, "pselect6: the handler ran");
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    ok(sigismember(&now, SIGUSR1), "pselect6: the old mask is back");
    sigprocmask(SIG_SETMASK, &old, NULL);

    int q[2];
    if (pipe(q) != 0)
        return 1;
    alarm(1);
    FD_ZERO(&r);
    FD_SET(q[0], &r);
    is_long(sys_select(q[0] + 1, &r, NULL, NULL, NULL), -EINTR, "select: a handled signal interrupts it even with SA_RESTART");
    is_long(handled, 2, "the SIGALRM handler ran");
    return tap_done();
}
