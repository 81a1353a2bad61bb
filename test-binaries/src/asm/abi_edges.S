/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The x86-64 syscall ABI at the instruction level, without libc:
 *  - the result comes back in %rax; -4095..-1 are -errno, everything else is success;
 *  - %rcx = address of the instruction after `syscall`, %r11 = RFLAGS at the syscall, and RFLAGS
 *    is restored on return (DF included);
 *  - all six argument registers (%rdi %rsi %rdx %r10 %r8 %r9) reach the kernel: a file mmap at a
 *    fixed address and a nonzero offset, compared with pread64;
 *  - every register other than %rax/%rcx/%r11 is preserved: general registers, %rsp, xmm0-15
 *    and MXCSR;
 *  - unknown and unassigned syscall numbers return -ENOSYS.
 * The program file is found through AT_EXECFN; the output is the same on every run.
 */
#include "tap.inc"

#define MAP_ADDR        0x10000000
#define PROT_READ       1
#define MAP_PRIVATE     0x02
#define MAP_FIXED       0x10
#define MAP_ANONYMOUS   0x20

    .bss
    .balign 16
execfn:         .quad 0
file_fd:        .quad 0
saved_rsp:      .quad 0
saved_regs:     .skip 13 * 8
xmm_out:        .skip 16 * 16
mxcsr_out:      .long 0
    .balign 16
pread_buf:      .skip 64

    .section .rodata
    .balign 16
missing_path:   .asciz "/nonexistent-jlinux-dir/missing-file"
/* Patterns for rbx rbp r12 r13 r14 r15 rdi rsi rdx r8 r9 r10 (in that order). */
    .balign 8
patterns:
    .quad 0x0123456789abcdef, 0xfedcba9876543210, 0x8000000000000001, 0x7ffffffffffffffe
    .quad 0x5555aaaa5555aaaa, 0xaaaa5555aaaa5555, 0x1111111111111111, 0x2222222222222222
    .quad 0x3333333333333333, 0x4444444444444444, 0x6666666666666666, 0x7777777777777777
    .balign 16
xmm_in:
    .quad 0x0001020304050607, 0x08090a0b0c0d0e0f, 0x1011121314151617, 0x18191a1b1c1d1e1f
    .quad 0x2021222324252627, 0x28292a2b2c2d2e2f, 0x3031323334353637, 0x38393a3b3c3d3e3f
    .quad 0x4041424344454647, 0x48494a4b4c4d4e4f, 0x5051525354555657, 0x58595a5b5c5d5e5f
    .quad 0x6061626364656667, 0x68696a6b6c6d6e6f, 0x7071727374757677, 0x78797a7b7c7d7e7f
    .quad 0x8081828384858687, 0x88898a8b8c8d8e8f, 0x9091929394959697, 0x98999a9b9c9d9e9f
    .quad 0xa0a1a2a3a4a5a6a7, 0xa8a9aaabacadaeaf, 0xb0b1b2b3b4b5b6b7, 0xb8b9babbbcbdbebf
    .quad 0xc0c1c2c3c4c5c6c7, 0xc8c9cacbcccdcecf, 0xd0d1d2d3d4d5d6d7, 0xd8d9dadbdcdddedf
    .quad 0xe0e1e2e3e4e5e6e7, 0xe8e9eaebecedeeef, 0xf0f1f2f3f4f5f6f7, 0xf8f9fafbfcfdfeff
mxcsr_in:       .long 0x7f80         /* all exceptions masked, round toward zero */
mxcsr_default:  .long 0x1f80

    .text
    .globl _start
_start:
    /* Find AT_EXECFN: argc, argv[argc + 1], envp[...NULL], then the auxv pairs. */
    mov (%rsp), %rcx
    lea 16(%rsp,%rcx,8), %rsi
1:  mov (%rsi), %rax
    add $8, %rsi
    test %rax, %rax
    jnz 1b
2:  mov (%rsi), %rax
    cmp $AT_NULL, %rax
    je 3f
    cmp $AT_EXECFN, %rax
    je 4f
    add $16, %rsi
    jmp 2b
4:  mov 8(%rsi), %rax
    mov %rax, execfn(%rip)
3:
    cmpq $0, execfn(%rip)
    TAP_OK ne, "the auxiliary vector has AT_EXECFN"

    /* ---- Results: -4095..-1 are errors. ---- */
    mov $SYS_close, %eax
    mov $-1, %rdi
    syscall
    TAP_IS %rax, $-9, "close(-1) returns -EBADF (-9) in rax"
    cmp $-4095, %rax
    TAP_OK ae, "an error result is in [-4095, -1] (unsigned >= -4095)"

    mov $SYS_read, %eax
    mov $-1, %rdi
    xor %esi, %esi
    xor %edx, %edx
    syscall
    TAP_IS %rax, $-9, "read(-1, NULL, 0) returns -EBADF"

    mov $SYS_open, %eax
    lea missing_path(%rip), %rdi
    xor %esi, %esi
    xor %edx, %edx
    syscall
    TAP_IS %rax, $-2, "open of a missing path returns -ENOENT (-2)"

    mov $SYS_getpid, %eax
    syscall
    mov %rax, %rbx
    test %rax, %rax
    TAP_OK g, "getpid returns a positive pid"
    cmp $-4095, %rax
    TAP_OK b, "a successful result is below -4095 (unsigned)"
    mov $SYS_gettid, %eax
    syscall
    TAP_IS %rax, %rbx, "gettid == getpid in a single-threaded process"

    mov $SYS_read, %eax
    xor %edi, %edi
    xor %esi, %esi
    xor %edx, %edx
    syscall
    TAP_IS %rax, $0, "read(0, NULL, 0) returns 0"

    /* ---- Unknown syscall numbers. ---- */
    mov $1000, %eax
    syscall
    TAP_IS %rax, $-38, "syscall 1000 returns -ENOSYS (-38)"
    mov $400, %eax                  /* in the unassigned gap 335..423 */
    syscall
    TAP_IS %rax, $-38, "unassigned syscall 400 returns -ENOSYS"
    mov $-1, %rax
    syscall
    TAP_IS %rax, $-38, "syscall number -1 returns -ENOSYS"

    /* ---- %rcx and %r11 after syscall. ---- */
    lea .Lafter1(%rip), %rbx
    mov $SYS_getpid, %eax
    syscall
.Lafter1:
    TAP_IS_HEX %rcx, %rbx, "rcx == address of the instruction after syscall"

    /* CF PF AF ZF SF OF DF and ID set. */
    mov $SYS_getpid, %eax
    push $0x200cd5
    popfq
    pushfq
    pop %r12
    syscall
    pushfq
    pop %r13
    cld
    mov %r12, %rax
    and $0x200cd5, %rax
    TAP_IS_HEX %rax, $0x200cd5, "popfq set CF PF AF ZF SF OF DF ID"
    TAP_IS_HEX %r11, %r12, "r11 == rflags at syscall (CF PF AF ZF SF OF DF ID set)"
    TAP_IS_HEX %r13, %r12, "rflags are restored after syscall (DF still set)"

    /* All arithmetic flags and DF clear. */
    mov $SYS_getpid, %eax
    push $0
    popfq
    pushfq
    pop %r12
    syscall
    pushfq
    pop %r13
    mov %r12, %rax
    and $0x200cd5, %rax
    TAP_IS_HEX %rax, $0, "popfq cleared the arithmetic flags"
    TAP_IS_HEX %r11, %r12, "r11 == rflags at syscall (flags clear)"
    TAP_IS_HEX %r13, %r12, "rflags are restored after syscall (flags clear)"

    /* Flags left by an ordinary compare: 1 - 2 sets CF and SF. */
    mov $SYS_getpid, %eax
    mov $1, %ecx
    cmp $2, %ecx
    pushfq
    pop %r12
    syscall
    TAP_IS_HEX %r11, %r12, "r11 == rflags after cmp 1, 2"
    mov %r11, %rax
    and $0x81, %rax
    TAP_IS_HEX %rax, $0x81, "r11 shows CF and SF from cmp 1, 2"

    /* ---- Six arguments: mmap(MAP_ADDR, 4096, PROT_READ, MAP_PRIVATE|MAP_FIXED, fd, 4096). ---- */
    mov $SYS_open, %eax
    mov execfn(%rip), %rdi
    xor %esi, %esi
    xor %edx, %edx
    syscall
    mov %rax, file_fd(%rip)
    test %rax, %rax
    TAP_OK ns, "open(AT_EXECFN, O_RDONLY) succeeds"

    mov $SYS_pread64, %eax
    mov file_fd(%rip), %rdi
    lea pread_buf(%rip), %rsi
    mov $64, %edx
    mov $4096, %r10d
    syscall
    TAP_IS %rax, $64, "pread64(fd, buf, 64, 4096) reads 64 bytes"

    mov $SYS_mmap, %eax
    mov $MAP_ADDR, %edi
    mov $4096, %esi
    mov $PROT_READ, %edx
    mov $(MAP_PRIVATE | MAP_FIXED), %r10d
    mov file_fd(%rip), %r8
    mov $4096, %r9d
    syscall
    mov $MAP_ADDR, %ebx
    TAP_IS_HEX %rax, %rbx, "mmap(addr, 4096, PROT_READ, MAP_PRIVATE|MAP_FIXED, fd, 4096) returns addr"
    cmp %rax, %rbx
    jne 5f
    lea pread_buf(%rip), %rsi
    mov %rbx, %rdi
    mov $64, %ecx
    cld
    repe cmpsb
5:  TAP_OK e, "the mapping shows the file's bytes at offset 4096 (as pread64 does)"
    cmpl $0x464c457f, (%rbx)
    TAP_OK ne, "the mapping does not show offset 0 (the ELF header)"
    mov $SYS_munmap, %eax
    mov $MAP_ADDR, %edi
    mov $4096, %esi
    syscall
    TAP_IS %rax, $0, "munmap the file mapping"

    /* The same call with fd -1 and no MAP_ANONYMOUS: %r8 reached the kernel. */
    mov $SYS_mmap, %eax
    mov $MAP_ADDR, %edi
    mov $4096, %esi
    mov $PROT_READ, %edx
    mov $(MAP_PRIVATE | MAP_FIXED), %r10d
    mov $-1, %r8
    mov $4096, %r9d
    syscall
    TAP_IS %rax, $-9, "file mmap with fd -1 (r8) returns -EBADF"

    /* ... and with offset 1: %r9 reached the kernel. */
    mov $SYS_mmap, %eax
    mov $MAP_ADDR, %edi
    mov $4096, %esi
    mov $PROT_READ, %edx
    mov $(MAP_PRIVATE | MAP_FIXED), %r10d
    mov file_fd(%rip), %r8
    mov $1, %r9d
    syscall
    TAP_IS %rax, $-22, "file mmap at offset 1 (r9) returns -EINVAL"

    mov $SYS_close, %eax
    mov file_fd(%rip), %rdi
    syscall
    TAP_IS %rax, $0, "close the file"

    /* ---- Registers other than rax, rcx, r11 are preserved. ---- */
    lea patterns(%rip), %rax
    mov 0(%rax), %rbx
    mov 8(%rax), %rbp
    mov 16(%rax), %r12
    mov 24(%rax), %r13
    mov 32(%rax), %r14
    mov 40(%rax), %r15
    mov 48(%rax), %rdi
    mov 56(%rax), %rsi
    mov 64(%rax), %rdx
    mov 72(%rax), %r8
    mov 80(%rax), %r9
    mov 88(%rax), %r10
    mov %rsp, saved_rsp(%rip)
    mov $SYS_getpid, %eax
    syscall
    lea saved_regs(%rip), %rax
    mov %rbx, 0(%rax)
    mov %rbp, 8(%rax)
    mov %r12, 16(%rax)
    mov %r13, 24(%rax)
    mov %r14, 32(%rax)
    mov %r15, 40(%rax)
    mov %rdi, 48(%rax)
    mov %rsi, 56(%rax)
    mov %rdx, 64(%rax)
    mov %r8, 72(%rax)
    mov %r9, 80(%rax)
    mov %r10, 88(%rax)
    mov %rsp, 96(%rax)
    TAP_IS_HEX saved_regs+0(%rip), patterns+0(%rip), "rbx preserved across syscall"
    TAP_IS_HEX saved_regs+8(%rip), patterns+8(%rip), "rbp preserved across syscall"
    TAP_IS_HEX saved_regs+16(%rip), patterns+16(%rip), "r12 preserved across syscall"
    TAP_IS_HEX saved_regs+24(%rip), patterns+24(%rip), "r13 preserved across syscall"
    TAP_IS_HEX saved_regs+32(%rip), patterns+32(%rip), "r14 preserved across syscall"
    TAP_IS_HEX saved_regs+40(%rip), patterns+40(%rip), "r15 preserved across syscall"
    TAP_IS_HEX saved_regs+48(%rip), patterns+48(%rip), "rdi preserved across syscall"
    TAP_IS_HEX saved_regs+56(%rip), patterns+56(%rip), "rsi preserved across syscall"
    TAP_IS_HEX saved_regs+64(%rip), patterns+64(%rip), "rdx preserved across syscall"
    TAP_IS_HEX saved_regs+72(%rip), patterns+72(%rip), "r8 preserved across syscall"
    TAP_IS_HEX saved_regs+80(%rip), patterns+80(%rip), "r9 preserved across syscall"
    TAP_IS_HEX saved_regs+88(%rip), patterns+88(%rip), "r10 preserved across syscall"
    TAP_IS_HEX saved_regs+96(%rip), saved_rsp(%rip), "rsp preserved across syscall"

    /* xmm0-15 and MXCSR. */
    lea xmm_in(%rip), %rax
    movdqa 0x00(%rax), %xmm0
    movdqa 0x10(%rax), %xmm1
    movdqa 0x20(%rax), %xmm2
    movdqa 0x30(%rax), %xmm3
    movdqa 0x40(%rax), %xmm4
    movdqa 0x50(%rax), %xmm5
    movdqa 0x60(%rax), %xmm6
    movdqa 0x70(%rax), %xmm7
    movdqa 0x80(%rax), %xmm8
    movdqa 0x90(%rax), %xmm9
    movdqa 0xa0(%rax), %xmm10
    movdqa 0xb0(%rax), %xmm11
    movdqa 0xc0(%rax), %xmm12
    movdqa 0xd0(%rax), %xmm13
    movdqa 0xe0(%rax), %xmm14
    movdqa 0xf0(%rax), %xmm15
    ldmxcsr mxcsr_in(%rip)
    mov $SYS_getpid, %eax
    syscall
    stmxcsr mxcsr_out(%rip)
    ldmxcsr mxcsr_default(%rip)
    lea xmm_out(%rip), %rax
    movdqa %xmm0, 0x00(%rax)
    movdqa %xmm1, 0x10(%rax)
    movdqa %xmm2, 0x20(%rax)
    movdqa %xmm3, 0x30(%rax)
    movdqa %xmm4, 0x40(%rax)
    movdqa %xmm5, 0x50(%rax)
    movdqa %xmm6, 0x60(%rax)
    movdqa %xmm7, 0x70(%rax)
    movdqa %xmm8, 0x80(%rax)
    movdqa %xmm9, 0x90(%rax)
    movdqa %xmm10, 0xa0(%rax)
    movdqa %xmm11, 0xb0(%rax)
    movdqa %xmm12, 0xc0(%rax)
    movdqa %xmm13, 0xd0(%rax)
    movdqa %xmm14, 0xe0(%rax)
    movdqa %xmm15, 0xf0(%rax)
    lea xmm_in(%rip), %rsi
    lea xmm_out(%rip), %rdi
    mov $256, %ecx
    cld
    repe cmpsb
    TAP_OK e, "xmm0-xmm15 preserved across syscall"
    mov mxcsr_out(%rip), %eax
    TAP_IS_HEX %rax, $0x7f80, "MXCSR preserved across syscall"

    TAP_DONE
