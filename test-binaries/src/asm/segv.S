/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Prints one line, then stores to address 0. Linux kills the process with SIGSEGV (a shell
 * reports status 139). The line must still reach stdout: it was written before the fault.
 */
#include "tap.inc"

    .text
    .globl _start
_start:
    PRINT "storing to address 0"
    movq $0x5a, 0
    PRINT "not reached: the store to address 0 did not fault"
    mov $SYS_exit_group, %eax
    mov $1, %edi
    syscall
