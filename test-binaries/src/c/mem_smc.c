/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Code written at run time: functions generated into RWX and RW-then-RX mappings, run, rewritten
 * and run again (by stores, by read(2), after mprotect, munmap, MAP_FIXED and mremap), and
 * executing a mapping without PROT_EXEC faults with SEGV_ACCERR. A stale translation of the old
 * code would return the old value.
 */
#include "tap.h"

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096UL

typedef int (*fn_t)(void);

static volatile sig_atomic_t faults, fault_code;
static volatile uintptr_t fault_addr;
static sigjmp_buf jump;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    faults++;
    fault_code = si->si_code;
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(jump, 1);
}

/* Writes "mov eax, value; ret" at p. */
static void emit(unsigned char *p, int value)
{
    p[0] = 0xb8;
    memcpy(p + 1, &value, 4);
    p[5] = 0xc3;
}

/* Calls the function at p: its value, or -1 when the call faulted. */
static int call(void *p)
{
    faults = 0;
    if (sigsetjmp(jump, 1) == 0)
        return ((fn_t)p)();
    return -1;
}

static void check_rwx(void)
{
    unsigned char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!ok(p != MAP_FAILED, "mmap an RWX page"))
        return;
    emit(p, 1);
    is_long(call(p), 1, "generated code runs");
    emit(p, 2);
    is_long(call(p), 2, "rewritten in place by stores, the new code runs");
    for (int i = 0; i < 100; i++)
        emit(p, 1000 + i), call(p);
    is_long(call(p), 1099, "after 100 rewrites the last code runs");

    int fds[2];
    unsigned char code[6];
    emit(code, 3);
    if (pipe(fds) == 0 && write(fds[1], code, sizeof code) == (long)sizeof code) {
        is_long(read(fds[0], p, sizeof code), (long)sizeof code, "read(2) code into the page");
        is_long(call(p), 3, "the code read(2) wrote runs");
        close(fds[0]);
        close(fds[1]);
    }
    munmap(p, PAGE);
}

static void check_mprotect(void)
{
    unsigned char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!ok(p != MAP_FAILED, "mmap two RW pages"))
        return;
    emit(p, 10);
    emit(p + PAGE, 11);
    is_long(call(p), -1, "executing an RW page faults");
    is_long(fault_code, SEGV_ACCERR, "with SEGV_ACCERR");
    is_hex(fault_addr, (uintptr_t)p, "at the function's address");

    is_success(mprotect(p, 2 * PAGE, PROT_READ | PROT_EXEC), "mprotect RX");
    is_long(call(p), 10, "the code runs after RW -> RX");
    is_long(call(p + PAGE), 11, "so does the second page's");
    is_success(mprotect(p, PAGE, PROT_READ | PROT_WRITE), "mprotect the first page RW");
    is_long(call(p), -1, "executing it faults once PROT_EXEC is dropped");
    is_long(fault_code, SEGV_ACCERR, "with SEGV_ACCERR");
    is_long(call(p + PAGE), 11, "the second page still runs");
    emit(p, 12);
    is_success(mprotect(p, PAGE, PROT_READ | PROT_EXEC), "mprotect it RX again");
    is_long(call(p), 12, "the rewritten code runs");
    is_success(mprotect(p, PAGE, PROT_NONE), "mprotect it PROT_NONE");
    is_long(call(p), -1, "executing PROT_NONE faults");
    is_long(fault_code, SEGV_ACCERR, "with SEGV_ACCERR");
    munmap(p, 2 * PAGE);
}

static void check_replaced(void)
{
    unsigned char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!ok(p != MAP_FAILED, "mmap an RWX page"))
        return;
    emit(p, 20);
    is_long(call(p), 20, "the code runs");

    munmap(p, PAGE);
    is_long(call(p), -1, "after munmap calling it faults");
    is_long(fault_code, SEGV_MAPERR, "with SEGV_MAPERR");
    unsigned char *q = mmap(p, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    is_hex((uintptr_t)q, (uintptr_t)p, "a new mapping at the same address");
    emit(q, 21);
    is_long(call(q), 21, "its code runs, not the unmapped one's");

    q = mmap(p, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    emit(q, 22);
    mprotect(q, PAGE, PROT_READ | PROT_EXEC);
    is_long(call(q), 22, "MAP_FIXED over the code: the new code runs");

    void *spot = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned char *moved = mremap(q, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, spot);
    if (ok(moved != MAP_FAILED, "mremap the code page elsewhere")) {
        is_long(call(moved), 22, "the moved code runs at its new address");
        is_long(call(q), -1, "the old address faults");
        unsigned char *r = mmap(q, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                                -1, 0);
        emit(r, 23);
        is_long(call(r), 23, "new code at the old address runs");
        munmap(moved, PAGE);
    }
    munmap(q, PAGE);
}

int main(void)
{
    tap_init();
    struct sigaction sa = {.sa_sigaction = on_segv, .sa_flags = SA_SIGINFO | SA_NODEFER};
    sigaction(SIGSEGV, &sa, NULL);
    check_rwx();
    check_mprotect();
    check_replaced();
    return tap_done();
}
