/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Prints one line and calls exit_group(42): the exit status is the whole test. */
#include "tap.inc"

    .section .rodata
msg:    .ascii "exit_group(42)\n"
msg_end:

    .text
    .globl _start
_start:
    mov $SYS_write, %eax
    mov $1, %edi
    lea msg(%rip), %rsi
    mov $(msg_end - msg), %edx
    syscall
    mov $SYS_exit_group, %eax
    mov $42, %edi
    syscall
    hlt
