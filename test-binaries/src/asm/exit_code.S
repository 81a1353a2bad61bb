/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Prints one line and calls exit_group(42): the exit status is the whole test. */
#include "tap.inc"

    .text
    .globl _start
_start:
    PRINT "exit_group(42)"
    mov $SYS_exit_group, %eax
    mov $42, %edi
    syscall
    hlt
