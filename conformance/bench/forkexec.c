/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Process creation cost: N times (default 200) fork, execve PROGRAM (a static `true`) in the child,
 * and wait for it in the parent. Prints "N iterations, T ns, X ms/iteration"; exits non-zero when a
 * fork, exec or child fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: forkexec PROGRAM [N]\n");
        return 2;
    }
    int n = argc > 2 ? atoi(argv[2]) : 200;
    char *child_argv[] = {argv[1], NULL};
    char *child_env[] = {NULL};
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            execve(argv[1], child_argv, child_env);
            _exit(127);
        }
        int status;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "forkexec: child %d failed (status 0x%x)\n", i, status);
            return 1;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    long ns = (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec);
    printf("%d iterations, %ld ns, %.3f ms/iteration\n", n, ns, ns / 1e6 / n);
    return 0;
}
