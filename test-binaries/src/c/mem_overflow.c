/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unbounded recursion with RLIMIT_STACK at 2 MiB and no SIGSEGV handler: the stack stops growing
 * at the limit and the process dies of SIGSEGV (status 139), as natively.
 */
#include "tap.h"

#include <sys/resource.h>

static volatile unsigned long depth;

/* Each frame holds 1 KiB that stays live across the call, so the recursion cannot become a loop. */
__attribute__((noinline)) static int recurse(unsigned long n)
{
    volatile char frame[1024];
    frame[0] = (char)n;
    depth++;
    int r = n > 0 ? recurse(n - 1) : 0;
    return r + frame[0];
}

int main(void)
{
    tap_init();
    struct rlimit none = {0, 0}, rl;
    setrlimit(RLIMIT_CORE, &none);
    getrlimit(RLIMIT_STACK, &rl);
    rl.rlim_cur = 2UL << 20;
    is_success(setrlimit(RLIMIT_STACK, &rl), "RLIMIT_STACK set to 2 MiB");
    note("recursing without end: SIGSEGV follows");
    return recurse(1UL << 30) == 0 ? 0 : 1;
}
