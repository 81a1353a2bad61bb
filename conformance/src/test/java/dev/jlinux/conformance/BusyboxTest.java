// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Debian's static busybox, applets that need no fork: each runs natively and under the
 * translator in the same directory with the same input; stdout and the exit status must match.
 */
class BusyboxTest {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    static Path dir;

    @BeforeAll
    static void setUp() {
        assumeTrue(Files.isExecutable(BUSYBOX), "busybox-static is installed by ./run-tests");
        dir = Fixture.create();
    }

    /** One applet invocation: the command line (after "busybox") and its stdin. */
    record Case(String line, String stdin) {
        @Override
        public String toString() {
            return line + (stdin.isEmpty() ? "" : " <<< " + stdin.strip().replace('\n', ' '));
        }
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        for (String line : List.of(
                "echo hello, world",
                "echo -n no newline",
                "printf %s-%d\\n abc 42",
                "cat words.txt table.csv",
                "cat missing-file",
                "sort words.txt",
                "sort -r -u words.txt",
                "sort -t , -k 2 -n table.csv",
                "uniq -c words.txt",
                "wc words.txt lorem.txt random.bin",
                "head -n 3 lorem.txt",
                "tail -n 2 lorem.txt",
                "sha256sum words.txt random.bin",
                "md5sum lorem.txt",
                "sha1sum table.csv",
                "sha512sum words.txt",
                "ls -l sub",
                "ls -la sub/deeper",
                "ls -1",
                "find . -name *.txt",
                "find sub -type f",
                "sed -n s/apple/APPLE/p words.txt",
                "sed 1d;$d table.csv",
                "awk -F, 'NR>1{s+=$2*$3}END{printf(\"%.2f\\n\",s)}' table.csv",
                "awk '{n+=length($0)}END{print n, NR}' lorem.txt",
                "grep -n fig words.txt",
                "grep -c fox lorem.txt",
                "grep nomatch words.txt",
                "od -A x -t x1z -N 64 random.bin",
                "base64 table.csv",
                "cut -d , -f 1,3 table.csv",
                "tr a-z A-Z",
                "expr 6 * 7",
                "seq 1 3 20",
                "basename /usr/lib/x.so .so",
                "dirname /usr/lib/x.so",
                "true",
                "false",
                "rev words.txt",
                "nl words.txt",
                "fold -w 10 table.csv",
                "cksum words.txt",
                "tac words.txt",
                "hexdump -C -n 48 random.bin",
                "readlink link-to-words",
                "stat -c %s:%a:%F words.txt sub link-to-words",
                "tar -c -f - sub",
                "gzip -c -n words.txt",
                "factor 1234567 999983",
                "date -u -d @1700000000",
                "comm words.txt words.txt",
                "xxd -l 32 random.bin",
                "pwd",
                "uname -s -m",
                "du -s sub")) {
            c.add(new Case(line, line.startsWith("tr ") ? "Mixed Case Input\n" : ""));
        }
        return c;
    }

    /** Splits on spaces, keeping '…' quoted words together (no other shell syntax). */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false, any = false;
        for (char ch : line.toCharArray()) {
            if (ch == '\'' ) {
                quoted = !quoted;
                any = true;
            } else if (ch == ' ' && !quoted) {
                if (any) out.add(w.toString());
                w.setLength(0);
                any = false;
            } else {
                w.append(ch);
                any = true;
            }
        }
        if (any) out.add(w.toString());
        return out;
    }

    @ParameterizedTest(name = "busybox {0}")
    @MethodSource("cases")
    void sameAsNative(Case c) {
        List<String> argv = new ArrayList<>();
        argv.add(BUSYBOX.toString());
        argv.addAll(words(c.line()));
        byte[] in = c.stdin().getBytes(StandardCharsets.UTF_8);
        Outcome nat = Runner.run(Target.NATIVE, dir, in, argv);
        Outcome v1 = Runner.run(Target.TRANSLATE, dir, in, argv);
        assertThat(v1.out()).as("stdout of busybox %s (native: %s; v1: %s)", c.line(), nat.summary(), v1.summary())
                .isEqualTo(nat.out());
        assertThat(v1.exitCode()).as("exit status; v1 stderr: %s", v1.err()).isEqualTo(nat.exitCode());
    }
}
