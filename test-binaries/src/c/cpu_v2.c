/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The x86-64-v2 instruction set: CPUID, POPCNT, LAHF/SAHF, CMPXCHG16B, SSE3, SSSE3, SSE4.1 and
 * SSE4.2 (CRC32, PCMPxSTRx), plus BSF/BSR/TZCNT/LZCNT. Each instruction runs on fixed inputs
 * (a fixed-seed generator) through intrinsics, compiler-emitted code or inline assembly, and is
 * compared with a portable C reference; one line per instruction group, with the first mismatch on
 * failure.
 *
 * The host CPU may have more than the emulator reports (AVX, BMI1, LZCNT): no line depends on what
 * the CPU has beyond v2. Optional features are checked as implications ("AVX reported => XGETBV
 * shows the AVX state"), and TZCNT/LZCNT are checked against what CPUID says they are.
 *
 * Built with plain -O2 for the generic variants: functions that need an extension carry a target
 * attribute; the glibc-static-v2 variant also lets the compiler use v2 everywhere else.
 */
#if !defined(__x86_64__)
#error "cpu_v2 is an x86-64 test"
#endif

#include <cpuid.h>
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include "tap.h"

#define T_POPCNT __attribute__((target("popcnt"), noinline))
#define T_SSE3   __attribute__((target("sse3"), noinline))
#define T_SSSE3  __attribute__((target("ssse3"), noinline))
#define T_SSE41  __attribute__((target("sse4.1"), noinline))
#define T_SSE42  __attribute__((target("sse4.2"), noinline))
#define T_CX16   __attribute__((target("cx16"), noinline))
#define T_BMI    __attribute__((target("bmi"), noinline))
#define T_LZCNT  __attribute__((target("lzcnt"), noinline))

typedef union {
    __m128i v;
    __m128 ps;
    __m128d pd;
    uint8_t b[16];
    int8_t sb[16];
    uint16_t w[8];
    int16_t sw[8];
    uint32_t d[4];
    int32_t sd[4];
    uint64_t q[2];
    int64_t sq[2];
    float f[4];
    double df[2];
} vec;

/* ---- Deterministic inputs ---------------------------------------------------------------- */

static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
    rng_state = seed;
}

static uint64_t rng(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Random values with runs of zero or one bits, so edge cases come up often. */
static uint64_t rng_bits(void)
{
    uint64_t x = rng();
    switch (rng() % 6) {
    case 0: return x & (x >> 7) & (x >> 13);     /* sparse */
    case 1: return x | (x >> 5) | (x >> 11);     /* dense */
    case 2: return x >> (rng() % 64);            /* leading zeros */
    case 3: return x << (rng() % 64);            /* trailing zeros */
    default: return x;
    }
}

static vec rng_vec(void)
{
    vec v;
    v.q[0] = rng_bits();
    v.q[1] = rng_bits();
    return v;
}

/* ---- Grouped checks: one TAP line per group, the first mismatch explained ------------------ */

static int group_failures;
static char group_first[320];

__attribute__((format(printf, 1, 2)))
static void mismatch(const char *fmt, ...)
{
    if (group_failures++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(group_first, sizeof group_first, fmt, ap);
        va_end(ap);
    }
}

__attribute__((format(printf, 1, 2)))
static void group_done(const char *fmt, ...)
{
    char why[400], what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(why, sizeof why, "%d mismatches, first: %s", group_failures, group_first);
    ok_why(group_failures == 0, why, "%s", what);
    group_failures = 0;
    group_first[0] = '\0';
}

static void vec_hex(char *out, size_t len, const vec *v)
{
    snprintf(out, len, "%016llx%016llx", (unsigned long long)v->q[1], (unsigned long long)v->q[0]);
}

/* Compares two vectors; names the case on mismatch. */
static void check_vec(const char *what, int index, const vec *got, const vec *want)
{
    if (memcmp(got, want, sizeof *got) != 0) {
        char g[40], w[40];
        vec_hex(g, sizeof g, got);
        vec_hex(w, sizeof w, want);
        mismatch("%s case %d: got %s, expected %s", what, index, g, w);
    }
}

/* ---- CPUID --------------------------------------------------------------------------------- */

struct cpu {
    unsigned max_leaf, max_ext_leaf;
    unsigned ecx1, edx1, ebx7, ecx81, edx81;
    char vendor[13];
};

static struct cpu cpu;

static void read_cpuid(void)
{
    unsigned a, b, c, d;
    __cpuid(0, a, b, c, d);
    cpu.max_leaf = a;
    memcpy(cpu.vendor, &b, 4);
    memcpy(cpu.vendor + 4, &d, 4);
    memcpy(cpu.vendor + 8, &c, 4);
    cpu.vendor[12] = '\0';
    if (cpu.max_leaf >= 1) {
        __cpuid(1, a, b, c, d);
        cpu.ecx1 = c;
        cpu.edx1 = d;
    }
    if (cpu.max_leaf >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        cpu.ebx7 = b;
    }
    __cpuid(0x80000000, a, b, c, d);
    cpu.max_ext_leaf = a;
    if (cpu.max_ext_leaf >= 0x80000001) {
        __cpuid(0x80000001, a, b, c, d);
        cpu.ecx81 = c;
        cpu.edx81 = d;
    }
}

static int has_bmi1(void) { return (cpu.ebx7 >> 3) & 1; }
static int has_lzcnt(void) { return (cpu.ecx81 >> 5) & 1; }
static int has_avx(void) { return (cpu.ecx1 >> 28) & 1; }
static int has_osxsave(void) { return (cpu.ecx1 >> 27) & 1; }

static uint64_t xgetbv0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

static void check_cpuid(void)
{
    read_cpuid();
    ok(cpu.max_leaf >= 1, "CPUID max basic leaf >= 1");
    int printable = 1;
    for (int i = 0; i < 12; i++)
        if (cpu.vendor[i] < 0x20 || cpu.vendor[i] > 0x7e)
            printable = 0;
    ok(printable, "CPUID vendor string is 12 printable characters");

    static const struct { int reg; int bit; const char *name; } need[] = {
        { 'd', 8, "CX8" }, { 'd', 15, "CMOV" }, { 'd', 24, "FXSR" }, { 'd', 25, "SSE" },
        { 'd', 26, "SSE2" }, { 'c', 0, "SSE3" }, { 'c', 9, "SSSE3" }, { 'c', 13, "CMPXCHG16B" },
        { 'c', 19, "SSE4.1" }, { 'c', 20, "SSE4.2" }, { 'c', 23, "POPCNT" },
    };
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        unsigned reg = need[i].reg == 'c' ? cpu.ecx1 : cpu.edx1;
        ok((reg >> need[i].bit) & 1, "CPUID.1 reports %s", need[i].name);
    }
    ok(cpu.max_ext_leaf >= 0x80000001, "CPUID max extended leaf >= 0x80000001");
    ok((cpu.edx81 >> 29) & 1, "CPUID.80000001 reports long mode");
    ok(cpu.ecx81 & 1, "CPUID.80000001 reports LAHF/SAHF in 64-bit mode");

    /* Optional features: only implications that hold whether or not the CPU has them. */
    ok(!has_avx() || has_osxsave(), "AVX reported => OSXSAVE reported");
    int xgetbv_ok = 1;
    if (has_osxsave()) {
        uint64_t xcr0 = xgetbv0();
        xgetbv_ok = (xcr0 & 3) == 3 && (!has_avx() || (xcr0 & 4) != 0);
    }
    ok(xgetbv_ok, "OSXSAVE reported => XGETBV(0) shows x87+SSE state (and AVX state if AVX reported)");
    ok(!((cpu.ebx7 >> 5) & 1) || has_avx(), "AVX2 reported => AVX reported");
    ok(!__builtin_cpu_supports("avx") || (has_avx() && has_osxsave()),
       "__builtin_cpu_supports(avx) => CPUID AVX and OSXSAVE");

    static const char *builtins_ok[] = { "sse3", "ssse3", "sse4.1", "sse4.2", "popcnt" };
    int all = 1;
    char why[64] = "";
    for (size_t i = 0; i < sizeof builtins_ok / sizeof builtins_ok[0]; i++) {
        int s = 0;
        switch (i) {
        case 0: s = __builtin_cpu_supports("sse3"); break;
        case 1: s = __builtin_cpu_supports("ssse3"); break;
        case 2: s = __builtin_cpu_supports("sse4.1"); break;
        case 3: s = __builtin_cpu_supports("sse4.2"); break;
        case 4: s = __builtin_cpu_supports("popcnt"); break;
        }
        if (!s && all) {
            all = 0;
            snprintf(why, sizeof why, "%s not supported", builtins_ok[i]);
        }
    }
    ok_why(all, why, "__builtin_cpu_supports: sse3 ssse3 sse4.1 sse4.2 popcnt");
    ok(!!__builtin_cpu_supports("bmi") == has_bmi1(), "__builtin_cpu_supports(bmi) agrees with CPUID.7.EBX.BMI1");
    ok(!!__builtin_cpu_supports("lzcnt") == has_lzcnt(), "__builtin_cpu_supports(lzcnt) agrees with CPUID.80000001.ECX.LZCNT");

    unsigned mxcsr = _mm_getcsr();
    is_hex(mxcsr & ~0x3fu, 0x1f80, "MXCSR control bits at startup are 0x1f80");
}

/* ---- POPCNT --------------------------------------------------------------------------------- */

static int ref_popcount(uint64_t x)
{
    int n = 0;
    for (; x != 0; x >>= 1)
        n += (int)(x & 1);
    return n;
}

T_POPCNT static int cc_popcount64(uint64_t x) { return __builtin_popcountll(x); }
T_POPCNT static int cc_popcount32(uint32_t x) { return __builtin_popcount(x); }

static void check_popcnt(void)
{
    rng_seed(1);
    for (int i = 0; i < 2000; i++) {
        uint64_t x = i < 3 ? (uint64_t[]){ 0, ~0ULL, 1ULL << 63 }[i] : rng_bits();
        int want = ref_popcount(x);
        if (cc_popcount64(x) != want)
            mismatch("popcnt64(0x%llx) = %d, expected %d", (unsigned long long)x, cc_popcount64(x), want);
        if (cc_popcount32((uint32_t)x) != ref_popcount((uint32_t)x))
            mismatch("popcnt32(0x%x) = %d", (unsigned)x, cc_popcount32((uint32_t)x));
        uint64_t r;
        uint8_t zf, cf;
        __asm__("popcnt %[x], %[r]\n\tsetz %[z]\n\tsetc %[c]"
                : [r] "=r"(r), [z] "=q"(zf), [c] "=q"(cf) : [x] "rm"(x) : "cc");
        if ((int)r != want || zf != (x == 0) || cf != 0)
            mismatch("asm popcnt(0x%llx) = %d zf=%d cf=%d", (unsigned long long)x, (int)r, zf, cf);
        uint16_t r16;
        __asm__("popcnt %[x], %[r]" : [r] "=r"(r16) : [x] "rm"((uint16_t)x) : "cc");
        if (r16 != ref_popcount((uint16_t)x))
            mismatch("popcnt16(0x%x) = %d", (unsigned)(uint16_t)x, r16);
    }
    group_done("popcnt (16/32/64-bit, ZF and CF) on 2000 values");
}

/* ---- LAHF/SAHF and arithmetic flags ---------------------------------------------------------- */

static int parity_even(unsigned x)
{
    x &= 0xff;
    x ^= x >> 4;
    x ^= x >> 2;
    x ^= x >> 1;
    return !(x & 1);
}

/* Flags as LAHF lays them out (SF ZF 0 AF 0 PF 1 CF) plus OF in bit 11. */
static unsigned ref_flags8(unsigned x, unsigned y, int sub)
{
    unsigned r = sub ? x - y : x + y;
    unsigned f = 0x02;
    unsigned r8 = r & 0xff;
    if (sub ? x < y : r > 0xff) f |= 0x01;
    if (parity_even(r8)) f |= 0x04;
    if ((x ^ y ^ r) & 0x10) f |= 0x10;
    if (r8 == 0) f |= 0x40;
    if (r8 & 0x80) f |= 0x80;
    unsigned of = sub ? ((x ^ y) & (x ^ r) & 0x80) : ((x ^ r) & (y ^ r) & 0x80);
    if (of) f |= 0x800;
    return f;
}

static void check_lahf_sahf(void)
{
    for (unsigned ah = 0; ah < 256; ah++) {
        unsigned long ax = ah << 8;
        __asm__ volatile("sahf\n\tmov $0, %%ah\n\tlahf" : "+a"(ax) : : "cc");
        unsigned got = (ax >> 8) & 0xff, want = (ah & 0xd5) | 0x02;
        if (got != want)
            mismatch("sahf 0x%02x; lahf = 0x%02x, expected 0x%02x", ah, got, want);
    }
    group_done("sahf then lahf round-trips SF ZF AF PF CF for all 256 values");

    for (int sub = 0; sub < 2; sub++) {
        for (unsigned x = 0; x < 256; x++) {
            for (unsigned y = 0; y < 256; y++) {
                uint8_t a = (uint8_t)x, of;
                unsigned f;
                if (sub)
                    __asm__("subb %[y], %[a]\n\tseto %[o]\n\tlahf\n\tmovzbl %%ah, %k[f]"
                            : [a] "+q"(a), [o] "=q"(of), [f] "=Q"(f) : [y] "q"((uint8_t)y) : "rax", "cc");
                else
                    __asm__("addb %[y], %[a]\n\tseto %[o]\n\tlahf\n\tmovzbl %%ah, %k[f]"
                            : [a] "+q"(a), [o] "=q"(of), [f] "=Q"(f) : [y] "q"((uint8_t)y) : "rax", "cc");
                f |= (unsigned)of << 11;
                unsigned want = ref_flags8(x, y, sub);
                uint8_t want_r = (uint8_t)(sub ? x - y : x + y);
                if (f != want || a != want_r)
                    mismatch("%s 0x%02x, 0x%02x: result 0x%02x flags 0x%03x, expected 0x%02x 0x%03x",
                             sub ? "sub" : "add", x, y, a, f, want_r, want);
            }
        }
        group_done("8-bit %s: result and CF PF AF ZF SF (via lahf) and OF for all 65536 pairs", sub ? "sub" : "add");
    }
}

/* ---- BSF/BSR/TZCNT/LZCNT ---------------------------------------------------------------------- */

static int ref_ctz(uint64_t x, int width)
{
    int n = 0;
    while (n < width && !((x >> n) & 1))
        n++;
    return n;
}

static int ref_clz(uint64_t x, int width)
{
    int n = 0;
    while (n < width && !((x >> (width - 1 - n)) & 1))
        n++;
    return n;
}

T_BMI static int cc_ctz64(uint64_t x) { return __builtin_ctzll(x); }
T_LZCNT static int cc_clz64(uint64_t x) { return __builtin_clzll(x); }

static void check_bit_scan(void)
{
    rng_seed(2);
    for (int i = 0; i < 2000; i++) {
        uint64_t x = i == 0 ? 1 : i == 1 ? 1ULL << 63 : rng_bits();
        if (x == 0)
            x = 0x100;
        uint64_t r;
        uint8_t zf;
        __asm__("bsf %[x], %[r]\n\tsetz %[z]" : [r] "=r"(r), [z] "=q"(zf) : [x] "rm"(x) : "cc");
        if ((int)r != ref_ctz(x, 64) || zf)
            mismatch("bsf64(0x%llx) = %d zf=%d", (unsigned long long)x, (int)r, zf);
        __asm__("bsr %[x], %[r]\n\tsetz %[z]" : [r] "=r"(r), [z] "=q"(zf) : [x] "rm"(x) : "cc");
        if ((int)r != 63 - ref_clz(x, 64) || zf)
            mismatch("bsr64(0x%llx) = %d zf=%d", (unsigned long long)x, (int)r, zf);
        uint32_t x32 = (uint32_t)x | 0x80000000u >> (i % 32), r32;
        __asm__("bsf %[x], %[r]" : [r] "=r"(r32) : [x] "rm"(x32) : "cc");
        if ((int)r32 != ref_ctz(x32, 32))
            mismatch("bsf32(0x%x) = %d", x32, (int)r32);
        __asm__("bsr %[x], %[r]" : [r] "=r"(r32) : [x] "rm"(x32) : "cc");
        if ((int)r32 != 31 - ref_clz(x32, 32))
            mismatch("bsr32(0x%x) = %d", x32, (int)r32);
        uint16_t x16 = (uint16_t)(x32 | 1u << (i % 16)), r16;
        __asm__("bsf %[x], %[r]" : [r] "=r"(r16) : [x] "rm"(x16) : "cc");
        if (r16 != ref_ctz(x16, 16))
            mismatch("bsf16(0x%x) = %d", x16, r16);
        __asm__("bsr %[x], %[r]" : [r] "=r"(r16) : [x] "rm"(x16) : "cc");
        if (r16 != 15 - ref_clz(x16, 16))
            mismatch("bsr16(0x%x) = %d", x16, r16);
    }
    uint64_t zero = 0, r = 0;
    uint8_t zf;
    __asm__("bsf %[x], %[r]\n\tsetz %[z]" : [r] "+r"(r), [z] "=q"(zf) : [x] "rm"(zero) : "cc");
    if (!zf)
        mismatch("bsf(0) did not set ZF");
    __asm__("bsr %[x], %[r]\n\tsetz %[z]" : [r] "+r"(r), [z] "=q"(zf) : [x] "rm"(zero) : "cc");
    if (!zf)
        mismatch("bsr(0) did not set ZF");
    group_done("bsf/bsr (16/32/64-bit) on 2000 nonzero values; ZF on zero");

    /*
     * TZCNT is F3-prefixed BSF and LZCNT is F3-prefixed BSR: on a CPU without BMI1/LZCNT they run
     * as BSF/BSR. Each is checked against what this CPU's CPUID says it is.
     */
    int bmi1 = has_bmi1(), lzcnt = has_lzcnt();
    rng_seed(3);
    for (int i = 0; i < 2000; i++) {
        uint64_t x = i == 0 ? 0 : i == 1 ? 1ULL << 63 : i == 2 ? 1 : rng_bits();
        uint64_t r = 0x55;
        uint8_t cf, zf;
        __asm__("tzcnt %[x], %[r]\n\tsetc %[c]\n\tsetz %[z]"
                : [r] "+r"(r), [c] "=q"(cf), [z] "=q"(zf) : [x] "rm"(x) : "cc");
        if (bmi1) {
            int want = ref_ctz(x, 64);
            if ((int)r != want || cf != (x == 0) || zf != (want == 0))
                mismatch("tzcnt(0x%llx) = %d cf=%d zf=%d (BMI1)", (unsigned long long)x, (int)r, cf, zf);
        } else if (x != 0 ? ((int)r != ref_ctz(x, 64) || zf) : !zf) {
            mismatch("tzcnt as bsf(0x%llx) = %d zf=%d", (unsigned long long)x, (int)r, zf);
        }
        r = 0x55;
        __asm__("lzcnt %[x], %[r]\n\tsetc %[c]\n\tsetz %[z]"
                : [r] "+r"(r), [c] "=q"(cf), [z] "=q"(zf) : [x] "rm"(x) : "cc");
        if (lzcnt) {
            int want = ref_clz(x, 64);
            if ((int)r != want || cf != (x == 0) || zf != (want == 0))
                mismatch("lzcnt(0x%llx) = %d cf=%d zf=%d (LZCNT)", (unsigned long long)x, (int)r, cf, zf);
        } else if (x != 0 ? ((int)r != 63 - ref_clz(x, 64) || zf) : !zf) {
            mismatch("lzcnt as bsr(0x%llx) = %d zf=%d", (unsigned long long)x, (int)r, zf);
        }
        uint32_t x32 = (uint32_t)x, r32 = 0x55;
        __asm__("tzcnt %[x], %[r]\n\tsetc %[c]" : [r] "+r"(r32), [c] "=q"(cf) : [x] "rm"(x32) : "cc");
        if (bmi1 ? ((int)r32 != ref_ctz(x32, 32) || cf != (x32 == 0)) : (x32 != 0 && (int)r32 != ref_ctz(x32, 32)))
            mismatch("tzcnt32(0x%x) = %d", x32, (int)r32);
        r32 = 0x55;
        __asm__("lzcnt %[x], %[r]\n\tsetc %[c]" : [r] "+r"(r32), [c] "=q"(cf) : [x] "rm"(x32) : "cc");
        if (lzcnt ? ((int)r32 != ref_clz(x32, 32) || cf != (x32 == 0))
                  : (x32 != 0 && (int)r32 != 31 - ref_clz(x32, 32)))
            mismatch("lzcnt32(0x%x) = %d", x32, (int)r32);
        if (x != 0 && __builtin_cpu_supports("bmi") && cc_ctz64(x) != ref_ctz(x, 64))
            mismatch("compiled tzcnt(0x%llx) = %d", (unsigned long long)x, cc_ctz64(x));
        if (x != 0 && __builtin_cpu_supports("lzcnt") && cc_clz64(x) != ref_clz(x, 64))
            mismatch("compiled lzcnt(0x%llx) = %d", (unsigned long long)x, cc_clz64(x));
    }
    group_done("tzcnt/lzcnt behave as CPUID says (BMI1/LZCNT semantics, else BSF/BSR), zero included");
}

/* ---- CMPXCHG16B ------------------------------------------------------------------------------ */

T_CX16 static int cc_cas128(unsigned __int128 *p, unsigned __int128 expected, unsigned __int128 desired)
{
    return __sync_bool_compare_and_swap(p, expected, desired);
}

static void check_cmpxchg16b(void)
{
    static uint64_t mem[2] __attribute__((aligned(16)));
    mem[0] = 0x1111111122222222ULL;
    mem[1] = 0x3333333344444444ULL;

    uint64_t lo = mem[0], hi = mem[1];
    uint8_t zf;
    __asm__ volatile("lock cmpxchg16b %[m]\n\tsetz %[z]"
                     : [m] "+m"(mem), "+a"(lo), "+d"(hi), [z] "=q"(zf)
                     : "b"(0xaaaaaaaabbbbbbbbULL), "c"(0xccccccccddddddddULL) : "cc", "memory");
    ok(zf && mem[0] == 0xaaaaaaaabbbbbbbbULL && mem[1] == 0xccccccccddddddddULL
       && lo == 0x1111111122222222ULL && hi == 0x3333333344444444ULL,
       "cmpxchg16b with a matching rdx:rax stores rcx:rbx and sets ZF");

    lo = 1;
    hi = 2;
    __asm__ volatile("lock cmpxchg16b %[m]\n\tsetz %[z]"
                     : [m] "+m"(mem), "+a"(lo), "+d"(hi), [z] "=q"(zf)
                     : "b"(5ULL), "c"(6ULL) : "cc", "memory");
    ok(!zf && lo == 0xaaaaaaaabbbbbbbbULL && hi == 0xccccccccddddddddULL
       && mem[0] == 0xaaaaaaaabbbbbbbbULL && mem[1] == 0xccccccccddddddddULL,
       "cmpxchg16b with a different rdx:rax loads memory into rdx:rax, clears ZF, stores nothing");

    /* A mismatch in the high half only. */
    lo = 0xaaaaaaaabbbbbbbbULL;
    hi = 0;
    __asm__ volatile("cmpxchg16b %[m]\n\tsetz %[z]"
                     : [m] "+m"(mem), "+a"(lo), "+d"(hi), [z] "=q"(zf)
                     : "b"(5ULL), "c"(6ULL) : "cc", "memory");
    ok(!zf && hi == 0xccccccccddddddddULL && mem[0] == 0xaaaaaaaabbbbbbbbULL,
       "cmpxchg16b (no lock) compares all 128 bits");

    static unsigned __int128 v __attribute__((aligned(16)));
    v = ((unsigned __int128)7 << 64) | 9;
    int r1 = cc_cas128(&v, ((unsigned __int128)7 << 64) | 9, ((unsigned __int128)1 << 127) | 3);
    int r2 = cc_cas128(&v, ((unsigned __int128)7 << 64) | 9, 0);
    ok(r1 == 1 && r2 == 0 && v == (((unsigned __int128)1 << 127) | 3),
       "__sync_bool_compare_and_swap on __int128 (compiled cmpxchg16b)");
}

/* ---- SSE3 ------------------------------------------------------------------------------------ */

static double small_double(void)
{
    return (double)((int64_t)(rng() % 2001) - 1000) / 8.0;
}

T_SSE3 static void check_sse3(void)
{
    rng_seed(4);
    for (int i = 0; i < 200; i++) {
        vec a, b, r, e;
        for (int k = 0; k < 2; k++) {
            a.df[k] = small_double();
            b.df[k] = small_double();
        }
        r.pd = _mm_addsub_pd(a.pd, b.pd);
        e.df[0] = a.df[0] - b.df[0];
        e.df[1] = a.df[1] + b.df[1];
        check_vec("addsubpd", i, &r, &e);
        r.pd = _mm_hadd_pd(a.pd, b.pd);
        e.df[0] = a.df[0] + a.df[1];
        e.df[1] = b.df[0] + b.df[1];
        check_vec("haddpd", i, &r, &e);
        r.pd = _mm_hsub_pd(a.pd, b.pd);
        e.df[0] = a.df[0] - a.df[1];
        e.df[1] = b.df[0] - b.df[1];
        check_vec("hsubpd", i, &r, &e);
        r.pd = _mm_movedup_pd(a.pd);
        e.df[0] = e.df[1] = a.df[0];
        check_vec("movddup", i, &r, &e);

        vec fa, fb;
        for (int k = 0; k < 4; k++) {
            fa.f[k] = (float)small_double();
            fb.f[k] = (float)small_double();
        }
        r.ps = _mm_addsub_ps(fa.ps, fb.ps);
        for (int k = 0; k < 4; k++)
            e.f[k] = k % 2 ? fa.f[k] + fb.f[k] : fa.f[k] - fb.f[k];
        check_vec("addsubps", i, &r, &e);
        r.ps = _mm_hadd_ps(fa.ps, fb.ps);
        e.f[0] = fa.f[0] + fa.f[1];
        e.f[1] = fa.f[2] + fa.f[3];
        e.f[2] = fb.f[0] + fb.f[1];
        e.f[3] = fb.f[2] + fb.f[3];
        check_vec("haddps", i, &r, &e);
        r.ps = _mm_movehdup_ps(fa.ps);
        e.f[0] = e.f[1] = fa.f[1];
        e.f[2] = e.f[3] = fa.f[3];
        check_vec("movshdup", i, &r, &e);
        r.ps = _mm_moveldup_ps(fa.ps);
        e.f[0] = e.f[1] = fa.f[0];
        e.f[2] = e.f[3] = fa.f[2];
        check_vec("movsldup", i, &r, &e);

        unsigned char buf[48];
        for (int k = 0; k < 48; k++)
            buf[k] = (unsigned char)rng();
        int off = i % 32;
        r.v = _mm_lddqu_si128((const __m128i *)(buf + off));
        memcpy(e.b, buf + off, 16);
        check_vec("lddqu", i, &r, &e);
    }
    group_done("SSE3 addsubpd/ps haddpd/ps hsubpd movddup movshdup movsldup lddqu");
}

/* ---- SSSE3 ----------------------------------------------------------------------------------- */

static int16_t sat16(int32_t x)
{
    return (int16_t)(x > 32767 ? 32767 : x < -32768 ? -32768 : x);
}

T_SSSE3 static void check_ssse3(void)
{
    rng_seed(5);
    for (int i = 0; i < 500; i++) {
        vec a = rng_vec(), b = rng_vec(), r, e;

        r.v = _mm_shuffle_epi8(a.v, b.v);
        for (int k = 0; k < 16; k++)
            e.b[k] = (b.b[k] & 0x80) ? 0 : a.b[b.b[k] & 15];
        check_vec("pshufb", i, &r, &e);

        r.v = _mm_alignr_epi8(a.v, b.v, 5);
        for (int k = 0; k < 16; k++)
            e.b[k] = k + 5 < 16 ? b.b[k + 5] : a.b[k + 5 - 16];
        check_vec("palignr 5", i, &r, &e);
        r.v = _mm_alignr_epi8(a.v, b.v, 20);
        for (int k = 0; k < 16; k++)
            e.b[k] = k + 4 < 16 ? a.b[k + 4] : 0;
        check_vec("palignr 20", i, &r, &e);

        r.v = _mm_abs_epi8(a.v);
        for (int k = 0; k < 16; k++)
            e.b[k] = (uint8_t)(a.sb[k] < 0 ? -a.sb[k] : a.sb[k]);
        check_vec("pabsb", i, &r, &e);
        r.v = _mm_abs_epi16(a.v);
        for (int k = 0; k < 8; k++)
            e.w[k] = (uint16_t)(a.sw[k] < 0 ? -a.sw[k] : a.sw[k]);
        check_vec("pabsw", i, &r, &e);
        r.v = _mm_abs_epi32(a.v);
        for (int k = 0; k < 4; k++)
            e.d[k] = a.sd[k] < 0 ? 0u - (uint32_t)a.sd[k] : (uint32_t)a.sd[k];
        check_vec("pabsd", i, &r, &e);

        r.v = _mm_hadd_epi16(a.v, b.v);
        for (int k = 0; k < 4; k++) {
            e.w[k] = (uint16_t)(a.w[2 * k] + a.w[2 * k + 1]);
            e.w[k + 4] = (uint16_t)(b.w[2 * k] + b.w[2 * k + 1]);
        }
        check_vec("phaddw", i, &r, &e);
        r.v = _mm_hadd_epi32(a.v, b.v);
        for (int k = 0; k < 2; k++) {
            e.d[k] = a.d[2 * k] + a.d[2 * k + 1];
            e.d[k + 2] = b.d[2 * k] + b.d[2 * k + 1];
        }
        check_vec("phaddd", i, &r, &e);
        r.v = _mm_hsub_epi16(a.v, b.v);
        for (int k = 0; k < 4; k++) {
            e.w[k] = (uint16_t)(a.w[2 * k] - a.w[2 * k + 1]);
            e.w[k + 4] = (uint16_t)(b.w[2 * k] - b.w[2 * k + 1]);
        }
        check_vec("phsubw", i, &r, &e);
        r.v = _mm_hadds_epi16(a.v, b.v);
        for (int k = 0; k < 4; k++) {
            e.sw[k] = sat16(a.sw[2 * k] + a.sw[2 * k + 1]);
            e.sw[k + 4] = sat16(b.sw[2 * k] + b.sw[2 * k + 1]);
        }
        check_vec("phaddsw", i, &r, &e);

        r.v = _mm_maddubs_epi16(a.v, b.v);
        for (int k = 0; k < 8; k++)
            e.sw[k] = sat16(a.b[2 * k] * b.sb[2 * k] + a.b[2 * k + 1] * b.sb[2 * k + 1]);
        check_vec("pmaddubsw", i, &r, &e);
        r.v = _mm_mulhrs_epi16(a.v, b.v);
        for (int k = 0; k < 8; k++)
            e.sw[k] = (int16_t)((((int32_t)a.sw[k] * b.sw[k] >> 14) + 1) >> 1);
        check_vec("pmulhrsw", i, &r, &e);

        r.v = _mm_sign_epi8(a.v, b.v);
        for (int k = 0; k < 16; k++)
            e.b[k] = (uint8_t)(b.sb[k] < 0 ? -a.sb[k] : b.sb[k] == 0 ? 0 : a.sb[k]);
        check_vec("psignb", i, &r, &e);
        r.v = _mm_sign_epi16(a.v, b.v);
        for (int k = 0; k < 8; k++)
            e.w[k] = (uint16_t)(b.sw[k] < 0 ? -a.sw[k] : b.sw[k] == 0 ? 0 : a.sw[k]);
        check_vec("psignw", i, &r, &e);
        r.v = _mm_sign_epi32(a.v, b.v);
        for (int k = 0; k < 4; k++)
            e.d[k] = b.sd[k] < 0 ? 0u - a.d[k] : b.sd[k] == 0 ? 0 : a.d[k];
        check_vec("psignd", i, &r, &e);
    }
    group_done("SSSE3 pshufb palignr pabsb/w/d phaddw/d phsubw phaddsw pmaddubsw pmulhrsw psignb/w/d");
}

/* ---- SSE4.1 integer ------------------------------------------------------------------------- */

T_SSE41 static void check_sse41_int(void)
{
    rng_seed(6);
    int testz_seen[2] = { 0, 0 }, testc_seen[2] = { 0, 0 };
    for (int i = 0; i < 500; i++) {
        vec a = rng_vec(), b = rng_vec(), m = rng_vec(), r, e;

        r.v = _mm_blendv_epi8(a.v, b.v, m.v);
        for (int k = 0; k < 16; k++)
            e.b[k] = (m.b[k] & 0x80) ? b.b[k] : a.b[k];
        check_vec("pblendvb", i, &r, &e);
        r.ps = _mm_blendv_ps(a.ps, b.ps, m.ps);
        for (int k = 0; k < 4; k++)
            e.d[k] = (m.d[k] >> 31) ? b.d[k] : a.d[k];
        check_vec("blendvps", i, &r, &e);
        r.pd = _mm_blendv_pd(a.pd, b.pd, m.pd);
        for (int k = 0; k < 2; k++)
            e.q[k] = (m.q[k] >> 63) ? b.q[k] : a.q[k];
        check_vec("blendvpd", i, &r, &e);
        r.v = _mm_blend_epi16(a.v, b.v, 0xa5);
        for (int k = 0; k < 8; k++)
            e.w[k] = (0xa5 >> k) & 1 ? b.w[k] : a.w[k];
        check_vec("pblendw 0xa5", i, &r, &e);

        /* ptest: make the mask sparse sometimes so both outcomes come up. */
        vec t = b;
        if (i % 3 == 0) {
            t.q[0] &= ~a.q[0];
            t.q[1] &= ~a.q[1];
        } else if (i % 3 == 1) {
            t.q[0] &= a.q[0];
            t.q[1] &= a.q[1];
        }
        int z = _mm_testz_si128(a.v, t.v), c = _mm_testc_si128(a.v, t.v), nzc = _mm_testnzc_si128(a.v, t.v);
        int wz = ((a.q[0] & t.q[0]) | (a.q[1] & t.q[1])) == 0;
        int wc = ((~a.q[0] & t.q[0]) | (~a.q[1] & t.q[1])) == 0;
        testz_seen[wz] = 1;
        testc_seen[wc] = 1;
        if (z != wz || c != wc || nzc != (!wz && !wc))
            mismatch("ptest case %d: z=%d c=%d nzc=%d, expected %d %d %d", i, z, c, nzc, wz, wc, !wz && !wc);

        r.v = _mm_mullo_epi32(a.v, b.v);
        for (int k = 0; k < 4; k++)
            e.d[k] = a.d[k] * b.d[k];
        check_vec("pmulld", i, &r, &e);
        r.v = _mm_mul_epi32(a.v, b.v);
        e.sq[0] = (int64_t)a.sd[0] * b.sd[0];
        e.sq[1] = (int64_t)a.sd[2] * b.sd[2];
        check_vec("pmuldq", i, &r, &e);

        r.v = _mm_min_epi32(a.v, b.v);
        for (int k = 0; k < 4; k++)
            e.sd[k] = a.sd[k] < b.sd[k] ? a.sd[k] : b.sd[k];
        check_vec("pminsd", i, &r, &e);
        r.v = _mm_max_epi32(a.v, b.v);
        for (int k = 0; k < 4; k++)
            e.sd[k] = a.sd[k] > b.sd[k] ? a.sd[k] : b.sd[k];
        check_vec("pmaxsd", i, &r, &e);
        r.v = _mm_min_epu32(a.v, b.v);
        for (int k = 0; k < 4; k++)
            e.d[k] = a.d[k] < b.d[k] ? a.d[k] : b.d[k];
        check_vec("pminud", i, &r, &e);
        r.v = _mm_max_epu32(a.v, b.v);
        for (int k = 0; k < 4; k++)
            e.d[k] = a.d[k] > b.d[k] ? a.d[k] : b.d[k];
        check_vec("pmaxud", i, &r, &e);
        r.v = _mm_min_epi8(a.v, b.v);
        for (int k = 0; k < 16; k++)
            e.sb[k] = a.sb[k] < b.sb[k] ? a.sb[k] : b.sb[k];
        check_vec("pminsb", i, &r, &e);
        r.v = _mm_max_epi8(a.v, b.v);
        for (int k = 0; k < 16; k++)
            e.sb[k] = a.sb[k] > b.sb[k] ? a.sb[k] : b.sb[k];
        check_vec("pmaxsb", i, &r, &e);
        r.v = _mm_min_epu16(a.v, b.v);
        for (int k = 0; k < 8; k++)
            e.w[k] = a.w[k] < b.w[k] ? a.w[k] : b.w[k];
        check_vec("pminuw", i, &r, &e);
        r.v = _mm_max_epu16(a.v, b.v);
        for (int k = 0; k < 8; k++)
            e.w[k] = a.w[k] > b.w[k] ? a.w[k] : b.w[k];
        check_vec("pmaxuw", i, &r, &e);

        r.v = _mm_cvtepi8_epi16(a.v);
        for (int k = 0; k < 8; k++)
            e.sw[k] = a.sb[k];
        check_vec("pmovsxbw", i, &r, &e);
        r.v = _mm_cvtepu8_epi32(a.v);
        for (int k = 0; k < 4; k++)
            e.d[k] = a.b[k];
        check_vec("pmovzxbd", i, &r, &e);
        r.v = _mm_cvtepi32_epi64(a.v);
        for (int k = 0; k < 2; k++)
            e.sq[k] = a.sd[k];
        check_vec("pmovsxdq", i, &r, &e);
        r.v = _mm_cvtepu16_epi64(a.v);
        for (int k = 0; k < 2; k++)
            e.q[k] = a.w[k];
        check_vec("pmovzxwq", i, &r, &e);

        r.v = _mm_cmpeq_epi64(a.v, i % 2 ? a.v : b.v);
        for (int k = 0; k < 2; k++)
            e.q[k] = (i % 2 || a.q[k] == b.q[k]) ? ~0ULL : 0;
        check_vec("pcmpeqq", i, &r, &e);

        r.v = _mm_packus_epi32(a.v, b.v);
        for (int k = 0; k < 4; k++) {
            e.w[k] = (uint16_t)(a.sd[k] < 0 ? 0 : a.sd[k] > 65535 ? 65535 : a.sd[k]);
            e.w[k + 4] = (uint16_t)(b.sd[k] < 0 ? 0 : b.sd[k] > 65535 ? 65535 : b.sd[k]);
        }
        check_vec("packusdw", i, &r, &e);

        r.v = _mm_minpos_epu16(a.v);
        int best = 0;
        for (int k = 1; k < 8; k++)
            if (a.w[k] < a.w[best])
                best = k;
        memset(&e, 0, sizeof e);
        e.w[0] = a.w[best];
        e.w[1] = (uint16_t)best;
        check_vec("phminposuw", i, &r, &e);

        int ex8 = _mm_extract_epi8(a.v, 13), ex32 = _mm_extract_epi32(a.v, 2);
        long long exq = _mm_extract_epi64(a.v, 1);
        if (ex8 != a.b[13] || (uint32_t)ex32 != a.d[2] || (uint64_t)exq != a.q[1])
            mismatch("pextrb/d/q case %d", i);
        r.v = _mm_insert_epi8(a.v, 0x5a, 7);
        r.v = _mm_insert_epi32(r.v, 0x12345678, 1);
        r.v = _mm_insert_epi64(r.v, 0x0102030405060708LL, 1);
        e = a;
        e.b[7] = 0x5a;
        e.d[1] = 0x12345678;
        e.q[1] = 0x0102030405060708ULL;
        check_vec("pinsrb/d/q", i, &r, &e);
    }
    ok(testz_seen[0] && testz_seen[1] && testc_seen[0] && testc_seen[1], "ptest inputs cover ZF and CF both ways");
    group_done("SSE4.1 pblendvb blendvps/pd pblendw ptest pmulld pmuldq pmin/pmax pmovsx/zx pcmpeqq packusdw "
               "phminposuw pextr/pinsr");
}

/* mpsadbw needs an immediate: one function per control value. */
#define MPSAD(imm) \
    T_SSE41 static __m128i mpsad_##imm(__m128i a, __m128i b) { return _mm_mpsadbw_epu8(a, b, imm); }
MPSAD(0) MPSAD(1) MPSAD(2) MPSAD(3) MPSAD(4) MPSAD(5) MPSAD(6) MPSAD(7)
static __m128i (*const mpsad_fn[8])(__m128i, __m128i) = {
    mpsad_0, mpsad_1, mpsad_2, mpsad_3, mpsad_4, mpsad_5, mpsad_6, mpsad_7,
};

T_SSE41 static void check_sse41_fp_dot(void)
{
    rng_seed(7);
    for (int i = 0; i < 300; i++) {
        vec a = rng_vec(), b = rng_vec(), r, e;
        for (int imm = 0; imm < 8; imm++) {
            r.v = mpsad_fn[imm](a.v, b.v);
            int off_a = (imm >> 2) * 4, off_b = (imm & 3) * 4;
            for (int j = 0; j < 8; j++) {
                int s = 0;
                for (int k = 0; k < 4; k++) {
                    int d = a.b[off_a + j + k] - b.b[off_b + k];
                    s += d < 0 ? -d : d;
                }
                e.w[j] = (uint16_t)s;
            }
            check_vec("mpsadbw", i * 8 + imm, &r, &e);
        }

        vec fa, fb;
        for (int k = 0; k < 4; k++) {
            fa.f[k] = (float)small_double();
            fb.f[k] = (float)small_double();
        }
        /* dpps 0xb3: lanes 0, 1, 3 multiplied; the sum written to lanes 0 and 1. */
        r.ps = _mm_dp_ps(fa.ps, fb.ps, 0xb3);
        float p0 = fa.f[0] * fb.f[0], p1 = fa.f[1] * fb.f[1], p3 = fa.f[3] * fb.f[3];
        float sum = (p0 + p1) + (0.0f + p3);
        e.f[0] = e.f[1] = sum;
        e.f[2] = e.f[3] = 0.0f;
        check_vec("dpps 0xb3", i, &r, &e);
        vec da, db;
        da.df[0] = small_double();
        da.df[1] = small_double();
        db.df[0] = small_double();
        db.df[1] = small_double();
        r.pd = _mm_dp_pd(da.pd, db.pd, 0x32);
        e.df[0] = 0.0;
        e.df[1] = da.df[0] * db.df[0] + da.df[1] * db.df[1];
        check_vec("dppd 0x32", i, &r, &e);
        r.ps = _mm_insert_ps(fa.ps, fb.ps, 0x9a); /* fb[2] -> lane 1, zero lanes 1 and 3 */
        e.f[0] = fa.f[0];
        e.f[1] = 0.0f;
        e.f[2] = fa.f[2];
        e.f[3] = 0.0f;
        check_vec("insertps 0x9a", i, &r, &e);
        r.ps = _mm_insert_ps(fa.ps, fb.ps, 0xd0); /* fb[3] -> lane 1 */
        e.f[0] = fa.f[0];
        e.f[1] = fb.f[3];
        e.f[2] = fa.f[2];
        e.f[3] = fa.f[3];
        check_vec("insertps 0xd0", i, &r, &e);
        int x = _mm_extract_ps(fa.ps, 2);
        if ((uint32_t)x != fa.d[2])
            mismatch("extractps case %d", i);
    }
    group_done("SSE4.1 mpsadbw (all 8 controls) dpps dppd insertps extractps");
}

/* ---- SSE4.1 rounding ------------------------------------------------------------------------ */

/*
 * Rounds an IEEE binary value to an integer in mode 0 nearest-even, 1 down, 2 up, 3 toward zero,
 * on the bit pattern (libm's floor and friends may themselves use ROUNDSD). NaN comes back quiet.
 */
static uint64_t ref_round_bits(uint64_t u, int mant_bits, int exp_bits, int mode)
{
    int bias = (1 << (exp_bits - 1)) - 1;
    int width = 1 + exp_bits + mant_bits;
    uint64_t sign = 1ULL << (width - 1);
    int exp = (int)((u >> mant_bits) & ((1ULL << exp_bits) - 1));
    uint64_t mag = u & (sign - 1);
    int neg = (u & sign) != 0;
    if (exp == (1 << exp_bits) - 1)
        return (u & ((1ULL << mant_bits) - 1)) ? u | 1ULL << (mant_bits - 1) : u;
    if (exp >= bias + mant_bits || mag == 0)
        return u;
    uint64_t one = (uint64_t)bias << mant_bits;
    if (exp < bias) {
        int up;
        switch (mode) {
        case 0: up = exp == bias - 1 && mag != ((uint64_t)(bias - 1) << mant_bits); break;
        case 1: up = neg; break;
        case 2: up = !neg; break;
        default: up = 0; break;
        }
        return (u & sign) | (up ? one : 0);
    }
    int frac_bits = bias + mant_bits - exp;
    uint64_t mask = (1ULL << frac_bits) - 1, frac = u & mask, whole = u & ~mask;
    if (frac == 0)
        return u;
    int up;
    switch (mode) {
    case 0: {
        uint64_t half = 1ULL << (frac_bits - 1);
        up = frac > half || (frac == half && ((whole >> frac_bits) & 1));
        break;
    }
    case 1: up = neg; break;
    case 2: up = !neg; break;
    default: up = 0; break;
    }
    return up ? whole + (1ULL << frac_bits) : whole;
}

static double ref_round_d(double x, int mode)
{
    uint64_t u;
    memcpy(&u, &x, 8);
    u = ref_round_bits(u, 52, 11, mode);
    memcpy(&x, &u, 8);
    return x;
}

static float ref_round_f(float x, int mode)
{
    uint32_t u;
    memcpy(&u, &x, 4);
    u = (uint32_t)ref_round_bits(u, 23, 8, mode);
    memcpy(&x, &u, 4);
    return x;
}

static int inexact(double x, int mode)
{
    double r = ref_round_d(x, mode);
    return memcmp(&r, &x, 8) != 0 && x == x;
}

/* Rounds with ROUND{SD,SS,PD,PS} and immediate imm under MXCSR value csr; returns MXCSR after. */
#define ROUND_CASE(insn, imm) \
    case imm: __asm__ volatile("ldmxcsr %[c]\n\t" insn " $" #imm ", %[x], %[r]\n\tstmxcsr %[o]" \
                               : [r] "=x"(r), [o] "=m"(after) : [x] "x"(x), [c] "m"(csr)); break;
#define ROUND_SWITCH(insn) \
    switch (imm) { \
    ROUND_CASE(insn, 0) ROUND_CASE(insn, 1) ROUND_CASE(insn, 2) ROUND_CASE(insn, 3) \
    ROUND_CASE(insn, 4) ROUND_CASE(insn, 5) ROUND_CASE(insn, 6) ROUND_CASE(insn, 7) \
    ROUND_CASE(insn, 8) ROUND_CASE(insn, 9) ROUND_CASE(insn, 10) ROUND_CASE(insn, 11) \
    ROUND_CASE(insn, 12) ROUND_CASE(insn, 13) ROUND_CASE(insn, 14) ROUND_CASE(insn, 15) \
    }

static __m128i do_round(int which, int imm, __m128i x, unsigned csr, unsigned *mxcsr_after)
{
    __m128i r = x;
    unsigned after = 0;
    switch (which) {
    case 0: ROUND_SWITCH("roundsd") break;
    case 1: ROUND_SWITCH("roundss") break;
    case 2: ROUND_SWITCH("roundpd") break;
    default: ROUND_SWITCH("roundps") break;
    }
    *mxcsr_after = after;
    unsigned restore = 0x1f80;
    __asm__ volatile("ldmxcsr %0" : : "m"(restore));
    return r;
}

T_SSE41 static double cc_floor(double x) { return __builtin_floor(x); }
T_SSE41 static double cc_ceil(double x) { return __builtin_ceil(x); }
T_SSE41 static double cc_trunc(double x) { return __builtin_trunc(x); }
T_SSE41 static double cc_nearbyint(double x) { return __builtin_nearbyint(x); }
T_SSE41 static float cc_floorf(float x) { return __builtin_floorf(x); }

static void check_round(void)
{
    static const double inputs[] = {
        0.0, -0.0, 0.25, -0.25, 0.5, -0.5, 0.75, -0.75, 1.0, -1.0, 1.5, -1.5, 2.5, -2.5, 3.5,
        0.49999999999999994, -0.49999999999999994, 0.5000000000000001, 2.7, -2.7, 1e15 + 0.3,
        -1e15 - 0.7, 4503599627370495.5, -4503599627370495.5, 4503599627370497.0, 8388607.5,
        -8388608.5, 16777215.25, 1e300, -1e300, 5e-324, -5e-324, 1e-310, __builtin_inf(),
        -__builtin_inf(), __builtin_nan(""), -__builtin_nan(""), 123456.5, 123457.5, -0.0001,
    };
    static const char *names[] = { "roundsd", "roundss", "roundpd", "roundps" };
    const int n = (int)(sizeof inputs / sizeof inputs[0]);
    for (int which = 0; which < 4; which++) {
        int is_double = which % 2 == 0;
        int flag_failures = 0;
        char flag_first[160] = "";
        for (int i = 0; i < n; i++) {
            for (int rc = 0; rc < 4; rc++) {
                unsigned csr = 0x1f80 | (unsigned)rc << 13;
                for (int imm = 0; imm < 16; imm++) {
                    int mode = imm & 4 ? rc : imm & 3;
                    vec x, e, got;
                    unsigned after;
                    if (is_double) {
                        x.df[0] = inputs[i];
                        x.df[1] = inputs[n - 1 - i];
                    } else {
                        for (int k = 0; k < 4; k++)
                            x.f[k] = (float)inputs[(i + k * 7) % n];
                    }
                    got.v = do_round(which, imm, x.v, csr, &after);
                    e = x;
                    int pe = 0;
                    if (is_double) {
                        int lanes = which == 2 ? 2 : 1;
                        for (int k = 0; k < lanes; k++) {
                            e.df[k] = ref_round_d(x.df[k], mode);
                            pe |= inexact(x.df[k], mode);
                        }
                        if (lanes == 1)
                            got.q[1] = e.q[1];
                    } else {
                        int lanes = which == 3 ? 4 : 1;
                        for (int k = 0; k < lanes; k++) {
                            e.f[k] = ref_round_f(x.f[k], mode);
                            float r = e.f[k];
                            pe |= memcmp(&r, &x.f[k], 4) != 0 && x.f[k] == x.f[k];
                        }
                        if (lanes == 1) {
                            got.d[1] = e.d[1];
                            got.q[1] = e.q[1];
                        }
                    }
                    char what[64];
                    snprintf(what, sizeof what, "%s imm=%d rc=%d input", names[which], imm, rc);
                    check_vec(what, i, &got, &e);
                    int want_pe = (imm & 8) ? 0 : pe;
                    /* The flag is its own check: an emulator may round right yet not track MXCSR flags. */
                    if ((((after >> 5) & 1) != (unsigned)want_pe || (after & 0x1f) != 0) && flag_failures++ == 0)
                        snprintf(flag_first, sizeof flag_first, "%s imm=%d rc=%d input %d: MXCSR after 0x%x, expected PE=%d",
                                 names[which], imm, rc, i, after, want_pe);
                }
            }
        }
        group_done("%s: 16 controls x 4 MXCSR rounding modes x %d inputs, results", names[which], n);
        char why[256];
        snprintf(why, sizeof why, "%d mismatches, first: %s", flag_failures, flag_first);
        ok_why(flag_failures == 0, why, "%s: the precision flag (MXCSR.PE) is set exactly when the result is inexact "
               "and imm bit 3 is clear", names[which]);
    }

    for (int i = 0; i < n; i++) {
        double x = inputs[i];
        double got[4] = { cc_floor(x), cc_ceil(x), cc_trunc(x), cc_nearbyint(x) };
        double want[4] = { ref_round_d(x, 1), ref_round_d(x, 2), ref_round_d(x, 3), ref_round_d(x, 0) };
        static const char *fn[4] = { "floor", "ceil", "trunc", "nearbyint" };
        for (int k = 0; k < 4; k++)
            if (memcmp(&got[k], &want[k], 8) != 0)
                mismatch("%s(%.17g) = %.17g, expected %.17g", fn[k], x, got[k], want[k]);
        float fx = (float)x, fg = cc_floorf(fx), fw = ref_round_f(fx, 1);
        if (memcmp(&fg, &fw, 4) != 0)
            mismatch("floorf(%.9g) = %.9g, expected %.9g", fx, fg, fw);
    }
    group_done("compiled floor/ceil/trunc/nearbyint/floorf under target sse4.1");
}

/* ---- SSE4.2 CRC32 ----------------------------------------------------------------------------- */

static uint32_t ref_crc32c(uint32_t crc, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0x82f63b78u & (0u - (crc & 1)));
    }
    return crc;
}

T_SSE42 static uint32_t hw_crc32c(uint32_t crc, const unsigned char *p, size_t n, int width)
{
    size_t i = 0;
    uint64_t c = crc;
    for (; i + (size_t)width <= n; i += (size_t)width) {
        switch (width) {
        case 8: {
            uint64_t v;
            memcpy(&v, p + i, 8);
            c = _mm_crc32_u64(c, v);
            break;
        }
        case 4: {
            uint32_t v;
            memcpy(&v, p + i, 4);
            c = _mm_crc32_u32((uint32_t)c, v);
            break;
        }
        case 2: {
            uint16_t v;
            memcpy(&v, p + i, 2);
            c = _mm_crc32_u16((uint32_t)c, v);
            break;
        }
        default:
            c = _mm_crc32_u8((uint32_t)c, p[i]);
            break;
        }
    }
    for (; i < n; i++)
        c = _mm_crc32_u8((uint32_t)c, p[i]);
    return (uint32_t)c;
}

static void check_crc32(void)
{
    const unsigned char *check = (const unsigned char *)"123456789";
    for (int w = 1; w <= 8; w *= 2) {
        uint32_t got = ~hw_crc32c(~0u, check, 9, w);
        if (got != 0xe3069283u)
            mismatch("crc32c(\"123456789\") width %d = 0x%08x, expected 0xe3069283", w, got);
    }
    unsigned char buf[1024];
    rng_seed(8);
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)rng();
    for (int round = 0; round < 200; round++) {
        size_t off = rng() % 64, len = rng() % (sizeof buf - 64);
        uint32_t seed = (uint32_t)rng();
        uint32_t want = ref_crc32c(seed, buf + off, len);
        for (int w = 1; w <= 8; w *= 2) {
            uint32_t got = hw_crc32c(seed, buf + off, len, w);
            if (got != want)
                mismatch("crc32 width %d off %zu len %zu = 0x%08x, expected 0x%08x", w, off, len, got, want);
        }
    }
    /* The 64-bit form zero-extends a 32-bit result; its upper input bits are ignored. */
    uint64_t c = 0xffffffff00000000ULL | 0x12345678u;
    uint64_t r;
    __asm__("crc32q %[v], %[c]" : [c] "=r"(r) : "0"(c), [v] "rm"((uint64_t)0x1122334455667788ULL));
    unsigned char v8[8] = { 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 };
    if (r != ref_crc32c(0x12345678u, v8, 8))
        mismatch("crc32q with upper input bits set = 0x%llx", (unsigned long long)r);
    group_done("crc32 (8/16/32/64-bit) on 200 random spans and the check value 0xe3069283");
}

/* ---- SSE4.2 PCMPxSTRx ------------------------------------------------------------------------- */

/* Element k of v as an integer of the format selected by imm[1:0]. */
static int pcmp_elem(const vec *v, int fmt, int k)
{
    switch (fmt) {
    case 0: return v->b[k];
    case 1: return v->w[k];
    case 2: return v->sb[k];
    default: return v->sw[k];
    }
}

static int pcmp_implicit_len(const vec *v, int fmt)
{
    int n = fmt & 1 ? 8 : 16;
    for (int k = 0; k < n; k++)
        if (pcmp_elem(v, fmt, k) == 0)
            return k;
    return n;
}

static int pcmp_explicit_len(long long reg, int fmt)
{
    int n = fmt & 1 ? 8 : 16;
    int32_t r = (int32_t)reg;
    long long a = r < 0 ? -(long long)r : r;
    return a > n ? n : (int)a;
}

struct pcmp_result {
    unsigned intres2; /* one bit per element */
    int index;
    unsigned flags;   /* CF 0x1, ZF 0x40, SF 0x80, OF 0x800 */
};

/* The SDM's PCMPxSTRx model: aggregate, apply polarity, select the index, set the flags. */
static struct pcmp_result ref_pcmp(const vec *a, int la, const vec *b, int lb, int imm)
{
    int fmt = imm & 3, agg = (imm >> 2) & 3, pol = (imm >> 4) & 3;
    int n = fmt & 1 ? 8 : 16;
    unsigned res1 = 0;
    for (int j = 0; j < n; j++) {
        int bit = 0;
        int bj = pcmp_elem(b, fmt, j);
        switch (agg) {
        case 0: /* equal any */
            for (int i = 0; i < la && j < lb; i++)
                if (pcmp_elem(a, fmt, i) == bj)
                    bit = 1;
            break;
        case 1: /* ranges */
            for (int i = 0; i + 1 < la && j < lb; i += 2)
                if (pcmp_elem(a, fmt, i) <= bj && bj <= pcmp_elem(a, fmt, i + 1))
                    bit = 1;
            break;
        case 2: /* equal each */
            if (j < la && j < lb)
                bit = pcmp_elem(a, fmt, j) == bj;
            else
                bit = j >= la && j >= lb;
            break;
        default: /* equal ordered */
            bit = 1;
            for (int i = 0; i < n - j; i++) {
                int k = i + j, e;
                if (i >= la)
                    e = 1;
                else if (k >= lb)
                    e = 0;
                else
                    e = pcmp_elem(a, fmt, i) == pcmp_elem(b, fmt, k);
                bit &= e;
            }
            break;
        }
        res1 |= (unsigned)bit << j;
    }
    unsigned all = (1u << n) - 1, res2;
    switch (pol) {
    case 1: res2 = ~res1 & all; break;
    case 3: res2 = res1 ^ (all & ((1u << lb) - 1)); break;
    default: res2 = res1; break;
    }
    struct pcmp_result r;
    r.intres2 = res2;
    if (res2 == 0)
        r.index = n;
    else if (imm & 0x40)
        r.index = 31 - __builtin_clz(res2);
    else
        r.index = __builtin_ctz(res2);
    r.flags = (res2 ? 0x1 : 0) | (lb < n ? 0x40 : 0) | (la < n ? 0x80 : 0) | (res2 & 1 ? 0x800 : 0);
    return r;
}

static vec pcmp_mask(const struct pcmp_result *r, int imm)
{
    vec m;
    memset(&m, 0, sizeof m);
    if (!(imm & 0x40)) {
        m.w[0] = (uint16_t)r->intres2;
    } else if (imm & 1) {
        for (int k = 0; k < 8; k++)
            m.w[k] = (r->intres2 >> k) & 1 ? 0xffff : 0;
    } else {
        for (int k = 0; k < 16; k++)
            m.b[k] = (r->intres2 >> k) & 1 ? 0xff : 0;
    }
    return m;
}

#define FLAGS_MASK 0x8d5

#define PCMP_CASE_I(imm) \
    case imm: __asm__("pcmpistri $" #imm ", %[b], %[a]\n\tpushfq\n\tpopq %[f]" \
                      : "=c"(idx), [f] "=r"(fl) : [a] "x"(a->v), [b] "xm"(b->v) : "cc"); break;
#define PCMP_CASE_M(imm) \
    case imm: __asm__("pcmpistrm $" #imm ", %[b], %[a]\n\tpushfq\n\tpopq %[f]" \
                      : "=Yz"(mask.v), [f] "=r"(fl) : [a] "x"(a->v), [b] "xm"(b->v) : "cc"); break;
#define PCMP_CASE_EI(imm) \
    case imm: __asm__("pcmpestri $" #imm ", %[b], %[a]\n\tpushfq\n\tpopq %[f]" \
                      : "=c"(idx), [f] "=r"(fl) : [a] "x"(a->v), [b] "xm"(b->v), "a"(la), "d"(lb) : "cc"); break;
#define PCMP_CASE_EM(imm) \
    case imm: __asm__("pcmpestrm $" #imm ", %[b], %[a]\n\tpushfq\n\tpopq %[f]" \
                      : "=Yz"(mask.v), [f] "=r"(fl) : [a] "x"(a->v), [b] "xm"(b->v), "a"(la), "d"(lb) : "cc"); break;

#define REP8(M, base) M(base) M(base + 1) M(base + 2) M(base + 3) M(base + 4) M(base + 5) M(base + 6) M(base + 7)
#define REP128(M) \
    REP8(M, 0) REP8(M, 8) REP8(M, 16) REP8(M, 24) REP8(M, 32) REP8(M, 40) REP8(M, 48) REP8(M, 56) \
    REP8(M, 64) REP8(M, 72) REP8(M, 80) REP8(M, 88) REP8(M, 96) REP8(M, 104) REP8(M, 112) REP8(M, 120)

/* "#imm" in the cases above stringizes e.g. "8 + 3"; the assembler evaluates it. */

static int run_pcmpistri(int imm, const vec *a, const vec *b, unsigned long *flags)
{
    unsigned long fl = 0;
    unsigned idx = 99;
    switch (imm) { REP128(PCMP_CASE_I) }
    *flags = fl;
    return (int)idx;
}

static vec run_pcmpistrm(int imm, const vec *a, const vec *b, unsigned long *flags)
{
    unsigned long fl = 0;
    vec mask;
    memset(&mask, 0, sizeof mask);
    switch (imm) { REP128(PCMP_CASE_M) }
    *flags = fl;
    return mask;
}

static int run_pcmpestri(int imm, const vec *a, long long la, const vec *b, long long lb, unsigned long *flags)
{
    unsigned long fl = 0;
    unsigned idx = 99;
    switch (imm) { REP128(PCMP_CASE_EI) }
    *flags = fl;
    return (int)idx;
}

static vec run_pcmpestrm(int imm, const vec *a, long long la, const vec *b, long long lb, unsigned long *flags)
{
    unsigned long fl = 0;
    vec mask;
    memset(&mask, 0, sizeof mask);
    switch (imm) { REP128(PCMP_CASE_EM) }
    *flags = fl;
    return mask;
}

#define PCMP_INPUTS 64

/* Inputs from a small alphabet, so that equal-any/each/ordered and ranges find matches. */
static void pcmp_inputs(vec *as, vec *bs, long long *las, long long *lbs)
{
    static const uint8_t alphabet[] = { 'a', 'b', 'c', 'z', 0x01, 0x7f, 0x80, 0xfe, 0xff, 'a', 'b', 0x00 };
    rng_seed(9);
    for (int c = 0; c < PCMP_INPUTS; c++) {
        vec a, b;
        for (int k = 0; k < 16; k++) {
            a.b[k] = alphabet[rng() % (sizeof alphabet - (c % 4 == 0 ? 0 : 1))];
            b.b[k] = alphabet[rng() % (sizeof alphabet - (c % 4 == 1 ? 0 : 1))];
        }
        switch (c % 5) {
        case 0: /* b is a with one change */
            b = a;
            b.b[rng() % 16] ^= 0x01;
            break;
        case 1: /* b holds a's prefix at an offset */
            for (int k = 0, off = (int)(rng() % 8); k + off < 16 && k < 5; k++)
                b.b[k + off] = a.b[k];
            break;
        case 2: /* a is a set of ranges */
            for (int k = 0; k < 16; k += 2)
                if (a.b[k] > a.b[k + 1]) {
                    uint8_t t = a.b[k];
                    a.b[k] = a.b[k + 1];
                    a.b[k + 1] = t;
                }
            break;
        default:
            break;
        }
        /* Terminators (a zero word is a zero byte pair at an even offset). */
        if (c % 3 != 2) {
            int p = (int)(rng() % 16) & ~1;
            a.b[p] = a.b[p + 1] = 0;
        }
        if (c % 3 != 1) {
            int p = (int)(rng() % 16) & ~1;
            b.b[p] = b.b[p + 1] = 0;
        }
        as[c] = a;
        bs[c] = b;
        las[c] = (long long)(rng() % 41) - 20;
        lbs[c] = (long long)(rng() % 41) - 20;
        if (c % 7 == 0)
            las[c] |= (long long)0x7fffffff00000000LL; /* the upper half of rax is ignored */
    }
}

static void pcmp_describe(char *out, size_t len, int imm, int c, const vec *a, const vec *b)
{
    char ha[40], hb[40];
    vec_hex(ha, sizeof ha, a);
    vec_hex(hb, sizeof hb, b);
    snprintf(out, len, "imm 0x%02x input %d (a=%s b=%s)", imm, c, ha, hb);
}

static void check_pcmpstr(void)
{
    static vec as[PCMP_INPUTS], bs[PCMP_INPUTS];
    static long long las[PCMP_INPUTS], lbs[PCMP_INPUTS];
    pcmp_inputs(as, bs, las, lbs);
    char where[160];

    for (int kind = 0; kind < 4; kind++) {
        static const char *names[] = { "pcmpistri", "pcmpistrm", "pcmpestri", "pcmpestrm" };
        int explicit_len = kind >= 2, want_mask = kind % 2;
        for (int imm = 0; imm < 128; imm++) {
            int fmt = imm & 3;
            for (int c = 0; c < PCMP_INPUTS; c++) {
                const vec *a = &as[c], *b = &bs[c];
                int la = explicit_len ? pcmp_explicit_len(las[c], fmt) : pcmp_implicit_len(a, fmt);
                int lb = explicit_len ? pcmp_explicit_len(lbs[c], fmt) : pcmp_implicit_len(b, fmt);
                struct pcmp_result want = ref_pcmp(a, la, b, lb, imm);
                unsigned long fl;
                if (!want_mask) {
                    int idx = explicit_len ? run_pcmpestri(imm, a, las[c], b, lbs[c], &fl)
                                           : run_pcmpistri(imm, a, b, &fl);
                    if (idx != want.index || (fl & FLAGS_MASK) != want.flags) {
                        pcmp_describe(where, sizeof where, imm, c, a, b);
                        mismatch("%s %s: index %d flags 0x%lx, expected %d 0x%x", names[kind], where, idx,
                                 fl & FLAGS_MASK, want.index, want.flags);
                    }
                } else {
                    vec m = explicit_len ? run_pcmpestrm(imm, a, las[c], b, lbs[c], &fl)
                                         : run_pcmpistrm(imm, a, b, &fl);
                    vec wm = pcmp_mask(&want, imm);
                    if (memcmp(&m, &wm, sizeof m) != 0 || (fl & FLAGS_MASK) != want.flags) {
                        char hm[40], hw[40];
                        vec_hex(hm, sizeof hm, &m);
                        vec_hex(hw, sizeof hw, &wm);
                        pcmp_describe(where, sizeof where, imm, c, a, b);
                        mismatch("%s %s: mask %s flags 0x%lx, expected %s 0x%x", names[kind], where, hm,
                                 fl & FLAGS_MASK, hw, want.flags);
                    }
                }
            }
        }
        group_done("%s: all 128 controls x %d inputs agree with the reference (%s and flags)", names[kind],
                   PCMP_INPUTS, want_mask ? "mask" : "index");
    }
}

/* Known answers through the intrinsics, as string code uses them. */
T_SSE42 static void check_pcmpstr_intrinsics(void)
{
    char hay[16] = "hello, world!";
    char vowels[16] = "aeiou";
    char digits[16] = "09";
    char needle[16] = "wor";
    char other[16] = "hello, wOrld!";
    __m128i h = _mm_loadu_si128((const __m128i *)hay);
    is_long(_mm_cmpistri(_mm_loadu_si128((const __m128i *)vowels), h,
                         _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY | _SIDD_LEAST_SIGNIFICANT),
            1, "pcmpistri: first vowel of \"hello, world!\" is at 1");
    is_long(_mm_cmpistri(_mm_loadu_si128((const __m128i *)vowels), h,
                         _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ANY | _SIDD_MOST_SIGNIFICANT),
            8, "pcmpistri: last vowel of \"hello, world!\" is at 8");
    is_long(_mm_cmpistri(_mm_loadu_si128((const __m128i *)digits), h,
                         _SIDD_UBYTE_OPS | _SIDD_CMP_RANGES | _SIDD_LEAST_SIGNIFICANT),
            16, "pcmpistri: no digit in \"hello, world!\" gives 16");
    is_long(_mm_cmpistri(_mm_loadu_si128((const __m128i *)needle), h,
                         _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ORDERED | _SIDD_LEAST_SIGNIFICANT),
            7, "pcmpistri: \"wor\" is found at 7");
    is_long(_mm_cmpistri(_mm_loadu_si128((const __m128i *)other), h,
                         _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_EACH | _SIDD_NEGATIVE_POLARITY | _SIDD_LEAST_SIGNIFICANT),
            8, "pcmpistri: strings first differ at 8");
    ok(_mm_cmpistrz(_mm_loadu_si128((const __m128i *)needle), h, _SIDD_CMP_EQUAL_ORDERED)
       && _mm_cmpistrs(h, h, _SIDD_CMP_EQUAL_ORDERED) == 1,
       "pcmpistri: ZF/SF report the terminators");
    vec r;
    r.v = _mm_cmpgt_epi64(_mm_set_epi64x(-1, 5), _mm_set_epi64x(-2, 7));
    ok(r.q[0] == 0 && r.q[1] == ~0ULL, "pcmpgtq compares signed 64-bit lanes");
}

int main(void)
{
    tap_init();
    check_cpuid();
    check_popcnt();
    check_lahf_sahf();
    check_bit_scan();
    check_cmpxchg16b();
    check_sse3();
    check_ssse3();
    check_sse41_int();
    check_sse41_fp_dot();
    check_round();
    check_crc32();
    check_pcmpstr();
    check_pcmpstr_intrinsics();
    return tap_done();
}
