// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code busybox sh -c SCRIPT}: pipelines, subshells, command substitution, here-documents, traps,
 * kill, background jobs and wait, exec and exit statuses. Each script runs natively and under the
 * translator in the same directory with the same input; stdout and the exit status must match.
 */
class BusyboxShTest {
    static Path dir;

    @BeforeAll
    static void setUp() {
        assumeTrue(Files.isExecutable(BusyboxTest.BUSYBOX), "busybox-static is installed by ./run-tests");
        dir = Fixture.create();
    }

    /** One script and its stdin. */
    record Case(String script, String stdin) {
        @Override
        public String toString() {
            return script.replace('\n', ';');
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("seq 1 2000 | sort -rn | head -1", ""),
                new Case("echo a b c | tr ' ' '\\n' | wc -l", ""),
                new Case("for i in 1 2 3; do echo $i; done | sort -r | cat -n", ""),
                new Case("x=$(echo inner); echo \"[$x]\"; echo $(( $(echo 3) + 4 ))", ""),
                new Case("a=$(sort words.txt | uniq | head -3 | tr '\\n' ,); echo $a", ""),
                new Case("(cd sub && ls; exit 3); echo status $?; pwd >/dev/null", ""),
                new Case("cat <<EOF\nhere doc $((6*7))\n  indented\nEOF\ncat <<'RAW'\n$HOME stays\nRAW", ""),
                new Case("false | true; echo $?; true | false; echo $?", ""),
                new Case("read a b; echo \"$b $a\"; cat", "one two\nrest of input\n"),
                new Case("f() { echo in f $1; return 2; }; f arg; echo $?", ""),
                new Case("trap 'echo got USR1' USR1; kill -USR1 $$; echo after", ""),
                new Case("trap 'echo bye' EXIT; echo main; exit 4", ""),
                new Case("sleep 0.2 & echo started; wait; echo done $?", ""),
                new Case("(exit 6) & wait $!; echo $?", ""),
                new Case("sleep 5 & kill $!; wait $!; echo $?", ""),
                new Case("busybox sh -c 'kill -KILL $$'; echo $?", ""),
                new Case("busybox sh -c 'exit 7'; echo $?; busybox sh -c 'echo nested; exit 0'", ""),
                new Case("exec echo replaced; echo not reached", ""),
                new Case("echo out; echo err >&2; exit 5", ""),
                new Case("wc -l < words.txt; grep -c apple words.txt | cat", ""),
                new Case("cat missing-file 2>/dev/null || echo failed $?", ""),
                new Case("set -e; echo before; false; echo not reached", ""),
                new Case("yes | head -3; seq 1 100000 | head -c 20; echo", ""),
                new Case("{ echo x; echo y; } | { read first; echo got $first; cat; }", ""),
                new Case("kill -TERM $$; echo not reached", ""),
                new Case("nosuchcommand; echo $?", ""),
                new Case("./words.txt; echo $?", ""),
                new Case("timeout 1 sleep 5; echo $?", ""),
                new Case("trap 'echo int' INT; kill -INT $$; echo after", ""),
                new Case("printf 'a b\\nc\\n' | xargs -n 1 echo | tee /dev/null | wc -l", ""),
                new Case("exec 3>&1; echo via3 >&3; ls -1 sub | while read f; do echo \"<$f>\"; done", ""));
    }

    @ParameterizedTest(name = "sh -c {0}")
    @MethodSource("cases")
    void sameAsNative(Case c) {
        List<String> argv = List.of(BusyboxTest.BUSYBOX.toString(), "sh", "-c", c.script());
        byte[] in = c.stdin().getBytes(StandardCharsets.UTF_8);
        Outcome nat = Runner.run(Target.NATIVE, dir, in, argv);
        Outcome v1 = Runner.run(Target.TRANSLATE, dir, in, argv);
        assertThat(v1.out()).as("stdout of sh -c %s (native: %s; v1: %s)", c.script(), nat.summary(), v1.summary())
                .isEqualTo(nat.out());
        assertThat(v1.exitCode()).as("exit status; v1 stderr: %s", v1.err()).isEqualTo(nat.exitCode());
    }
}
