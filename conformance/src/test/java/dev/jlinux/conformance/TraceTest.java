// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTest {
    @Test
    void parsesStraceFollowForkOutputJoiningUnfinishedCalls() {
        Trace t = Trace.parse(List.of(
                "100 execve(\"/bin/sh\", [\"sh\"], 0x7ffd /* 3 vars */) = 0",
                "100 brk(NULL) = 0x55d0a000",
                "100 wait4(-1,  <unfinished ...>",
                "101 write(1, \"x\\n\", 2) = 2",
                "101 exit_group(0) = ?",
                "101 +++ exited with 0 +++",
                "100 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 101",
                "100 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---",
                "100 openat(AT_FDCWD, \"x\", O_RDONLY) = -1 ENOENT (No such file or directory)"), true);
        assertThat(t.calls()).extracting(Trace.Call::name).containsExactly("brk", "write", "exit_group", "wait4", "openat");
        assertThat(t.mainProcess().calls()).extracting(Trace.Call::name).containsExactly("brk", "wait4", "openat");
        assertThat(t.calls().get(3).args()).isEqualTo("-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL");
        assertThat(t.calls().get(4).result()).isEqualTo("-1 ENOENT (No such file or directory)");
    }

    @Test
    void keysCompareOutcomesNotVolatileValues() {
        assertThat(call("getpid", "1234").key()).isEqualTo(call("getpid", "99").key());
        assertThat(call("mmap", "0x7f0000000000").key()).isEqualTo(call("mmap", "0x7f1111110000").key());
        assertThat(call("read", "12").key()).isNotEqualTo(call("read", "13").key());
        assertThat(call("openat", "3").key()).isNotEqualTo(call("openat", "-1 ENOENT (No such file or directory)").key());
        assertThat(call("rseq", "-1 ENOSYS (Function not implemented)").key()).isEqualTo("rseq = -1 ENOSYS");
    }

    @Test
    void firstDivergenceGivesContextAndBothCalls() {
        Trace a = Trace.parse(List.of("brk(NULL) = 0x1000", "getpid() = 5", "rseq(0x1, 0x20, 0, 0x53) = 0",
                "write(1, \"a\", 1) = 1"), false);
        Trace b = Trace.parse(List.of("brk(NULL) = 0x2000", "getpid() = 7",
                "rseq(0x1, 0x20, 0, 0x53) = -1 ENOSYS (Function not implemented)", "write(1, \"a\", 1) = 1"), false);
        Trace.Divergence d = Trace.firstDivergence(a, b, 4).orElseThrow();
        assertThat(d.index()).isEqualTo(2);
        assertThat(d.context()).extracting(Trace.Call::name).containsExactly("brk", "getpid");
        assertThat(d.left().orElseThrow().result()).isEqualTo("0");
        assertThat(d.right().orElseThrow().result()).startsWith("-1 ENOSYS");
        assertThat(Trace.firstDivergence(a, a, 4)).isEmpty();
        Trace shorter = Trace.parse(List.of("brk(NULL) = 0x1000"), false);
        assertThat(Trace.firstDivergence(a, shorter, 4).orElseThrow().right()).isEmpty();
    }

    private static Trace.Call call(String name, String result) {
        return new Trace.Call(0, name, "", result);
    }
}
