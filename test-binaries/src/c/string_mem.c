/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libc's string and memory functions (glibc's and musl's SIMD and word-at-a-time versions) over
 * lengths 0..300, alignments 0..63 of each pointer, overlapping moves and strings that end at the
 * last byte before an unmapped page, compared with byte-loop reference implementations. Built
 * with -fno-builtin (the libc functions are really called) and -fno-tree-loop-distribute-patterns
 * (the references stay byte loops).
 *
 * One line per function: the number of cases and, on failure, the first mismatch. The inputs come
 * from a fixed-seed generator, so the output is the same on every run.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tap.h"

#define MAXLEN 300
#define ALIGNS 64
#define SLACK 64
#define BUF (MAXLEN + ALIGNS + 2 * SLACK + 64)

static unsigned char src_area[BUF] __attribute__((aligned(4096)));
static unsigned char dst_area[BUF] __attribute__((aligned(4096)));
static unsigned char ref_area[BUF] __attribute__((aligned(4096)));
static unsigned char tmp_area[BUF] __attribute__((aligned(4096)));

/* ---- Deterministic inputs -------------------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 32);
}

/* A nonzero byte other than avoid (0 avoids nothing extra). */
static unsigned char rng_byte_except(unsigned char avoid)
{
    unsigned char v = (unsigned char)(1 + rng() % 255);
    if (v == avoid)
        v = (unsigned char)(avoid % 255 + 1);
    return v;
}

/* The second pointer's alignment, varied with the first and the length so all pairs come up. */
static size_t other_align(size_t len, size_t a)
{
    return (a * 37 + len * 11) % ALIGNS;
}

/* ---- Byte-loop references ------------------------------------------------------------------- */

static size_t ref_strlen(const unsigned char *s)
{
    size_t n = 0;
    while (s[n] != 0)
        n++;
    return n;
}

/* Index of the first difference of two byte ranges, or n if they are equal. */
static size_t first_diff(const unsigned char *a, const unsigned char *b, size_t n)
{
    size_t i = 0;
    while (i < n && a[i] == b[i])
        i++;
    return i;
}

static void ref_fill(unsigned char *p, unsigned char v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = v;
}

static void ref_copy(unsigned char *d, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = s[i];
}

static int sign(long x)
{
    return (x > 0) - (x < 0);
}

static int ref_memcmp(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

static int ref_strncmp(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
        if (a[i] == 0)
            return 0;
    }
    return 0;
}

static long ref_strstr(const unsigned char *h, const unsigned char *n)
{
    size_t hl = ref_strlen(h), nl = ref_strlen(n);
    for (size_t i = 0; i + nl <= hl; i++)
        if (first_diff(h + i, n, nl) == nl)
            return (long)i;
    return -1;
}

static int in_set(unsigned char c, const unsigned char *set)
{
    for (size_t i = 0; set[i] != 0; i++)
        if (set[i] == c)
            return 1;
    return 0;
}

/* ---- Reporting ------------------------------------------------------------------------------- */

static long cases;
static int failures;
static char first_failure[256];

__attribute__((format(printf, 1, 2)))
static void fail(const char *fmt, ...)
{
    if (failures++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(first_failure, sizeof first_failure, fmt, ap);
        va_end(ap);
    }
}

static void report(const char *fn, const char *what)
{
    char why[400];
    snprintf(why, sizeof why, "%d of %ld cases wrong, first: %s", failures, cases, first_failure);
    ok_why(failures == 0, why, "%s: %ld cases (%s) match the byte-loop reference", fn, cases, what);
    cases = 0;
    failures = 0;
    first_failure[0] = '\0';
}

/* Checks that buf[0..n) equals want[0..n); names the first differing offset. */
static int check_window(const char *fn, size_t len, size_t a, size_t b, const unsigned char *got,
                        const unsigned char *want, size_t n)
{
    size_t i = first_diff(got, want, n);
    if (i == n)
        return 1;
    fail("len %zu align %zu/%zu: byte %zu of the window is 0x%02x, expected 0x%02x (%s)", len, a, b, i, got[i],
         want[i], fn);
    return 0;
}

/* A string of len nonzero bytes at s, terminated, followed by nonzero garbage. */
static void make_string(unsigned char *s, size_t len, unsigned char avoid)
{
    for (size_t i = 0; i < len; i++)
        s[i] = rng_byte_except(avoid);
    s[len] = 0;
    for (size_t i = len + 1; i < len + 1 + 32; i++)
        s[i] = rng_byte_except(0);
}

/* ---- memcpy, memmove, memset ----------------------------------------------------------------- */

static void check_memcpy(void)
{
    for (size_t i = 0; i < BUF; i++)
        src_area[i] = (unsigned char)rng();
    for (size_t len = 0; len <= MAXLEN; len++) {
        for (size_t sa = 0; sa < ALIGNS; sa++) {
            size_t da = other_align(len, sa);
            size_t window = da + len + SLACK;
            unsigned char guard = (unsigned char)(0xa5 ^ len ^ sa);
            ref_fill(dst_area, guard, window);
            ref_fill(ref_area, guard, window);
            ref_copy(ref_area + da, src_area + sa, len);
            void *ret = memcpy(dst_area + da, src_area + sa, len);
            cases++;
            if (ret != dst_area + da)
                fail("len %zu align %zu/%zu: returned dst%+td", len, sa, da, (unsigned char *)ret - (dst_area + da));
            else
                check_window("memcpy", len, sa, da, dst_area, ref_area, window);
        }
    }
    report("memcpy", "lengths 0..300 x source alignments 0..63, varied destination alignment");
}

static void check_memmove(void)
{
    for (size_t len = 0; len <= MAXLEN; len++) {
        for (int shift = -ALIGNS; shift <= ALIGNS; shift++) {
            size_t a = (len * 7 + (size_t)(shift + ALIGNS)) % ALIGNS;
            size_t s = a + SLACK, d = (size_t)((long)s + shift);
            size_t window = len + 2 * SLACK + ALIGNS;
            for (size_t i = 0; i < window; i++)
                dst_area[i] = ref_area[i] = (unsigned char)(i * 7 + len + (size_t)shift);
            ref_copy(tmp_area, ref_area + s, len);
            ref_copy(ref_area + d, tmp_area, len);
            void *ret = memmove(dst_area + d, dst_area + s, len);
            cases++;
            if (ret != dst_area + d)
                fail("len %zu shift %d: returned dst%+td", len, shift, (unsigned char *)ret - (dst_area + d));
            else
                check_window("memmove", len, s, d, dst_area, ref_area, window);
        }
    }
    report("memmove", "lengths 0..300 x overlaps -64..64 in both directions");
}

static void check_memset(void)
{
    for (size_t len = 0; len <= MAXLEN; len++) {
        for (size_t a = 0; a < ALIGNS; a++) {
            size_t window = a + len + SLACK;
            unsigned char value = (unsigned char)(len * 3 + a * 5);
            if (a % 16 == 0)
                value = 0;
            else if (a % 16 == 1)
                value = 0xff;
            unsigned char guard = (unsigned char)~value;
            ref_fill(dst_area, guard, window);
            ref_fill(ref_area, guard, window);
            ref_fill(ref_area + a, value, len);
            /* memset converts c to unsigned char: upper bits must be ignored. */
            void *ret = memset(dst_area + a, value | (a % 2 ? 0x1200 : 0), len);
            cases++;
            if (ret != dst_area + a)
                fail("len %zu align %zu: wrong return value", len, a);
            else
                check_window("memset", len, a, 0, dst_area, ref_area, window);
        }
    }
    report("memset", "lengths 0..300 x alignments 0..63, values 0x00 0xff and others");
}

/* ---- memcmp, strcmp, strncmp ------------------------------------------------------------------ */

/*
 * Two equal copies at alignments a and b; case k (0..3) leaves them equal or changes s2 at a
 * position p to a smaller or larger byte (high-bit bytes included: comparisons are unsigned).
 * Returns p or len if equal.
 */
static size_t make_pair(unsigned char *s1, unsigned char *s2, size_t len, int k, int strings)
{
    for (size_t i = 0; i < len + 32; i++)
        s1[i] = strings ? rng_byte_except(0) : (unsigned char)rng();
    if (strings)
        s1[len] = 0;
    ref_copy(s2, s1, len + 32);
    if (k == 0 || len == 0)
        return len;
    size_t p = k == 1 ? len - 1 : k == 2 ? 0 : rng() % len;
    unsigned char c = s1[p];
    unsigned char n = (unsigned char)(rng() & 1 ? c + 1 + rng() % 200 : c - 1 - rng() % 200);
    if (n == c || (strings && n == 0))
        n = (unsigned char)(c ^ 0x80);
    if (strings && n == 0)
        n = 1;
    s2[p] = n;
    for (size_t i = p + 1; i < len; i++) /* later bytes differ the other way */
        s2[i] = strings ? rng_byte_except(0) : (unsigned char)rng();
    return p;
}

static void check_memcmp(void)
{
    for (size_t len = 0; len <= MAXLEN; len++) {
        for (size_t a = 0; a < ALIGNS; a++) {
            size_t b = other_align(len, a);
            int k = (int)((len + a) % 4);
            unsigned char *s1 = src_area + a, *s2 = dst_area + b;
            make_pair(s1, s2, len, k, 0);
            int want = ref_memcmp(s1, s2, len);
            int got = sign(memcmp(s1, s2, len));
            int got_rev = sign(memcmp(s2, s1, len));
            cases++;
            if (got != want || got_rev != -want)
                fail("len %zu align %zu/%zu kind %d: sign %d/%d, expected %d/%d", len, a, b, k, got, got_rev, want,
                     -want);
        }
    }
    report("memcmp", "lengths 0..300 x alignments 0..63, equal or first difference at the start, end or middle");
}

static void check_strcmp(void)
{
    for (size_t len = 0; len <= MAXLEN; len++) {
        for (size_t a = 0; a < ALIGNS; a++) {
            size_t b = other_align(len, a);
            int k = (int)((len + a) % 5);
            unsigned char *s1 = src_area + a, *s2 = dst_area + b;
            make_pair(s1, s2, len, k == 4 ? 0 : k, 1);
            if (k == 4 && len > 0)
                s2[rng() % len] = 0; /* s2 is a proper prefix of s1 */
            int want = ref_strncmp(s1, s2, SIZE_MAX);
            int got = sign(strcmp((char *)s1, (char *)s2));
            int got_rev = sign(strcmp((char *)s2, (char *)s1));
            cases++;
            if (got != want || got_rev != -want)
                fail("len %zu align %zu/%zu kind %d: sign %d/%d, expected %d/%d", len, a, b, k, got, got_rev, want,
                     -want);
        }
    }
    report("strcmp", "lengths 0..300 x alignments 0..63, equal, differing, prefix");
}

static void check_strncmp(void)
{
    for (size_t len = 0; len <= MAXLEN; len++) {
        for (size_t a = 0; a < ALIGNS; a++) {
            size_t b = other_align(len, a);
            int k = (int)((len + a) % 4);
            unsigned char *s1 = src_area + a, *s2 = dst_area + b;
            size_t p = make_pair(s1, s2, len, k, 1);
            size_t ns[5] = { 0, p, p + 1, len + 10, SIZE_MAX };
            for (int j = 0; j < 5; j++) {
                size_t n = ns[j];
                int want = ref_strncmp(s1, s2, n);
                int got = sign(strncmp((char *)s1, (char *)s2, n));
                cases++;
                if (got != want)
                    fail("len %zu align %zu/%zu diff at %zu n %zu: sign %d, expected %d", len, a, b, p, n, got, want);
            }
        }
    }
    report("strncmp", "lengths 0..300 x alignments 0..63, n = 0, at, past the difference, SIZE_MAX");
}

/* ---- strlen, strnlen ------------------------------------------------------------------------- */

static void check_strlen(void)
{
    for (size_t len = 0; len <= MAXLEN; len++) {
        for (size_t a = 0; a < ALIGNS; a++) {
            unsigned char *s = src_area + a;
            make_string(s, len, 0);
            size_t got = strlen((char *)s);
            cases++;
            if (got != len)
                fail("len %zu align %zu: got %zu", len, a, got);
        }
    }
    report("strlen", "lengths 0..300 x alignments 0..63");
}

static void check_strnlen(void)
{
    for (size_t len = 0; len <= MAXLEN; len++) {
        for (size_t a = 0; a < ALIGNS; a++) {
            unsigned char *s = src_area + a;
            make_string(s, len, 0);
            size_t ns[6] = { 0, len / 2, len, len + 1, len + 17, SIZE_MAX };
            for (int j = 0; j < 6; j++) {
                size_t want = ns[j] < len ? ns[j] : len;
                size_t got = strnlen((char *)s, ns[j]);
                cases++;
                if (got != want)
                    fail("len %zu align %zu maxlen %zu: got %zu", len, a, ns[j], got);
            }
        }
    }
    report("strnlen", "lengths 0..300 x alignments 0..63, maxlen below, at and above the length");
}

/* ---- strchr, strrchr, strchrnul, memchr, memrchr ---------------------------------------------- */

/* Places c in s[0..len) zero, one or two times (kind 0..2); returns the first and last index. */
static void place(unsigned char *s, size_t len, unsigned char c, int kind, long *first, long *last)
{
    *first = *last = -1;
    if (len == 0 || kind == 0)
        return;
    size_t p = rng() % len;
    s[p] = c;
    *first = *last = (long)p;
    if (kind == 2 && p + 1 < len) {
        size_t q = p + 1 + rng() % (len - p - 1);
        s[q] = c;
        *last = (long)q;
    }
}

static long offset_of(const void *p, const unsigned char *base)
{
    return p == NULL ? -1 : (const unsigned char *)p - base;
}

static void check_strchr_family(void)
{
    static const char *names[3] = { "strchr", "strrchr", "strchrnul" };
    for (int fn = 0; fn < 3; fn++) {
        for (size_t len = 0; len <= MAXLEN; len++) {
            for (size_t a = 0; a < ALIGNS; a++) {
                unsigned char *s = src_area + a;
                unsigned char c = (unsigned char)(1 + (len * 3 + a * 7) % 255);
                make_string(s, len, c);
                long first, last;
                place(s, len, c, (int)((len + a) % 3), &first, &last);
                long got, want, got0;
                switch (fn) {
                case 0:
                    got = offset_of(strchr((char *)s, c), s);
                    want = first;
                    got0 = offset_of(strchr((char *)s, 0), s);
                    break;
                case 1:
                    got = offset_of(strrchr((char *)s, c), s);
                    want = last;
                    got0 = offset_of(strrchr((char *)s, 0), s);
                    break;
                default:
                    got = offset_of(strchrnul((char *)s, c), s);
                    want = first < 0 ? (long)len : first;
                    got0 = offset_of(strchrnul((char *)s, 0), s);
                    break;
                }
                cases++;
                if (got != want || got0 != (long)len)
                    fail("len %zu align %zu c 0x%02x: found at %ld, expected %ld; '\\0' at %ld", len, a, c, got,
                         want, got0);
            }
        }
        report(names[fn], "lengths 0..300 x alignments 0..63, absent, once, twice, and '\\0'");
    }
}

static void check_memchr_family(void)
{
    for (int fn = 0; fn < 2; fn++) {
        for (size_t len = 0; len <= MAXLEN; len++) {
            for (size_t a = 0; a < ALIGNS; a++) {
                unsigned char *s = src_area + a;
                unsigned char c = (unsigned char)((len * 5 + a * 3) % 256); /* 0 included */
                for (size_t i = 0; i < len + 32; i++) {
                    s[i] = (unsigned char)rng();
                    if (s[i] == c)
                        s[i] ^= 0x40;
                }
                if (a % 8 == 0)
                    s[len] = c; /* the byte just past the end must not be found */
                long first, last;
                place(s, len, c, (int)((len + a) % 3), &first, &last);
                long got, want, got_short, want_short;
                size_t n_short = first < 0 ? len : (size_t)first;
                if (fn == 0) {
                    got = offset_of(memchr(s, c, len), s);
                    want = first;
                    got_short = offset_of(memchr(s, c, n_short), s);
                    want_short = -1;
                } else {
                    got = offset_of(memrchr(s, c, len), s);
                    want = last;
                    /* memrchr over [last+1, len) finds nothing */
                    size_t from = last < 0 ? len : (size_t)last + 1;
                    got_short = offset_of(memrchr(s + from, c, len - from), s + from);
                    want_short = -1;
                }
                cases++;
                if (got != want || got_short != want_short)
                    fail("len %zu align %zu c 0x%02x: found at %ld/%ld, expected %ld/%ld", len, a, c, got, got_short,
                         want, want_short);
            }
        }
        report(fn == 0 ? "memchr" : "memrchr", "lengths 0..300 x alignments 0..63, absent, once, twice, n short");
    }
}

/* ---- strspn, strcspn --------------------------------------------------------------------------- */

static void make_set(unsigned char *set, size_t k)
{
    unsigned char perm[255];
    for (int i = 0; i < 255; i++)
        perm[i] = (unsigned char)(i + 1);
    for (size_t i = 0; i < k; i++) {
        size_t j = i + rng() % (255 - i);
        unsigned char t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        set[i] = perm[i];
    }
    set[k] = 0;
}

static void check_spn(void)
{
    unsigned char set_area[64 + 40] __attribute__((aligned(64)));
    for (int fn = 0; fn < 2; fn++) {
        for (size_t len = 0; len <= MAXLEN; len++) {
            for (size_t a = 0; a < ALIGNS; a++) {
                size_t k = (len + a * 3) % 24;
                unsigned char *set = set_area + (a * 5) % 64;
                make_set(set, k);
                unsigned char *s = src_area + a;
                size_t p = len == 0 ? 0 : rng() % (len + 1);
                for (size_t i = 0; i < len + 32; i++) {
                    int want_in = fn == 0 ? i < p : i >= p;
                    unsigned char v;
                    if (want_in && k > 0) {
                        v = set[rng() % k];
                    } else if (want_in) {
                        v = rng_byte_except(0); /* empty set: strcspn runs to the end */
                    } else {
                        do
                            v = rng_byte_except(0);
                        while (in_set(v, set));
                    }
                    s[i] = v;
                }
                s[len] = 0;
                size_t want = 0;
                while (s[want] != 0 && in_set(s[want], set) == (fn == 0))
                    want++;
                size_t got = fn == 0 ? strspn((char *)s, (char *)set) : strcspn((char *)s, (char *)set);
                cases++;
                if (got != want)
                    fail("len %zu align %zu set size %zu: got %zu, expected %zu", len, a, k, got, want);
            }
        }
        report(fn == 0 ? "strspn" : "strcspn", "lengths 0..300 x alignments 0..63, sets of 0..23 bytes");
    }
}

/* ---- strstr ----------------------------------------------------------------------------------- */

static void check_strstr(void)
{
    static const size_t needle_lens[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 64, 257 };
    const size_t nn = sizeof needle_lens / sizeof needle_lens[0];
    unsigned char needle_area[64 + 300] __attribute__((aligned(64)));
    for (size_t len = 0; len <= MAXLEN; len++) {
        for (size_t a = 0; a < ALIGNS; a += 3) {
            unsigned char *h = src_area + a;
            /* Mostly 'a' and 'b', some 'c': many partial matches. */
            for (size_t i = 0; i < len; i++) {
                uint32_t r = rng() % 16;
                h[i] = r < 7 ? 'a' : r < 15 ? 'b' : 'c';
            }
            h[len] = 0;
            for (int variant = 0; variant < 3; variant++) {
                size_t nl = needle_lens[(len + a + (size_t)variant * 5) % nn];
                unsigned char *n = needle_area + (a * 7 + (size_t)variant) % 64;
                if (variant == 0 && nl <= len) {
                    ref_copy(n, h + (len - nl == 0 ? 0 : rng() % (len - nl + 1)), nl); /* found */
                } else {
                    for (size_t i = 0; i < nl; i++)
                        n[i] = rng() % 8 ? 'a' : 'b';
                    if (variant == 2 && nl > 0)
                        n[nl - 1] = 'c';
                }
                n[nl] = 0;
                long want = ref_strstr(h, n);
                long got = offset_of(strstr((char *)h, (char *)n), h);
                cases++;
                if (got != want)
                    fail("haystack len %zu align %zu needle len %zu: found at %ld, expected %ld", len, a, nl, got,
                         want);
            }
        }
    }
    report("strstr", "haystacks of 0..300 a/b/c bytes x 22 alignments, needles of 0..257 bytes, found or not");
}

/* ---- strcpy, stpcpy, strncpy ------------------------------------------------------------------- */

static void check_strcpy_family(void)
{
    static const char *names[3] = { "strcpy", "stpcpy", "strncpy" };
    for (int fn = 0; fn < 3; fn++) {
        for (size_t len = 0; len <= MAXLEN; len++) {
            for (size_t sa = 0; sa < ALIGNS; sa++) {
                size_t da = other_align(len, sa);
                unsigned char *s = src_area + sa;
                make_string(s, len, 0);
                size_t n = 0, window = da + len + 32 + SLACK;
                unsigned char guard = (unsigned char)(0x5a ^ len ^ sa);
                ref_fill(dst_area, guard, window);
                ref_fill(ref_area, guard, window);
                char *ret;
                char *want_ret = (char *)dst_area + da;
                if (fn == 2) {
                    size_t ns[4] = { len / 2, len, len + 1, len + 25 };
                    n = ns[(len + sa) % 4];
                    for (size_t i = 0; i < n; i++)
                        ref_area[da + i] = i < len ? s[i] : 0;
                    ret = strncpy((char *)dst_area + da, (char *)s, n);
                } else {
                    ref_copy(ref_area + da, s, len + 1);
                    if (fn == 0) {
                        ret = strcpy((char *)dst_area + da, (char *)s);
                    } else {
                        ret = stpcpy((char *)dst_area + da, (char *)s);
                        want_ret += len;
                    }
                }
                cases++;
                if (ret != want_ret)
                    fail("len %zu align %zu/%zu n %zu: returned dst%+td, expected dst%+td", len, sa, da, n,
                         ret - (char *)dst_area - (ptrdiff_t)da, want_ret - (char *)dst_area - (ptrdiff_t)da);
                else
                    check_window(names[fn], len, sa, da, dst_area, ref_area, window);
            }
        }
        report(names[fn], fn == 2 ? "lengths 0..300 x alignments 0..63, n below, at and above, zero padding"
                                  : "lengths 0..300 x source alignments 0..63, varied destination alignment");
    }
}

/* ---- Strings that end at the last byte before an unmapped page --------------------------------- */

static void check_page_end(void)
{
    long page = sysconf(_SC_PAGESIZE);
    unsigned char *map = mmap(NULL, (size_t)page * 4, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!ok(map != MAP_FAILED, "mmap four pages for the page-end checks")
        || !is_long(mprotect(map + page, (size_t)page, PROT_NONE), 0, "mprotect the second page PROT_NONE")
        || !is_long(mprotect(map + 3 * page, (size_t)page, PROT_NONE), 0, "mprotect the fourth page PROT_NONE"))
        return;
    unsigned char *end1 = map + page, *end2 = map + 3 * page;
    for (size_t len = 0; len <= MAXLEN + 200; len++) {
        /* s and t hold the same string, each ending (terminator included) at its page end. */
        unsigned char *s = end1 - len - 1, *t = end2 - len - 1;
        for (size_t i = 0; i < len; i++)
            s[i] = rng_byte_except('z');
        s[len] = 0;
        ref_copy(t, s, len + 1);
        cases++;
        if (strlen((char *)s) != len)
            fail("strlen at page end, len %zu", len);
        if (strnlen((char *)s, len + 4096) != len)
            fail("strnlen at page end, len %zu", len);
        if (strchr((char *)s, 'z') != NULL || strrchr((char *)s, 'z') != NULL)
            fail("strchr/strrchr of an absent byte at page end, len %zu", len);
        if (strchrnul((char *)s, 'z') != (char *)s + len)
            fail("strchrnul at page end, len %zu", len);
        if (memchr(s, 'z', len + 1) != NULL || memrchr(s, 'z', len + 1) != NULL)
            fail("memchr/memrchr up to the page end, len %zu", len);
        if (memchr(s, 0, len + 1) != s + len)
            fail("memchr of the last byte before the page end, len %zu", len);
        if (strcmp((char *)s, (char *)t) != 0 || strncmp((char *)s, (char *)t, len + 100) != 0)
            fail("strcmp/strncmp of equal strings at page ends, len %zu", len);
        if (memcmp(s, t, len + 1) != 0)
            fail("memcmp up to the page ends, len %zu", len);
        if (len > 0) {
            t[len - 1] ^= 0x01;
            if (sign(strcmp((char *)s, (char *)t)) != ref_memcmp(s, t, len))
                fail("strcmp differing in the last byte at page ends, len %zu", len);
            t[len - 1] ^= 0x01;
        }
        if (strspn((char *)s, "z") != 0 || strcspn((char *)s, "z") != len)
            fail("strspn/strcspn at page end, len %zu", len);
        if (strstr((char *)s, "zz") != NULL)
            fail("strstr of an absent needle at page end, len %zu", len);
        unsigned char *d = map + 2 * page + (len * 13) % 64; /* in the third page */
        if (strcpy((char *)d, (char *)s) != (char *)d || first_diff(d, s, len + 1) != len + 1)
            fail("strcpy from a page end, len %zu", len);
        if (memcpy(end2 - len, s + 1, len) != end2 - len || first_diff(end2 - len, s + 1, len) != len)
            fail("memcpy up to both page ends, len %zu", len);
        if (memmove(end1 - len, end1 - len - (len > 0), len) != end1 - len)
            fail("memmove at a page end, len %zu", len);
        memset(end1 - len, 'q', len);
        if (len > 0 && (end1[-1] != 'q' || end1[-(long)len] != 'q'))
            fail("memset up to a page end, len %zu", len);
    }
    report("page end", "strings of 0..500 bytes ending at an unmapped page, 14 functions");
    munmap(map, (size_t)page * 4);
}

int main(void)
{
    tap_init();
    check_memcpy();
    check_memmove();
    check_memset();
    check_memcmp();
    check_strcmp();
    check_strncmp();
    check_strlen();
    check_strnlen();
    check_strchr_family();
    check_memchr_family();
    check_spn();
    check_strstr();
    check_strcpy_family();
    check_page_end();
    return tap_done();
}
