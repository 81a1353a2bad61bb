// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table builder's rules and the dispatcher's error boundary, with a String as the call context. */
class SyscallTableTest {
    private static final int GETPID = SyscallNumbers.number("getpid");
    private static final int READ = SyscallNumbers.number("read");
    private static final int WRITE = SyscallNumbers.number("write");
    private static final int OPEN = SyscallNumbers.number("open");
    private static final int PTRACE = SyscallNumbers.number("ptrace");

    private static SyscallTable<String> table() {
        return SyscallTable.<String>builder()
                .supported("getpid", (ctx, a) -> 42)
                .partial("read", "no O_DIRECT", (ctx, a) -> {
                    throw new ErrnoException(Errno.EBADF, "fd " + a.a0());
                })
                .error("ptrace", Errno.EPERM, "no tracing under jlinux")
                .supported("write", (ctx, a) -> {
                    throw new IllegalStateException("handler bug");
                })
                .build();
    }

    private static SyscallArgs args(int nr) {
        return new SyscallArgs(nr, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void rowsCarrySupportAndHandlers() {
        SyscallTable<String> t = table();
        assertThat(t.row(GETPID).support()).isInstanceOf(Support.Supported.class);
        assertThat(t.row(GETPID).handler()).isNotNull();
        assertThat(t.row(READ).support()).isEqualTo(new Support.Partial("no O_DIRECT"));
        assertThat(t.row(PTRACE).support()).isEqualTo(new Support.Error(Errno.EPERM, "no tracing under jlinux"));
        assertThat(t.row(PTRACE).handler()).isNull();
        assertThat(t.row(PTRACE).support().label()).isEqualTo("error");
        assertThat(t.row(READ).support().label()).isEqualTo("partial");
    }

    @Test
    void unlistedSyscallsAreMissingAndUnassignedNumbersHaveNoRow() {
        SyscallTable<String> t = table();
        assertThat(t.row(OPEN).support()).isInstanceOf(Support.Missing.class);
        assertThat(t.row(OPEN).support().label()).isEqualTo("missing");
        assertThat(t.row(OPEN).handler()).isNull();
        assertThat(t.row(OPEN).name()).isEqualTo("open");
        assertThat(t.row(335)).isNull();
        assertThat(t.row(-1)).isNull();
        assertThat(t.row(100_000)).isNull();
        assertThat(t.rows()).hasSize(SyscallNumbers.all().size());
        assertThat(t.rows()).extracting(SyscallTable.Row::number).isSorted();
    }

    @Test
    void rowsKnowTheirSignature() {
        SyscallTable.Row<String> row = table().row(OPEN);
        assertThat(row.signature().name()).isEqualTo("open");
        assertThat(row.signature().args()).first().isEqualTo(ArgKind.PATH);
    }

    @Test
    void partialAndErrorRowsNeedNotes() {
        assertThatThrownBy(() -> SyscallTable.<String>builder().partial("read", null, (c, a) -> 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyscallTable.<String>builder().partial("read", "  ", (c, a) -> 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyscallTable.<String>builder().error("ptrace", Errno.EPERM, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSyscallListedTwiceOrUnknownIsRejected() {
        SyscallTable.Builder<String> b = SyscallTable.<String>builder().supported("read", (c, a) -> 0);
        assertThatThrownBy(() -> b.error("read", Errno.EPERM, "again"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> SyscallTable.<String>builder().supported("no_such_call", (c, a) -> 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyscallTable.<String>builder().supported("read", null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void dispatcherReturnsResultsAndNegatedErrnos() {
        SyscallDispatcher<String> d = new SyscallDispatcher<>(table());
        assertThat(d.dispatch("ctx", args(GETPID))).isEqualTo(42);
        assertThat(d.dispatch("ctx", args(READ))).isEqualTo(-Errno.EBADF.number());
        assertThat(d.dispatch("ctx", args(PTRACE))).isEqualTo(-Errno.EPERM.number());
        assertThat(d.dispatch("ctx", args(OPEN))).isEqualTo(-Errno.ENOSYS.number());
        assertThat(d.dispatch("ctx", args(335))).isEqualTo(-Errno.ENOSYS.number());
        assertThat(d.dispatch("ctx", args(-7))).isEqualTo(-Errno.ENOSYS.number());
    }

    @Test
    void aRuntimeExceptionFromAHandlerIsAHandlerBug() {
        SyscallDispatcher<String> d = new SyscallDispatcher<>(table());
        assertThatThrownBy(() -> d.dispatch("ctx", args(WRITE)))
                .isInstanceOf(SyscallDispatcher.HandlerBug.class)
                .hasMessageContaining("write(0x1, 0x2, 0x3, 0x4, 0x5, 0x6)")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void theTracerSeesEveryCallUntilTurnedOff() {
        SyscallDispatcher<String> d = new SyscallDispatcher<>(table());
        List<String> seen = new ArrayList<>();
        d.setTracer((ctx, row, a, result) -> seen.add(ctx + " " + (row == null ? "?" : row.name()) + " " + result));
        d.dispatch("p1", args(GETPID));
        d.dispatch("p1", args(READ));
        d.dispatch("p1", args(335));
        d.setTracer(null);
        d.dispatch("p1", args(GETPID));
        assertThat(seen).containsExactly("p1 getpid 42", "p1 read -9", "p1 ? -38");
    }

    @Test
    void theTracerCanPrintStraceLines() {
        SyscallDispatcher<String> d = new SyscallDispatcher<>(table());
        List<String> lines = new ArrayList<>();
        d.setTracer((ctx, row, a, result) -> lines.add(row == null ? StraceFormatter.formatUnknown(a, result)
                : StraceFormatter.format(row.signature(), a, result, null)));
        d.dispatch("p", new SyscallArgs(GETPID, 0, 0, 0, 0, 0, 0));
        d.dispatch("p", new SyscallArgs(OPEN, 0, 0, 0, 0, 0, 0));
        d.dispatch("p", new SyscallArgs(500, 1, 2, 3, 4, 5, 6));
        assertThat(lines).containsExactly("getpid() = 42", "open(NULL, O_RDONLY) = -1 ENOSYS (Function not implemented)",
                "syscall_0x1f4(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)");
    }
}
