/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Processes: fork, vfork, clone, execve (ELF, #! scripts, errors), exit statuses, wait4 and
 * waitid, process groups and sessions, and pipes between processes.
 * Re-executes itself with "--child N" (exit N) and "--script" (as a #! interpreter); writes its
 * scripts into the current directory (and removes them where unlink works).
 */
#include "tap.h"

#include <fcntl.h>
#include <fenv.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static const char *self;
static volatile int shared_flag;

static int wait_status(pid_t pid)
{
    int st = -1;
    if (waitpid(pid, &st, 0) != pid)
        return -1;
    return st;
}

static pid_t spawn_exit(int code)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(code);
    return pid;
}

static void test_fork_basics(void)
{
    int fds[2];
    pid_t parent = getpid();
    static int counter = 1;
    is_success(pipe(fds), "pipe");
    pid_t pid = fork();
    if (pid == 0) {
        char msg[2] = {getppid() == parent ? 'P' : 'x', counter == 1 ? 'C' : 'x'};
        counter = 42;
        close(fds[0]);
        write(fds[1], msg, 2);
        _exit(7);
    }
    ok(pid > 0, "fork returns the child's pid in the parent");
    close(fds[1]);
    char buf[4] = {0};
    is_long(read(fds[0], buf, sizeof buf), 2, "the parent reads what the child wrote");
    ok(buf[0] == 'P', "the child's getppid() is the parent's pid");
    ok(buf[1] == 'C', "the child sees the parent's memory as it was at fork");
    is_long(read(fds[0], buf, sizeof buf), 0, "read gives end of file once the child (last writer) exits");
    close(fds[0]);
    int st = wait_status(pid);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 7, "waitpid: the child exited with 7");
    is_long(counter, 1, "the child's writes do not reach the parent's memory");
    errno = 0;
    is_errno(waitpid(-1, &st, WNOHANG), ECHILD, "no children left: ECHILD");
    is_errno(waitpid(pid, &st, 0), ECHILD, "a reaped child cannot be waited for again");
}

static void test_fork_cpu_state(void)
{
    volatile double one = 1.0, three = 3.0;
    fesetround(FE_UPWARD);
    volatile double up = one / three;
    pid_t pid = fork();
    if (pid == 0) {
        volatile double again = one / three;
        _exit(fegetround() == FE_UPWARD && again == up ? 0 : 1);
    }
    fesetround(FE_TONEAREST);
    int st = wait_status(pid);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child inherits the FPU and SSE state (rounding mode) at fork");
}

static void test_wait_variants(void)
{
    int fds[2];
    pipe(fds);
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        close(fds[1]);
        read(fds[0], &c, 1);
        _exit(c);
    }
    close(fds[0]);
    int st = 0;
    is_long(waitpid(pid, &st, WNOHANG), 0, "WNOHANG while the child runs returns 0");
    write(fds[1], "\x05", 1);
    close(fds[1]);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    is_long(waitid(P_PID, pid, &si, WEXITED | WNOWAIT), 0, "waitid(WEXITED|WNOWAIT)");
    ok(si.si_signo == SIGCHLD && si.si_code == CLD_EXITED && si.si_status == 5 && si.si_pid == pid,
       "waitid reports SIGCHLD, CLD_EXITED, status 5 and the pid");
    struct rusage ru;
    is_long(wait4(pid, &st, 0, &ru), pid, "wait4 after WNOWAIT still finds the zombie");
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 5, "wait4 status: exited with 5");
    is_errno(waitid(P_PID, pid, &si, 0), EINVAL, "waitid without WEXITED/WSTOPPED/WCONTINUED: EINVAL");

    pid_t a = spawn_exit(1), b = spawn_exit(2), c = spawn_exit(3);
    int sum = 0, seen = 0;
    for (int i = 0; i < 3; i++) {
        pid_t w = wait(&st);
        if (w == a || w == b || w == c) {
            seen++;
            sum += WEXITSTATUS(st);
        }
    }
    ok(seen == 3 && sum == 6, "wait() reaps three children in any order");
    memset(&si, 0, sizeof si);
    si.si_pid = 123;
    pid = fork();
    if (pid == 0) {
        pause();
        _exit(0);
    }
    is_long(waitid(P_ALL, 0, &si, WEXITED | WNOHANG), 0, "waitid WNOHANG with a running child returns 0");
    is_long(si.si_pid, 0, "and zeroes si_pid");
    kill(pid, SIGKILL);
    st = wait_status(pid);
    ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "a SIGKILLed child: WIFSIGNALED, WTERMSIG == SIGKILL");
}

static void test_exec(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        execl(self, self, "--child", "33", (char *)NULL);
        _exit(99);
    }
    int st = wait_status(pid);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 33, "execve of an ELF: the new program's exit status");

    is_errno(execl("/nonexistent/prog", "prog", (char *)NULL), ENOENT, "execve of a missing file: ENOENT");
    is_errno(execl("/", "/", (char *)NULL), EACCES, "execve of a directory: EACCES");

    is_errno(execl("/etc/passwd", "passwd", (char *)NULL), EACCES, "execve of a file without x permission: EACCES");
    const char *path = "./proc_fork-text";
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    write(fd, "echo hi\n", 8);
    close(fd);
    is_errno(execl(path, path, (char *)NULL), ENOEXEC, "execve of an executable text file without #!: ENOEXEC");
    unlink(path);

    path = "./proc_fork-script";
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    dprintf(fd, "#!%s --script\nbody\n", self);
    close(fd);
    pid = fork();
    if (pid == 0) {
        execl(path, "argv0", "one", (char *)NULL);
        _exit(99);
    }
    st = wait_status(pid);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 4, "a #! script runs its interpreter with [interp, arg, path, argv[1]]");
    unlink(path);

    path = "./proc_fork-badinterp";
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    dprintf(fd, "#!/nonexistent/interpreter\n");
    close(fd);
    is_errno(execl(path, path, (char *)NULL), ENOENT, "a #! script with a missing interpreter: ENOENT");
    unlink(path);

    int fds[2];
    pipe2(fds, O_CLOEXEC);
    pid = fork();
    if (pid == 0) {
        close(fds[0]);
        char arg[16];
        snprintf(arg, sizeof arg, "%d", fds[1]);
        execl(self, self, "--fd-open", arg, (char *)NULL);
        _exit(99);
    }
    close(fds[1]);
    st = wait_status(pid);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "execve closes O_CLOEXEC fds");
    close(fds[0]);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGUSR2, &sa, NULL);
    pid = fork();
    if (pid == 0) {
        execl(self, self, "--ignored", (char *)NULL);
        _exit(99);
    }
    st = wait_status(pid);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "ignored signals stay ignored across execve");
    sa.sa_handler = SIG_DFL;
    sigaction(SIGUSR2, &sa, NULL);
}

static void test_vfork_spawn(void)
{
    shared_flag = 0;
    pid_t pid = vfork();
    if (pid == 0) {
        shared_flag = 1;
        _exit(9);
    }
    int st = wait_status(pid);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 9, "vfork: the child's exit status");
    is_long(shared_flag, 1, "vfork: the child wrote the parent's memory");

    char *argv[] = {(char *)self, "--child", "12", NULL};
    pid_t sp;
    is_long(posix_spawn(&sp, self, NULL, NULL, argv, environ), 0, "posix_spawn");
    st = wait_status(sp);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 12, "posix_spawn: the program's exit status");

    char *missing[] = {"/nonexistent/prog", NULL};
    is_long(posix_spawn(&sp, missing[0], NULL, NULL, missing, environ), ENOENT,
            "posix_spawn of a missing program reports ENOENT (through the vfork child)");
    waitpid(-1, NULL, WNOHANG);

    long r = syscall(SYS_clone, (long)SIGCHLD, 0L, 0L, 0L, 0L);
    if (r == 0)
        _exit(13);
    st = wait_status((pid_t)r);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 13, "raw clone(SIGCHLD) behaves as fork");
}

static void test_groups(void)
{
    int fds[2];
    pipe(fds);
    pid_t pid = fork();
    if (pid == 0) {
        char r[4];
        r[0] = setpgid(0, 0) == 0 && getpgrp() == getpid() ? 'G' : 'x';
        r[1] = setsid() == -1 && errno == EPERM ? 'E' : 'x';
        pid_t c = fork();
        if (c == 0) {
            char s = setsid() == getpid() && getsid(0) == getpid() && getpgid(0) == getpid() ? 'S' : 'x';
            write(fds[1], &s, 1);
            _exit(0);
        }
        waitpid(c, NULL, 0);
        r[2] = getpgid(0) == getpid() ? 'K' : 'x';
        write(fds[1], r, 3);
        _exit(0);
    }
    close(fds[1]);
    char buf[8] = {0};
    int n = 0, k;
    while ((k = read(fds[0], buf + n, sizeof buf - 1 - n)) > 0)
        n += k;
    waitpid(pid, NULL, 0);
    is_str(buf, "SGEK", "setpgid(0,0), setsid (EPERM for a group leader, else a new session), getsid, getpgid");
    is_errno(getpgid(pid), ESRCH, "getpgid of a reaped child: ESRCH");
    is_errno(setpgid(getpid() + 100000, 0), ESRCH, "setpgid of a process that is not a child: ESRCH");
    close(fds[0]);
}

static void test_orphans(void)
{
    int fds[2];
    pipe(fds);
    is_success(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), "prctl(PR_SET_CHILD_SUBREAPER)");
    pid_t self_pid = getpid();
    pid_t mid = fork();
    if (mid == 0) {
        pid_t me = getpid();
        pid_t g = fork();
        if (g == 0) {
            while (getppid() == me)
                usleep(5000);
            char r = getppid() == self_pid ? 'R' : 'x';
            write(fds[1], &r, 1);
            _exit(3);
        }
        _exit(0);
    }
    close(fds[1]);
    int st = wait_status(mid);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the middle process exits");
    char r = 0;
    read(fds[0], &r, 1);
    ok(r == 'R', "its orphaned child is reparented to the subreaper");
    pid_t w = wait(&st);
    ok(w > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 3, "the subreaper reaps the orphan");
    close(fds[0]);
    prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
}

static void test_pipes(void)
{
    int fds[2];
    is_success(pipe(fds), "pipe for a producer/consumer pair");
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        char block[1000];
        for (int i = 0; i < 300; i++) {
            memset(block, 'a' + i % 26, sizeof block);
            if (write(fds[1], block, sizeof block) != sizeof block)
                _exit(1);
        }
        _exit(0);
    }
    close(fds[1]);
    long total = 0, bad = 0;
    char buf[4096];
    int k;
    while ((k = read(fds[0], buf, sizeof buf)) > 0) {
        for (int i = 0; i < k; i++)
            if (buf[i] != 'a' + (total + i) / 1000 % 26)
                bad++;
        total += k;
    }
    is_long(total, 300000, "300 KB through a pipe between processes (more than its capacity)");
    is_long(bad, 0, "in order");
    int st = wait_status(pid);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the writer blocked while the pipe was full and finished");
    close(fds[0]);

    pipe(fds);
    for (int w = 0; w < 2; w++) {
        if (fork() == 0) {
            char block[4096];
            memset(block, w ? 'b' : 'a', sizeof block);
            close(fds[0]);
            for (int i = 0; i < 100; i++)
                write(fds[1], block, sizeof block);
            _exit(0);
        }
    }
    close(fds[1]);
    long chunks = 0, mixed = 0;
    while (1) {
        int got = 0;
        while (got < 4096 && (k = read(fds[0], buf + got, 4096 - got)) > 0)
            got += k;
        if (got == 0)
            break;
        chunks++;
        for (int i = 1; i < got; i++)
            if (buf[i] != buf[0])
                mixed++;
    }
    wait(NULL);
    wait(NULL);
    ok(chunks == 200 && mixed == 0, "writes of PIPE_BUF bytes from two processes are never interleaved");
    close(fds[0]);

    pipe2(fds, O_NONBLOCK);
    char c;
    is_errno(read(fds[0], &c, 1), EAGAIN, "O_NONBLOCK: reading an empty pipe gives EAGAIN");
    is_long(fcntl(fds[0], F_GETPIPE_SZ), 65536, "F_GETPIPE_SZ: 64 KiB by default");
    long filled = 0;
    while ((k = write(fds[1], buf, sizeof buf)) > 0)
        filled += k;
    ok(filled == 65536 && errno == EAGAIN, "O_NONBLOCK: a full pipe takes 65536 bytes, then EAGAIN");
    is_errno(fcntl(fds[1], F_SETPIPE_SZ, 4096), EBUSY, "F_SETPIPE_SZ below the data it holds: EBUSY");
    close(fds[0]);
    close(fds[1]);
    pipe(fds);
    is_long(fcntl(fds[1], F_SETPIPE_SZ, 100000), 131072, "F_SETPIPE_SZ rounds up to a power of two pages");
    is_long(fcntl(fds[0], F_GETPIPE_SZ), 131072, "both ends see the new size");
    int file = open("/etc/passwd", O_RDONLY);
    is_errno(fcntl(file, F_GETPIPE_SZ), EBADF, "F_GETPIPE_SZ on a regular file: EBADF");
    close(file);
    close(fds[0]);
    close(fds[1]);

    pipe(fds);
    close(fds[0]);
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, &old);
    is_errno(write(fds[1], "x", 1), EPIPE, "write with no reader left: EPIPE (SIGPIPE ignored)");
    sigaction(SIGPIPE, &old, NULL);
    pid = fork();
    if (pid == 0) {
        write(fds[1], "x", 1);
        _exit(0);
    }
    st = wait_status(pid);
    ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "write with no reader left kills with SIGPIPE by default");
    close(fds[1]);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--child") == 0)
        return atoi(argv[2]);
    if (argc == 4 && strcmp(argv[1], "--script") == 0)
        return strcmp(argv[2], "./proc_fork-script") == 0 && strcmp(argv[3], "one") == 0 ? 4 : 1;
    if (argc == 3 && strcmp(argv[1], "--fd-open") == 0)
        return fcntl(atoi(argv[2]), F_GETFD) == -1 && errno == EBADF ? 0 : 1;
    if (argc == 2 && strcmp(argv[1], "--ignored") == 0) {
        struct sigaction sa;
        sigaction(SIGUSR2, NULL, &sa);
        return sa.sa_handler == SIG_IGN ? 0 : 1;
    }
    tap_init();
    self = argv[0];
    test_fork_basics();
    test_fork_cpu_state();
    test_wait_variants();
    test_exec();
    test_vfork_spawn();
    test_groups();
    test_orphans();
    test_pipes();
    return tap_done();
}
