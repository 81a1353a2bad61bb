// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * proc_files: what /proc shows a process about itself and the system, checked where Linux's answer
 * is deterministic: /proc/self/{stat,status,cmdline,environ,exe,cwd,root,fd/,fdinfo/,maps},
 * /proc/{cpuinfo,meminfo,mounts,uptime,loadavg,filesystems} and /proc/sys/kernel/{hostname,
 * osrelease,ostype}: fields present and well formed, pids equal to getpid/getppid, links naming
 * the right files, fdinfo's pos and flags, the program's text and [stack] in maps.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"

static char buf[1 << 16];

/* The whole file into buf (NUL-terminated): its length, or -1. */
static long slurp(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    long n = 0, r;
    while ((r = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
        n += r;
    close(fd);
    buf[n] = 0;
    return n;
}

/* The value after "Key:" in buf's lines, as a number, or -1. */
static long field(const char *key)
{
    size_t k = strlen(key);
    for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        if (strncmp(l, key, k) == 0 && l[k] == ':')
            return strtol(l + k + 1, NULL, 10);
    }
    return -1;
}

static int has_line_starting(const char *prefix)
{
    size_t k = strlen(prefix);
    for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        if (strncmp(l, prefix, k) == 0)
            return 1;
    }
    return 0;
}

static void stat_file(void)
{
    ok(slurp("/proc/self/stat") > 0, "read /proc/self/stat");
    char *close_paren = strrchr(buf, ')');
    ok(close_paren != NULL && strchr(buf, '(') != NULL, "stat has (comm)");
    is_long(strtol(buf, NULL, 10), getpid(), "stat's pid is getpid()");
    char state = 0;
    long ppid = 0, pgrp = 0, session = 0;
    int fields = 0;
    if (close_paren) {
        fields = 2;
        for (char *p = close_paren + 1; *p; p++)
            fields += *p == ' ';
        sscanf(close_paren + 2, "%c %ld %ld %ld", &state, &ppid, &pgrp, &session);
    }
    is_long(state, 'R', "stat's state is R (it is running)");
    is_long(ppid, getppid(), "stat's ppid is getppid()");
    is_long(pgrp, getpgrp(), "stat's pgrp is getpgrp()");
    is_long(session, getsid(0), "stat's session is getsid(0)");
    ok(fields >= 52, "stat has at least 52 fields");
    char *p = close_paren ? close_paren + 2 : buf;
    long num_threads = 0;
    for (int i = 3; i < 20 && p; i++)
        p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL;
    if (p)
        num_threads = strtol(p, NULL, 10);
    is_long(num_threads, 1, "stat's num_threads is 1");
}

static void status_file(void)
{
    ok(slurp("/proc/self/status") > 0, "read /proc/self/status");
    ok(has_line_starting("Name:\t"), "status has Name");
    ok(has_line_starting("State:\tR"), "status's State is R");
    is_long(field("Pid"), getpid(), "status's Pid is getpid()");
    is_long(field("PPid"), getppid(), "status's PPid is getppid()");
    is_long(field("Tgid"), getpid(), "status's Tgid is getpid()");
    is_long(field("Threads"), 1, "status's Threads is 1");
    ok(has_line_starting("Uid:\t"), "status has Uid");
    ok(has_line_starting("Gid:\t"), "status has Gid");
    is_long(field("Uid"), getuid(), "status's real Uid is getuid()");
}

static void cmdline_environ(const char *argv0)
{
    long n = slurp("/proc/self/cmdline");
    is_long(n, (long)strlen(argv0) + 1, "cmdline is argv[0] and its NUL");
    is_str(buf, argv0, "cmdline's first word is argv[0]");
    extern char **environ;
    long want = 0;
    for (char **e = environ; *e; e++)
        want += (long)strlen(*e) + 1;
    is_long(slurp("/proc/self/environ"), want, "environ is the environment, NUL-separated");
}

static void links(const char *argv0)
{
    char got[PATH_MAX] = {0}, want[PATH_MAX] = {0};
    ok(readlink("/proc/self/exe", got, sizeof got - 1) > 0, "readlink /proc/self/exe");
    ok(realpath(argv0, want) != NULL, "realpath of argv[0]");
    is_str(got, want, "exe is the program's real path");
    memset(got, 0, sizeof got);
    ok(readlink("/proc/self/cwd", got, sizeof got - 1) > 0 && getcwd(want, sizeof want) != NULL, "readlink /proc/self/cwd");
    is_str(got, want, "cwd is getcwd()");
    memset(got, 0, sizeof got);
    ok(readlink("/proc/self/root", got, sizeof got - 1) > 0, "readlink /proc/self/root");
    is_str(got, "/", "root is /");
    memset(got, 0, sizeof got);
    ok(readlink("/proc/self", got, sizeof got - 1) > 0, "readlink /proc/self");
    is_long(strtol(got, NULL, 10), getpid(), "/proc/self names getpid()");
}

static void fds(void)
{
    int fd = open("/proc/self/stat", O_RDONLY | O_NONBLOCK);
    ok(fd > 2, "open a file to look at");
    char b[8];
    is_long(read(fd, b, 5), 5, "read 5 bytes of it");
    int seen[4] = {0};
    DIR *d = opendir("/proc/self/fd");
    ok(d != NULL, "opendir /proc/self/fd");
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        int n = atoi(e->d_name);
        if (n == 0 || n == 1 || n == 2)
            seen[n] = 1;
        else if (n == fd)
            seen[3] = 1;
    }
    if (d)
        closedir(d);
    ok(seen[0] && seen[1] && seen[2] && seen[3], "fd/ lists 0, 1, 2 and the open file");
    char path[64], got[PATH_MAX] = {0};
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ok(readlink(path, got, sizeof got - 1) > 0, "readlink fd/N");
    char want[64];
    snprintf(want, sizeof want, "/proc/%d/stat", getpid());
    is_str(got, want, "fd/N names the file");
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    ok(slurp(path) > 0, "read fdinfo/N");
    is_long(field("pos"), 5, "fdinfo's pos is the offset");
    char *f = strstr(buf, "flags:");
    long flags = f ? strtol(f + 6, NULL, 8) : -1;
    is_long(flags & (O_ACCMODE | O_NONBLOCK), O_RDONLY | O_NONBLOCK, "fdinfo's flags (octal) has O_RDONLY|O_NONBLOCK");
    close(fd);
}

static void maps(const char *argv0)
{
    ok(slurp("/proc/self/maps") > 0, "read /proc/self/maps");
    char want[PATH_MAX] = {0};
    realpath(argv0, want);
    int text = 0, stack = 0;
    for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        char line[PATH_MAX + 128] = {0};
        memcpy(line, l, len < sizeof line - 1 ? len : sizeof line - 1);
        unsigned long lo, hi;
        char perms[8];
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) != 3)
            continue;
        unsigned long here = (unsigned long)&maps;
        if (perms[2] == 'x' && lo <= here && here < hi && strstr(line, want))
            text = 1;
        if (strstr(line, "[stack]"))
            stack = 1;
    }
    ok(text, "maps has the program's text, executable, with its path, around maps()");
    ok(stack, "maps has [stack]");
}

/* One load average as loadavg_proc_show prints it: an integer, a dot and exactly two digits. */
static int is_load(const char *tok)
{
    size_t digits = strspn(tok, "0123456789");
    return digits > 0 && tok[digits] == '.' && strspn(tok + digits + 1, "0123456789") == 2
           && (tok[digits + 3] == ' ' || tok[digits + 3] == 0);
}

/*
 * /proc/loadavg with a child asleep on a pipe: three loads, running/total (the reader runs, the
 * child and the reader are among the total) and the pid allocated last (the child's or later).
 */
static void loadavg(void)
{
    int p[2];
    if (pipe(p) != 0) {
        ok(0, "pipe for the sleeping child");
        return;
    }
    pid_t child = fork();
    if (child == 0) {
        char c;
        close(p[1]);
        _exit(read(p[0], &c, 1) == 0 ? 0 : 1);
    }
    close(p[0]);
    char l1[16], l5[16], l15[16];
    int run = -1, total = -1, last = -1;
    ok(slurp("/proc/loadavg") > 0 && sscanf(buf, "%15s %15s %15s %d/%d %d", l1, l5, l15, &run, &total, &last) == 6,
       "loadavg is three loads, running/total and the last pid");
    ok(is_load(l1) && is_load(l5) && is_load(l15), "each load has two decimals");
    ok(run >= 1, "the reader is running");
    ok(run <= total, "no more running than there are");
    ok(total >= 2, "the total counts the reader and its child");
    ok(last >= child, "the last pid is the child's or a later one");
    close(p[1]);
    int status = -1;
    waitpid(child, &status, 0);
    is_long(status, 0, "the child slept until the pipe closed");
}

static void system_files(void)
{
    ok(slurp("/proc/cpuinfo") > 0 && has_line_starting("processor\t: 0"), "cpuinfo lists processor 0");
    ok(has_line_starting("flags\t"), "cpuinfo has flags");
    ok(slurp("/proc/meminfo") > 0 && field("MemTotal") > 0, "meminfo has MemTotal");
    ok(field("MemFree") >= 0 && field("MemAvailable") >= 0, "meminfo has MemFree and MemAvailable");
    ok(slurp("/proc/mounts") > 0 && strstr(buf, " /proc proc ") != NULL, "mounts has proc on /proc");
    double up = -1, idle = -1;
    ok(slurp("/proc/uptime") > 0 && sscanf(buf, "%lf %lf", &up, &idle) == 2 && up > 0, "uptime is two numbers");
    loadavg();
    ok(slurp("/proc/filesystems") > 0 && strstr(buf, "nodev\tproc\n") != NULL, "filesystems lists nodev proc");
    struct utsname u;
    uname(&u);
    ok(slurp("/proc/sys/kernel/hostname") > 0, "read hostname");
    buf[strcspn(buf, "\n")] = 0;
    is_str(buf, u.nodename, "hostname is uname's nodename");
    ok(slurp("/proc/sys/kernel/osrelease") > 0, "read osrelease");
    buf[strcspn(buf, "\n")] = 0;
    is_str(buf, u.release, "osrelease is uname's release");
    ok(slurp("/proc/sys/kernel/ostype") > 0, "read ostype");
    is_str(buf, "Linux\n", "ostype is Linux");
}

int main(int argc, char **argv)
{
    (void)argc;
    tap_init();
    stat_file();
    status_file();
    cmdline_environ(argv[0]);
    links(argv[0]);
    fds();
    maps(argv[0]);
    system_files();
    return tap_done();
}
