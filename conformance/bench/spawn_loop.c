/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Process creation cost: N times fork + execve(PROGRAM) + waitpid (default 200), timed with
 * CLOCK_MONOTONIC around the loop only. Usage: spawn_loop N PROGRAM. Prints "N spawns, T ms,
 * X ms/spawn".
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: spawn_loop N PROGRAM\n");
        return 2;
    }
    long n = atol(argv[1]);
    struct timespec a, b;
    int failures = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            execl(argv[2], argv[2], (char *)NULL);
            _exit(127);
        }
        int st;
        if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
            failures++;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
    printf("%ld spawns, %.1f ms, %.2f ms/spawn%s\n", n, ms, ms / n, failures ? " (failures)" : "");
    return failures != 0;
}
