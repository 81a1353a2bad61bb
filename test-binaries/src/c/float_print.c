/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Floating point as a program sees it: the initial x87 control word and MXCSR, printf/strtod of
 * float, double and long double, rounding modes, exception flags, conversions to integers and
 * subnormals. A wrong FPU state (e.g. FCW precision control set to single, FTZ/DAZ set, a rounding
 * mode left over) shows up as a wrong decimal string. All operands are volatile so that the
 * arithmetic happens at run time, not in the compiler.
 */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static volatile double d_one = 1.0, d_two = 2.0, d_three = 3.0, d_ten = 10.0, d_tenth = 0.1;
static volatile float f_one = 1.0f, f_two = 2.0f, f_three = 3.0f;
static volatile long double l_one = 1.0L, l_two = 2.0L, l_three = 3.0L;

#define FMT_IS(expected, ...)                                     \
    do {                                                          \
        char buf_[160];                                           \
        snprintf(buf_, sizeof buf_, __VA_ARGS__);                 \
        is_str(buf_, expected, "snprintf(%s)", #__VA_ARGS__);     \
    } while (0)

static unsigned read_fcw(void)
{
    unsigned short cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    return cw;
}

static unsigned read_mxcsr(void)
{
    unsigned m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    return m;
}

static void check_initial_state(void)
{
    is_hex(read_fcw(), 0x37f, "initial x87 control word");
    is_hex(read_mxcsr() & ~0x3fu, 0x1f80, "initial MXCSR (ignoring sticky flags)");
    is_long(fegetround(), FE_TONEAREST, "fegetround() == FE_TONEAREST");
}

static void check_printf(void)
{
    double third = d_one / d_three;
    FMT_IS("0.33333333333333331483", "%.20f", third);
    FMT_IS("0.333333", "%f", third);
    FMT_IS("0.10000000000000001", "%.17g", d_tenth);
    FMT_IS("1.234568e+04", "%e", 12345.678 * d_one);
    FMT_IS("1.2345678000000000e+04", "%.16e", 12345.678 * d_one);
    FMT_IS("0x1p+0", "%a", d_one);
    FMT_IS("0x1.999999999999ap-4", "%a", d_tenth);
    FMT_IS("-0x1.4p+1", "%a", -2.5 * d_one);
    FMT_IS("100000", "%g", 100000.0 * d_one);
    FMT_IS("1e+06", "%g", 1e6 * d_one);
    FMT_IS("0.0001", "%g", 1e-4 * d_one);
    FMT_IS("1e-05", "%g", 1e-5 * d_one);
    FMT_IS("123.456", "%g", 123.456 * d_one);
    FMT_IS("10000000000000000000000", "%.0f", 1e22 * d_one);
    FMT_IS("18446744073709551616", "%.0f", ldexp(d_one, 64));
    FMT_IS("0.12 0.38 2.001", "%.2f %.2f %.3f", 0.125 * d_one, 0.375 * d_one, 2.0005 * d_one);
    FMT_IS("1.7976931348623157e+308", "%.17g", DBL_MAX * d_one);
    FMT_IS("2.2250738585072014e-308", "%.17g", DBL_MIN * d_one);
    FMT_IS("4.9406564584124654e-324", "%.17g", DBL_TRUE_MIN * d_one);
    FMT_IS("inf -INF nan", "%f %F %f", d_one / 0.0, -d_one / 0.0, NAN * d_one);
    FMT_IS("  3.14|3.14  |+3.142|003.1", "%6.2f|%-6.2f|%+.3f|%05.1f", M_PI * d_one, M_PI * d_one, M_PI * d_one, M_PI * d_one);

    float fthird = f_one / f_three;
    FMT_IS("0.3333333433", "%.10f", (double)fthird);
    FMT_IS("3.402823e+38", "%e", (double)(FLT_MAX * f_one));
    FMT_IS("1.40129846e-45", "%.9g", (double)(FLT_TRUE_MIN * f_one));

    long double lthird = l_one / l_three;
    FMT_IS("0.3333333333333333333423684", "%.25Lf", lthird);
    FMT_IS("18446744073709551615", "%.0Lf", (long double)UINT64_MAX * l_one);
    FMT_IS("1.18973e+4932", "%Lg", LDBL_MAX * l_one);
    FMT_IS("3.6452e-4951", "%Lg", LDBL_TRUE_MIN * l_one);
    FMT_IS("1.0842021724855044340e-19", "%.19Le", LDBL_EPSILON * l_one);
}

static void check_precision(void)
{
    /* If the x87 precision control were "double" or "single", these would round away. */
    ok(l_one + LDBL_EPSILON != l_one, "long double keeps 64 mantissa bits (1 + 2^-63 != 1)");
    ok((l_one + LDBL_EPSILON / 2) == l_one, "1 + 2^-64 rounds to 1 in long double");
    ok(d_one + DBL_EPSILON != d_one, "double keeps 53 bits (1 + 2^-52 != 1)");
    ok(d_one + DBL_EPSILON / 2 == d_one, "1 + 2^-53 rounds (ties-to-even) to 1 in double");
    ok(f_one + FLT_EPSILON != f_one, "float keeps 24 bits");
    long double big = 9007199254740993.0L * l_one; /* 2^53 + 1: exact in long double only */
    FMT_IS("9007199254740993", "%.0Lf", big);
    FMT_IS("9007199254740992", "%.0f", (double)big);
}

static void check_sqrt(void)
{
    FMT_IS("1.4142135623730951", "%.17g", sqrt(d_two));
    FMT_IS("1.41421354", "%.9g", (double)sqrtf(f_two));
    FMT_IS("1.41421356237309504876", "%.21Lg", sqrtl(l_two));
    FMT_IS("5.5511151231257827e-17", "%.17g", fma(d_tenth, d_ten, -d_one));
    ok(isnan(sqrt(-d_one)), "sqrt(-1) is NaN");
}

static void check_strtod(void)
{
    static const double values[] = {
        0.1, 1e23, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308,
        123456789.123456789, 3.141592653589793, -0.0, 9007199254740993.0, 1e-300,
    };
    int round_trips = 1;
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char buf[64];
        double v = values[i] * d_one;
        snprintf(buf, sizeof buf, "%.17g", v);
        double back = strtod(buf, NULL);
        if (memcmp(&back, &v, sizeof v) != 0) {
            note("round trip failed for %s", buf);
            round_trips = 0;
        }
    }
    ok(round_trips, "strtod(printf(\"%%.17g\", x)) == x for 10 values");

    FMT_IS("0.10000000000000000555", "%.20f", strtod("0.1", NULL));
    FMT_IS("3", "%g", strtod("0x1.8p1", NULL));
    FMT_IS("1e+23", "%g", strtod("1e23", NULL));
    FMT_IS("9.9999999999999992e+22", "%.17g", strtod("1e23", NULL));
    FMT_IS("4.9406564584124654e-324", "%.17g", strtod("2.4703282292062328e-324", NULL));
    FMT_IS("0", "%.17g", strtod("2.4703282292062327e-324", NULL));
    FMT_IS("0.333333343", "%.9g", (double)strtof("0.333333333333", NULL));
    FMT_IS("0.33333333333333333334", "%.20Lf", strtold("0.333333333333333333333333", NULL));

    errno = 0;
    double huge = strtod("1e400", NULL);
    ok(isinf(huge) && errno == ERANGE, "strtod(\"1e400\") is inf with ERANGE");
    errno = 0;
    double tiny = strtod("1e-400", NULL);
    ok(tiny == 0.0 && errno == ERANGE, "strtod(\"1e-400\") is 0 with ERANGE");
    ok(isnan(strtod("nan", NULL)), "strtod(\"nan\") is NaN");
    char *end;
    double partial = strtod("  -12.5e1xyz", &end);
    ok(partial == -125.0 && strcmp(end, "xyz") == 0, "strtod stops at the first non-number character");
}

static void check_rounding_modes(void)
{
    static const struct { int mode; const char *name; long rint25, rintm25, rint35; } modes[] = {
        { FE_TONEAREST, "FE_TONEAREST", 2, -2, 4 },
        { FE_UPWARD, "FE_UPWARD", 3, -2, 4 },
        { FE_DOWNWARD, "FE_DOWNWARD", 2, -3, 3 },
        { FE_TOWARDZERO, "FE_TOWARDZERO", 2, -2, 3 },
    };
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        is_long(fesetround(modes[i].mode), 0, "fesetround(%s)", modes[i].name);
        is_long(fegetround(), modes[i].mode, "fegetround() after fesetround(%s)", modes[i].name);
        long got[3] = { lrint(2.5 * d_one), lrint(-2.5 * d_one), lrint(3.5 * d_one) };
        ok(got[0] == modes[i].rint25 && got[1] == modes[i].rintm25 && got[2] == modes[i].rint35,
           "lrint(2.5, -2.5, 3.5) under %s", modes[i].name);
        double r = rint(-2.5 * d_one);
        ok(r == (double)modes[i].rintm25, "rint(-2.5) under %s", modes[i].name);
        long double lr = rintl(2.5L * l_one);
        ok(lr == (long double)modes[i].rint25, "rintl(2.5) under %s (x87 rounding control)", modes[i].name);
        ok((int)(2.7 * d_one) == 2 && (int)(-2.7 * d_one) == -2,
           "C casts truncate under %s", modes[i].name);
    }
    fesetround(FE_UPWARD);
    double up = d_one / d_three;
    long double lup = l_one / l_three;
    float fup = f_one / f_three;
    fesetround(FE_DOWNWARD);
    double down = d_one / d_three;
    long double ldown = l_one / l_three;
    float fdown = f_one / f_three;
    fesetround(FE_TONEAREST);
    ok(up > down && nextafter(down, 1.0) == up, "1/3 rounded up and down differ by one ulp (double, SSE)");
    ok(fup > fdown && nextafterf(fdown, 1.0f) == fup, "1/3 rounded up and down differ by one ulp (float, SSE)");
    ok(lup > ldown && nextafterl(ldown, 1.0L) == lup, "1/3 rounded up and down differ by one ulp (long double, x87)");
    FMT_IS("0.33333333333333337034", "%.20f", up);
    is_long(fegetround(), FE_TONEAREST, "rounding mode restored to FE_TONEAREST");
}

static void check_exceptions(void)
{
    feclearexcept(FE_ALL_EXCEPT);
    ok(fetestexcept(FE_ALL_EXCEPT) == 0, "feclearexcept clears all flags");
    volatile double x = d_one / d_three;
    ok(fetestexcept(FE_INEXACT) != 0, "1/3 raises FE_INEXACT");
    feclearexcept(FE_ALL_EXCEPT);
    x = d_one / (d_one - d_one);
    ok(fetestexcept(FE_DIVBYZERO) != 0 && isinf(x), "1/0 raises FE_DIVBYZERO and gives inf");
    feclearexcept(FE_ALL_EXCEPT);
    x = (d_one - d_one) / (d_one - d_one);
    ok(fetestexcept(FE_INVALID) != 0 && isnan(x), "0/0 raises FE_INVALID and gives NaN");
    feclearexcept(FE_ALL_EXCEPT);
    x = DBL_MAX * d_two;
    ok(fetestexcept(FE_OVERFLOW) != 0, "DBL_MAX * 2 raises FE_OVERFLOW");
    feclearexcept(FE_ALL_EXCEPT);
    x = DBL_MIN * d_tenth;
    ok(fetestexcept(FE_UNDERFLOW) != 0, "DBL_MIN * 0.1 raises FE_UNDERFLOW");
    feclearexcept(FE_ALL_EXCEPT);
    volatile long double lx = l_one / (l_one - l_one);
    ok(fetestexcept(FE_DIVBYZERO) != 0 && isinf(lx), "long double 1/0 raises FE_DIVBYZERO (x87 status word)");
    feclearexcept(FE_ALL_EXCEPT);
    (void)x;
}

static void check_conversions(void)
{
    volatile double big = 1e19 * d_one, neg = -3.99 * d_one, u = 3e9 * d_one, nan_ = NAN;
    volatile long double lbig = 1e19L * l_one, lneg = -3.99L * l_one, lu = 1.8e19L * l_one;
    volatile long long ll;
    ll = (long long)big; /* cvttsd2si: out of range gives the "integer indefinite" value */
    is_hex((unsigned long long)ll, 0x8000000000000000ULL, "(long long)1e19 (cvttsd2si) is integer indefinite");
    ll = (long long)nan_;
    is_hex((unsigned long long)ll, 0x8000000000000000ULL, "(long long)NaN (cvttsd2si) is integer indefinite");
    is_long((long long)neg, -3, "(long long)-3.99 truncates");
    is_long((long long)(unsigned)u, 3000000000LL, "(unsigned)3e9");
    is_long((long long)(float)(f_two * 1.75f), 3, "(long long)3.5f truncates");
    ll = (long long)lbig; /* fistp: out of range gives integer indefinite too */
    is_hex((unsigned long long)ll, 0x8000000000000000ULL, "(long long)1e19L (fistp) is integer indefinite");
    is_long((long long)lneg, -3, "(long long)-3.99L truncates (x87 with temporary FCW)");
    is_hex((unsigned long long)lu, 18000000000000000000ULL, "(unsigned long long)1.8e19L");
    is_long(read_fcw(), 0x37f, "x87 control word restored after conversions");
    is_long(lrint(-1.5 * d_one), -2, "lrint(-1.5) rounds to even");
    is_long(llrintl(2.5L * l_one), 2, "llrintl(2.5) rounds to even");
    is_long(lround(2.5 * d_one), 3, "lround(2.5) rounds away from zero");
    FMT_IS("-0 -0", "%g %g", nearbyint(-0.4 * d_one), trunc(-0.5 * d_one));
    FMT_IS("3 -3 2 -2", "%g %g %g %g", ceil(2.1 * d_one), floor(-2.1 * d_one), round(1.5 * d_one), round(-1.5 * d_one));
}

static void check_subnormals(void)
{
    double dsub = DBL_MIN * d_one / 4;
    ok(fpclassify(dsub) == FP_SUBNORMAL, "DBL_MIN / 4 is subnormal (no flush-to-zero)");
    ok(dsub * 4 == DBL_MIN, "DBL_MIN / 4 * 4 == DBL_MIN (no denormals-are-zero)");
    FMT_IS("5.5626846462680035e-309", "%.17g", dsub);
    float fsub = FLT_MIN * f_one / 8;
    ok(fpclassify(fsub) == FP_SUBNORMAL && fsub * 8 == FLT_MIN, "FLT_MIN / 8 is subnormal and scales back");
    long double lsub = LDBL_MIN * l_one / 1024;
    ok(fpclassify(lsub) == FP_SUBNORMAL && lsub * 1024 == LDBL_MIN, "LDBL_MIN / 1024 is subnormal and scales back");
    ok(DBL_TRUE_MIN * d_one / 2 == 0.0, "DBL_TRUE_MIN / 2 rounds to 0 (ties to even)");
    ok(DBL_TRUE_MIN * d_one * 1.5 / 1.0 == 2 * DBL_TRUE_MIN, "DBL_TRUE_MIN * 1.5 rounds to 2 * DBL_TRUE_MIN");
}

int main(void)
{
    tap_init();
    check_initial_state();
    check_printf();
    check_precision();
    check_sqrt();
    check_strtod();
    check_rounding_modes();
    check_exceptions();
    check_conversions();
    check_subnormals();
    is_hex(read_fcw(), 0x37f, "x87 control word at the end");
    is_hex(read_mxcsr() & ~0x3fu, 0x1f80, "MXCSR at the end (ignoring sticky flags)");
    return tap_done();
}
