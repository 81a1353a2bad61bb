// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.SyscallNumbers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's trace records become strace lines through v1's formatter, reading only the copied memory. */
class TraceDecoderTest {
    private static Protocol.Snippet at(long addr, String text) {
        return new Protocol.Snippet(addr, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Protocol.Syscall call(int pid, String name, long result, List<Protocol.Snippet> mem, long... args) {
        long[] a = new long[6];
        System.arraycopy(args, 0, a, 0, args.length);
        return new Protocol.Syscall(pid, SyscallNumbers.number(name), a, result, true, mem);
    }

    @Test
    void pointersAreDecodedFromTheCopiesAndUnknownOnesPrintAsAddresses() {
        TraceDecoder d = new TraceDecoder(TraceDecoder.Pids.WHEN_SEVERAL);
        assertThat(d.line(call(7, "openat", 3, List.of(at(0x1000, "/etc/hostname\0")), -100, 0x1000, 0)))
                .isEqualTo("openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) = 3");
        assertThat(d.line(call(7, "openat", -2, List.of(), -100, 0x2000, 0)))
                .isEqualTo("openat(AT_FDCWD, 0x2000, O_RDONLY) = -1 ENOENT (No such file or directory)");
        assertThat(d.line(call(7, "write", 3, List.of(at(0x3000, "hi\n")), 1, 0x3000, 3)))
                .isEqualTo("write(1, \"hi\\n\", 3) = 3");
    }

    @Test
    void aCallThatDidNotReturnShowsAQuestionMark() {
        Protocol.Syscall exit = new Protocol.Syscall(7, SyscallNumbers.number("exit_group"), new long[6], 0, false, List.of());
        Protocol.Syscall read = new Protocol.Syscall(7, SyscallNumbers.number("read"), new long[] {0, 0x10, 5, 0, 0, 0}, 0,
                false, List.of());
        TraceDecoder d = new TraceDecoder(TraceDecoder.Pids.WHEN_SEVERAL);
        assertThat(d.line(exit)).isEqualTo("exit_group(0) = ?");
        assertThat(d.line(read)).isEqualTo("read(0, 0x10, 5) = ?");
        assertThat(d.line(new Protocol.TraceExit(7, true, 9))).isEqualTo("+++ killed by SIGKILL +++");
    }

    @Test
    void linesArePrefixedWithThePidOnceASecondProcessAppears() {
        TraceDecoder d = new TraceDecoder(TraceDecoder.Pids.WHEN_SEVERAL);
        assertThat(d.line(call(7, "getpid", 7, List.of()))).isEqualTo("getpid() = 7");
        assertThat(d.line(call(8, "getpid", 8, List.of()))).isEqualTo("[pid 8] getpid() = 8");
        assertThat(d.line(call(7, "getpid", 7, List.of()))).isEqualTo("[pid 7] getpid() = 7");
        assertThat(d.line(new Protocol.TraceExit(8, false, 0))).isEqualTo("[pid 8] +++ exited with 0 +++");
    }

    @Test
    void inFileStyleEveryLineNamesItsProcess() {
        TraceDecoder d = new TraceDecoder(TraceDecoder.Pids.ALWAYS);
        assertThat(d.line(call(7, "getpid", 7, List.of()))).isEqualTo("7  getpid() = 7");
        assertThat(d.line(new Protocol.TraceExit(7, false, 0))).isEqualTo("7  +++ exited with 0 +++");
    }

    @Test
    void capturedMemoryAnswersOnlyWhatWasCopiedAndLaterCopiesWin() throws ErrnoException {
        var mem = new TraceDecoder.CapturedMemory(List.of(at(0x100, "abcdef"), at(0x102, "XY")));
        byte[] b = new byte[4];
        mem.read(0x101, b, 0, 4);
        assertThat(new String(b, StandardCharsets.ISO_8859_1)).isEqualTo("bcde");
        mem.read(0x102, b, 0, 2);
        assertThat(new String(b, 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("XY");
        assertThatThrownBy(() -> mem.read(0x104, new byte[3], 0, 3)).isInstanceOf(ErrnoException.class);
        assertThat(new String(mem.readCString(0x100, 3), StandardCharsets.ISO_8859_1)).isEqualTo("abc");
        assertThatThrownBy(() -> mem.readCString(0x100, 10)).isInstanceOf(ErrnoException.class);
    }

    @Test
    void thePlanCopiesPathsOfOpenat() {
        byte[] plan = TraceDecoder.capturePlan();
        int count = plan[0] & 0xff | (plan[1] & 0xff) << 8;
        assertThat(count).isGreaterThan(50);
        int openat = SyscallNumbers.number("openat");
        boolean found = false;
        for (int off = 4; off < plan.length; off += 2 + 6 * 7) {
            if ((plan[off] & 0xff | (plan[off + 1] & 0xff) << 8) != openat) continue;
            found = true;
            int arg1 = off + 2 + 7;
            assertThat(plan[arg1]).as("CSTR").isEqualTo((byte) 1);
            assertThat(plan[arg1 + 1]).as("register").isEqualTo((byte) 1);
        }
        assertThat(found).isTrue();
    }
}
