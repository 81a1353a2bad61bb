// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.elf;

import static dev.jlinux.syscalls.Auxv.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jlinux.elf.InitialStack.AuxEntry;
import dev.jlinux.elf.InitialStack.AuxValues;
import dev.jlinux.elf.InitialStack.Layout;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link InitialStack} against Linux's {@code create_elf_tables} (fs/binfmt_elf.c) and
 * {@code do_execveat_common}/{@code bprm_stack_limits}/{@code copy_strings} (fs/exec.c): a layout
 * computed by hand, the structural rules, the E2BIG arithmetic, and two oracle tests against the host
 * kernel ({@link OnTheHostKernel}).
 */
class InitialStackTest {
    private static final long TOP = 0x7ffffffff000L;
    private static final byte[] RANDOM = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    private static AuxValues aux(String platform) {
        return new AuxValues(0x400040, 56, 10, 4096, 0, 0, 0x401000, 1000, 1001, 1002, 1003, 0, 0x178bfbffL, 2, 100,
                platform, 3632, RANDOM);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> bs(String... s) {
        return Arrays.stream(s).map(InitialStackTest::b).toList();
    }

    /** Reads a stack image as the guest would: little-endian words and C strings at guest addresses. */
    private record Mem(long low, byte[] bytes) {
        Mem(Layout l) {
            this(l.lowAddr(), l.bytes());
        }

        long word(long addr) {
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong((int) (addr - low));
        }

        byte[] cstring(long addr) {
            int from = (int) (addr - low), to = from;
            while (bytes[to] != 0) to++;
            return Arrays.copyOfRange(bytes, from, to);
        }

        String string(long addr) {
            return new String(cstring(addr), StandardCharsets.UTF_8);
        }

        byte[] range(long addr, int n) {
            return Arrays.copyOfRange(bytes, (int) (addr - low), (int) (addr - low) + n);
        }
    }

    /** What a program's _start finds: argc, argv, envp and auxv read from rsp upwards. */
    private record Walk(long argc, List<Long> argv, List<Long> envp, List<AuxEntry> auxv, long auxvAddr) {
        static Walk from(Mem m, long rsp) {
            long argc = m.word(rsp);
            long at = rsp + 8;
            List<Long> argv = new ArrayList<>();
            for (int i = 0; i < argc; i++, at += 8) argv.add(m.word(at));
            assertThat(m.word(at)).as("argv NULL terminator").isZero();
            at += 8;
            List<Long> envp = new ArrayList<>();
            for (long v; (v = m.word(at)) != 0; at += 8) envp.add(v);
            at += 8; // envp NULL
            long auxvAddr = at;
            List<AuxEntry> auxv = new ArrayList<>();
            for (;; at += 16) {
                AuxEntry e = new AuxEntry(m.word(at), m.word(at + 8));
                auxv.add(e);
                if (e.type() == AT_NULL) break;
            }
            return new Walk(argc, argv, envp, auxv, auxvAddr);
        }

        long aux(int type) {
            return auxv.stream().filter(e -> e.type() == type).findFirst().orElseThrow(() -> new AssertionError("no " + name(type))).value();
        }
    }

    // ---- the layout ----

    @Test
    void layoutMatchesCreateElfTablesComputedByHand() {
        Layout l = InitialStack.layout(TOP, bs("prog", "-x"), bs("A=1", "HOME=/root"), b("/bin/prog"), aux("x86_64"), List.of());
        // From the top: 8 zero bytes; "/bin/prog\0" (10); "HOME=/root\0" (11); "A=1\0" (4); "-x\0" (3); "prog\0" (5)
        long execfn = TOP - 8 - 10, home = execfn - 11, a1 = home - 4, dashX = a1 - 3, prog = dashX - 5;
        assertThat(prog).isEqualTo(TOP - 41);
        // arch_align_stack without randomisation: & ~15 -> TOP - 48; "x86_64\0" below it; 16 random bytes below that
        long platform = TOP - 48 - 7, random = platform - 16;
        // 19 auxv pairs + AT_NULL = 40 words; argc + argv + NULL + envp + NULL = 7 words; STACK_ROUND
        long rsp = (random - 8 * 40 - 8 * 7) & ~15L;
        assertThat(rsp).isEqualTo(TOP - 448);

        assertThat(l.stackPointer()).isEqualTo(rsp);
        assertThat(l.lowAddr()).isEqualTo(rsp);
        assertThat(l.bytes()).hasSize((int) (TOP - rsp));
        assertThat(l.execfnAddr()).isEqualTo(execfn);
        assertThat(l.platformAddr()).isEqualTo(platform);
        assertThat(l.randomAddr()).isEqualTo(random);
        assertThat(l.argStart()).isEqualTo(prog);
        assertThat(l.argEnd()).isEqualTo(a1);
        assertThat(l.envStart()).isEqualTo(a1);
        assertThat(l.envEnd()).isEqualTo(execfn);
        assertThat(l.result()).isEqualTo(new InitialStack.Result(rsp, rsp, l.bytes()));

        Mem m = new Mem(l);
        Walk w = Walk.from(m, rsp);
        assertThat(w.argc()).isEqualTo(2);
        assertThat(w.argv()).containsExactly(prog, dashX);
        assertThat(w.envp()).containsExactly(a1, home);
        assertThat(w.auxvAddr()).isEqualTo(rsp + 8 * 7);
        assertThat(w.auxv()).containsExactly(
                new AuxEntry(AT_MINSIGSTKSZ, 3632),
                new AuxEntry(AT_HWCAP, 0x178bfbffL),
                new AuxEntry(AT_PAGESZ, 4096),
                new AuxEntry(AT_CLKTCK, 100),
                new AuxEntry(AT_PHDR, 0x400040),
                new AuxEntry(AT_PHENT, 56),
                new AuxEntry(AT_PHNUM, 10),
                new AuxEntry(AT_BASE, 0),
                new AuxEntry(AT_FLAGS, 0),
                new AuxEntry(AT_ENTRY, 0x401000),
                new AuxEntry(AT_UID, 1000),
                new AuxEntry(AT_EUID, 1001),
                new AuxEntry(AT_GID, 1002),
                new AuxEntry(AT_EGID, 1003),
                new AuxEntry(AT_SECURE, 0),
                new AuxEntry(AT_RANDOM, random),
                new AuxEntry(AT_HWCAP2, 2),
                new AuxEntry(AT_EXECFN, execfn),
                new AuxEntry(AT_PLATFORM, platform),
                new AuxEntry(AT_NULL, 0));
        assertThat(l.auxv()).isEqualTo(w.auxv());

        assertThat(m.string(prog)).isEqualTo("prog");
        assertThat(m.string(dashX)).isEqualTo("-x");
        assertThat(m.string(a1)).isEqualTo("A=1");
        assertThat(m.string(home)).isEqualTo("HOME=/root");
        assertThat(m.string(execfn)).isEqualTo("/bin/prog");
        assertThat(m.string(platform)).isEqualTo("x86_64");
        assertThat(m.range(random, 16)).isEqualTo(RANDOM);
        assertThat(m.range(TOP - 8, 8)).as("the 8 bytes at the very top").isEqualTo(new byte[8]);
        // padding: between the end of auxv and the random bytes, and between "x86_64\0" and the strings
        assertThat(m.range(rsp + 8 * 7 + 16 * 20, (int) (random - (rsp + 8 * 7 + 16 * 20)))).containsOnly(0);
        assertThat(m.range(platform + 7, (int) (prog - (platform + 7)))).containsOnly(0);
    }

    @Test
    void stringsAreContiguousInAscendingOrderUnderTheTopWord() {
        List<byte[]> argv = bs("a", "", "ccc"), envp = bs("X=", "LONGER=value");
        Layout l = InitialStack.layout(TOP, argv, envp, b("./x"), aux("x86_64"), List.of());
        Walk w = Walk.from(new Mem(l), l.stackPointer());
        List<Long> addrs = new ArrayList<>(w.argv());
        addrs.addAll(w.envp());
        addrs.add(l.execfnAddr());
        List<byte[]> strings = new ArrayList<>(argv);
        strings.addAll(envp);
        strings.add(b("./x"));
        long expect = l.argStart();
        for (int i = 0; i < addrs.size(); i++) {
            assertThat(addrs.get(i)).as("string %d", i).isEqualTo(expect);
            expect += strings.get(i).length + 1;
        }
        assertThat(expect).isEqualTo(TOP - 8);
    }

    @Test
    void stackPointerIsAlwaysSixteenByteAlignedAndPointsAtArgc() {
        for (int len = 0; len < 40; len++)
            for (int envc = 0; envc < 4; envc++)
                for (String platform : new String[] {"x86_64", null}) {
                    List<byte[]> envp = Collections.nCopies(envc, b("E=" + "e".repeat(len)));
                    Layout l = InitialStack.layout(TOP, List.of(b("p".repeat(len))), envp, b("/e"), aux(platform), List.of());
                    assertThat(l.stackPointer() % 16).as("len %d envc %d platform %s", len, envc, platform).isZero();
                    Walk w = Walk.from(new Mem(l), l.stackPointer());
                    assertThat(w.argc()).isEqualTo(1);
                    assertThat(w.envp()).hasSize(envc);
                    assertThat(new Mem(l).string(w.argv().getFirst())).isEqualTo("p".repeat(len));
                }
    }

    @Test
    void emptyArgvBecomesOneEmptyString() {
        // Linux 5.18+: do_execveat_common pushes "" after the (absent) argv strings so that argc is 1.
        Layout l = InitialStack.layout(TOP, List.of(), bs("A=1"), b("/x"), aux("x86_64"), List.of());
        Mem m = new Mem(l);
        Walk w = Walk.from(m, l.stackPointer());
        assertThat(w.argc()).isEqualTo(1);
        long empty = w.argv().getFirst();
        assertThat(empty).isEqualTo(TOP - 8 - 3 - 4 - 1); // below "/x\0" and "A=1\0"
        assertThat(m.cstring(empty)).isEmpty();
        assertThat(l.argStart()).isEqualTo(empty);
        assertThat(l.argEnd()).isEqualTo(empty + 1).isEqualTo(w.envp().getFirst());
    }

    @Test
    void emptyEnvironment() {
        Layout l = InitialStack.layout(TOP, bs("p"), List.of(), b("/p"), aux("x86_64"), List.of());
        Walk w = Walk.from(new Mem(l), l.stackPointer());
        assertThat(w.envp()).isEmpty();
        assertThat(l.argEnd()).isEqualTo(l.envStart()).isEqualTo(l.envEnd()).isEqualTo(l.execfnAddr());
    }

    @Test
    void nonAsciiBytesAreCopiedVerbatim() {
        byte[] latin1 = {(byte) 0xe9, 't', (byte) 0xe9};          // not valid UTF-8
        byte[] utf8 = b("naïve ∂ 😀");
        byte[] high = {(byte) 0xff, (byte) 0x80, 0x01, 0x7f};
        Layout l = InitialStack.layout(TOP, List.of(latin1, utf8), List.of(high), utf8, aux("x86_64"), List.of());
        Mem m = new Mem(l);
        Walk w = Walk.from(m, l.stackPointer());
        assertThat(m.cstring(w.argv().get(0))).isEqualTo(latin1);
        assertThat(m.cstring(w.argv().get(1))).isEqualTo(utf8);
        assertThat(m.cstring(w.envp().get(0))).isEqualTo(high);
        assertThat(m.cstring(w.aux(AT_EXECFN))).isEqualTo(utf8);
        assertThat(w.argv().get(1) - w.argv().get(0)).isEqualTo(latin1.length + 1);
    }

    @Test
    void withoutPlatformTheRandomBytesSitRightUnderTheAlignedStrings() {
        Layout l = InitialStack.layout(TOP, bs("prog"), List.of(), b("/p"), aux(null), List.of());
        Walk w = Walk.from(new Mem(l), l.stackPointer());
        assertThat(w.auxv()).extracting(AuxEntry::type).doesNotContain((long) AT_PLATFORM).hasSize(19);
        assertThat(w.auxv().get(17).type()).isEqualTo(AT_EXECFN);
        assertThat(l.platformAddr()).isZero();
        assertThat(l.randomAddr()).isEqualTo((l.argStart() & ~15L) - 16);
    }

    @Test
    void extraEntriesGoBetweenAtPlatformAndAtNull() {
        Layout l = InitialStack.layout(TOP, bs("prog"), List.of(), b("/p"), aux("x86_64"), InitialStack.rseqAux());
        List<AuxEntry> auxv = Walk.from(new Mem(l), l.stackPointer()).auxv();
        assertThat(auxv).hasSize(22);
        assertThat(auxv.subList(18, 22)).extracting(AuxEntry::type)
                .containsExactly((long) AT_PLATFORM, (long) AT_RSEQ_FEATURE_SIZE, (long) AT_RSEQ_ALIGN, (long) AT_NULL);
        assertThat(auxv.get(19).value()).isEqualTo(28);
        assertThat(auxv.get(20).value()).isEqualTo(32);
        assertThat(l.stackPointer() % 16).isZero();
    }

    @Test
    void buildIsLayoutWithoutExtras() {
        var r = InitialStack.build(TOP, bs("a"), bs("B=c"), b("/a"), aux("x86_64"));
        Layout l = InitialStack.layout(TOP, bs("a"), bs("B=c"), b("/a"), aux("x86_64"), List.of());
        assertThat(r.stackPointer()).isEqualTo(l.stackPointer());
        assertThat(r.lowAddr()).isEqualTo(l.lowAddr());
        assertThat(r.bytes()).isEqualTo(l.bytes());
    }

    // ---- rejected input ----

    @Test
    void nulInsideAStringIsRejected() {
        byte[] nul = {'a', 0, 'b'};
        assertThatThrownBy(() -> InitialStack.build(TOP, List.of(nul), List.of(), b("/x"), aux("x86_64")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("argv string contains a NUL byte");
        assertThatThrownBy(() -> InitialStack.build(TOP, bs("x"), List.of(nul), b("/x"), aux("x86_64")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("envp string contains a NUL byte");
        assertThatThrownBy(() -> InitialStack.build(TOP, bs("x"), List.of(), nul, aux("x86_64")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("execfn contains a NUL byte");
        assertThatThrownBy(() -> InitialStack.build(TOP, List.of(new byte[] {0}), List.of(), b("/x"), aux("x86_64")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> aux("x86\0_64")).isInstanceOf(IllegalArgumentException.class).hasMessage("platform contains NUL");
        assertThatThrownBy(() -> new AuxValues(0, 56, 1, 4096, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, "x86_64", 0, new byte[15]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("AT_RANDOM needs 16 bytes, got 15");
    }

    @Test
    void stackThatDoesNotFitIsRejected() {
        byte[] big = new byte[5000];
        Arrays.fill(big, (byte) 'a');
        assertThatThrownBy(() -> InitialStack.build(0x1000, List.of(big), List.of(), b("/x"), aux("x86_64")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("initial stack does not fit below 0x1000");
        // Just enough room works: the whole image is 0x1000 - rsp bytes.
        Layout fits = InitialStack.layout(TOP, bs("x"), List.of(), b("/x"), aux("x86_64"), List.of());
        long need = TOP - fits.stackPointer();
        assertThat(InitialStack.build(need + 64, bs("x"), List.of(), b("/x"), aux("x86_64")).stackPointer()).isBetween(0L, 64L);
    }

    @Test
    void hugeArgumentListsAreRejected() {
        byte[] chunk = new byte[InitialStack.MAX_ARG_STRLEN - 1];
        Arrays.fill(chunk, (byte) 'a');
        List<byte[]> mib8 = Collections.nCopies(64, chunk); // 8 MiB of argument strings
        // execve refuses them whatever the stack rlimit (at most 6 MiB with RLIM_INFINITY) ...
        for (long rlimit : new long[] {-1, InitialStack.STK_LIM, 1L << 40})
            assertThat(InitialStack.argumentsFit(mib8, List.of(), b("/x"), rlimit)).isFalse();
        // ... and a stack image is only refused when it cannot be laid out below the top:
        assertThatThrownBy(() -> InitialStack.build(4L << 20, mib8, List.of(), b("/x"), aux("x86_64")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("initial stack does not fit below 0x400000");
        assertThat(InitialStack.build(TOP, mib8, List.of(), b("/x"), aux("x86_64")).bytes().length).isGreaterThan(8 << 20);
        // or when the image would not fit in one Java array (here through auxv, which costs no per-string scan)
        List<AuxEntry> manyAux = Collections.nCopies(150_000_000, new AuxEntry(AT_IGNORE, 0));
        assertThatThrownBy(() -> InitialStack.layout(TOP, bs("x"), List.of(), b("/x"), aux("x86_64"), manyAux))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("initial stack does not fit below 0x7ffffffff000");
    }

    // ---- E2BIG ----

    /** Strings of 'a' (NULs included) totalling {@code bytes}, none longer than MAX_ARG_STRLEN; the same array is reused. */
    private static List<byte[]> strings(long bytes, int count) {
        assertThat(bytes).isGreaterThanOrEqualTo(count);
        List<byte[]> out = new ArrayList<>(count);
        byte[] full = new byte[InitialStack.MAX_ARG_STRLEN - 1];
        Arrays.fill(full, (byte) 'a');
        long left = bytes;
        for (int i = 0; i < count; i++) {
            long take = Math.min(InitialStack.MAX_ARG_STRLEN, left - (count - 1 - i));
            if (take == InitialStack.MAX_ARG_STRLEN) out.add(full);
            else {
                byte[] s = new byte[(int) take - 1];
                Arrays.fill(s, (byte) 'a');
                out.add(s);
            }
            left -= take;
        }
        assertThat(left).isZero();
        return out;
    }

    /** argv (after {@code argv0}) such that strings + execfn + pointers == limit + delta. */
    private static List<byte[]> argvFor(long limit, long delta, byte[] argv0, byte[] execfn) {
        int count = (int) (limit / InitialStack.MAX_ARG_STRLEN) + 2;
        long pointers = 8L * (count + 1);
        List<byte[]> argv = new ArrayList<>();
        argv.add(argv0);
        argv.addAll(strings(limit + delta - pointers - (argv0.length + 1) - (execfn.length + 1), count));
        return argv;
    }

    @Test
    void argumentsFitAtTheirLimits() {
        byte[] x = b("/x");
        long mib = 1024 * 1024;
        // stack rlimit -> limit: min(_STK_LIM / 4 * 3, rlimit / 4), at least ARG_MAX; RLIM_INFINITY gives 6 MiB
        Map<Long, Long> limits = new LinkedHashMap<>();
        limits.put(8 * mib, 2 * mib);
        limits.put(128 * 1024L, InitialStack.ARG_MAX); // rlimit / 4 is less, ARG_MAX is granted anyway
        limits.put(512 * 1024L, InitialStack.ARG_MAX);
        limits.put(mib, 256 * 1024L);
        limits.put(24 * mib, 6 * mib);
        limits.put(1L << 40, 6 * mib);
        limits.put(-1L, 6 * mib);
        for (var e : limits.entrySet()) {
            long rlimit = e.getKey(), limit = e.getValue();
            assertThat(InitialStack.argumentsFit(argvFor(limit, 0, x, x), List.of(), x, rlimit)).as("rlimit %d, exactly the limit", rlimit).isTrue();
            assertThat(InitialStack.argumentsFit(argvFor(limit, 1, x, x), List.of(), x, rlimit)).as("rlimit %d, one byte more", rlimit).isFalse();
        }
    }

    @Test
    void environmentCountsLikeArguments() {
        byte[] x = b("/x");
        long limit = 2L * 1024 * 1024;
        // 18 pointers (argv[0] and 17 env strings); strings: "/x\0" twice (argv[0], execfn) plus the env strings
        long room = limit - 8L * (1 + 17) - 3 - 3;
        assertThat(InitialStack.argumentsFit(List.of(x), strings(room, 17), x, InitialStack.STK_LIM)).isTrue();
        assertThat(InitialStack.argumentsFit(List.of(x), strings(room + 1, 17), x, InitialStack.STK_LIM)).isFalse();
    }

    @Test
    void singleStringLimitIsMaxArgStrlenIncludingTheNul() {
        byte[] x = b("/x");
        byte[] longest = new byte[InitialStack.MAX_ARG_STRLEN - 1], tooLong = new byte[InitialStack.MAX_ARG_STRLEN];
        Arrays.fill(longest, (byte) 'a');
        Arrays.fill(tooLong, (byte) 'a');
        long rl = InitialStack.STK_LIM;
        assertThat(InitialStack.argumentsFit(List.of(x, longest), List.of(), x, rl)).isTrue();
        assertThat(InitialStack.argumentsFit(List.of(x, tooLong), List.of(), x, rl)).isFalse();
        assertThat(InitialStack.argumentsFit(List.of(x), List.of(longest), x, rl)).isTrue();
        assertThat(InitialStack.argumentsFit(List.of(x), List.of(tooLong), x, rl)).isFalse();
        assertThat(InitialStack.argumentsFit(List.of(x), List.of(), longest, rl)).isTrue();
        assertThat(InitialStack.argumentsFit(List.of(x), List.of(), tooLong, rl)).isFalse();
        // even with an unlimited stack
        assertThat(InitialStack.argumentsFit(List.of(x, tooLong), List.of(), x, -1)).isFalse();
    }

    @Test
    void emptyArgvCountsOnePointerAndOneByte() {
        byte[] x = b("/x");
        long limit = InitialStack.ARG_MAX;
        // argv empty: pointers = 8 * (1 + envc), strings = execfn + env + the "" Linux adds
        int envc = 3;
        long room = limit - 8L * (1 + envc) - 3 - 1;
        assertThat(InitialStack.argumentsFit(List.of(), strings(room, envc), x, 512 * 1024)).isTrue();
        assertThat(InitialStack.argumentsFit(List.of(), strings(room + 1, envc), x, 512 * 1024)).isFalse();
    }

    @Test
    void pointersAloneCanExhaustTheLimit() {
        byte[] x = b("/x");
        // 16384 pointers = 131072 bytes = ARG_MAX: "limit <= ptr_size" is E2BIG before any string is copied
        assertThat(InitialStack.argumentsFit(List.of(), Collections.nCopies(16383, new byte[0]), x, 512 * 1024)).isFalse();
        assertThat(InitialStack.argumentsFit(List.of(x), Collections.nCopies(16383, new byte[0]), x, 512 * 1024)).isFalse();
        // empty env strings cost 9 bytes each: (131072 - 8 - 3 - 3) / 9 = 14562 fit, one more does not
        assertThat(InitialStack.argumentsFit(List.of(x), Collections.nCopies(14562, new byte[0]), x, 512 * 1024)).isTrue();
        assertThat(InitialStack.argumentsFit(List.of(x), Collections.nCopies(14563, new byte[0]), x, 512 * 1024)).isFalse();
    }

    @Test
    void aStackRlimitBelowArgMaxBoundsTheStringsItself() {
        // The strings plus the 8 top bytes must fit in the stack mapping the rlimit allows, whole pages
        // only, the first page always: fs/exec.c get_arg_page -> expand_downwards -> acct_stack_growth.
        byte[] x = b("/x");
        Map<Long, Long> room = new LinkedHashMap<>(); // rlimit -> the most string bytes (execfn included)
        room.put(0L, 4096L - 8);
        room.put(4095L, 4096L - 8);
        room.put(8192L, 8192L - 8);
        room.put(65536L, 65536L - 8);
        room.put(100000L, 98304L - 8);
        for (var e : room.entrySet()) {
            long rlimit = e.getKey(), strings = e.getValue();
            // argv = [x, one string]; the pointers (16 bytes) are far below ARG_MAX here
            List<byte[]> fits = List.of(x, new byte[(int) (strings - 3 - 3 - 1)]), over = List.of(x, new byte[(int) (strings - 3 - 3)]);
            Arrays.fill(fits.get(1), (byte) 'a');
            Arrays.fill(over.get(1), (byte) 'a');
            assertThat(InitialStack.argumentsFit(fits, List.of(), x, rlimit)).as("rlimit %d, %d bytes", rlimit, strings).isTrue();
            assertThat(InitialStack.argumentsFit(over, List.of(), x, rlimit)).as("rlimit %d, %d bytes", rlimit, strings + 1).isFalse();
        }
    }

    // ---- the host kernel as the oracle ----

    @Nested
    class OnTheHostKernel {
        /**
         * Prints, for its own initial stack: the personality, rsp (= argv - 8, the address of argc),
         * the end of the [stack] mapping, argc, each argv/envp pointer and the auxv entries as offsets
         * or values, getauxval's AT_EXECFN/AT_RANDOM/AT_PLATFORM, /proc/self/stat, and finally the
         * whole stack from rsp to the top in hex. Nothing above rsp is written by glibc's start-up code
         * before main runs (no GLIBC_TUNABLES in the environment, not setuid).
         */
        private static final String PROBE_C = """
                #define _GNU_SOURCE
                #include <elf.h>
                #include <stdio.h>
                #include <string.h>
                #include <sys/auxv.h>
                #include <sys/personality.h>

                int main(int argc, char **argv, char **envp) {
                    unsigned char *rsp = (unsigned char *) argv - sizeof(long);
                    unsigned long top = 0, a, b;
                    char line[4096];
                    FILE *f = fopen("/proc/self/maps", "r");
                    if (!f) return 2;
                    while (fgets(line, sizeof line, f))
                        if (strstr(line, "[stack]") && sscanf(line, "%lx-%lx", &a, &b) == 2) top = b;
                    fclose(f);
                    if (!top) return 3;
                    printf("personality %x\\n", personality(0xffffffff));
                    printf("rsp %lx\\n", (unsigned long) rsp);
                    printf("top %lx\\n", top);
                    printf("argc %ld\\n", *(long *) rsp);
                    for (int i = 0; i < argc; i++) printf("argv %d %lx\\n", i, (unsigned long) ((unsigned char *) argv[i] - rsp));
                    int envc = 0;
                    for (char **e = envp; *e; e++, envc++) printf("envp %d %lx\\n", envc, (unsigned long) ((unsigned char *) *e - rsp));
                    Elf64_auxv_t *aux = (Elf64_auxv_t *) (envp + envc + 1);
                    printf("auxv_at %lx\\n", (unsigned long) ((unsigned char *) aux - rsp));
                    for (; aux->a_type != AT_NULL; aux++) printf("auxv %lu %lx\\n", aux->a_type, aux->a_un.a_val);
                    printf("execfn %lx\\n", getauxval(AT_EXECFN) - (unsigned long) rsp);
                    printf("random %lx\\n", getauxval(AT_RANDOM) - (unsigned long) rsp);
                    printf("platform %lx\\n", getauxval(AT_PLATFORM) - (unsigned long) rsp);
                    f = fopen("/proc/self/stat", "r");
                    if (!f || !fgets(line, sizeof line, f)) return 4;
                    fclose(f);
                    printf("stat %s", line);
                    printf("stack ");
                    for (unsigned char *p = rsp; p < (unsigned char *) top; p++) printf("%02x", *p);
                    printf("\\n");
                    return 0;
                }
                """;

        /** The probe's report, parsed. */
        private record Probe(long rsp, long top, long argc, List<Long> argvOff, List<Long> envpOff, long auxvOff, List<AuxEntry> auxv,
                             long execfnOff, long randomOff, long platformOff, String[] stat, byte[] stack, int personality) {
            static Probe parse(String out) {
                long rsp = 0, top = 0, argc = -1, auxvOff = -1, execfn = -1, random = -1, platform = -1;
                int personality = 0;
                List<Long> argv = new ArrayList<>(), envp = new ArrayList<>();
                List<AuxEntry> auxv = new ArrayList<>();
                String[] stat = null;
                byte[] stack = null;
                for (String line : out.split("\n")) {
                    String[] w = line.split(" ");
                    switch (w[0]) {
                        case "personality" -> personality = Integer.parseUnsignedInt(w[1], 16);
                        case "rsp" -> rsp = Long.parseUnsignedLong(w[1], 16);
                        case "top" -> top = Long.parseUnsignedLong(w[1], 16);
                        case "argc" -> argc = Long.parseLong(w[1]);
                        case "argv" -> argv.add(Long.parseUnsignedLong(w[2], 16));
                        case "envp" -> envp.add(Long.parseUnsignedLong(w[2], 16));
                        case "auxv_at" -> auxvOff = Long.parseUnsignedLong(w[1], 16);
                        case "auxv" -> auxv.add(new AuxEntry(Long.parseUnsignedLong(w[1]), Long.parseUnsignedLong(w[2], 16)));
                        case "execfn" -> execfn = Long.parseUnsignedLong(w[1], 16);
                        case "random" -> random = Long.parseUnsignedLong(w[1], 16);
                        case "platform" -> platform = Long.parseUnsignedLong(w[1], 16);
                        case "stat" -> {
                            String s = line.substring(5);
                            stat = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
                        }
                        case "stack" -> stack = HexFormat.of().parseHex(w[1]);
                        default -> throw new AssertionError("unexpected probe output: " + line);
                    }
                }
                auxv.add(new AuxEntry(AT_NULL, 0));
                return new Probe(rsp, top, argc, argv, envp, auxvOff, auxv, execfn, random, platform, stat, stack, personality);
            }

            long statField(int n) { // proc(5) numbering
                return Long.parseUnsignedLong(stat[n - 3]);
            }

            long aux(int type) {
                return auxv.stream().filter(e -> e.type() == type).findFirst().orElseThrow(() -> new AssertionError("kernel gave no " + name(type))).value();
            }

            Mem mem() {
                return new Mem(rsp, stack);
            }
        }

        /**
         * Runs a static C program natively (with ADDR_NO_RANDOMIZE, so that arch_align_stack adds no
         * random offset) with a small fixed argv and environment, and rebuilds its stack with
         * InitialStack for the same argv, envp and execfn, the same stack top and the values the
         * kernel put in auxv. What is compared:
         * <ul>
         * <li>the auxv <b>type order</b>: the kernel's list minus AT_SYSINFO_EHDR (the vDSO, which jlinux
         *     does not map) must equal InitialStack's; the entries the kernel adds after AT_PLATFORM
         *     (AT_RSEQ_FEATURE_SIZE, AT_RSEQ_ALIGN on Linux 6.3+) are passed to InitialStack as
         *     {@code extraAux}, and their values must equal {@link InitialStack#rseqAux()};
         * <li>the <b>addresses</b> of every argv string, envp string, AT_EXECFN, AT_PLATFORM and AT_RANDOM
         *     (absolute, hence also relative to the top), and rsp: InitialStack's rsp must lie exactly
         *     16 bytes (one auxv pair) above the kernel's per left-out AT_SYSINFO_EHDR;
         * <li>the <b>bytes</b>: the kernel's stack from rsp to the top with the AT_SYSINFO_EHDR pair cut out
         *     must equal InitialStack's image byte for byte (argc, pointers, auxv, padding, random bytes,
         *     platform, strings, the top word);
         * <li>mm-&gt;arg_start/arg_end/env_start/env_end from /proc/self/stat against the Layout's;
         * <li>the constants AT_PAGESZ, AT_CLKTCK, AT_PHENT and the AT_PLATFORM string.
         * </ul>
         * Host-specific values (AT_HWCAP, AT_MINSIGSTKSZ, ids, AT_PHDR, AT_ENTRY...) are taken from the
         * kernel, so only their position is tested here.
         */
        @Test
        void stackLayoutMatchesTheKernel(@TempDir Path dir) throws Exception {
            NativeHost.assumeLinuxX86_64();
            Path launcher = NativeHost.noRandomLauncher(dir);
            Path probe = NativeHost.compile(dir, "stackprobe", PROBE_C, "-static", "-O2").toRealPath();
            List<List<String>> argSets = List.of(
                    List.of(),
                    List.of("one", "", "two words"),
                    List.of("a", "bb", "ccc", "dddd", "eeeee", "ffffff", "ggggggg"));
            List<List<String>> envSets = List.of(
                    List.of(),
                    List.of("A=1", "EMPTY=", "PATHLIKE=/usr/local/bin:/usr/bin:/bin"),
                    List.of("X=y"));
            for (int i = 0; i < argSets.size(); i++) {
                List<String> cmd = new ArrayList<>(List.of(launcher.toString(), probe.toString()));
                cmd.addAll(argSets.get(i));
                NativeHost.Result r = NativeHost.run(cmd, envSets.get(i), 60);
                assertThat(r.exitCode()).as("probe exit; stderr: %s", r.stderr()).isZero();
                compare(Probe.parse(r.out()), probe.toString(), argSets.get(i), envSets.get(i));
            }
        }

        private void compare(Probe k, String path, List<String> args, List<String> env) {
            assumeTrue((k.personality & NativeHost.ADDR_NO_RANDOMIZE) != 0, "cannot turn off address-space randomisation here");
            Mem km = k.mem();
            assertThat(k.top - k.rsp).isEqualTo(k.stack.length);

            // what the kernel received, read back from its stack (the JDK may reorder the environment)
            List<byte[]> argv = new ArrayList<>(), envp = new ArrayList<>();
            for (long off : k.argvOff) argv.add(km.cstring(k.rsp + off));
            for (long off : k.envpOff) envp.add(km.cstring(k.rsp + off));
            byte[] execfn = km.cstring(k.rsp + k.execfnOff);
            List<String> wantArgv = new ArrayList<>(List.of(path));
            wantArgv.addAll(args);
            assertThat(argv).extracting(s -> new String(s, StandardCharsets.UTF_8)).containsExactlyElementsOf(wantArgv);
            assertThat(envp).extracting(s -> new String(s, StandardCharsets.UTF_8)).containsExactlyInAnyOrderElementsOf(env);
            assertThat(new String(execfn, StandardCharsets.UTF_8)).isEqualTo(path);

            // constants InitialStack hard-codes
            assertThat(k.aux(AT_PAGESZ)).isEqualTo(InitialStack.PAGE_SIZE);
            assertThat(k.aux(AT_CLKTCK)).isEqualTo(InitialStack.CLOCKS_PER_SEC);
            assertThat(k.aux(AT_PHENT)).isEqualTo(ProgramHeader.SIZE);
            assertThat(km.string(k.rsp + k.platformOff)).isEqualTo(InitialStack.PLATFORM);

            // the kernel's entries that InitialStack leaves out or takes as extras
            List<AuxEntry> left = k.auxv.stream().filter(e -> e.type() == AT_SYSINFO_EHDR).toList();
            int platformAt = indexOf(k.auxv, AT_PLATFORM);
            List<AuxEntry> extra = k.auxv.subList(platformAt + 1, k.auxv.size() - 1);
            if (!extra.isEmpty()) assertThat(extra).as("entries after AT_PLATFORM").isEqualTo(InitialStack.rseqAux());

            byte[] random = km.range(k.rsp + k.randomOff, 16);
            AuxValues values = new AuxValues(k.aux(AT_PHDR), k.aux(AT_PHENT), k.aux(AT_PHNUM), k.aux(AT_PAGESZ), k.aux(AT_BASE),
                    k.aux(AT_FLAGS), k.aux(AT_ENTRY), k.aux(AT_UID), k.aux(AT_EUID), k.aux(AT_GID), k.aux(AT_EGID), k.aux(AT_SECURE),
                    k.aux(AT_HWCAP), k.aux(AT_HWCAP2), k.aux(AT_CLKTCK), InitialStack.PLATFORM, k.aux(AT_MINSIGSTKSZ), random);
            Layout ours = InitialStack.layout(k.top, argv, envp, execfn, values, extra);

            // type order
            List<Long> kernelTypes = k.auxv.stream().map(AuxEntry::type).filter(t -> t != AT_SYSINFO_EHDR).toList();
            assertThat(ours.auxv()).extracting(AuxEntry::type).as("auxv order (kernel: %s)", k.auxv).isEqualTo(kernelTypes);

            // addresses
            Mem om = new Mem(ours);
            Walk ow = Walk.from(om, ours.stackPointer());
            assertThat(ours.stackPointer()).as("rsp").isEqualTo(k.rsp + 16L * left.size());
            assertThat(ow.argv()).as("argv string addresses").isEqualTo(k.argvOff.stream().map(o -> k.rsp + o).toList());
            assertThat(ow.envp()).as("envp string addresses").isEqualTo(k.envpOff.stream().map(o -> k.rsp + o).toList());
            assertThat(ours.execfnAddr()).as("AT_EXECFN").isEqualTo(k.rsp + k.execfnOff).isEqualTo(k.aux(AT_EXECFN));
            assertThat(ours.platformAddr()).as("AT_PLATFORM").isEqualTo(k.rsp + k.platformOff).isEqualTo(k.aux(AT_PLATFORM));
            assertThat(ours.randomAddr()).as("AT_RANDOM").isEqualTo(k.rsp + k.randomOff).isEqualTo(k.aux(AT_RANDOM));
            assertThat(ow.auxvAddr() - ours.stackPointer()).as("auxv offset from rsp").isEqualTo(k.auxvOff);
            assertThat(om.range(ours.randomAddr(), 16)).isEqualTo(random);

            // bytes: the kernel's image without the left-out pairs
            ByteArrayOutputStream cut = new ByteArrayOutputStream();
            for (int i = 0; i < k.stack.length; ) {
                boolean skip = false;
                for (int j = 0; j < k.auxv.size(); j++)
                    if (left.contains(k.auxv.get(j)) && i == k.auxvOff + 16L * j) skip = true;
                if (skip) i += 16;
                else cut.write(k.stack[i++]);
            }
            LoadPlanTest.assertSameBytes("stack image", ours.stackPointer(), ours.bytes(), cut.toByteArray());

            // mm fields
            assertThat(ours.argStart()).as("arg_start").isEqualTo(k.statField(48));
            assertThat(ours.argEnd()).as("arg_end").isEqualTo(k.statField(49));
            assertThat(ours.envStart()).as("env_start").isEqualTo(k.statField(50));
            assertThat(ours.envEnd()).as("env_end").isEqualTo(k.statField(51));
        }

        private static int indexOf(List<AuxEntry> auxv, int type) {
            for (int i = 0; i < auxv.size(); i++) if (auxv.get(i).type() == type) return i;
            throw new AssertionError("no " + name(type) + " in " + auxv);
        }

        /**
         * {@code e2big RLIMIT TARGET LEN... -- LEN...}: sets RLIMIT_STACK's soft limit (raising the hard
         * one if needed; "inf" = RLIM_INFINITY), then execve(TARGET, [TARGET, "a"*LEN...], ["e"*LEN...]).
         * Prints "errno N" if execve fails.
         */
        private static final String E2BIG_C = """
                #include <errno.h>
                #include <stdio.h>
                #include <stdlib.h>
                #include <string.h>
                #include <unistd.h>
                #include <sys/resource.h>

                int main(int argc, char **argv) {
                    if (argc < 3) return 2;
                    struct rlimit rl;
                    if (getrlimit(RLIMIT_STACK, &rl)) return 3;
                    rl.rlim_cur = strcmp(argv[1], "inf") == 0 ? RLIM_INFINITY : strtoull(argv[1], 0, 10);
                    if (rl.rlim_max != RLIM_INFINITY && (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > rl.rlim_max)) rl.rlim_max = rl.rlim_cur;
                    if (setrlimit(RLIMIT_STACK, &rl)) { printf("setrlimit %d\\n", errno); return 4; }
                    char **args = calloc(argc + 1, sizeof *args), **envs = calloc(argc + 1, sizeof *envs);
                    int na = 0, ne = 0, inEnv = 0;
                    args[na++] = argv[2];
                    for (int i = 3; i < argc; i++) {
                        if (strcmp(argv[i], "--") == 0) { inEnv = 1; continue; }
                        size_t n = strtoull(argv[i], 0, 10);
                        char *s = malloc(n + 1);
                        memset(s, inEnv ? 'e' : 'a', n);
                        s[n] = 0;
                        if (inEnv) envs[ne++] = s; else args[na++] = s;
                    }
                    execve(argv[2], args, envs);
                    printf("errno %d\\n", errno);
                    return 5;
                }
                """;

        /** exit_group(42), nothing else: runs whatever the stack looks like. */
        private static final byte[] EXIT_42 = {(byte) 0xb8, (byte) 0xe7, 0, 0, 0, (byte) 0xbf, 42, 0, 0, 0, 0x0f, 0x05};

        /**
         * Lets the host kernel decide E2BIG at each boundary argumentsFit knows (one byte under and one
         * byte over): total size for several stack rlimits, the stack mapping itself for rlimits under
         * ARG_MAX, the per-string MAX_ARG_STRLEN for argv and envp, and the pointer accounting. Only the
         * verdict is compared: "errno 7" from the helper is E2BIG; the target running (exit 42, or
         * SIGSEGV when a tiny rlimit leaves no room for the pointer tables after the point of no
         * return) means the arguments were accepted.
         */
        @Test
        void argumentsFitAgreesWithTheKernel(@TempDir Path dir) throws Exception {
            NativeHost.assumeLinuxX86_64();
            Path helper = NativeHost.compile(dir, "e2big", E2BIG_C, "-O2");
            Path target = NativeHost.writeExecutable(dir, "exit42", TestElf.minimal().patch(0x1000, EXIT_42).build()).toRealPath();
            byte[] path = b(target.toString());
            long mib = 1024 * 1024;
            record Case(String rlimit, long rlimitBytes, long limit) {}
            List<Case> cases = List.of(
                    new Case(Long.toString(8 * mib), 8 * mib, 2 * mib),
                    new Case("524288", 512 * 1024, InitialStack.ARG_MAX),
                    new Case("131072", 128 * 1024, InitialStack.ARG_MAX),
                    new Case(Long.toString(mib), mib, 256 * 1024),
                    new Case("inf", -1, 6 * mib));
            List<String> failures = new ArrayList<>();
            for (Case c : cases) {
                for (long delta : new long[] {0, 1}) {
                    List<byte[]> argv = argvFor(c.limit, delta, path, path);
                    check(helper, c.rlimit, c.rlimitBytes, argv, List.of(), path, failures, "rlimit " + c.rlimit + " delta " + delta);
                }
            }
            // rlimits under ARG_MAX: the stack mapping bounds the strings (execfn included) to whole pages - 8
            for (long rl : new long[] {0, 4095, 65536, 100000}) {
                long room = Math.max(4096, rl & -4096L) - 8;
                for (long delta : new long[] {0, 1}) {
                    byte[] arg = new byte[(int) (room + delta - 2L * (path.length + 1) - 1)];
                    check(helper, Long.toString(rl), rl, List.of(path, arg), List.of(), path, failures, "rlimit " + rl + " strings " + (room + delta));
                }
            }
            // MAX_ARG_STRLEN in argv and in envp
            byte[] longest = new byte[InitialStack.MAX_ARG_STRLEN - 1], tooLong = new byte[InitialStack.MAX_ARG_STRLEN];
            Arrays.fill(longest, (byte) 'a');
            Arrays.fill(tooLong, (byte) 'a');
            check(helper, "8388608", 8 * mib, List.of(path, longest), List.of(), path, failures, "argv MAX_ARG_STRLEN");
            check(helper, "8388608", 8 * mib, List.of(path, tooLong), List.of(), path, failures, "argv MAX_ARG_STRLEN + 1");
            check(helper, "8388608", 8 * mib, List.of(path), List.of(longest), path, failures, "envp MAX_ARG_STRLEN");
            check(helper, "8388608", 8 * mib, List.of(path), List.of(tooLong), path, failures, "envp MAX_ARG_STRLEN + 1");
            // pointers: many empty env strings at ARG_MAX (rlimit 512 KiB: limit ARG_MAX, room for the tables)
            int n = (int) ((InitialStack.ARG_MAX - 8 - (path.length + 1) * 2L) / 9); // the most that fit: 9 bytes each
            check(helper, "524288", 524288, List.of(path), Collections.nCopies(n, new byte[0]), path, failures, n + " empty env strings");
            check(helper, "524288", 524288, List.of(path), Collections.nCopies(n + 1, new byte[0]), path, failures, (n + 1) + " empty env strings");
            assertThat(failures).isEmpty();
        }

        private void check(Path helper, String rlimit, long rlimitBytes, List<byte[]> argv, List<byte[]> envp, byte[] execfn,
                           List<String> failures, String what) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(helper.toString(), rlimit, new String(argv.getFirst(), StandardCharsets.UTF_8)));
            for (byte[] s : argv.subList(1, argv.size())) cmd.add(Integer.toString(s.length));
            cmd.add("--");
            for (byte[] s : envp) cmd.add(Integer.toString(s.length));
            NativeHost.Result r = NativeHost.run(cmd, List.of(), 60);
            String out = r.out().trim();
            assumeTrue(!out.startsWith("setrlimit"), "cannot set RLIMIT_STACK to " + rlimit + ": " + out);
            boolean kernelFits;
            if (out.equals("errno 7")) kernelFits = false;
            else if (out.isEmpty() && (r.exitCode() == 42 || r.exitCode() == 128 + 11)) kernelFits = true;
            // (SIGSEGV: the arguments passed the E2BIG checks, but past the point of no return the stack
            // could not grow within a tiny rlimit for the pointers; the verdict on E2BIG is still "fits".)
            else throw new AssertionError(what + ": unexpected outcome, exit " + r.exitCode() + ", output '" + out + "', stderr " + r.stderr());
            boolean ours = InitialStack.argumentsFit(argv, envp, execfn, rlimitBytes);
            if (ours != kernelFits) failures.add(what + ": kernel " + (kernelFits ? "accepts" : "E2BIG") + ", argumentsFit says " + ours);
        }
    }
}
