/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The smallest useful test: libc start-up, one write, a clean exit. Plain output, not TAP. */
#include <stdio.h>

int main(void)
{
    puts("hello, world");
    return 0;
}
