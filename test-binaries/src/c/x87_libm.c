/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x87 transcendental and remainder instructions, directly (inline assembly) and through the long
 * double libm functions that glibc and musl implement with them (expl: f2xm1/fscale, logl: fyl2x,
 * atan2l: fpatan, fmodl: fprem, ...). Results are compared with correctly rounded constants, within
 * a few units in the last place (64-bit mantissa), or exactly where the operation is exact.
 *
 * An emulator that computes these in double precision is off by about 2^11 ulps and fails here;
 * float_print checks the basic FPU state separately.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>

#include "tap.h"

static volatile long double v_one = 1.0L, v_two = 2.0L, v_half = 0.5L, v_ten = 10.0L;

/* Correctly rounded to long double by the compiler from these decimal expansions. */
#define L_E        2.718281828459045235360287471352662498L
#define L_LN2      0.693147180559945309417232121458176568L
#define L_LN10     2.302585092994045684017991454684364208L
#define L_LOG2_10  3.321928094887362347870319429489390176L
#define L_LOG2_E   1.442695040888963407359924681001892137L
#define L_LOG10_2  0.301029995663981195213738894724493027L
#define L_LOG2_1_5 0.584962500721156181453738943947816509L
#define L_SIN1     0.841470984807896506652502321630298999L
#define L_COS1     0.540302305868139717400936607442976604L
#define L_TAN1     1.557407724654902230506974807458360173L
#define L_PI       3.141592653589793238462643383279502884L
#define L_PI_4     0.785398163397448309615660845819875721L
#define L_ATAN_1_2 0.463647609000806116214256231461214402L
#define L_SQRT2    1.414213562373095048801688724209698079L
#define L_SQRT2_M1 0.414213562373095048801688724209698079L
#define L_EXP10    22026.46579480671651695790064528424437L

static int within_ulps(long double got, long double want, int ulps)
{
    if (got == want)
        return 1;
    if (isnan(got) || isnan(want))
        return 0;
    int e;
    frexpl(want, &e);
    long double ulp = ldexpl(1.0L, e - 64);
    return fabsl(got - want) <= ulps * ulp;
}

__attribute__((format(printf, 4, 5)))
static void near(long double got, long double want, int ulps, const char *fmt, ...)
{
    char why[160];
    va_list ap;
    snprintf(why, sizeof why, "got %.21Lg, expected %.21Lg (within %d ulp)", got, want, ulps);
    va_start(ap, fmt);
    tap_vline(within_ulps(got, want, ulps), why, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 3, 4)))
static void exact(long double got, long double want, const char *fmt, ...)
{
    char why[160];
    va_list ap;
    snprintf(why, sizeof why, "got %La, expected %La", got, want);
    va_start(ap, fmt);
    tap_vline(got == want, why, fmt, ap);
    va_end(ap);
}

static long double x_fsin(long double x) { __asm__("fsin" : "+t"(x)); return x; }
static long double x_fcos(long double x) { __asm__("fcos" : "+t"(x)); return x; }
static long double x_fsqrt(long double x) { __asm__("fsqrt" : "+t"(x)); return x; }
static long double x_f2xm1(long double x) { __asm__("f2xm1" : "+t"(x)); return x; }
static long double x_frndint(long double x) { __asm__("frndint" : "+t"(x)); return x; }

static long double x_fptan(long double x)
{
    long double one;
    __asm__("fptan" : "=t"(one), "=u"(x) : "0"(x));
    return one == 1.0L ? x : NAN;
}

/* fpatan: st(0) = atan(st(1) / st(0)), pops. */
static long double x_fpatan(long double y, long double x)
{
    long double r;
    __asm__("fpatan" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    return r;
}

/* fyl2x: st(0) = st(1) * log2(st(0)), pops. */
static long double x_fyl2x(long double y, long double x)
{
    long double r;
    __asm__("fyl2x" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    return r;
}

static long double x_fyl2xp1(long double y, long double x)
{
    long double r;
    __asm__("fyl2xp1" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    return r;
}

/* fscale: st(0) = st(0) * 2^trunc(st(1)). */
static long double x_fscale(long double x, long double n)
{
    __asm__("fscale" : "+t"(x) : "u"(n));
    return x;
}

/* fprem / fprem1 repeated until the C2 ("incomplete") flag clears. */
static long double x_fprem(long double x, long double y, int *rounds)
{
    unsigned short sw;
    *rounds = 0;
    do {
        __asm__("fprem\n\tfnstsw %1" : "+t"(x), "=a"(sw) : "u"(y));
        ++*rounds;
    } while ((sw & 0x400) && *rounds < 100);
    return x;
}

static long double x_fprem1(long double x, long double y)
{
    unsigned short sw;
    int rounds = 0;
    do {
        __asm__("fprem1\n\tfnstsw %1" : "+t"(x), "=a"(sw) : "u"(y));
    } while ((sw & 0x400) && ++rounds < 100);
    return x;
}

static void x_fxtract(long double x, long double *sig, long double *exp)
{
    __asm__("fxtract" : "=t"(*sig), "=u"(*exp) : "0"(x));
}

static long double load_const(int which)
{
    long double r;
    switch (which) {
    case 0: __asm__("fldpi" : "=t"(r)); break;
    case 1: __asm__("fldl2e" : "=t"(r)); break;
    case 2: __asm__("fldl2t" : "=t"(r)); break;
    case 3: __asm__("fldlg2" : "=t"(r)); break;
    default: __asm__("fldln2" : "=t"(r)); break;
    }
    return r;
}

static void check_instructions(void)
{
    exact(load_const(0), L_PI, "fldpi");
    exact(load_const(1), L_LOG2_E, "fldl2e");
    exact(load_const(2), L_LOG2_10, "fldl2t");
    exact(load_const(3), L_LOG10_2, "fldlg2");
    exact(load_const(4), L_LN2, "fldln2");

    exact(x_fsqrt(v_two), L_SQRT2, "fsqrt(2) is correctly rounded");
    near(x_fsin(v_one), L_SIN1, 2, "fsin(1)");
    near(x_fcos(v_one), L_COS1, 2, "fcos(1)");
    near(x_fptan(v_one), L_TAN1, 2, "fptan(1) (and pushes 1.0)");
    near(x_fpatan(v_one, v_one), L_PI_4, 2, "fpatan(1, 1) == pi/4");
    near(x_fpatan(v_one, v_two), L_ATAN_1_2, 2, "fpatan(1, 2) == atan(0.5)");
    near(x_fyl2x(v_one, v_ten), L_LOG2_10, 2, "fyl2x(1, 10) == log2(10)");
    near(x_fyl2x(L_LN2 * v_one, v_ten), L_LN10, 2, "fyl2x(ln2, 10) == ln(10)");
    near(x_fyl2xp1(v_one, v_half), L_LOG2_1_5, 2, "fyl2xp1(1, 0.5) == log2(1.5)");
    near(x_f2xm1(v_half), L_SQRT2_M1, 2, "f2xm1(0.5) == sqrt(2) - 1");
    exact(x_fscale(1.5L * v_one, 3.75L * v_one), 12.0L, "fscale(1.5, 3.75) == 12");
    exact(x_fscale(v_one, -16445.0L * v_one), LDBL_TRUE_MIN, "fscale(1, -16445) == LDBL_TRUE_MIN");
    exact(x_frndint(2.5L * v_one), 2.0L, "frndint(2.5) == 2 (round to nearest even)");
    exact(x_frndint(-3.5L * v_one), -4.0L, "frndint(-3.5) == -4");

    long double sig, ex;
    x_fxtract(12.0L * v_one, &sig, &ex);
    ok(sig == 1.5L && ex == 3.0L, "fxtract(12) == 1.5 * 2^3");

    int rounds;
    long double r = x_fprem(1e30L * v_one, 3.1L * v_one, &rounds);
    exact(r, 0x69f004cd45cadbp-59L, "fprem(1e30, 3.1) is exact (fmod)");
    ok(rounds >= 2, "fprem needs more than one round when exponents differ by more than 63 (C2 flag)");
    exact(x_fprem(11.0L * v_one, 3.0L * v_one, &rounds), 2.0L, "fprem(11, 3) == 2");
    exact(x_fprem1(11.0L * v_one, 3.0L * v_one), -1.0L, "fprem1(11, 3) == -1");
}

static void check_libm(void)
{
    near(expl(v_one), L_E, 2, "expl(1)");
    near(expl(v_ten), L_EXP10, 4, "expl(10)");
    near(exp2l(v_half), L_SQRT2, 2, "exp2l(0.5)");
    near(logl(v_two), L_LN2, 2, "logl(2)");
    near(logl(v_ten), L_LN10, 2, "logl(10)");
    near(log2l(v_ten), L_LOG2_10, 2, "log2l(10)");
    near(log10l(v_two), L_LOG10_2, 2, "log10l(2)");
    near(atanl(v_one), L_PI_4, 2, "atanl(1)");
    near(atan2l(v_one, v_two), L_ATAN_1_2, 2, "atan2l(1, 2)");
    near(4 * atanl(v_one), L_PI, 2, "4 * atanl(1) == pi");
    near(sinl(v_one), L_SIN1, 2, "sinl(1)");
    near(cosl(v_one), L_COS1, 2, "cosl(1)");
    near(tanl(v_one), L_TAN1, 2, "tanl(1)");
    near(powl(v_two, v_half), L_SQRT2, 2, "powl(2, 0.5)");
    exact(sqrtl(v_two), L_SQRT2, "sqrtl(2) is correctly rounded");
    exact(fmodl(1e30L * v_one, 3.1L * v_one), 0x69f004cd45cadbp-59L, "fmodl(1e30, 3.1) is exact");
    exact(remainderl(11.0L * v_one, 3.0L * v_one), -1.0L, "remainderl(11, 3) == -1");
    /* Double-precision entry points, which must not be disturbed by the x87 work above. */
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g %.17g", exp((double)v_one), log((double)v_ten));
    is_str(buf, "2.7182818284590451 2.3025850929940459", "exp(1) and log(10) in double");
}

int main(void)
{
    tap_init();
    check_instructions();
    check_libm();
    return tap_done();
}
