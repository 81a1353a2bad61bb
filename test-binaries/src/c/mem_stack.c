/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stack growth: the initial [stack] is small and grows on faults below it, up to RLIMIT_STACK;
 * a syscall writing below the stack grows it too; recursion past the limit dies of SIGSEGV, or
 * reaches a SIGSEGV handler on the alternate stack; MAP_GROWSDOWN mappings grow the same way but
 * keep the stack guard gap (256 pages) from the mapping below.
 */
#include "tap.h"

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define KIB 1024UL
#define MIB (1024UL * 1024UL)
#define PAGE 4096UL
#define GUARD_GAP (256 * PAGE)
/* Where the MAP_GROWSDOWN checks place their mappings: free in every variant's layout. */
#define GROW_AT 0x200000000UL

static volatile unsigned long depth;
static volatile sig_atomic_t faults, fault_code;
static volatile uintptr_t fault_addr;
static sigjmp_buf jump;

/* The mapping containing addr in /proc/self/maps: 1 and its bounds, or 0. */
static int vma_of(uintptr_t addr, uintptr_t *lo, uintptr_t *hi, int *is_stack)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int found = 0;
    if (f == NULL)
        return 0;
    while (fgets(line, sizeof line, f) != NULL) {
        unsigned long a, b;
        if (sscanf(line, "%lx-%lx", &a, &b) == 2 && a <= addr && addr < b) {
            *lo = a;
            *hi = b;
            if (is_stack != NULL)
                *is_stack = strstr(line, "[stack]") != NULL;
            found = 1;
            break;
        }
    }
    fclose(f);
    return found;
}

/* Each frame holds 1 KiB that stays live across the call, so the recursion cannot become a loop. */
__attribute__((noinline)) static int recurse(unsigned long n)
{
    volatile char frame[KIB];
    frame[0] = (char)n;
    frame[KIB - 1] = (char)n;
    depth++;
    int r = n > 0 ? recurse(n - 1) : 0;
    return r + frame[0] + frame[KIB - 1];
}

/* A buffer far below the stack's current end, which only the kernel writes. */
__attribute__((noinline)) static long read_into_big_frame(int fd)
{
    char buf[512 * KIB];
    long got = read(fd, buf, sizeof buf);
    long sum = 0;
    for (size_t i = 0; i < sizeof buf; i += PAGE)
        sum += buf[i];
    return sum == 0 ? got : -2;
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    faults++;
    fault_code = si->si_code;
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(jump, 1);
}

/* In the child at overflow: exit 10 when the fault is SEGV_MAPERR after 0.5-1 MiB of frames. */
static void on_overflow(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    int deep = depth * KIB > 512 * KIB && depth * KIB <= 1 * MIB;
    _exit(si->si_code != SEGV_MAPERR ? 11 : deep ? 10 : 12);
}

/* Runs the overflow in a child with RLIMIT_STACK 1 MiB; returns its wait status. */
static int overflow_child(int with_handler)
{
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit none = {0, 0}, small = {1 * MIB, RLIM_INFINITY};
        setrlimit(RLIMIT_CORE, &none);
        getrlimit(RLIMIT_STACK, &small);
        small.rlim_cur = 1 * MIB;
        if (setrlimit(RLIMIT_STACK, &small) != 0)
            _exit(20);
        if (with_handler) {
            static char alt[64 * KIB];
            stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt};
            struct sigaction sa = {.sa_sigaction = on_overflow, .sa_flags = SA_SIGINFO | SA_ONSTACK};
            if (sigaltstack(&ss, NULL) != 0 || sigaction(SIGSEGV, &sa, NULL) != 0)
                _exit(21);
        }
        depth = 0;
        recurse(1UL << 30);
        _exit(22);
    }
    int status = -1;
    waitpid(pid, &status, 0);
    return status;
}

/* Writes one byte at addr, catching SIGSEGV: 1 when the write faulted. */
static int poke_faults(uintptr_t addr)
{
    faults = 0;
    if (sigsetjmp(jump, 1) == 0)
        *(volatile char *)addr = 1;
    return faults != 0;
}

static void check_initial_stack(void)
{
    int local = 0, is_stack = 0;
    uintptr_t lo = 0, hi = 0;
    ok(vma_of((uintptr_t)&local, &lo, &hi, &is_stack) && is_stack, "the stack pointer lies in [stack]");
    ok(hi - lo <= 1 * MIB, "the initial [stack] is small, not RLIMIT_STACK's size");
    ok(hi - lo >= 128 * KIB, "the initial [stack] reaches at least 128 KiB below the arguments");
}

static void check_syscall_growth(void)
{
    int fd = open("/dev/zero", O_RDONLY);
    is_long(read_into_big_frame(fd), 512 * KIB, "read(2) into a 512 KiB frame below the stack fills it");
    close(fd);
}

static void check_deep_recursion(void)
{
    int local = 0;
    uintptr_t lo = 0, hi = 0;
    depth = 0;
    recurse(4 * 1024);
    is_long(depth, 4 * 1024 + 1, "4 MiB of recursion runs");
    ok(vma_of((uintptr_t)&local, &lo, &hi, NULL) && hi - lo >= 4 * MIB && hi - lo <= 8 * MIB,
       "[stack] grew to between 4 and 8 MiB");
}

static void check_overflow(void)
{
    int status = overflow_child(0);
    ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "recursion past RLIMIT_STACK dies of SIGSEGV");
    status = overflow_child(1);
    ok(WIFEXITED(status), "a SIGSEGV handler on the alternate stack runs at overflow");
    is_long(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 10,
            "it sees SEGV_MAPERR after between 0.5 and 1 MiB of frames");
}

static void check_growsdown(void)
{
    struct sigaction sa = {.sa_sigaction = on_segv, .sa_flags = SA_SIGINFO | SA_NODEFER};
    sigaction(SIGSEGV, &sa, NULL);
    uintptr_t lo = 0, hi = 0;
    char *g = mmap((void *)GROW_AT, 4 * PAGE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_FIXED_NOREPLACE, -1, 0);
    if (!is_hex((uintptr_t)g, GROW_AT, "mmap MAP_GROWSDOWN at a free address"))
        return;
    void *h = mmap((void *)(GROW_AT - 2 * PAGE), PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ok(h != MAP_FAILED && (uintptr_t)h != GROW_AT - 2 * PAGE, "mmap does not take a hint in its guard gap");
    munmap(h, PAGE);
    h = mmap((void *)(GROW_AT - GUARD_GAP - PAGE), PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    is_hex((uintptr_t)h, GROW_AT - GUARD_GAP - PAGE, "it takes one just below the gap");
    munmap(h, PAGE);
    ok(!poke_faults(GROW_AT - 1), "writing just below a MAP_GROWSDOWN mapping works");
    ok(vma_of(GROW_AT - 1, &lo, &hi, NULL) && lo == GROW_AT - PAGE && hi == GROW_AT + 4 * PAGE,
       "the mapping grew by one page");
    ok(!poke_faults(GROW_AT - 100 * PAGE), "writing 100 pages below works");
    ok(vma_of(GROW_AT - 1, &lo, &hi, NULL) && lo == GROW_AT - 100 * PAGE, "the mapping grew to that page");

    uintptr_t block = GROW_AT - 4 * MIB;
    void *b = mmap((void *)block, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    is_hex((uintptr_t)b, block, "a mapping 4 MiB below it");
    uintptr_t near = block + PAGE + GUARD_GAP - PAGE;
    ok(poke_faults(near), "growing within the guard gap above that mapping faults");
    is_long(fault_code, SEGV_MAPERR, "with SEGV_MAPERR");
    is_hex(fault_addr, near, "at the address written");
    ok(vma_of(GROW_AT - 1, &lo, &hi, NULL) && lo == GROW_AT - 100 * PAGE, "the mapping did not grow");
    ok(!poke_faults(block + PAGE + GUARD_GAP), "growing to exactly the guard gap works");
    ok(vma_of(GROW_AT - 1, &lo, &hi, NULL) && lo == block + PAGE + GUARD_GAP, "the mapping grew to there");
    munmap(b, PAGE);
    munmap((void *)lo, hi - lo);

    errno = 0;
    is_errno((long)mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0),
             EINVAL, "MAP_GROWSDOWN with MAP_SHARED is EINVAL");
    signal(SIGSEGV, SIG_DFL);
}

int main(void)
{
    tap_init();
    struct rlimit rl;
    getrlimit(RLIMIT_STACK, &rl);
    rl.rlim_cur = rl.rlim_max < 8 * MIB ? rl.rlim_max : 8 * MIB;
    is_success(setrlimit(RLIMIT_STACK, &rl), "RLIMIT_STACK set to 8 MiB");
    check_initial_stack();
    check_syscall_growth();
    check_overflow();
    check_deep_recursion();
    check_growsdown();
    return tap_done();
}
