/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fatal signals for a process that runs user code without syscalls: a spinning child killed by its
 * parent (SIGTERM's and SIGINT's default action, SIGKILL), by its own ITIMER_REAL (SIGALRM's
 * default action), with a handled signal pending beside the fatal one, and with the fatal signal
 * blocked until the child unblocks it.
 */
#include "tap.h"

#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

/* Pipes between parent and child besides child()'s own: the parent's go-ahead, the child's answer. */
static int go_fd[2], ack_fd[2];
static volatile sig_atomic_t usr1_hits;

static void spin_forever(void)
{
    for (;;) {
        __asm__ volatile("" ::: "memory");
    }
}

/* Forks a child that runs fn after telling the parent (through a pipe) that it is about to. */
static pid_t child(void (*fn)(void))
{
    int p[2];
    if (pipe(p) != 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        if (write(p[1], "r", 1) != 1) _exit(99);
        close(p[1]);
        fn();
        _exit(98);
    }
    close(p[1]);
    char c;
    if (read(p[0], &c, 1) != 1) pid = -1;
    close(p[0]);
    usleep(20000); /* well inside the loop */
    return pid;
}

static int killed_by(pid_t pid, int sig)
{
    int status;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

static void spin_until_itimer(void)
{
    struct itimerval it = {{0, 0}, {0, 30000}};
    setitimer(ITIMER_REAL, &it, NULL);
    spin_forever();
}

static void on_usr1(int sig)
{
    (void)sig;
    usr1_hits++;
}

static void spin_with_usr1_handler(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    spin_forever();
}

/*
 * SIGTERM is blocked (inherited mask); the parent sends it, then the go-ahead. The child spins
 * with it pending and reports that it is still alive before it unblocks it (and dies of it).
 */
static void spin_blocked_then_unblock(void)
{
    char c;
    if (read(go_fd[0], &c, 1) != 1) _exit(4);
    for (volatile unsigned long n = 0; n < 3000000UL; n++) {
    }
    if (write(ack_fd[1], "a", 1) != 1) _exit(5);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGTERM);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    _exit(6);
}

int main(void)
{
    tap_init();

    pid_t pid = child(spin_forever);
    kill(pid, SIGTERM);
    ok(killed_by(pid, SIGTERM), "SIGTERM's default action kills a child that spins without syscalls");

    pid = child(spin_forever);
    kill(pid, SIGINT);
    ok(killed_by(pid, SIGINT), "so does SIGINT's");

    pid = child(spin_forever);
    kill(pid, SIGKILL);
    ok(killed_by(pid, SIGKILL), "SIGKILL kills a spinning child");

    pid = child(spin_until_itimer);
    ok(killed_by(pid, SIGALRM), "its own ITIMER_REAL's SIGALRM kills a spinning child");

    pid = child(spin_with_usr1_handler);
    kill(pid, SIGUSR1);
    kill(pid, SIGTERM);
    ok(killed_by(pid, SIGTERM), "SIGTERM kills a spinning child with a handled SIGUSR1 pending or delivered");

    if (pipe(go_fd) != 0 || pipe(ack_fd) != 0) return 1;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGTERM);
    sigprocmask(SIG_BLOCK, &s, NULL);
    pid = child(spin_blocked_then_unblock);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    kill(pid, SIGTERM);
    char c;
    int alive = write(go_fd[1], "g", 1) == 1 && read(ack_fd[0], &c, 1) == 1 && c == 'a';
    ok(alive, "a blocked SIGTERM leaves the spinning child alive");
    ok(killed_by(pid, SIGTERM), "until sigprocmask unblocks it");

    return tap_done();
}
