/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Signals with handlers, and stop signals, for code that runs without syscalls: an ITIMER_REAL
 * handler interrupts a loop many times and the loop's integer, memory, SSE and x87 state come
 * out exact; a parent's SIGUSR1 reaches a spinning child's handler; SIGSTOP and SIGCONT stop and
 * continue a spinning child (seen by waitpid with WUNTRACED and WCONTINUED).
 */
#include "tap.h"

#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t ticks;
static volatile sig_atomic_t usr1_seen;

static void on_alarm(int sig)
{
    (void)sig;
    /* clobber what the interrupted loop uses: the frame must give it all back */
    volatile double d = 1.0;
    for (int i = 0; i < 50; i++) d = d * 1.0001 + 0.5;
    ticks++;
}

static void on_usr1(int sig)
{
    (void)sig;
    usr1_seen = 1;
}

int main(void)
{
    tap_init();
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);

    /* The loop runs until 10 ticks of a 5 ms timer, with no syscall inside. */
    struct itimerval it = {{0, 5000}, {0, 5000}};
    setitimer(ITIMER_REAL, &it, NULL);
    unsigned long n = 0, sum = 0;
    double fsum = 0;
    long double xsum = 0;
    volatile unsigned long ring[16];
    while (ticks < 10) {
        sum += n;
        fsum += (double)n * 0.5;
        xsum += (long double)n * 0.25L;
        ring[n & 15] = n;
        n++;
    }
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    ok(n > 0, "the loop ran until the handler had run 10 times");
    is_long(sum == n * (n - 1) / 2, 1, "the integer sum is exact across the interruptions");
    double fwant = 0;
    long double xwant = 0;
    for (unsigned long i = 0; i < n; i++) {
        fwant += (double)i * 0.5;
        xwant += (long double)i * 0.25L;
    }
    is_long(fsum == fwant, 1, "the SSE sum is exact across the interruptions");
    is_long(xsum == xwant, 1, "the x87 sum is exact across the interruptions");
    is_long(ring[(n - 1) & 15], n - 1, "the last store landed");

    /* A parent's SIGUSR1 reaches the handler of a child that spins until it sets the flag. */
    int p[2];
    if (pipe(p) != 0) return 1;
    pid_t c = fork();
    if (c == 0) {
        struct sigaction su = {0};
        su.sa_handler = on_usr1;
        sigaction(SIGUSR1, &su, NULL);
        close(p[0]);
        if (write(p[1], "r", 1) != 1) _exit(99);
        while (!usr1_seen) {
        }
        _exit(7);
    }
    close(p[1]);
    char ch;
    is_long(read(p[0], &ch, 1), 1, "the child is spinning");
    close(p[0]);
    usleep(20000);
    kill(c, SIGUSR1);
    int status;
    is_long(waitpid(c, &status, 0), c, "waitpid");
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 7, "the spinning child's handler ran and it left its loop");

    /* SIGSTOP and SIGCONT of a spinning child. */
    c = fork();
    if (c == 0) {
        for (;;) {
            __asm__ volatile("" ::: "memory");
        }
    }
    usleep(20000);
    kill(c, SIGSTOP);
    is_long(waitpid(c, &status, WUNTRACED), c, "waitpid WUNTRACED");
    ok(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP, "the spinning child stopped");
    kill(c, SIGCONT);
    is_long(waitpid(c, &status, WCONTINUED), c, "waitpid WCONTINUED");
    ok(WIFCONTINUED(status), "it continued");
    kill(c, SIGTERM);
    is_long(waitpid(c, &status, 0), c, "waitpid");
    ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "and died of SIGTERM while spinning");
    return tap_done();
}
