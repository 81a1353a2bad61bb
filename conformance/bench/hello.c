/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The start-up benchmark's program: a static hello, whole process. */
#include <stdio.h>

int main(void)
{
    puts("hello");
    return 0;
}
