/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Prints one line, then executes `hlt` in user mode. That is a privileged instruction: the CPU
 * raises #GP and Linux kills the process with SIGSEGV (a shell reports status 139).
 */
#include "tap.inc"

    .text
    .globl _start
_start:
    PRINT "executing hlt in user mode"
    hlt
    PRINT "not reached: hlt returned"
    mov $SYS_exit_group, %eax
    mov $1, %edi
    syscall
