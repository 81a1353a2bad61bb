/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The miscellaneous syscalls a static program makes, each checked for what Linux does: uname,
 * getrandom, the clocks and sleeps, process ids, scheduler affinity, resource limits,
 * /proc/self/exe, the working directory, access, ioctl, lseek, brk, mmap/mprotect/munmap/mremap/
 * madvise/mincore, arch_prctl, set_tid_address, prctl, umask, sysinfo, getrusage, getgroups,
 * statfs/fstatfs, and the error paths
 * (ENOSYS, EFAULT, EBADF, EINVAL, ...). Raw syscall() is used where libc would hide the kernel's
 * answer.
 *
 * Nothing that differs between runs is printed (no ids, times, addresses or random bytes), and
 * nothing on disk is created or changed: the only file opened is this program itself (AT_EXECFN).
 */
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

/* From the kernel's arch/x86/include/uapi/asm/prctl.h (musl has no <asm/...> headers). */
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PAGE 4096L
#define MIB (1024L * 1024L)

static long long ts_ns(const struct timespec *t)
{
    return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

static int ts_valid(const struct timespec *t)
{
    return t->tv_nsec >= 0 && t->tv_nsec < 1000000000L;
}

static long raw_clock_gettime(long clock, struct timespec *t)
{
    return syscall(SYS_clock_gettime, clock, t);
}

static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != 0)
            return 0;
    return 1;
}

/* ---- uname, getrandom --------------------------------------------------------------------- */

static void check_uname(void)
{
    struct utsname u;
    if (!is_long(uname(&u), 0, "uname"))
        return;
    is_str(u.sysname, "Linux", "uname sysname");
    is_str(u.machine, "x86_64", "uname machine");
    ok(u.release[0] >= '1' && u.release[0] <= '9' && strchr(u.release, '.') != NULL,
       "uname release looks like a kernel version");
    is_errno(syscall(SYS_uname, (void *)16), EFAULT, "uname into an unmapped buffer fails with EFAULT");
}

static void check_getrandom(void)
{
    unsigned char a[16], b[16];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    is_long(syscall(SYS_getrandom, a, sizeof a, 0), 16, "getrandom 16 bytes");
    ok(!all_zero(a, sizeof a), "getrandom bytes are not all zero");
    is_long(syscall(SYS_getrandom, b, sizeof b, GRND_NONBLOCK), 16, "getrandom with GRND_NONBLOCK");
    ok(memcmp(a, b, sizeof a) != 0, "two getrandom calls give different bytes");
    is_long(syscall(SYS_getrandom, b, 0, 0), 0, "getrandom of 0 bytes returns 0");
    is_errno(syscall(SYS_getrandom, b, sizeof b, 0x80), EINVAL, "getrandom with unknown flag 0x80 fails with EINVAL");
    is_errno(syscall(SYS_getrandom, b, sizeof b, GRND_RANDOM | GRND_INSECURE), EINVAL,
             "getrandom with GRND_RANDOM|GRND_INSECURE fails with EINVAL");
    is_errno(syscall(SYS_getrandom, (void *)16, 16, 0), EFAULT, "getrandom into an unmapped buffer fails with EFAULT");
}

/* ---- Clocks and sleeping -------------------------------------------------------------------- */

static void check_clocks(void)
{
    struct timespec m1, m2, m3, rt;
    long r1 = raw_clock_gettime(CLOCK_MONOTONIC, &m1);
    long r2 = raw_clock_gettime(CLOCK_MONOTONIC, &m2);
    int r3 = clock_gettime(CLOCK_MONOTONIC, &m3);
    ok(r1 == 0 && r2 == 0 && ts_valid(&m1) && ts_valid(&m2), "clock_gettime(CLOCK_MONOTONIC) twice");
    ok(ts_ns(&m2) >= ts_ns(&m1), "CLOCK_MONOTONIC does not go backwards");
    ok(r3 == 0 && ts_valid(&m3) && ts_ns(&m3) >= ts_ns(&m2), "libc clock_gettime agrees with the syscall (not earlier)");

    long now = syscall(SYS_time, NULL);
    ok(raw_clock_gettime(CLOCK_REALTIME, &rt) == 0 && ts_valid(&rt), "clock_gettime(CLOCK_REALTIME)");
    ok(rt.tv_sec > 1600000000L, "CLOCK_REALTIME is after 2020");
    ok(now - rt.tv_sec <= 1 && rt.tv_sec - now <= 1, "time() is within 1 s of CLOCK_REALTIME");
    time_t stored = 0;
    long ret = syscall(SYS_time, &stored);
    ok(ret == (long)stored && ret >= now, "time(&t) returns and stores the same value");

    struct timeval tv;
    ok(syscall(SYS_gettimeofday, &tv, NULL) == 0 && tv.tv_usec >= 0 && tv.tv_usec < 1000000,
       "gettimeofday returns a valid timeval");
    ok(tv.tv_sec - rt.tv_sec <= 1 && rt.tv_sec - tv.tv_sec <= 1, "gettimeofday is within 1 s of CLOCK_REALTIME");
    struct timeval tv2;
    ok(gettimeofday(&tv2, NULL) == 0 && tv2.tv_sec >= tv.tv_sec, "libc gettimeofday agrees");

    static const int clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
                                  CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME,
                                  11 /* CLOCK_TAI */ };
    int bad = -1;
    for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
        struct timespec t;
        if (raw_clock_gettime(clocks[i], &t) != 0 || !ts_valid(&t))
            bad = clocks[i];
    }
    is_long(bad, -1, "clock_gettime works for clocks 0-7 and 11 (first failing clock, -1 if none)");
    struct timespec cpu;
    ok(raw_clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0 && ts_ns(&cpu) > 0, "process CPU time is positive");

    struct timespec t;
    is_errno(raw_clock_gettime(100, &t), EINVAL, "clock_gettime(100) fails with EINVAL");
    is_errno(raw_clock_gettime(10, &t), EINVAL, "clock_gettime(10, the removed SGI cycle clock) fails with EINVAL");
    is_errno(raw_clock_gettime(CLOCK_MONOTONIC, (void *)16), EFAULT, "clock_gettime into an unmapped buffer fails with EFAULT");

    struct timespec res = { 99, 99 };
    ok(syscall(SYS_clock_getres, CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0
           && res.tv_nsec <= 10000000L,
       "clock_getres(CLOCK_MONOTONIC) is in (0, 10 ms]");
    res.tv_sec = 99;
    ok(syscall(SYS_clock_getres, CLOCK_REALTIME, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0
           && res.tv_nsec <= 10000000L,
       "clock_getres(CLOCK_REALTIME) is in (0, 10 ms]");
    is_long(syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL), 0, "clock_getres with a NULL result succeeds");
    is_errno(syscall(SYS_clock_getres, 100, &res), EINVAL, "clock_getres(100) fails with EINVAL");
}

static void check_sleep(void)
{
    struct timespec before, after, req = { 0, 10000000L };
    raw_clock_gettime(CLOCK_MONOTONIC, &before);
    long r = syscall(SYS_nanosleep, &req, NULL);
    raw_clock_gettime(CLOCK_MONOTONIC, &after);
    is_long(r, 0, "nanosleep 10 ms");
    ok(ts_ns(&after) - ts_ns(&before) >= 10000000LL, "nanosleep 10 ms takes at least 10 ms of CLOCK_MONOTONIC");

    struct timespec bad = { 0, -1 };
    is_errno(syscall(SYS_nanosleep, &bad, NULL), EINVAL, "nanosleep with tv_nsec -1 fails with EINVAL");
    bad.tv_nsec = 1000000000L;
    is_errno(syscall(SYS_nanosleep, &bad, NULL), EINVAL, "nanosleep with tv_nsec 1e9 fails with EINVAL");
    bad.tv_sec = -1;
    bad.tv_nsec = 0;
    is_errno(syscall(SYS_nanosleep, &bad, NULL), EINVAL, "nanosleep with tv_sec -1 fails with EINVAL");
    is_errno(syscall(SYS_nanosleep, (void *)16, NULL), EFAULT, "nanosleep with an unmapped request fails with EFAULT");

    struct timespec zero = { 0, 0 };
    is_long(syscall(SYS_nanosleep, &zero, NULL), 0, "nanosleep of 0 returns 0");
    struct timespec past = before;
    is_long(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL), 0,
            "clock_nanosleep until a past CLOCK_MONOTONIC time returns 0");
    struct timespec ms = { 0, 1000000L };
    raw_clock_gettime(CLOCK_MONOTONIC, &before);
    r = syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ms, NULL);
    raw_clock_gettime(CLOCK_MONOTONIC, &after);
    ok(r == 0 && ts_ns(&after) - ts_ns(&before) >= 1000000LL, "clock_nanosleep 1 ms relative");
    struct timespec abs_deadline;
    raw_clock_gettime(CLOCK_MONOTONIC, &abs_deadline);
    abs_deadline.tv_nsec += 2000000L;
    if (abs_deadline.tv_nsec >= 1000000000L) {
        abs_deadline.tv_nsec -= 1000000000L;
        abs_deadline.tv_sec++;
    }
    r = syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &abs_deadline, NULL);
    raw_clock_gettime(CLOCK_MONOTONIC, &after);
    ok(r == 0 && ts_ns(&after) >= ts_ns(&abs_deadline), "clock_nanosleep TIMER_ABSTIME sleeps until the deadline");
    is_errno(syscall(SYS_clock_nanosleep, 100, 0, &ms, NULL), EINVAL, "clock_nanosleep on clock 100 fails with EINVAL");
    /* The kernel has no nsleep for thread CPU clocks (EOPNOTSUPP); musl's wrapper turns it into EINVAL. */
    is_errno(syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &ms, NULL), EOPNOTSUPP,
             "clock_nanosleep on the thread CPU clock fails with EOPNOTSUPP");
}

/* ---- Process ids, scheduler, limits --------------------------------------------------------- */

static void check_ids(void)
{
    long pid = syscall(SYS_getpid);
    ok(pid > 0, "getpid is positive");
    is_long(syscall(SYS_gettid), pid, "gettid == getpid (single-threaded)");
    is_long(getpid(), pid, "libc getpid agrees");
    ok(syscall(SYS_getppid) > 0, "getppid is positive");
    ok(getppid() != pid, "getppid != getpid");
    is_long(syscall(SYS_getuid), syscall(SYS_geteuid), "getuid == geteuid");
    is_long(syscall(SYS_getgid), syscall(SYS_getegid), "getgid == getegid");
    uid_t ru, eu, su;
    ok(getresuid(&ru, &eu, &su) == 0 && ru == getuid() && eu == geteuid() && su == geteuid(),
       "getresuid agrees with getuid/geteuid");
    gid_t rg, eg, sg;
    ok(getresgid(&rg, &eg, &sg) == 0 && rg == getgid() && eg == getegid() && sg == getegid(),
       "getresgid agrees with getgid/getegid");
    is_long(syscall(SYS_getpgid, 0), syscall(SYS_getpgrp), "getpgid(0) == getpgrp()");
    is_long(syscall(SYS_getpgid, pid), syscall(SYS_getpgrp), "getpgid(getpid()) == getpgrp()");
    is_errno(syscall(SYS_getpgid, 0x3fffffff), ESRCH, "getpgid of a pid that cannot exist fails with ESRCH");
}

static void check_sched(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    long n = syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
    ok(n > 0 && n % 8 == 0 && (size_t)n <= sizeof set, "sched_getaffinity returns a size in bytes, a multiple of 8");
    ok(CPU_COUNT(&set) >= 1, "sched_getaffinity: at least one CPU is set");
    cpu_set_t set2;
    ok(sched_getaffinity(0, sizeof set2, &set2) == 0 && CPU_EQUAL(&set, &set2), "libc sched_getaffinity agrees");
    is_errno(syscall(SYS_sched_getaffinity, 0, 4, &set), EINVAL, "sched_getaffinity with a 4-byte mask fails with EINVAL");
    is_errno(syscall(SYS_sched_getaffinity, 0x3fffffff, sizeof set, &set), ESRCH,
             "sched_getaffinity of a missing pid fails with ESRCH");
    is_long(syscall(SYS_sched_yield), 0, "sched_yield returns 0");
    ok(sysconf(_SC_NPROCESSORS_ONLN) >= 1, "sysconf(_SC_NPROCESSORS_ONLN) >= 1");
}

static void check_rlimit(void)
{
    struct rlimit old, cur;
    if (!is_long(getrlimit(RLIMIT_NOFILE, &old), 0, "getrlimit(RLIMIT_NOFILE)"))
        return;
    ok(old.rlim_cur <= old.rlim_max, "RLIMIT_NOFILE soft <= hard");
    ok(old.rlim_max != RLIM_INFINITY, "RLIMIT_NOFILE hard limit is finite (at most nr_open)");
    struct rlimit p;
    ok(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &p) == 0 && p.rlim_cur == old.rlim_cur
           && p.rlim_max == old.rlim_max,
       "prlimit64(0, RLIMIT_NOFILE, NULL, &old) agrees with getrlimit");

    rlim_t low = old.rlim_cur < 64 ? old.rlim_cur : 64;
    struct rlimit lowered = { low, old.rlim_max };
    is_long(setrlimit(RLIMIT_NOFILE, &lowered), 0, "setrlimit lowers the RLIMIT_NOFILE soft limit");
    ok(getrlimit(RLIMIT_NOFILE, &cur) == 0 && cur.rlim_cur == low && cur.rlim_max == old.rlim_max,
       "getrlimit shows the lowered soft limit and the same hard limit");
    is_errno(dup2(1, (int)low), EBADF, "dup2 to fd == soft limit fails with EBADF");
    int d = dup2(1, (int)low - 1);
    is_long(d, (long long)low - 1, "dup2 to fd == soft limit - 1 succeeds");
    if (d >= 0)
        close(d);

    struct rlimit above = { old.rlim_max + 1, old.rlim_max };
    is_errno(setrlimit(RLIMIT_NOFILE, &above), EINVAL, "setrlimit with soft > hard fails with EINVAL");
    struct rlimit infinite = { low, RLIM_INFINITY };
    is_errno(setrlimit(RLIMIT_NOFILE, &infinite), EPERM, "setrlimit with hard above nr_open fails with EPERM");
    is_long(setrlimit(RLIMIT_NOFILE, &old), 0, "setrlimit restores the soft limit");
    ok(getrlimit(RLIMIT_NOFILE, &cur) == 0 && cur.rlim_cur == old.rlim_cur && cur.rlim_max == old.rlim_max,
       "getrlimit shows the restored limits");

    struct rlimit prev;
    lowered.rlim_cur = low;
    ok(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &lowered, &prev) == 0 && prev.rlim_cur == old.rlim_cur,
       "prlimit64 sets a new limit and returns the old one");
    ok(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &old, &prev) == 0 && prev.rlim_cur == low,
       "prlimit64 restores the limit and returns the lowered one");
    is_errno(syscall(SYS_prlimit64, 0, 99, NULL, &prev), EINVAL, "prlimit64 of resource 99 fails with EINVAL");
    is_errno(syscall(SYS_prlimit64, 0x3fffffff, RLIMIT_NOFILE, NULL, &prev), ESRCH,
             "prlimit64 of a missing pid fails with ESRCH");

    struct rlimit stack;
    ok(getrlimit(RLIMIT_STACK, &stack) == 0 && stack.rlim_cur <= stack.rlim_max, "getrlimit(RLIMIT_STACK): soft <= hard");
}

/* ---- Paths: /proc/self/exe, cwd, access, ioctl, lseek --------------------------------------- */

static void check_exe(const char *execfn)
{
    char real[PATH_MAX], link[PATH_MAX];
    if (!ok(realpath(execfn, real) != NULL, "realpath(AT_EXECFN)"))
        return;
    ssize_t n = readlink("/proc/self/exe", link, sizeof link - 1);
    ok(n > 0, "readlink(/proc/self/exe)");
    if (n > 0) {
        link[n] = '\0';
        is_str(link, real, "readlink(/proc/self/exe) == realpath(AT_EXECFN)");
    } else {
        ok(0, "readlink(/proc/self/exe) == realpath(AT_EXECFN)");
    }
    char small[4] = { 'x', 'x', 'x', 'x' };
    n = readlink("/proc/self/exe", small, sizeof small);
    ok(n == 4 && memcmp(small, real, 4) == 0, "readlink into a 4-byte buffer truncates to 4 bytes");
    is_errno(readlink(execfn, link, sizeof link), EINVAL, "readlink of a regular file fails with EINVAL");
    is_errno(readlink("/nonexistent-jlinux-dir/link", link, sizeof link), ENOENT, "readlink of a missing path fails with ENOENT");
    is_errno(syscall(SYS_readlink, "/proc/self/exe", link, 0), EINVAL, "readlink with bufsiz 0 fails with EINVAL");
}

static void check_cwd(void)
{
    char orig[PATH_MAX], now[PATH_MAX];
    if (!ok(getcwd(orig, sizeof orig) != NULL, "getcwd"))
        return;
    ok(orig[0] == '/', "getcwd is absolute");
    is_long(syscall(SYS_getcwd, now, sizeof now), (long long)strlen(orig) + 1, "raw getcwd returns the length with the NUL");
    is_errno(syscall(SYS_getcwd, now, 1), ERANGE, "getcwd into a 1-byte buffer fails with ERANGE");
    struct stat dot, named;
    ok(stat(".", &dot) == 0 && stat(orig, &named) == 0 && dot.st_dev == named.st_dev && dot.st_ino == named.st_ino,
       "stat(\".\") and stat(getcwd()) are the same directory");

    int fd = open(".", O_RDONLY | O_DIRECTORY);
    if (!is_success(fd, "open(\".\", O_DIRECTORY)"))
        return;
    is_long(chdir("/"), 0, "chdir(\"/\")");
    is_str(getcwd(now, sizeof now), "/", "getcwd after chdir(\"/\")");
    is_long(fchdir(fd), 0, "fchdir back to the original directory");
    is_str(getcwd(now, sizeof now), orig, "getcwd after fchdir is the original");
    close(fd);
    is_errno(chdir("/nonexistent-jlinux-dir"), ENOENT, "chdir to a missing directory fails with ENOENT");
    is_errno(fchdir(99), EBADF, "fchdir(99) fails with EBADF");
}

static void check_access(const char *execfn)
{
    is_long(access(execfn, F_OK), 0, "access(AT_EXECFN, F_OK)");
    is_long(access(execfn, R_OK), 0, "access(AT_EXECFN, R_OK)");
    is_long(access(execfn, X_OK), 0, "access(AT_EXECFN, X_OK)");
    is_errno(access("/nonexistent-jlinux-dir/missing", F_OK), ENOENT, "access of a missing path fails with ENOENT");
    char sub[PATH_MAX + 8];
    snprintf(sub, sizeof sub, "%s/x", execfn);
    is_errno(access(sub, F_OK), ENOTDIR, "access(AT_EXECFN/x) fails with ENOTDIR");
    is_errno(syscall(SYS_access, execfn, 0x10), EINVAL, "access with mode 0x10 fails with EINVAL");
    is_errno(chdir(execfn), ENOTDIR, "chdir to a regular file fails with ENOTDIR");
}

static void check_file_ioctl_lseek(const char *execfn)
{
    int fd = open(execfn, O_RDONLY);
    if (!is_success(fd, "open(AT_EXECFN)"))
        return;
    struct stat st;
    fstat(fd, &st);
    struct termios tio;
    is_errno(ioctl(fd, TCGETS, &tio), ENOTTY, "ioctl(TCGETS) on a regular file fails with ENOTTY");
    is_errno(ioctl(99, TCGETS, &tio), EBADF, "ioctl on fd 99 fails with EBADF");
    int avail = -1;
    ok(ioctl(fd, FIONREAD, &avail) == 0 && avail == (int)st.st_size, "ioctl(FIONREAD) on a regular file gives its size");
    ok(ioctl(fd, FIOCLEX) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC, "ioctl(FIOCLEX) sets close-on-exec");
    ok(ioctl(fd, FIONCLEX) == 0 && fcntl(fd, F_GETFD) == 0, "ioctl(FIONCLEX) clears close-on-exec");

    is_long(lseek(fd, 0, SEEK_END), (long long)st.st_size, "lseek(0, SEEK_END) == st_size");
    is_long(lseek(fd, 0, SEEK_SET), 0, "lseek(0, SEEK_SET) == 0");
    char buf[100];
    is_long(read(fd, buf, sizeof buf), 100, "read 100 bytes");
    is_long(lseek(fd, 0, SEEK_CUR), 100, "lseek(0, SEEK_CUR) == 100 after the read");
    is_long(lseek(fd, -10, SEEK_CUR), 90, "lseek(-10, SEEK_CUR) == 90");
    ok(ioctl(fd, FIONREAD, &avail) == 0 && avail == (int)st.st_size - 90, "ioctl(FIONREAD) counts from the offset");
    is_errno(lseek(fd, -1000, SEEK_CUR), EINVAL, "lseek before the start fails with EINVAL");
    close(fd);

    int p[2];
    if (is_long(pipe(p), 0, "pipe")) {
        is_errno(lseek(p[0], 0, SEEK_CUR), ESPIPE, "lseek on a pipe fails with ESPIPE");
        close(p[0]);
        close(p[1]);
    }
}

/* ---- Memory: brk, mmap family ------------------------------------------------------------------ */

static void check_brk(void)
{
    /* No output (and so no malloc) between the brk calls: libc's allocator may use brk too. */
    uintptr_t start = (uintptr_t)syscall(SYS_brk, 0);
    uintptr_t grown = (uintptr_t)syscall(SYS_brk, start + MIB);
    uintptr_t aligned = (start + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
    int fresh_zero = 0, writable = 0, regrown_zero = 0;
    if (grown == start + MIB) {
        fresh_zero = all_zero((unsigned char *)aligned, start + MIB - aligned);
        memset((void *)start, 0x5a, MIB);
        writable = ((unsigned char *)start)[0] == 0x5a && ((unsigned char *)start)[MIB - 1] == 0x5a;
    }
    uintptr_t shrunk = (uintptr_t)syscall(SYS_brk, start);
    uintptr_t regrown = (uintptr_t)syscall(SYS_brk, start + MIB);
    if (regrown == start + MIB)
        regrown_zero = all_zero((unsigned char *)aligned, start + MIB - aligned);
    uintptr_t restored = (uintptr_t)syscall(SYS_brk, start);
    uintptr_t too_low = (uintptr_t)syscall(SYS_brk, 0x1000);
    uintptr_t after = (uintptr_t)syscall(SYS_brk, 0);

    ok(start != 0, "brk(0) returns the current break");
    ok(grown == start + MIB, "brk grows the break by 1 MiB");
    ok(fresh_zero, "new brk memory reads as zero");
    ok(writable, "new brk memory is writable");
    ok(shrunk == start, "brk shrinks the break back");
    ok(regrown == start + MIB && regrown_zero, "brk memory given back and taken again reads as zero");
    ok(restored == start, "brk restores the original break");
    ok(too_low == start && after == start, "brk below the data segment fails: returns the current break");
}

static void check_mmap(const char *execfn)
{
    unsigned char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!ok(p != MAP_FAILED, "mmap 4 anonymous pages"))
        return;
    ok((uintptr_t)p % PAGE == 0, "the mapping is page-aligned");
    ok(all_zero(p, 4 * PAGE), "anonymous memory reads as zero");
    for (long i = 0; i < 4 * PAGE; i++)
        p[i] = (unsigned char)(i * 7);
    int pattern = 1;
    for (long i = 0; i < 4 * PAGE; i++)
        if (p[i] != (unsigned char)(i * 7))
            pattern = 0;
    ok(pattern, "anonymous memory keeps what is written");

    is_long(mprotect(p, 4 * PAGE, PROT_READ), 0, "mprotect(PROT_READ)");
    ok(p[5] == 35 && p[3 * PAGE] == (unsigned char)(3 * PAGE * 7), "read-only memory still reads the data");
    int fd = open(execfn, O_RDONLY);
    is_errno(syscall(SYS_read, fd, p, 16), EFAULT, "read() into read-only memory fails with EFAULT");
    is_long(lseek(fd, 0, SEEK_CUR), 0, "the failed read did not move the file offset");
    close(fd);
    /* Raw: musl's mprotect() rounds the address down to a page. */
    is_errno(syscall(SYS_mprotect, p + 1, PAGE, PROT_READ), EINVAL, "mprotect of an unaligned address fails with EINVAL");
    is_long(mprotect(p, 4 * PAGE, PROT_READ | PROT_WRITE), 0, "mprotect back to PROT_READ|PROT_WRITE");
    p[0] = 1;

    unsigned char vec[4];
    is_long(munmap(p + PAGE, PAGE), 0, "munmap the second page (splits the mapping)");
    is_errno(mincore(p + PAGE, PAGE, vec), ENOMEM, "mincore of the unmapped page fails with ENOMEM");
    is_long(mincore(p, PAGE, vec), 0, "mincore of the first page succeeds");
    ok(p[2 * PAGE] == (unsigned char)(2 * PAGE * 7), "the page after the hole is intact");
    int pfd[2];
    if (pipe(pfd) == 0) {
        is_errno(syscall(SYS_write, pfd[1], p + PAGE, 1), EFAULT, "write() from the unmapped page fails with EFAULT");
        close(pfd[0]);
        close(pfd[1]);
    } else {
        ok(0, "write() from the unmapped page fails with EFAULT");
    }
    void *hole = mmap(p + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    ok(hole == p + PAGE, "MAP_FIXED_NOREPLACE maps into the hole");
    errno = 0;
    void *clash = mmap(p + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    is_errno(clash == MAP_FAILED ? -1 : 0, EEXIST, "MAP_FIXED_NOREPLACE over a mapping fails with EEXIST");
    ok(p[2 * PAGE] == (unsigned char)(2 * PAGE * 7), "the failed MAP_FIXED_NOREPLACE left the mapping alone");
    void *fixed = mmap(p + 2 * PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    ok(fixed == p + 2 * PAGE && p[2 * PAGE] == 0, "MAP_FIXED replaces a mapping with zeroed memory");

    is_long(munmap(p, 4 * PAGE), 0, "munmap the rest");
    is_long(munmap(p, 4 * PAGE), 0, "munmap of an unmapped range succeeds");
    is_errno(munmap(p + 1, PAGE), EINVAL, "munmap of an unaligned address fails with EINVAL");
    is_errno(munmap(p, 0), EINVAL, "munmap of length 0 fails with EINVAL");
    errno = 0;
    is_errno(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0, EINVAL,
             "mmap of length 0 fails with EINVAL");
    errno = 0;
    is_errno(mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0, EINVAL,
             "mmap without MAP_PRIVATE or MAP_SHARED fails with EINVAL");
    errno = 0;
    is_errno(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED ? -1 : 0, EBADF,
             "file mmap of fd -1 fails with EBADF");

    /* madvise(MADV_DONTNEED) drops private anonymous pages: they read as zero again. */
    unsigned char *m = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ok(m != MAP_FAILED, "mmap 3 pages for madvise")) {
        memset(m, 0xab, 3 * PAGE);
        is_long(madvise(m, 2 * PAGE, MADV_DONTNEED), 0, "madvise(MADV_DONTNEED) on two pages");
        ok(all_zero(m, 2 * PAGE), "MADV_DONTNEED pages read as zero");
        ok(m[2 * PAGE] == 0xab && m[3 * PAGE - 1] == 0xab, "the third page keeps its data");
        is_errno(madvise(m + 1, PAGE, MADV_DONTNEED), EINVAL, "madvise of an unaligned address fails with EINVAL");
        is_errno(madvise(m, PAGE, 999), EINVAL, "madvise with advice 999 fails with EINVAL");

        /* mremap: grow with MREMAP_MAYMOVE keeps the data, the new part reads as zero. */
        unsigned char *g = mremap(m, 3 * PAGE, 8 * PAGE, MREMAP_MAYMOVE);
        if (ok(g != MAP_FAILED, "mremap grows 3 pages to 8 (MREMAP_MAYMOVE)")) {
            ok(g[2 * PAGE] == 0xab && all_zero(g + 3 * PAGE, 5 * PAGE), "mremap keeps the data; the new pages are zero");
            unsigned char *s = mremap(g, 8 * PAGE, PAGE, 0);
            ok(s == g, "mremap shrinks in place");
            munmap(g, PAGE);
        } else {
            ok(0, "mremap keeps the data; the new pages are zero");
            ok(0, "mremap shrinks in place");
            munmap(m, 3 * PAGE);
        }
    }
}

/* ---- arch_prctl, set_tid_address, prctl, umask, sysinfo ---------------------------------------- */

static __thread int tls_var = 42;
static int clear_child_tid;

static void check_thread_pointer(void)
{
    unsigned long fs = 0, gs = 1, self = 0;
    is_long(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs), 0, "arch_prctl(ARCH_GET_FS)");
    __asm__ volatile("mov %%fs:0, %0" : "=r"(self));
    ok(fs != 0 && fs == self, "ARCH_GET_FS == %%fs:0 (the thread pointer points at itself)");
    uintptr_t tls = (uintptr_t)&tls_var;
    ok(tls < fs && fs - tls < MIB && tls_var == 42, "a TLS variable lies just below the thread pointer");
    is_long(syscall(SYS_arch_prctl, ARCH_GET_GS, &gs), 0, "arch_prctl(ARCH_GET_GS)");
    is_long((long long)gs, 0, "the GS base is 0");
    is_long(syscall(SYS_arch_prctl, ARCH_SET_FS, fs), 0, "arch_prctl(ARCH_SET_FS) with the same base");
    tls_var++;
    ok(tls_var == 43, "TLS still works after ARCH_SET_FS");
    is_errno(syscall(SYS_arch_prctl, 0x9999, &fs), EINVAL, "arch_prctl with code 0x9999 fails with EINVAL");
    is_errno(syscall(SYS_arch_prctl, ARCH_GET_FS, (void *)16), EFAULT, "ARCH_GET_FS into an unmapped address fails with EFAULT");

    is_long(syscall(SYS_set_tid_address, &clear_child_tid), syscall(SYS_gettid), "set_tid_address returns the tid");
}

static void check_misc(void)
{
    char name[32];
    is_long(prctl(PR_SET_NAME, "jlinux-misc", 0, 0, 0), 0, "prctl(PR_SET_NAME)");
    memset(name, 0, sizeof name);
    ok(prctl(PR_GET_NAME, name, 0, 0, 0) == 0, "prctl(PR_GET_NAME)");
    is_str(name, "jlinux-misc", "PR_GET_NAME returns the name set");
    prctl(PR_SET_NAME, "abcdefghijklmnopqrstuvwxyz", 0, 0, 0);
    memset(name, 0, sizeof name);
    prctl(PR_GET_NAME, name, 0, 0, 0);
    is_str(name, "abcdefghijklmno", "PR_SET_NAME truncates to 15 bytes");
    is_errno(prctl(0x7fff, 0, 0, 0, 0), EINVAL, "prctl option 0x7fff fails with EINVAL");

    mode_t old = umask(022);
    is_long(umask(old), 022, "umask returns the previous mask");
    is_long(umask(old), (long long)old, "umask restores the original mask");

    struct sysinfo si;
    ok(sysinfo(&si) == 0 && si.uptime > 0 && si.totalram > 0 && si.mem_unit >= 1 && si.procs >= 1,
       "sysinfo: uptime, totalram, mem_unit and procs are positive");

    struct rusage ru;
    ok(getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000
           && ru.ru_stime.tv_usec >= 0 && ru.ru_stime.tv_usec < 1000000,
       "getrusage(RUSAGE_SELF) gives valid times");
    is_errno(syscall(SYS_getrusage, 99, &ru), EINVAL, "getrusage(99) fails with EINVAL");

    /* The supplementary groups: counted, then read; too small a buffer is EINVAL. */
    long ngroups = syscall(SYS_getgroups, 0, NULL);
    ok(ngroups >= 0, "getgroups(0, NULL) counts the supplementary groups");
    gid_t groups[256];
    if (ngroups >= 0 && ngroups <= 256) {
        is_long(syscall(SYS_getgroups, 256, groups), ngroups, "getgroups fills as many groups as it counted");
        if (ngroups > 0)
            is_errno(syscall(SYS_getgroups, ngroups - 1, groups), EINVAL, "getgroups with too small a buffer fails with EINVAL");
        else
            ok(1, "getgroups with too small a buffer fails with EINVAL");
    }
    is_errno(syscall(SYS_getgroups, -1, groups), EINVAL, "getgroups(-1) fails with EINVAL");

    /* statfs and fstatfs of the same file system agree; a pipe is on pipefs. */
    struct statfs sa, sb;
    int root = open("/", O_RDONLY | O_DIRECTORY);
    ok(statfs("/", &sa) == 0 && fstatfs(root, &sb) == 0 && sa.f_type == sb.f_type && sa.f_bsize == sb.f_bsize
           && sa.f_blocks == sb.f_blocks && sa.f_bsize > 0 && sa.f_namelen > 0,
       "statfs(\"/\") and fstatfs of an fd on / agree");
    close(root);
    is_errno(statfs("/nonexistent-jlinux-dir/x", &sa), ENOENT, "statfs of a missing path fails with ENOENT");
    int pfd[2];
    if (pipe(pfd) == 0) {
        ok(fstatfs(pfd[0], &sa) == 0 && sa.f_type == 0x50495045, "fstatfs of a pipe reports PIPEFS_MAGIC");
        close(pfd[0]);
        close(pfd[1]);
    } else {
        ok(0, "fstatfs of a pipe reports PIPEFS_MAGIC");
    }
}

/* ---- Error paths -------------------------------------------------------------------------------- */

static void check_errors(void)
{
    is_errno(syscall(1000), ENOSYS, "syscall 1000 fails with ENOSYS");
    is_errno(syscall(400), ENOSYS, "unassigned syscall 400 fails with ENOSYS");
    int p[2];
    if (!is_long(pipe(p), 0, "pipe for the write checks"))
        return;
    is_errno(syscall(SYS_write, p[1], (void *)1, 10), EFAULT, "write() from address 1 fails with EFAULT");
    is_errno(syscall(SYS_write, p[1], NULL, 10), EFAULT, "write() from NULL fails with EFAULT");
    is_long(syscall(SYS_write, p[1], NULL, 0), 0, "write() of 0 bytes from NULL returns 0");
    is_errno(syscall(SYS_write, 99, "x", 1), EBADF, "write() to fd 99 fails with EBADF");
    is_errno(syscall(SYS_write, -1, "x", 1), EBADF, "write() to fd -1 fails with EBADF");
    is_errno(syscall(SYS_write, p[0], "x", 1), EBADF, "write() to a pipe's read end fails with EBADF");
    is_long(syscall(SYS_write, p[1], "abc", 3), 3, "write() 3 bytes to the pipe");
    char buf[8];
    is_long(syscall(SYS_read, p[0], buf, sizeof buf), 3, "read() them back");
    is_errno(syscall(SYS_close, 99), EBADF, "close(99) fails with EBADF");
    close(p[0]);
    close(p[1]);
}

int main(void)
{
    tap_init();
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    if (!ok(execfn != NULL, "AT_EXECFN is present"))
        return tap_done();

    check_uname();
    check_getrandom();
    check_clocks();
    check_sleep();
    check_ids();
    check_sched();
    check_rlimit();
    check_exe(execfn);
    check_cwd();
    check_access(execfn);
    check_file_ioctl_lseek(execfn);
    check_brk();
    check_mmap(execfn);
    check_thread_pointer();
    check_misc();
    check_errors();
    return tap_done();
}
