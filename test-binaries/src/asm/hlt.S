/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Prints one line, then executes `hlt` in user mode. That is a privileged instruction: the CPU
 * raises #GP and Linux kills the process with SIGSEGV (a shell reports status 139).
 */
#include "tap.inc"

    .section .rodata
msg:        .ascii "executing hlt in user mode\n"
msg_end:
reached:    .ascii "not reached: hlt returned\n"
reached_end:

    .text
    .globl _start
_start:
    mov $SYS_write, %eax
    mov $1, %edi
    lea msg(%rip), %rsi
    mov $(msg_end - msg), %edx
    syscall
    hlt
    mov $SYS_write, %eax
    mov $1, %edi
    lea reached(%rip), %rsi
    mov $(reached_end - reached), %edx
    syscall
    mov $SYS_exit_group, %eax
    mov $1, %edi
    syscall
