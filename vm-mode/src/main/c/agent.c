// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * jlinux guest agent: PID 1 of the VM (v2). Loads the kernel modules from /lib/modules/jlinux in
 * name order, mounts proc/sys/dev/tmp/run, opens the virtio-serial port named dev.jlinux.agent and
 * serves the host's requests, one at a time. The protocol is described in docs/vm-protocol.md; its
 * numbers are mirrored in dev.jlinux.vm.Protocol.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* From include/uapi/linux/random.h (musl-gcc has no kernel headers). */
#define RNDADDENTROPY _IOW('R', 0x03, int[2])
struct rand_pool_info {
    int entropy_count;
    int buf_size;
    uint32_t buf[];
};

#define PORT_NAME "dev.jlinux.agent"
#define NINEP_PORT_NAME "dev.jlinux.9p"
#define MODULE_DIR "/lib/modules/jlinux"
#define MAX_FRAME (256u << 20)

enum {
    REQ_PING = 0x01, REQ_RUN = 0x03, REQ_STDIN = 0x04, REQ_SET_TIME = 0x05,
    REQ_QUIT = 0x06, REQ_MOUNT_SHARE = 0x0a,
    REP_OK = 0x81, REP_ERROR = 0x82, REP_STDOUT = 0x83, REP_STDERR = 0x84, REP_EXIT = 0x85,
};
enum { REQ_RUN_TRACED = 0x07, REP_SYSCALL = 0x86, REP_TRACE_EXIT = 0x87 };

static int port = -1;

static void logmsg(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("jlinux-agent: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void power_off(void) {
    sync();
    reboot(RB_POWER_OFF);
    reboot(RB_AUTOBOOT); // QEMU runs with -no-reboot: a reset ends it too.
    for (;;) pause();
}

static void die(const char *what) {
    logmsg("%s: %s", what, strerror(errno));
    power_off();
}

/* ---- control port I/O ---------------------------------------------------------------------- */

static void write_all(int fd, const void *buf, size_t len) {
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) die("write to the control port");
        p += n;
        len -= (size_t)n;
    }
}

static void put32(unsigned char *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* Sends one frame: u32 length of what follows, u8 type, head then tail as the payload. */
static void send_frame(int type, const void *head, size_t hlen, const void *tail, size_t tlen) {
    unsigned char hdr[5];
    put32(hdr, (uint32_t)(1 + hlen + tlen));
    hdr[4] = (unsigned char)type;
    write_all(port, hdr, 5);
    if (hlen) write_all(port, head, hlen);
    if (tlen) write_all(port, tail, tlen);
}

static void send_ok(void) { send_frame(REP_OK, NULL, 0, NULL, 0); }

static void send_error(int err, const char *what) {
    unsigned char head[8];
    put32(head, (uint32_t)err);
    put32(head + 4, (uint32_t)strlen(what));
    send_frame(REP_ERROR, head, 8, what, strlen(what));
}

/* Buffered reads of whole frames from the port, usable both blocking and from a poll loop. */
static unsigned char *rbuf;
static size_t rcap, rlen;

/* Reads what the port has into the buffer; returns 0 at EOF (the host closed its side). */
static int fill(void) {
    if (rcap - rlen < 65536) {
        rcap = rcap ? rcap * 2 : 1 << 20;
        rbuf = realloc(rbuf, rcap);
        if (!rbuf) die("realloc");
    }
    for (;;) {
        ssize_t n = read(port, rbuf + rlen, rcap - rlen);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) die("read from the control port");
        rlen += (size_t)n;
        return n > 0;
    }
}

static uint32_t get32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Length of the first complete frame in the buffer (header included), or 0 if none yet. */
static size_t frame_ready(void) {
    if (rlen < 4) return 0;
    uint32_t len = get32(rbuf);
    if (len == 0 || len > MAX_FRAME) {
        errno = EPROTO;
        die("bad frame length");
    }
    return rlen >= 4 + (size_t)len ? 4 + (size_t)len : 0;
}

static void consume(size_t n) {
    memmove(rbuf, rbuf + n, rlen - n);
    rlen -= n;
}

/* Payload cursor: every read is bounds-checked; a short frame is a protocol error. */
struct cur { const unsigned char *p, *end; };

static void need(struct cur *c, size_t n) {
    if ((size_t)(c->end - c->p) < n) {
        errno = EPROTO;
        die("truncated request");
    }
}

static uint32_t take32(struct cur *c) {
    need(c, 4);
    uint32_t v = get32(c->p);
    c->p += 4;
    return v;
}

static uint64_t take64(struct cur *c) {
    uint64_t lo = take32(c);
    return lo | (uint64_t)take32(c) << 32;
}

static unsigned take8(struct cur *c) {
    need(c, 1);
    return *c->p++;
}

/* A length-prefixed byte string, copied out NUL-terminated (callers free it). */
static char *take_str(struct cur *c, uint32_t *lenp) {
    uint32_t len = take32(c);
    need(c, len);
    char *s = malloc((size_t)len + 1);
    if (!s) die("malloc");
    memcpy(s, c->p, len);
    s[len] = 0;
    c->p += len;
    if (lenp) *lenp = len;
    return s;
}

/* ---- requests ------------------------------------------------------------------------------- */

static int mkdir_parents(const char *path) {
    char *copy = strdup(path);
    if (!copy) return -1;
    for (char *s = copy + 1; *s; s++) {
        if (*s != '/') continue;
        *s = 0;
        if (mkdir(copy, 0755) < 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
        *s = '/';
    }
    free(copy);
    return 0;
}

/* SET_TIME: i64 seconds, u32 nanoseconds, bytes seed for the random pool. */
static void set_time(struct cur *c) {
    struct timespec ts;
    ts.tv_sec = (time_t)take64(c);
    ts.tv_nsec = (long)take32(c);
    uint32_t len = take32(c);
    need(c, len);
    if (clock_settime(CLOCK_REALTIME, &ts) < 0) {
        send_error(errno, "clock_settime");
        return;
    }
    if (len > 0) {
        struct rand_pool_info *info = malloc(sizeof *info + len);
        if (!info) die("malloc");
        info->entropy_count = (int)(len * 8);
        info->buf_size = (int)len;
        memcpy(info->buf, c->p, len);
        int fd = open("/dev/urandom", O_WRONLY | O_CLOEXEC);
        int rc = fd < 0 ? -1 : ioctl(fd, RNDADDENTROPY, info);
        int err = errno;
        if (fd >= 0) close(fd);
        free(info);
        if (rc < 0) {
            send_error(err, "RNDADDENTROPY");
            return;
        }
    }
    send_ok();
}

static char **take_strv(struct cur *c) {
    uint32_t n = take32(c);
    if (n > (uint32_t)(c->end - c->p) / 4) {
        errno = EPROTO;
        die("bad vector length");
    }
    char **v = calloc((size_t)n + 1, sizeof *v);
    if (!v) die("calloc");
    for (uint32_t i = 0; i < n; i++) v[i] = take_str(c, NULL);
    return v;
}

static void free_strv(char **v) {
    for (char **p = v; *p; p++) free(*p);
    free(v);
}

/* Forwards what a child's output pipe has; returns 0 at EOF. */
static int forward(int fd, int type) {
    char buf[65536];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return 1;
    if (n <= 0) return 0;
    send_frame(type, buf, (size_t)n, NULL, 0);
    return 1;
}

/* The running program's stdin: a non-blocking pipe and the data it has not taken yet. While data
 * is pending no more frames are read from the port, so a program that does not read its stdin
 * holds back only the host, never its own output. */
struct feed {
    int fd;
    unsigned char *pending;
    size_t len, off;
};

static void feed_close(struct feed *f) {
    if (f->fd >= 0) close(f->fd);
    f->fd = -1;
    free(f->pending);
    f->pending = NULL;
    f->len = f->off = 0;
}

/* Writes what the pipe takes now; a write error (the program closed its stdin) ends the feed. */
static void feed_write(struct feed *f) {
    while (f->off < f->len) {
        ssize_t w = write(f->fd, f->pending + f->off, f->len - f->off);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && errno == EAGAIN) return;
        if (w < 0) {
            feed_close(f);
            return;
        }
        f->off += (size_t)w;
    }
    free(f->pending);
    f->pending = NULL;
    f->len = f->off = 0;
}

/* Handles the STDIN frames in the buffer while the pipe keeps up: data goes to the program's
 * stdin, an empty frame closes it; frames for a closed stdin are dropped. */
static void feed_stdin(struct feed *f) {
    size_t n;
    while (f->len == 0 && (n = frame_ready()) > 0) {
        if (rbuf[4] != REQ_STDIN) {
            errno = EPROTO;
            die("only STDIN frames may come during a run");
        }
        size_t len = n - 5;
        if (f->fd >= 0 && len == 0) {
            feed_close(f);
        } else if (f->fd >= 0) {
            f->pending = malloc(len);
            if (!f->pending) die("malloc");
            memcpy(f->pending, rbuf + 5, len);
            f->len = len;
            feed_write(f);
        }
        consume(n);
    }
}

/* ---- tracing (RUN_TRACED) -------------------------------------------------------------------- */

/* How the memory behind one argument is copied for the host's formatter (the capture plan). */
enum { CAP_NONE, CAP_CSTR, CAP_IN, CAP_OUT, CAP_BOTH, CAP_STRV, CAP_IOV_IN, CAP_IOV_OUT };
enum { SRC_RESULT = 6, SRC_FIXED = 0xff };
#define PLAN_NRS 512
#define STRV_STRINGS 33
#define STRV_STRLEN 256
#define IOV_MAX_SHOWN 32

struct capture { uint8_t op, reg, src; uint32_t size; };

/* One traced process: the call it is in (from its entry stop) and the memory copied so far. */
struct tracee {
    pid_t pid;
    int started, in_call;
    uint64_t nr, args[6];
    unsigned char *snips;
    size_t slen, scap;
    uint32_t nsnips;
    struct tracee *next;
};

struct tracer {
    struct capture (*plan)[6];
    struct tracee *list;
    pid_t main;
    int main_done;
};

/* Reads the capture plan that ends a RUN_TRACED request: u32 count, then per syscall u16 number
 * and six captures of u8 op, u8 register, u8 size source, u32 size. */
static struct tracer *tracer_new(struct cur *c) {
    struct tracer *tr = calloc(1, sizeof *tr);
    if (!tr || !(tr->plan = calloc(PLAN_NRS, sizeof *tr->plan))) die("calloc");
    uint32_t n = take32(c);
    for (uint32_t i = 0; i < n; i++) {
        need(c, 2);
        unsigned nr = (unsigned)c->p[0] | (unsigned)c->p[1] << 8;
        c->p += 2;
        for (int a = 0; a < 6; a++) {
            struct capture cap;
            cap.op = (uint8_t)take8(c);
            cap.reg = (uint8_t)take8(c);
            cap.src = (uint8_t)take8(c);
            cap.size = take32(c);
            int src_ok = cap.src <= SRC_RESULT || cap.src == SRC_FIXED;
            if (cap.op == CAP_IOV_IN || cap.op == CAP_IOV_OUT) src_ok = cap.src < 6; // the count's register
            if (nr < PLAN_NRS && cap.reg < 6 && src_ok) tr->plan[nr][a] = cap;
        }
    }
    return tr;
}

static void tracer_free(struct tracer *tr) {
    while (tr->list) {
        struct tracee *t = tr->list;
        tr->list = t->next;
        free(t->snips);
        free(t);
    }
    free(tr->plan);
    free(tr);
}

static struct tracee *tracee_get(struct tracer *tr, pid_t pid) {
    for (struct tracee *t = tr->list; t; t = t->next) {
        if (t->pid == pid) return t;
    }
    struct tracee *t = calloc(1, sizeof *t);
    if (!t) die("calloc");
    t->pid = pid;
    t->next = tr->list;
    tr->list = t;
    return t;
}

static void tracee_remove(struct tracer *tr, struct tracee *gone) {
    for (struct tracee **pp = &tr->list; *pp; pp = &(*pp)->next) {
        if (*pp == gone) {
            *pp = gone->next;
            free(gone->snips);
            free(gone);
            return;
        }
    }
}

/* Copies up to len bytes at addr of process pid; stops at the first unreadable page. */
static size_t read_remote(pid_t pid, uint64_t addr, void *buf, size_t len) {
    struct iovec local = {buf, len}, remote[8];
    size_t done = 0;
    while (done < len) {
        int n = 0;
        size_t batch = 0;
        for (uint64_t a = addr + done; n < 8 && done + batch < len; n++) {
            size_t chunk = 4096 - (size_t)(a & 4095);
            if (chunk > len - done - batch) chunk = len - done - batch;
            remote[n].iov_base = (void *)(uintptr_t)a;
            remote[n].iov_len = chunk;
            a += chunk;
            batch += chunk;
        }
        local.iov_base = (char *)buf + done;
        local.iov_len = batch;
        ssize_t got = process_vm_readv(pid, &local, 1, remote, (unsigned long)n, 0);
        if (got <= 0) break;
        done += (size_t)got;
        if ((size_t)got < batch) break;
    }
    return done;
}

/* Appends a copy of up to len bytes at addr (u64 address, bytes data) to the tracee's snippets;
 * cstr keeps them only up to the first NUL. Returns the bytes kept. */
static size_t snip(struct tracee *t, uint64_t addr, size_t len, int cstr) {
    if (addr == 0 || len == 0) return 0;
    if (t->scap - t->slen < 12 + len) {
        while (t->scap - t->slen < 12 + len) t->scap = t->scap ? t->scap * 2 : 65536;
        t->snips = realloc(t->snips, t->scap);
        if (!t->snips) die("realloc");
    }
    unsigned char *h = t->snips + t->slen;
    size_t got = read_remote(t->pid, addr, h + 12, len);
    if (cstr) {
        unsigned char *nul = memchr(h + 12, 0, got);
        if (nul) got = (size_t)(nul - (h + 12)) + 1;
    }
    if (got == 0) return 0;
    put32(h, (uint32_t)addr);
    put32(h + 4, (uint32_t)(addr >> 32));
    put32(h + 8, (uint32_t)got);
    t->slen += 12 + got;
    t->nsnips++;
    return got;
}

static uint64_t get64(const unsigned char *p) { return get32(p) | (uint64_t)get32(p + 4) << 32; }

/* Copies what one argument points to, at the entry (exit = 0) or the exit stop of its call. */
static void capture_arg(struct tracee *t, const struct capture *cap, int exit, int64_t result) {
    uint64_t addr = t->args[cap->reg];
    int failed = result < 0 && result >= -4095;
    uint64_t len = cap->size;
    if (cap->src < 6) len = t->args[cap->src] < len ? t->args[cap->src] : len;
    if (cap->src == SRC_RESULT) len = failed ? 0 : (uint64_t)result < len ? (uint64_t)result : len;
    switch (cap->op) {
        case CAP_CSTR: if (!exit) snip(t, addr, cap->size, 1); break;
        case CAP_IN: if (!exit) snip(t, addr, len, 0); break;
        case CAP_OUT: if (exit && !failed) snip(t, addr, len, 0); break;
        case CAP_BOTH: snip(t, addr, len, 0); break;
        case CAP_STRV: {
            if (exit) break;
            size_t off = t->slen + 12, got = snip(t, addr, (size_t)cap->size * 8, 0);
            for (size_t i = 0; i + 8 <= got && i < 8 * STRV_STRINGS; i += 8) {
                uint64_t s = get64(t->snips + off + i);
                if (s == 0) break;
                snip(t, s, STRV_STRLEN, 1);
            }
            break;
        }
        case CAP_IOV_IN:
        case CAP_IOV_OUT: {
            if (exit != (cap->op == CAP_IOV_OUT) || (exit && failed)) break;
            uint64_t count = t->args[cap->src] < IOV_MAX_SHOWN ? t->args[cap->src] : IOV_MAX_SHOWN;
            size_t off = t->slen + 12, got = snip(t, addr, (size_t)count * 16, 0);
            for (size_t i = 0; i + 16 <= got; i += 16) {
                uint64_t base = get64(t->snips + off + i), ilen = get64(t->snips + off + i + 8);
                snip(t, base, ilen < cap->size ? ilen : cap->size, 0);
            }
            break;
        }
        default: break;
    }
}

static void capture_call(struct tracer *tr, struct tracee *t, int exit, int64_t result) {
    if (t->nr >= PLAN_NRS) return;
    for (int a = 0; a < 6; a++) capture_arg(t, &tr->plan[t->nr][a], exit, result);
}

/* SYSCALL: u32 pid, u32 number, u64 args[6], i64 result, u8 returned, u32 count, then count
 * copies of guest memory (u64 address, bytes data), those of the entry stop first. */
static void send_call(struct tracee *t, int returned, int64_t result) {
    unsigned char head[4 + 4 + 48 + 8 + 1 + 4];
    put32(head, (uint32_t)t->pid);
    put32(head + 4, (uint32_t)t->nr);
    for (int i = 0; i < 6; i++) {
        put32(head + 8 + 8 * i, (uint32_t)t->args[i]);
        put32(head + 12 + 8 * i, (uint32_t)(t->args[i] >> 32));
    }
    put32(head + 56, (uint32_t)(uint64_t)result);
    put32(head + 60, (uint32_t)((uint64_t)result >> 32));
    head[64] = (unsigned char)returned;
    put32(head + 65, t->nsnips);
    send_frame(REP_SYSCALL, head, sizeof head, t->snips, t->slen);
    t->slen = 0;
    t->nsnips = 0;
    t->in_call = 0;
}

/* A syscall-entry or -exit stop: remember the call at entry, send it at exit. */
static void syscall_stop(struct tracer *tr, struct tracee *t) {
    struct __ptrace_syscall_info info;
    if (ptrace(PTRACE_GET_SYSCALL_INFO, t->pid, (void *)sizeof info, &info) <= 0) return;
    if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
        t->in_call = 1;
        t->nr = info.entry.nr;
        memcpy(t->args, info.entry.args, sizeof t->args);
        t->slen = 0;
        t->nsnips = 0;
        capture_call(tr, t, 0, 0);
    } else if (info.op == PTRACE_SYSCALL_INFO_EXIT && t->in_call) {
        capture_call(tr, t, 1, info.exit.rval);
        send_call(t, 1, info.exit.rval);
    }
}

/* Handles every pending stop and end of the traced processes (after SIGCHLD): records calls,
 * passes signals on, follows new processes. The run has ended (*exited) when the program and
 * every process it started are gone, as with strace -f; *wstatus is the program's own status. */
static void trace_reap(struct tracer *tr, int *wstatus, int *exited) {
    int ws;
    pid_t w;
    while ((w = waitpid(-1, &ws, WNOHANG | __WALL)) > 0) {
        struct tracee *t = tracee_get(tr, w);
        if (WIFEXITED(ws) || WIFSIGNALED(ws)) {
            if (t->in_call) send_call(t, 0, 0);
            if (t->started) {
                unsigned char head[9];
                put32(head, (uint32_t)w);
                head[4] = WIFSIGNALED(ws) ? 1 : 0;
                put32(head + 5, (uint32_t)(WIFSIGNALED(ws) ? WTERMSIG(ws) : WEXITSTATUS(ws)));
                send_frame(REP_TRACE_EXIT, head, sizeof head, NULL, 0);
            }
            tracee_remove(tr, t);
            if (w == tr->main) {
                *wstatus = ws;
                tr->main_done = 1;
            }
            continue;
        }
        if (!WIFSTOPPED(ws)) continue;
        int sig = WSTOPSIG(ws), deliver = 0;
        siginfo_t si;
        if (sig == (SIGTRAP | 0x80)) {
            syscall_stop(tr, t);
        } else if (!t->started) {
            // The program's stop after its execve, or a new process's first SIGSTOP.
            t->started = 1;
            if (w == tr->main) {
                ptrace(PTRACE_SETOPTIONS, w, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK
                        | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC);
            }
        } else if (ws >> 16 == 0 && ptrace(PTRACE_GETSIGINFO, w, 0, &si) == 0) {
            deliver = sig; // a signal for the process (not an event or a group-stop): pass it on
        }
        ptrace(PTRACE_SYSCALL, w, 0, deliver);
    }
    *exited = tr->main_done && !tr->list;
}

/* RUN: str path, strv argv, strv env, str cwd, u8 stdin mode (0 /dev/null, 1 STDIN frames);
 * RUN_TRACED (traced) adds the capture plan and streams SYSCALL and TRACE_EXIT frames. */
static void run(struct cur *c, int sigfd, int traced) {
    char *path = take_str(c, NULL);
    char **argv = take_strv(c);
    char **envp = take_strv(c);
    char *cwd = take_str(c, NULL);
    unsigned stdin_mode = take8(c);
    struct tracer *tr = traced ? tracer_new(c) : NULL;
    int out[2] = {-1, -1}, err[2] = {-1, -1}, in[2] = {-1, -1}, status[2] = {-1, -1};
    if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0 || pipe2(status, O_CLOEXEC) < 0
            || (stdin_mode == 1 && pipe2(in, O_CLOEXEC) < 0)) {
        send_error(errno, "pipe");
        goto done;
    }
    pid_t pid = fork();
    if (pid < 0) {
        send_error(errno, "fork");
        goto done;
    }
    if (pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGPIPE, SIG_DFL);
        setsid();
        int fin = stdin_mode == 1 ? in[0] : open("/dev/null", O_RDONLY);
        if (fin < 0 || dup2(fin, 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0) _exit(127);
        // The host's working directory does not exist in the guest yet (no 9P share): make it.
        if (chdir(cwd) < 0 && (mkdir_parents(cwd) < 0 || (mkdir(cwd, 0755) < 0 && errno != EEXIST)
                || chdir(cwd) < 0)) {
            int e = errno;
            write(status[1], &e, sizeof e);
            _exit(127);
        }
        if (tr) ptrace(PTRACE_TRACEME, 0, 0, 0);
        execve(path, argv, envp);
        int e = errno;
        write(status[1], &e, sizeof e);
        _exit(127);
    }
    if (tr) tr->main = pid;
    close(out[1]);
    close(err[1]);
    close(status[1]);
    out[1] = err[1] = status[1] = -1;
    if (in[0] >= 0) {
        close(in[0]);
        in[0] = -1;
    }
    int exec_errno = 0;
    ssize_t got;
    while ((got = read(status[0], &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR) {}
    if (got != (ssize_t)sizeof exec_errno) exec_errno = 0;
    fcntl(out[0], F_SETFL, O_NONBLOCK);
    fcntl(err[0], F_SETFL, O_NONBLOCK);

    int out_open = 1, err_open = 1, wstatus = 0, exited = 0, port_open = 1;
    struct feed feed = {in[1], NULL, 0, 0};
    in[1] = -1;
    if (feed.fd >= 0) fcntl(feed.fd, F_SETFL, O_NONBLOCK);
    feed_stdin(&feed); // STDIN frames that came with the request
    while (out_open || err_open || !exited) {
        struct pollfd p[5] = {
            {out_open ? out[0] : -1, POLLIN, 0}, {err_open ? err[0] : -1, POLLIN, 0},
            {sigfd, POLLIN, 0}, {port_open && feed.len == 0 ? port : -1, POLLIN, 0},
            {feed.len > 0 ? feed.fd : -1, POLLOUT, 0},
        };
        // Once the child is gone, a grandchild may still hold the pipes: drain what is there, stop.
        int rc = poll(p, 5, exited ? 0 : -1);
        if (rc < 0 && errno == EINTR) continue;
        if (rc < 0) die("poll");
        if (rc == 0) break;
        if (p[0].revents) out_open = forward(out[0], REP_STDOUT);
        if (p[1].revents) err_open = forward(err[0], REP_STDERR);
        if (p[2].revents) {
            struct signalfd_siginfo si;
            while (read(sigfd, &si, sizeof si) < 0 && errno == EINTR) {}
            if (tr) trace_reap(tr, &wstatus, &exited);
            int ws;
            pid_t w;
            while (!tr && (w = waitpid(-1, &ws, WNOHANG)) > 0) {
                if (w == pid) {
                    wstatus = ws;
                    exited = 1;
                }
            }
        }
        if (p[4].revents) {
            feed_write(&feed);
            feed_stdin(&feed); // frames that waited for the pipe
        }
        if (p[3].revents) {
            if (fill()) {
                feed_stdin(&feed);
            } else {
                // The host went away (e.g. jlinux was interrupted): end the program, keep serving.
                port_open = 0;
                kill(-pid, SIGKILL);
            }
        }
    }
    feed_close(&feed);
    if (exec_errno) {
        send_error(exec_errno, "execve");
    } else {
        unsigned char head[5];
        head[0] = WIFSIGNALED(wstatus) ? 1 : 0;
        put32(head + 1, (uint32_t)(WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : WEXITSTATUS(wstatus)));
        send_frame(REP_EXIT, head, 5, NULL, 0);
    }
done:
    for (int i = 0; i < 2; i++) {
        if (out[i] >= 0) close(out[i]);
        if (err[i] >= 0) close(err[i]);
        if (in[i] >= 0) close(in[i]);
        if (status[i] >= 0) close(status[i]);
    }
    free(path);
    free_strv(argv);
    free_strv(envp);
    free(cwd);
    if (tr) tracer_free(tr);
}

/* ---- start-up ------------------------------------------------------------------------------- */

static int by_name(const struct dirent **a, const struct dirent **b) {
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Parameters for module NAME from the kernel command line ("NAME.key=value" becomes "key=value"),
 * as modprobe would collect them: the kernel applies them only to built-in code. */
static void module_params(const char *name, char *out, size_t cap) {
    char cmdline[4096] = {0};
    int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, cmdline, sizeof cmdline - 1);
        if (n < 0) n = 0;
        cmdline[n] = 0;
        close(fd);
    }
    out[0] = 0;
    size_t nlen = strlen(name), used = 0;
    for (char *tok = strtok(cmdline, " \n"); tok; tok = strtok(NULL, " \n")) {
        if (strncmp(tok, name, nlen) == 0 && tok[nlen] == '.') {
            int w = snprintf(out + used, cap - used, "%s%s", used ? " " : "", tok + nlen + 1);
            if (w < 0 || (size_t)w >= cap - used) break;
            used += (size_t)w;
        }
    }
}

/* Loads every NN-name.ko in MODULE_DIR, in name order. */
static void load_modules(void) {
    struct dirent **list;
    int n = scandir(MODULE_DIR, &list, NULL, by_name);
    if (n < 0) return;
    for (int i = 0; i < n; i++) {
        const char *file = list[i]->d_name;
        size_t len = strlen(file);
        if (len > 3 && strcmp(file + len - 3, ".ko") == 0) {
            char path[512], name[256], params[1024];
            snprintf(path, sizeof path, "%s/%s", MODULE_DIR, file);
            const char *dash = strchr(file, '-');
            snprintf(name, sizeof name, "%.*s", (int)(file + len - 3 - (dash ? dash + 1 : file)),
                    dash ? dash + 1 : file);
            module_params(name, params, sizeof params);
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0 || syscall(SYS_finit_module, fd, params, 0) < 0) {
                if (errno != EEXIST) logmsg("loading %s: %s", file, strerror(errno));
            }
            if (fd >= 0) close(fd);
        }
        free(list[i]);
    }
    free(list);
}

static void mount_fs(const char *source, const char *target, const char *type, unsigned long flags) {
    mkdir(target, 0755);
    if (mount(source, target, type, flags, NULL) < 0 && errno != EBUSY) logmsg("mount %s: %s", target, strerror(errno));
}

/* The /dev node of the virtio-serial port named NAME (no udev: read sysfs), waiting for it. */
static int open_port(const char *name) {
    for (int tries = 0; tries < 1000; tries++) {
        DIR *d = opendir("/sys/class/virtio-ports");
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (e->d_name[0] == '.') continue;
            char path[512], port_name[128] = {0};
            snprintf(path, sizeof path, "/sys/class/virtio-ports/%s/name", e->d_name);
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0) continue;
            ssize_t n = read(fd, port_name, sizeof port_name - 1);
            close(fd);
            if (n > 0 && port_name[n - 1] == '\n') port_name[n - 1] = 0;
            if (strcmp(name, port_name) != 0) continue;
            snprintf(path, sizeof path, "/dev/%s", e->d_name);
            closedir(d);
            fd = open(path, O_RDWR | O_CLOEXEC);
            if (fd < 0) {
                int e = errno;
                logmsg("%s: %s", path, strerror(e));
                errno = e;
            }
            return fd;
        }
        if (d) closedir(d);
        usleep(10000);
    }
    logmsg("no virtio-serial port named %s", name);
    errno = ENODEV;
    return -1;
}

/* ---- the host's files over 9P (MOUNT_SHARE) ------------------------------------------------- */

static pid_t relay_pid = -1;
static char **share_binds; /* what the current share bind-mounted, to undo before the next */
static char **share_links; /* the symlinks it made */
static char *share_point;

/* Copies what one fd has to the other; 0 when the reading side is at its end or broken. */
static int relay_once(int from, int to) {
    static char buf[1 << 16];
    ssize_t n;
    while ((n = read(from, buf, sizeof buf)) < 0 && errno == EINTR) {}
    if (n <= 0) return 0;
    for (ssize_t off = 0; off < n;) {
        ssize_t w = write(to, buf + off, (size_t)(n - off));
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return 0;
        off += w;
    }
    return 1;
}

/* The relay process: bytes between the kernel's 9P socket and the port, until either side ends
 * (the host closing its end of the port reads as EOF here). */
static void relay(int sock, int ninep) {
    for (;;) {
        struct pollfd p[2] = {{sock, POLLIN, 0}, {ninep, POLLIN, 0}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR) continue;
            _exit(1);
        }
        if (p[0].revents && !relay_once(sock, ninep)) _exit(0);
        if (p[1].revents && !relay_once(ninep, sock)) _exit(0);
    }
}

/* Undoes the previous share: its relay, its bind mounts (newest first) and its 9P mount. */
static void unshare(void) {
    // Only while it is still our unreaped child: a reaped relay's pid may have been reused.
    if (relay_pid > 0 && waitpid(relay_pid, NULL, WNOHANG) == 0) {
        kill(relay_pid, SIGKILL);
        waitpid(relay_pid, NULL, 0);
    }
    relay_pid = -1;
    if (share_binds) {
        size_t n = 0;
        while (share_binds[n]) n++;
        while (n-- > 0) umount2(share_binds[n], MNT_DETACH);
        free_strv(share_binds);
        share_binds = NULL;
    }
    if (share_links) {
        for (char **l = share_links; *l; l++) unlink(*l);
        free_strv(share_links);
        share_links = NULL;
    }
    if (share_point) {
        umount2(share_point, MNT_DETACH);
        free(share_point);
        share_point = NULL;
    }
}

/* Undoes a share whose relay has ended (its host went away), so that the paths it covered are the
 * guest's own again for a session without a share. */
static void reap_share(void) {
    if (relay_pid > 0 && waitpid(relay_pid, NULL, WNOHANG) != 0) unshare();
}

/* MOUNT_SHARE: mounts the host's 9P server (on the port NINEP_PORT_NAME, through a relay process and
 * a socketpair, as trans=fd needs a socket) at a mount point, then bind-mounts directories of it
 * and makes symlinks so that the host's absolute paths resolve in the guest. */
static void mount_share(struct cur *c) {
    char *point = take_str(c, NULL);
    uint32_t msize = take32(c);
    char *cache = take_str(c, NULL);
    char **binds = take_strv(c);
    char **links = take_strv(c);
    const char *step = "open-9p-port";
    int sv[2] = {-1, -1}, ninep = -1;
    unshare();
    ninep = open_port(NINEP_PORT_NAME);
    if (ninep < 0) goto fail;
    step = "socketpair";
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) goto fail;
    step = "fork";
    pid_t pid = fork();
    if (pid < 0) goto fail;
    if (pid == 0) {
        close(sv[0]);
        close(port);
        relay(sv[1], ninep);
    }
    relay_pid = pid;
    close(sv[1]);
    sv[1] = -1;
    close(ninep);
    ninep = -1;
    char opts[256];
    snprintf(opts, sizeof opts, "trans=fd,rfdno=%d,wfdno=%d,version=9p2000.L,msize=%u,cache=%s", sv[0], sv[0],
            msize, cache);
    step = "mount-9p";
    if (mkdir_parents(point) < 0 || (mkdir(point, 0755) < 0 && errno != EEXIST)
            || mount("jlinux", point, "9p", 0, opts) < 0) {
        goto fail;
    }
    share_point = point;
    point = NULL;
    close(sv[0]);
    sv[0] = -1;
    size_t nb = 0;
    while (binds[nb]) nb++;
    share_binds = calloc(nb + 1, sizeof *share_binds);
    if (!share_binds) die("calloc");
    for (size_t i = 0; i < nb; i++) {
        char src[4096];
        snprintf(src, sizeof src, "%s%s", share_point, binds[i]);
        step = "bind";
        if ((mkdir(binds[i], 0755) < 0 && errno != EEXIST) || mount(src, binds[i], NULL, MS_BIND | MS_REC, NULL) < 0) {
            logmsg("bind %s: %s", binds[i], strerror(errno));
            goto fail;
        }
        share_binds[i] = strdup(binds[i]);
    }
    step = "symlink";
    size_t nl = 0;
    while (links[nl]) nl++;
    share_links = calloc(nl / 2 + 1, sizeof *share_links);
    if (!share_links) die("calloc");
    for (size_t i = 0, made = 0; i + 1 < nl; i += 2) {
        if (symlink(links[i + 1], links[i]) == 0) {
            share_links[made++] = strdup(links[i]);
        } else if (errno != EEXIST) {
            goto fail;
        }
    }
    send_ok();
    goto done;
fail:
    send_error(errno, step);
    unshare();
done:
    if (sv[0] >= 0) close(sv[0]);
    if (sv[1] >= 0) close(sv[1]);
    if (ninep >= 0) close(ninep);
    free(point);
    free(cache);
    free_strv(binds);
    free_strv(links);
}

int main(void) {
    if (getpid() != 1) {
        fprintf(stderr, "jlinux-agent: runs as PID 1 of jlinux's VM only\n");
        return 1;
    }
    mount_fs("devtmpfs", "/dev", "devtmpfs", MS_NOSUID);
    // What udev (or Debian's initramfs init) adds to devtmpfs: the fd links.
    static const char *const fd_links[] = {"/dev/fd", "/proc/self/fd", "/dev/stdin", "/proc/self/fd/0",
                                           "/dev/stdout", "/proc/self/fd/1", "/dev/stderr", "/proc/self/fd/2"};
    for (size_t i = 0; i < sizeof fd_links / sizeof *fd_links; i += 2) {
        if (symlink(fd_links[i + 1], fd_links[i]) < 0 && errno != EEXIST) logmsg("symlink %s: %s", fd_links[i], strerror(errno));
    }
    int con = open("/dev/console", O_RDWR | O_CLOEXEC);
    if (con >= 0) {
        dup2(con, 1);
        dup2(con, 2);
    }
    mount_fs("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC);
    mount_fs("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC);
    mount_fs("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV);
    mount_fs("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV);
    load_modules();

    signal(SIGPIPE, SIG_IGN);
    // SIGCHLD ends runs; SIGIO says the host connected to the port (virtio_console sends it).
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGCHLD);
    sigaddset(&sigs, SIGIO);
    sigprocmask(SIG_BLOCK, &sigs, NULL);
    int sigfd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sigfd < 0) die("signalfd");

    port = open_port(PORT_NAME);
    if (port < 0) die("the control port");
    if (fcntl(port, F_SETOWN, getpid()) < 0 || fcntl(port, F_SETFL, fcntl(port, F_GETFL) | O_ASYNC) < 0) {
        die("O_ASYNC on the control port");
    }
    for (;;) {
        size_t n;
        while ((n = frame_ready()) == 0) {
            if (fill()) continue;
            // EOF: no host is connected. Sleep until one connects (SIGIO), checking now and then.
            struct pollfd p = {sigfd, POLLIN, 0};
            if (poll(&p, 1, 1000) > 0) {
                struct signalfd_siginfo si;
                while (read(sigfd, &si, sizeof si) > 0) {}
                while (waitpid(-1, NULL, WNOHANG) > 0) {}
            }
        }
        unsigned char *frame = malloc(n);
        if (!frame) die("malloc");
        memcpy(frame, rbuf, n);
        consume(n);
        struct cur c = {frame + 5, frame + n};
        reap_share();
        switch (frame[4]) {
            case REQ_PING: send_ok(); break;
            case REQ_RUN: run(&c, sigfd, 0); break;
            case REQ_RUN_TRACED: run(&c, sigfd, 1); break;
            case REQ_STDIN: break; // late stdin for a program that has finished
            case REQ_SET_TIME: set_time(&c); break;
            case REQ_MOUNT_SHARE: mount_share(&c); break;
            case REQ_QUIT:
                send_ok();
                power_off();
                break;
            default: send_error(EOPNOTSUPP, "unknown request"); break;
        }
        free(frame);
    }
}
