/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * MAP_SHARED mappings and msync: shared anonymous memory (and /dev/zero's) across fork, shared file
 * mappings coherent with read/write/pread/pwrite/ftruncate in one process and across processes,
 * SIGBUS past the end of the file, msync's checks, and the "s" in /proc/self/maps.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define PAGE 4096L
#define SCRATCH "mmap_shared.tmp"

/* Runs fn in a child and returns its exit status (or 100 + signal). */
static int in_child(int (*fn)(void *), void *arg)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(fn(arg));
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

/* ---- shared anonymous memory ------------------------------------------------------------------- */

static int child_sees_and_writes(void *arg)
{
    volatile int *p = arg;
    int saw = p[0];
    p[1] = 4242;
    return saw == 1234 ? 0 : 1;
}

static void check_anonymous(void)
{
    int *sh = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int *pv = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!ok(sh != MAP_FAILED && pv != MAP_FAILED, "mmap MAP_SHARED|MAP_ANONYMOUS and MAP_PRIVATE|MAP_ANONYMOUS"))
        return;
    sh[0] = 1234;
    pv[0] = 1234;
    is_long(in_child(child_sees_and_writes, sh), 0, "child sees the parent's store in shared memory");
    is_long(sh[1], 4242, "parent sees the child's store in shared memory");
    is_long(in_child(child_sees_and_writes, pv), 0, "child sees the parent's store in its private copy");
    is_long(pv[1], 0, "parent does not see the child's store in private memory");

    /* A grandchild still shares it; a shared mapping unmapped by the parent lives on in the child. */
    int fds[2];
    if (pipe(fds) != 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        close(fds[1]);
        if (read(fds[0], &c, 1) != 1)
            _exit(2);
        _exit(sh[2] == 77 ? 0 : 1); /* the parent stored 77 before writing to the pipe */
    }
    sh[2] = 77;
    close(fds[0]);
    (void)write(fds[1], "x", 1);
    close(fds[1]);
    int status = 0;
    waitpid(pid, &status, 0);
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a store after fork, ordered by a pipe, reaches the child");
    munmap(pv, PAGE);

    int zfd = open("/dev/zero", O_RDWR);
    int *z = zfd < 0 ? MAP_FAILED : mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, zfd, 0);
    if (ok(z != MAP_FAILED, "mmap MAP_SHARED of /dev/zero")) {
        ok(z[0] == 0 && z[1023] == 0, "/dev/zero's shared mapping starts zeroed");
        z[0] = 1234;
        is_long(in_child(child_sees_and_writes, z), 0, "child sees the parent's store in /dev/zero's mapping");
        is_long(z[1], 4242, "parent sees the child's store in /dev/zero's mapping");
        munmap(z, PAGE);
    }
    if (zfd >= 0)
        close(zfd);
    munmap(sh, PAGE);
}

/* ---- /proc/self/maps ----------------------------------------------------------------------------- */

/* The permission field ("rw-s") of the /proc/self/maps line starting at p, or "?". */
static void maps_perms(void *p, char out[5])
{
    char want[32], line[512];
    snprintf(want, sizeof want, "%08lx-", (unsigned long)(uintptr_t)p);
    strcpy(out, "?");
    FILE *f = fopen("/proc/self/maps", "r");
    if (f == NULL)
        return;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, want, strlen(want)) == 0) {
            char *sp = strchr(line, ' ');
            if (sp != NULL) {
                memcpy(out, sp + 1, 4);
                out[4] = '\0';
            }
            break;
        }
    }
    fclose(f);
}

static void check_maps(void)
{
    char perms[5];
    char *sh = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    char *pv = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!ok(sh != MAP_FAILED && pv != MAP_FAILED, "mmap a shared and a private page for /proc/self/maps"))
        return;
    maps_perms(sh, perms);
    is_str(perms, "rw-s", "/proc/self/maps shows the shared mapping as rw-s");
    maps_perms(pv, perms);
    is_str(perms, "r--p", "/proc/self/maps shows the private mapping as r--p");
    munmap(sh, PAGE);
    munmap(pv, PAGE);
}

/* ---- shared file mappings ----------------------------------------------------------------------- */

static int child_maps_and_writes(void *arg)
{
    (void)arg;
    int fd = open(SCRATCH, O_RDWR);
    if (fd < 0)
        return 2;
    char *m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED)
        return 3;
    int saw = memcmp(m, "parent", 6) == 0;
    memcpy(m + 100, "child", 5);
    return saw ? 0 : 1; /* exit writes the store back */
}

static int child_writes_through_inherited(void *arg)
{
    char *m = arg;
    memcpy(m + 200, "inherited", 9);
    return 0;
}

static void check_file(void)
{
    char buf[64];
    int fd = open(SCRATCH, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (!ok(fd >= 0, "create " SCRATCH))
        return;
    if (ftruncate(fd, PAGE) != 0)
        return;
    char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (!ok(m != MAP_FAILED, "mmap 2 pages MAP_SHARED of a 1-page file"))
        return;

    memcpy(m, "parent", 6);
    memset(buf, 0, sizeof buf);
    is_long(pread(fd, buf, 6, 0), 6, "pread after a store through the mapping");
    is_str(buf, "parent", "pread sees the store through the mapping");
    memset(buf, 0, sizeof buf);
    lseek(fd, 0, SEEK_SET);
    is_long(read(fd, buf, 6), 6, "read(2) after a store through the mapping");
    is_str(buf, "parent", "read(2) sees the store through the mapping");

    is_long(pwrite(fd, "PWRITE", 6, 10), 6, "pwrite into the mapped range");
    ok(memcmp(m + 10, "PWRITE", 6) == 0, "the mapping sees pwrite's bytes");
    lseek(fd, 20, SEEK_SET);
    is_long(write(fd, "WRITE", 5), 5, "write(2) into the mapped range");
    ok(memcmp(m + 20, "WRITE", 5) == 0, "the mapping sees write(2)'s bytes");
    ok(memcmp(m, "parent", 6) == 0, "bytes around the written ones keep the mapping's stores");

    int fd2 = open(SCRATCH, O_RDONLY);
    char *r = fd2 < 0 ? MAP_FAILED : mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd2, 0);
    if (ok(r != MAP_FAILED, "a second, read-only shared mapping through another fd")) {
        ok(memcmp(r, "parent", 6) == 0, "the second mapping sees the first one's stores");
        m[30] = 'Z';
        is_long(r[30], 'Z', "a later store through the first mapping shows in the second");
        is_errno(mprotect(r, PAGE, PROT_READ | PROT_WRITE), EACCES,
                 "mprotect cannot make a shared mapping of an O_RDONLY fd writable (EACCES)");
        char *pr = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd2, 0);
        if (pr != MAP_FAILED) {
            is_long(mprotect(pr, PAGE, PROT_READ | PROT_WRITE), 0, "a private mapping of it can be made writable");
            munmap(pr, PAGE);
        }
    }

    /* another process: its own mapping, and one inherited through fork */
    is_long(in_child(child_maps_and_writes, NULL), 0, "a child's own mapping sees the parent's stores");
    ok(memcmp(m + 100, "child", 5) == 0, "the parent's mapping sees the child's stores");
    memset(buf, 0, sizeof buf);
    is_long(pread(fd, buf, 5, 100), 5, "pread of the child's stores");
    is_str(buf, "child", "read(2) of the file sees the child's stores");
    is_long(in_child(child_writes_through_inherited, m), 0, "a child stores through the inherited mapping");
    ok(memcmp(m + 200, "inherited", 9) == 0, "the parent sees a store through the inherited mapping");

    /* msync */
    is_long(msync(m, PAGE, MS_SYNC), 0, "msync(MS_SYNC)");
    is_long(msync(m, PAGE, MS_ASYNC), 0, "msync(MS_ASYNC)");
    is_long(msync(m, PAGE, MS_INVALIDATE), 0, "msync(MS_INVALIDATE)");
    is_long(msync(m, 100, MS_SYNC | MS_INVALIDATE), 0, "msync of a partial page (the length rounds up)");
    is_long(msync(m, 0, MS_SYNC), 0, "msync of length 0");
    is_errno(msync(m + 1, PAGE, MS_SYNC), EINVAL, "msync of an unaligned address fails with EINVAL");
    is_errno(msync(m, PAGE, MS_SYNC | MS_ASYNC), EINVAL, "msync with MS_SYNC|MS_ASYNC fails with EINVAL");
    is_errno(msync(m, PAGE, 8), EINVAL, "msync with an unknown flag fails with EINVAL");
    char *hole = mmap(NULL, 3 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (hole != MAP_FAILED) {
        munmap(hole + PAGE, PAGE);
        is_errno(msync(hole, 3 * PAGE, MS_SYNC), ENOMEM, "msync over an unmapped hole fails with ENOMEM");
        is_errno(msync(hole + PAGE, PAGE, MS_ASYNC), ENOMEM, "msync of an unmapped page fails with ENOMEM");
        is_long(msync(hole, PAGE, MS_SYNC), 0, "msync of private anonymous memory succeeds");
        munmap(hole, 3 * PAGE);
    }

    /* errors */
    is_errno(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0) == MAP_FAILED ? -1 : 0, EACCES,
             "a writable shared mapping of an O_RDONLY fd fails with EACCES");
    int wfd = open(SCRATCH, O_WRONLY);
    is_errno(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, wfd, 0) == MAP_FAILED ? -1 : 0, EACCES,
             "a shared mapping of an O_WRONLY fd fails with EACCES");
    close(wfd);
    int pfd[2];
    if (pipe(pfd) == 0) {
        is_errno(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, pfd[0], 0) == MAP_FAILED ? -1 : 0, ENODEV,
                 "a shared mapping of a pipe fails with ENODEV");
        close(pfd[0]);
        close(pfd[1]);
    }
    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    is_errno(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, dfd, 0) == MAP_FAILED ? -1 : 0, ENODEV,
             "a shared mapping of a directory fails with ENODEV");
    close(dfd);

    /* munmap writes back: a fresh fd reads the last stores */
    memcpy(m + 300, "unmapped", 8);
    munmap(m, 2 * PAGE);
    int fd3 = open(SCRATCH, O_RDONLY);
    memset(buf, 0, sizeof buf);
    is_long(pread(fd3, buf, 8, 300), 8, "pread after munmap");
    is_str(buf, "unmapped", "the stores made before munmap are in the file");
    close(fd3);
    if (r != MAP_FAILED)
        munmap(r, PAGE);
    close(fd2);
    close(fd);
}

/* ---- mremap of shared mappings ------------------------------------------------------------------ */

static void check_mremap(void)
{
    char buf[8];
    int fd = open(SCRATCH, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ftruncate(fd, 3 * PAGE) != 0)
        return;
    (void)pwrite(fd, "one", 3, 0);
    (void)pwrite(fd, "two", 3, PAGE);
    (void)pwrite(fd, "three", 5, 2 * PAGE);
    /* room to grow in place: three pages reserved, the last two given back */
    char *area = mmap(NULL, 3 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *target = mmap(NULL, 3 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED || target == MAP_FAILED)
        return;
    munmap(area + PAGE, 2 * PAGE);
    char *m = mmap(area, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
    if (!ok(m == area, "mmap one page of a 3-page file MAP_SHARED|MAP_FIXED"))
        return;
    char *g = mremap(m, PAGE, 2 * PAGE, 0);
    if (ok(g == m, "mremap grows a shared file mapping in place")) {
        ok(memcmp(g + PAGE, "two", 3) == 0, "the grown part shows the file's next page");
        g[PAGE + 3] = '!';
        memset(buf, 0, sizeof buf);
        (void)pread(fd, buf, 4, PAGE);
        is_str(buf, "two!", "a store into the grown part reaches the file");
    }
    char *mv = mremap(m, 2 * PAGE, 3 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target);
    if (ok(mv == target, "mremap moves and grows it (MREMAP_FIXED)")) {
        ok(memcmp(mv, "one", 3) == 0 && memcmp(mv + 2 * PAGE, "three", 5) == 0, "the moved mapping shows the file");
        mv[0] = 'O';
        memset(buf, 0, sizeof buf);
        (void)pread(fd, buf, 3, 0);
        is_str(buf, "One", "a store through the moved mapping reaches the file");
        char *dup = mremap(mv, 0, PAGE, MREMAP_MAYMOVE);
        if (ok(dup != MAP_FAILED && dup != mv, "mremap with old size 0 duplicates a shared mapping")) {
            dup[1] = 'N';
            is_long(mv[1], 'N', "the duplicate and the original show the same page");
            munmap(dup, PAGE);
        }
        munmap(mv, 3 * PAGE);
    }
    char *pv = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    is_errno(mremap(pv, 0, PAGE, MREMAP_MAYMOVE) == MAP_FAILED ? -1 : 0, EINVAL,
             "mremap with old size 0 of a private mapping fails with EINVAL");
    munmap(pv, PAGE);
    close(fd);

    int *sa = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    target = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (sa == MAP_FAILED || target == MAP_FAILED)
        return;
    sa[0] = 1234;
    int *sb = mremap(sa, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target);
    if (ok(sb == (int *)target, "mremap moves shared anonymous memory")) {
        is_long(in_child(child_sees_and_writes, sb), 0, "a child sees the moved memory's contents");
        is_long(sb[1], 4242, "and the parent the child's store: the moved memory stays shared");
        munmap(sb, PAGE);
    }
}

/* ---- SIGBUS past the end of the file ---------------------------------------------------------- */

static sigjmp_buf jump;
static volatile int bus_code;
static volatile void *bus_addr;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    bus_code = si->si_code;
    bus_addr = si->si_addr;
    siglongjmp(jump, 1);
}

/* Touches p (a store when write); returns 1 when that raised SIGBUS at p with BUS_ADRERR. */
static int bus_at(volatile char *p, int write)
{
    bus_code = 0;
    bus_addr = NULL;
    if (sigsetjmp(jump, 1) == 0) {
        if (write)
            *p = 1;
        else
            (void)*p;
        return 0;
    }
    return bus_code == BUS_ADRERR && bus_addr == (void *)p;
}

static void check_sigbus(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_bus;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, &old);

    int fd = open(SCRATCH, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ftruncate(fd, PAGE + 100) != 0)
        return;
    char *m = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (!ok(m != MAP_FAILED, "mmap 3 pages of a file of one page and 100 bytes"))
        return;
    ok(!bus_at(m + PAGE + 200, 1), "the partial last page can be written past the end");
    ok(m[PAGE + 200] == 1, "and reads back");
    ok(bus_at(m + 2 * PAGE + 8, 0), "a read of the page wholly past the end raises SIGBUS (BUS_ADRERR, si_addr)");
    ok(bus_at(m + 2 * PAGE, 1), "a store there raises SIGBUS too");

    is_long(ftruncate(fd, 3 * PAGE), 0, "ftruncate grows the file to 3 pages");
    ok(!bus_at(m + 2 * PAGE + 8, 1), "the page is accessible once the file covers it");
    is_long(pwrite(fd, "late", 4, 2 * PAGE + 16), 4, "pwrite into the new page");
    ok(memcmp(m + 2 * PAGE + 16, "late", 4) == 0, "the mapping sees it");

    is_long(ftruncate(fd, 10), 0, "ftruncate shrinks the file to 10 bytes");
    ok(bus_at(m + PAGE, 0), "the second page is now past the end: SIGBUS");
    ok(bus_at(m + 2 * PAGE + 16, 0), "the third page too");
    ok(!bus_at(m + 20, 0) && m[20] == 0, "the first page stays, zero past the new end");
    struct stat st;
    fstat(fd, &st);
    is_long(st.st_size, 10, "the file keeps the truncated size after the faults");
    pid_t vp = vfork();
    if (vp == 0) {
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigaction(SIGBUS, &dfl, NULL);
        (void)*(volatile char *)(m + PAGE);
        _exit(0);
    }
    int vstatus = 0;
    waitpid(vp, &vstatus, 0);
    ok(WIFSIGNALED(vstatus) && WTERMSIG(vstatus) == SIGBUS, "a vfork child's touch past the end dies of SIGBUS");

    /* a store that extends the file with write(2) makes the page accessible again */
    is_long(pwrite(fd, "x", 1, PAGE + 5), 1, "pwrite extends the file into the second page");
    ok(!bus_at(m + PAGE + 5, 0) && m[PAGE + 5] == 'x', "the second page is accessible and shows the byte");

    /* another process's mapping: the parent's shrink makes the child's pages past the end fault too */
    int fds[2];
    if (pipe(fds) == 0) {
        pid_t pid = fork();
        if (pid == 0) {
            char c;
            signal(SIGBUS, SIG_DFL);
            close(fds[1]);
            if (read(fds[0], &c, 1) != 1)
                _exit(2);
            (void)*(volatile char *)(m + PAGE + 5);
            _exit(0);
        }
        close(fds[0]);
        is_long(ftruncate(fd, 10), 0, "ftruncate shrinks the file while a child maps it");
        (void)write(fds[1], "x", 1);
        close(fds[1]);
        int status = 0;
        waitpid(pid, &status, 0);
        ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS, "the child's touch past the new end dies of SIGBUS");
    }

    munmap(m, 3 * PAGE);
    close(fd);
    sigaction(SIGBUS, &old, NULL);
}

int main(void)
{
    tap_init();
    check_anonymous();
    check_maps();
    check_file();
    check_mremap();
    check_sigbus();
    unlink(SCRATCH);
    return tap_done();
}
