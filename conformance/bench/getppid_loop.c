/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Syscall round-trip cost: N raw getppid calls (default 1,000,000), timed with CLOCK_MONOTONIC
 * around the loop only, so process start-up is not counted. Prints "N calls, T ns, X ns/call".
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    struct timespec a, b;
    long sum = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++)
        sum += syscall(SYS_getppid);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long ns = (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec);
    printf("%ld calls, %ld ns, %.1f ns/call%s\n", n, ns, (double)ns / n, sum > 0 ? "" : " (getppid failed)");
    return sum > 0 ? 0 : 1;
}
