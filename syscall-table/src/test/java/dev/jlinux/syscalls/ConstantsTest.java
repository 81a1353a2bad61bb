// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The constant classes against the machine's uapi headers (the oracle; jlinux never reads them): every
 * constant and every name-table entry whose name the headers define as a plain integer expression must
 * have the header's value. Names the headers lack (newer kernels, strace-only names) are skipped.
 */
class ConstantsTest {
    private static final String INC = "/usr/include/";
    private static final List<String> HEADERS = List.of(
            "asm-generic/fcntl.h", "linux/fcntl.h", "linux/openat2.h", "linux/close_range.h", "linux/fs.h",
            "linux/falloc.h", "linux/fadvise.h", "linux/xattr.h", "x86_64-linux-gnu/asm/mman.h",
            "asm-generic/mman-common.h", "linux/mman.h", "asm-generic/hugetlb_encode.h", "linux/time.h",
            "x86_64-linux-gnu/asm/signal.h", "asm-generic/signal-defs.h", "linux/sched.h", "linux/stat.h",
            "asm-generic/poll.h", "linux/futex.h", "asm-generic/ioctls.h", "asm-generic/ioctl.h",
            "asm-generic/resource.h", "linux/resource.h", "x86_64-linux-gnu/asm/prctl.h", "linux/prctl.h", "linux/capability.h",
            "linux/wait.h", "linux/random.h", "asm-generic/siginfo.h");
    private static final Pattern DEFINE = Pattern.compile("#\\s*define\\s+(\\w+)\\s+(.*)");

    private static Map<String, String> defines;

    /**
     * Name → the text of its object-like {@code #define}. The first one wins (include guards), except
     * that a name defined twice with different texts (an {@code #if} per architecture) is left out.
     */
    private static synchronized Map<String, String> defines() throws IOException {
        if (defines != null) return defines;
        Map<String, String> d = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (String h : HEADERS) {
            Path p = Path.of(INC + h);
            assertThat(p).as("uapi header (package linux-libc-dev)").exists();
            String text = Files.readString(p).replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", "");
            for (String line : text.split("\n")) {
                Matcher m = DEFINE.matcher(line.strip());
                if (!m.matches() || m.group(2).isBlank()) continue;
                String old = d.putIfAbsent(m.group(1), m.group(2).strip());
                if (old != null && !old.equals(m.group(2).strip())) ambiguous.add(m.group(1));
            }
        }
        d.keySet().removeAll(ambiguous);
        return defines = d;
    }

    /** The value of macro {@code name}, or null when it is not a plain integer expression. */
    static Long value(String name) throws IOException {
        return value(name, 0);
    }

    private static Long value(String name, int depth) throws IOException {
        String body = defines().get(name);
        if (body == null || depth > 20) return null;
        try {
            return new Expr(body, depth).parse();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A tiny C integer-expression evaluator: literals, macros, unary - ~, and | & + - << >> with parentheses. */
    private static final class Expr {
        private final String s;
        private final int depth;
        private int pos;

        Expr(String s, int depth) {
            this.s = s;
            this.depth = depth;
        }

        long parse() throws IOException {
            long v = or();
            skip();
            if (pos != s.length()) throw new IllegalArgumentException(s);
            return v;
        }

        private long or() throws IOException {
            long v = and();
            while (eat("|")) v |= and();
            return v;
        }

        private long and() throws IOException {
            long v = shift();
            while (eat("&")) v &= shift();
            return v;
        }

        private long shift() throws IOException {
            long v = sum();
            while (true) {
                if (eat("<<")) v <<= sum();
                else if (eat(">>")) v >>= sum();
                else return v;
            }
        }

        private long sum() throws IOException {
            long v = unary();
            while (true) {
                if (eat("+")) v += unary();
                else if (eat("-")) v -= unary();
                else return v;
            }
        }

        private long unary() throws IOException {
            if (eat("-")) return -unary();
            if (eat("~")) return ~unary();
            if (eat("(")) {
                long v = or();
                if (!eat(")")) throw new IllegalArgumentException(s);
                return v;
            }
            skip();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) pos++;
            String tok = s.substring(start, pos);
            if (tok.isEmpty()) throw new IllegalArgumentException(s);
            if (Character.isDigit(tok.charAt(0))) {
                String digits = tok.replaceAll("[uUlL]+$", "");
                if (digits.startsWith("0x") || digits.startsWith("0X")) return Long.parseUnsignedLong(digits.substring(2), 16);
                if (digits.length() > 1 && digits.startsWith("0")) return Long.parseLong(digits.substring(1), 8);
                return Long.parseLong(digits);
            }
            skip();
            if (pos < s.length() && s.charAt(pos) == '(') throw new IllegalArgumentException("macro call " + tok);
            Long v = value(tok, depth + 1);
            if (v == null) throw new IllegalArgumentException(tok);
            return v;
        }

        private boolean eat(String op) {
            skip();
            if (!s.startsWith(op, pos)) return false;
            if (op.length() == 1 && (op.equals("|") || op.equals("&")) && s.startsWith(op + op, pos)) return false;
            pos += op.length();
            return true;
        }

        private void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }
    }

    private static boolean same(long java, long header, boolean isInt) {
        return java == header || (isInt && (java & 0xffffffffL) == (header & 0xffffffffL));
    }

    @ParameterizedTest
    @ValueSource(classes = {OpenFlags.class, Mman.class, Fcntl.class, At.class, Clocks.class, Signals.class, Clone.class,
        Stat.class, Poll.class, Futex.class, Ioctls.class, Resource.class, ArchPrctl.class, Prctl.class, Wait.class,
        GetRandom.class})
    void constantsAndNameTablesMatchTheHeaders(Class<?> cls) throws Exception {
        int checked = 0;
        List<String> wrong = new ArrayList<>();
        for (Field f : cls.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) continue;
            if (f.getType() == int.class || f.getType() == long.class) {
                Long h = value(f.getName());
                if (h == null) continue;
                long v = ((Number) f.get(null)).longValue();
                if (!same(v, h, f.getType() == int.class)) wrong.add(f.getName() + " = " + v + ", header " + h);
                checked++;
            } else if (f.getType() == NameTable.class) {
                for (NameTable.Entry e : ((NameTable) f.get(null)).entries()) {
                    Long h = value(e.name());
                    if (h == null) continue;
                    if (!same(e.value(), h, true)) wrong.add(f.getName() + ": " + e.name() + " = " + e.value() + ", header " + h);
                    checked++;
                }
            }
        }
        assertThat(wrong).as(cls.getSimpleName()).isEmpty();
        assertThat(checked).as("constants of %s found in the headers", cls.getSimpleName()).isGreaterThanOrEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"O_CREAT", "O_LARGEFILE", "AT_FDCWD", "CLONE_INTO_CGROUP", "RLIM64_INFINITY", "FUTEX_CMD_MASK",
        "MAP_HUGE_SHIFT", "F_CANCELLK", "CLOSE_RANGE_CLOEXEC", "STATX_BASIC_STATS"})
    void theEvaluatorReadsTheHeaderForms(String name) throws IOException {
        assertThat(value(name)).as(name + " = " + defines().get(name)).isNotNull();
    }
}
