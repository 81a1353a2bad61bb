/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Prints one line, then stores to address 0. Linux kills the process with SIGSEGV (a shell
 * reports status 139). The line must still reach stdout: it was written before the fault.
 */
#include "tap.inc"

    .section .rodata
msg:        .ascii "storing to address 0\n"
msg_end:
reached:    .ascii "not reached: the store to address 0 did not fault\n"
reached_end:

    .text
    .globl _start
_start:
    mov $SYS_write, %eax
    mov $1, %edi
    lea msg(%rip), %rsi
    mov $(msg_end - msg), %edx
    syscall
    movq $0x5a, 0
    mov $SYS_write, %eax
    mov $1, %edi
    lea reached(%rip), %rsi
    mov $(reached_end - reached), %edx
    syscall
    mov $SYS_exit_group, %eax
    mov $1, %edi
    syscall
