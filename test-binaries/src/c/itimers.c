/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * setitimer/getitimer with ITIMER_VIRTUAL and ITIMER_PROF: they count the process's CPU time (a
 * sleep does not advance them), repeat at their interval, report what is left and the interval,
 * give the old value back, are not inherited by fork, and reject a bad timer or timeval.
 */
#include "tap.h"

#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t vt, prof;

static void on_vtalrm(int sig)
{
    (void)sig;
    vt++;
}

static void on_prof(int sig)
{
    (void)sig;
    prof++;
}

/* Burns CPU without syscalls until *count reaches want (or about 20 s of it, whatever comes first). */
static void spin_until(volatile sig_atomic_t *count, int want)
{
    for (unsigned long i = 0; *count < want && i < 40000000000UL; i++) {
        __asm__ volatile("" ::: "memory");
    }
}

static struct itimerval ms(long interval_ms, long value_ms)
{
    struct itimerval it = {{interval_ms / 1000, interval_ms % 1000 * 1000}, {value_ms / 1000, value_ms % 1000 * 1000}};
    return it;
}

int main(void)
{
    tap_init();
    struct sigaction sa = {0};
    sa.sa_handler = on_vtalrm;
    sigaction(SIGVTALRM, &sa, NULL);
    sa.sa_handler = on_prof;
    sigaction(SIGPROF, &sa, NULL);

    struct itimerval it, old;
    is_long(getitimer(ITIMER_VIRTUAL, &it), 0, "getitimer(ITIMER_VIRTUAL)");
    ok(it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0 && it.it_interval.tv_usec == 0, "it starts disarmed");

    it = ms(10, 10);
    is_long(setitimer(ITIMER_VIRTUAL, &it, &old), 0, "setitimer(ITIMER_VIRTUAL, 10 ms every 10 ms)");
    ok(old.it_value.tv_sec == 0 && old.it_value.tv_usec == 0, "the old value was disarmed");
    is_long(getitimer(ITIMER_VIRTUAL, &it), 0, "getitimer");
    ok(it.it_interval.tv_sec == 0 && it.it_interval.tv_usec == 10000, "the interval reads back");
    /* set_cpu_itimer adds one tick (TICK_NSEC, at most 10 ms) to the value; with tick-based CPU
       accounting (a VM) a whole tick may already have been charged since */
    ok(it.it_value.tv_sec == 0 && it.it_value.tv_usec > 0 && it.it_value.tv_usec <= 20000,
       "the value is what is left, plus at most the kernel's tick");
    spin_until(&vt, 3);
    ok(vt >= 3, "SIGVTALRM came again and again while the process ran");
    it = ms(0, 0);
    is_long(setitimer(ITIMER_VIRTUAL, &it, &old), 0, "disarm it");
    ok(old.it_interval.tv_usec == 10000, "the old value has the interval");

    int before = vt;
    it = ms(0, 30);
    setitimer(ITIMER_VIRTUAL, &it, NULL);
    struct timespec nap = {0, 150000000};
    nanosleep(&nap, NULL);
    is_long(vt, before, "150 ms of sleep do not use up 30 ms of virtual time");
    spin_until(&vt, before + 1);
    is_long(vt, before + 1, "30 ms of running do");
    getitimer(ITIMER_VIRTUAL, &it);
    ok(it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0, "a one-shot timer is disarmed after it fired");

    it = ms(10, 10);
    is_long(setitimer(ITIMER_PROF, &it, NULL), 0, "setitimer(ITIMER_PROF, 10 ms every 10 ms)");
    pid_t child = fork();
    if (child == 0) {
        struct itimerval c;
        getitimer(ITIMER_PROF, &c);
        _exit(c.it_value.tv_sec == 0 && c.it_value.tv_usec == 0 && c.it_interval.tv_usec == 0 ? 0 : 1);
    }
    int status;
    waitpid(child, &status, 0);
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a forked child does not inherit the timer");
    spin_until(&prof, 3);
    ok(prof >= 3, "SIGPROF came again and again while the process ran");
    it = ms(0, 0);
    setitimer(ITIMER_PROF, &it, NULL);

    is_errno(setitimer(3, &it, NULL), EINVAL, "setitimer of an unknown timer: EINVAL");
    it.it_value.tv_usec = 1000000;
    is_errno(setitimer(ITIMER_PROF, &it, NULL), EINVAL, "setitimer with tv_usec of a million: EINVAL");
    is_errno(getitimer(3, &it), EINVAL, "getitimer of an unknown timer: EINVAL");
    return tap_done();
}
