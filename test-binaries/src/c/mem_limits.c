/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Memory limits: RLIMIT_AS bounds all mappings and RLIMIT_DATA the private writable ones
 * (mm/mmap.c may_expand_vm); mmap and mprotect past them fail with ENOMEM and brk keeps the old
 * break. The limits are set relative to what /proc/self/maps shows, so the checks do not depend
 * on how much the C library has mapped.
 */
#include "tap.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MIB (1024UL * 1024UL)

static char maps[256 * 1024];

/* Bytes in /proc/self/maps: all mappings, or the private writable ones other than the stack. */
static unsigned long mapped(int data_only)
{
    int fd = open("/proc/self/maps", O_RDONLY);
    long n = 0, got;
    while (fd >= 0 && n < (long)sizeof maps - 1 && (got = read(fd, maps + n, sizeof maps - 1 - n)) > 0)
        n += got;
    if (fd >= 0)
        close(fd);
    maps[n] = '\0';
    unsigned long total = 0;
    for (char *line = maps; *line != '\0';) {
        char *end = strchr(line, '\n');
        if (end != NULL)
            *end = '\0';
        unsigned long a, b;
        char perms[8];
        if (sscanf(line, "%lx-%lx %7s", &a, &b, perms) == 3
            && (!data_only || (perms[1] == 'w' && perms[3] == 'p' && strstr(line, "[stack]") == NULL)))
            total += b - a;
        if (end == NULL)
            break;
        line = end + 1;
    }
    return total;
}

static void *map(unsigned long len, int prot)
{
    return mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static long brk_to(uintptr_t addr)
{
    return syscall(SYS_brk, addr);
}

static void check_as(void)
{
    struct rlimit orig, rl;
    getrlimit(RLIMIT_AS, &orig);
    rl = orig;
    rl.rlim_cur = mapped(0) + 8 * MIB;
    if (!is_success(setrlimit(RLIMIT_AS, &rl), "setrlimit RLIMIT_AS to 8 MiB above what is mapped"))
        return;
    struct rlimit back;
    getrlimit(RLIMIT_AS, &back);
    ok(back.rlim_cur == rl.rlim_cur && back.rlim_max == rl.rlim_max, "getrlimit reads it back");

    void *a = map(6 * MIB, PROT_READ | PROT_WRITE);
    ok(a != MAP_FAILED, "mmap 6 MiB fits");
    errno = 0;
    is_errno((long)map(4 * MIB, PROT_READ | PROT_WRITE), ENOMEM, "mmap 4 MiB more is ENOMEM");
    errno = 0;
    is_errno((long)map(4 * MIB, PROT_NONE), ENOMEM, "so is 4 MiB of PROT_NONE");
    long cur = brk_to(0);
    is_long(brk_to(cur + 4 * MIB) == cur, 1, "brk 4 MiB up keeps the old break");
    if (a != MAP_FAILED && mremap(a, 6 * MIB, 10 * MIB, MREMAP_MAYMOVE) == MAP_FAILED)
        ok(errno == ENOMEM, "mremap growing it to 10 MiB is ENOMEM");
    else
        ok(0, "mremap growing it to 10 MiB is ENOMEM");
    munmap(a, 6 * MIB);
    void *b = map(4 * MIB, PROT_READ | PROT_WRITE);
    ok(b != MAP_FAILED, "after munmap of the 6 MiB, 4 MiB fits");
    munmap(b, 4 * MIB);
    is_success(setrlimit(RLIMIT_AS, &orig), "RLIMIT_AS restored");
}

static void check_data(void)
{
    struct rlimit orig, rl;
    getrlimit(RLIMIT_DATA, &orig);
    rl = orig;
    rl.rlim_cur = mapped(1) + 8 * MIB;
    if (!is_success(setrlimit(RLIMIT_DATA, &rl), "setrlimit RLIMIT_DATA to 8 MiB above the private writable memory"))
        return;
    void *a = map(6 * MIB, PROT_READ | PROT_WRITE);
    ok(a != MAP_FAILED, "mmap 6 MiB read-write fits");
    errno = 0;
    is_errno((long)map(4 * MIB, PROT_READ | PROT_WRITE), ENOMEM, "4 MiB more read-write is ENOMEM");
    void *r = map(4 * MIB, PROT_READ);
    ok(r != MAP_FAILED, "4 MiB read-only fits (it is not data)");
    errno = 0;
    is_errno(mprotect(r, 4 * MIB, PROT_READ | PROT_WRITE), ENOMEM, "mprotect making it writable is ENOMEM");
    long cur = brk_to(0);
    is_long(brk_to(cur + 4 * MIB) == cur, 1, "brk 4 MiB up keeps the old break");
    munmap(a, 6 * MIB);
    is_success(mprotect(r, 4 * MIB, PROT_READ | PROT_WRITE), "after munmap of the 6 MiB, the mprotect works");
    munmap(r, 4 * MIB);
    is_success(setrlimit(RLIMIT_DATA, &orig), "RLIMIT_DATA restored");
}

int main(void)
{
    tap_init();
    check_as();
    check_data();
    return tap_done();
}
