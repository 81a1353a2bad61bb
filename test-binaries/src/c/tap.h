/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Minimal TAP-style reporting shared by the C test programs.
 *
 * Every check prints exactly one line, "ok N - what" or "not ok N - what: got X, expected Y".
 * tap_done() prints "# P passed, F failed" and returns F (capped at 255) for main() to return.
 * Only verdicts and data that are deterministic for given inputs may be printed, so that a
 * native run and an emulated run produce byte-identical output.
 */
#ifndef JLINUX_TAP_H
#define JLINUX_TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_number;
static int tap_failures;

/* Line-buffered stdout: a crash in the middle still leaves every finished line visible. */
static inline void tap_init(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
}

static inline void tap_vline(int pass, const char *detail, const char *fmt, va_list ap)
{
    tap_number++;
    if (!pass)
        tap_failures++;
    printf("%s %d - ", pass ? "ok" : "not ok", tap_number);
    vprintf(fmt, ap);
    if (!pass && detail != NULL && detail[0] != '\0')
        printf(": %s", detail);
    putchar('\n');
}

__attribute__((format(printf, 2, 3)))
static inline int ok(int pass, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tap_vline(pass, NULL, fmt, ap);
    va_end(ap);
    return pass;
}

/* Like ok(), with a free-form explanation printed only on failure. */
__attribute__((format(printf, 3, 4)))
static inline int ok_why(int pass, const char *why, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tap_vline(pass, why, fmt, ap);
    va_end(ap);
    return pass;
}

__attribute__((format(printf, 3, 4)))
static inline int is_long(long long got, long long expected, const char *fmt, ...)
{
    char detail[96];
    va_list ap;
    snprintf(detail, sizeof detail, "got %lld, expected %lld", got, expected);
    va_start(ap, fmt);
    tap_vline(got == expected, detail, fmt, ap);
    va_end(ap);
    return got == expected;
}

__attribute__((format(printf, 3, 4)))
static inline int is_hex(unsigned long long got, unsigned long long expected, const char *fmt, ...)
{
    char detail[96];
    va_list ap;
    snprintf(detail, sizeof detail, "got 0x%llx, expected 0x%llx", got, expected);
    va_start(ap, fmt);
    tap_vline(got == expected, detail, fmt, ap);
    va_end(ap);
    return got == expected;
}

__attribute__((format(printf, 3, 4)))
static inline int is_str(const char *got, const char *expected, const char *fmt, ...)
{
    char detail[512];
    int pass = got != NULL && strcmp(got, expected) == 0;
    va_list ap;
    snprintf(detail, sizeof detail, "got \"%s\", expected \"%s\"", got ? got : "(null)", expected);
    va_start(ap, fmt);
    tap_vline(pass, detail, fmt, ap);
    va_end(ap);
    return pass;
}

static inline const char *tap_errno_name(int e)
{
    switch (e) {
    case 0: return "0";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENOTTY: return "ENOTTY";
    case ESPIPE: return "ESPIPE";
    case ERANGE: return "ERANGE";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";
    case ELOOP: return "ELOOP";
    case EOVERFLOW: return "EOVERFLOW";
    default: return NULL;
    }
}

static inline void tap_format_errno(char *out, size_t len, int e)
{
    const char *name = tap_errno_name(e);
    if (name != NULL)
        snprintf(out, len, "%s", name);
    else
        snprintf(out, len, "errno %d", e);
}

/*
 * Checks a libc-style failure: ret == -1 and errno == expected. Call it right after the
 * call under test so that errno is still the call's.
 */
__attribute__((format(printf, 3, 4)))
static inline int is_errno(long ret, int expected, const char *fmt, ...)
{
    int e = errno;
    char detail[128], got[32], want[32];
    int pass = ret == -1 && e == expected;
    va_list ap;
    tap_format_errno(got, sizeof got, e);
    tap_format_errno(want, sizeof want, expected);
    if (ret == -1)
        snprintf(detail, sizeof detail, "got -1/%s, expected -1/%s", got, want);
    else
        snprintf(detail, sizeof detail, "got %ld (success), expected -1/%s", ret, want);
    va_start(ap, fmt);
    tap_vline(pass, detail, fmt, ap);
    va_end(ap);
    return pass;
}

/* Checks a libc-style success: ret != -1 (and prints errno if not). */
__attribute__((format(printf, 2, 3)))
static inline int is_success(long ret, const char *fmt, ...)
{
    int e = errno;
    char detail[64], name[32];
    va_list ap;
    tap_format_errno(name, sizeof name, e);
    snprintf(detail, sizeof detail, "failed with %s", name);
    va_start(ap, fmt);
    tap_vline(ret != -1, detail, fmt, ap);
    va_end(ap);
    return ret != -1;
}

__attribute__((format(printf, 2, 3)))
static inline void skip(const char *reason, const char *fmt, ...)
{
    va_list ap;
    tap_number++;
    printf("ok %d - ", tap_number);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf(" # SKIP %s\n", reason);
}

__attribute__((format(printf, 1, 2)))
static inline void note(const char *fmt, ...)
{
    va_list ap;
    fputs("# ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static inline int tap_done(void)
{
    printf("# %d passed, %d failed\n", tap_number - tap_failures, tap_failures);
    fflush(stdout);
    return tap_failures > 255 ? 255 : tap_failures;
}

#endif
