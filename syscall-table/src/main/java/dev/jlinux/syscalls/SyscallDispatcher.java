// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * The one place that knows the syscall ABI's error convention: looks the call up in the table,
 * runs the handler and turns an {@link ErrnoException} into {@code -errno}.
 */
public final class SyscallDispatcher<C> {

    /** Sees every call after it finished (or, for calls that do not return, after the handler ran). */
    @FunctionalInterface
    public interface Tracer<C> {
        /** {@code row} is null for a number Linux does not assign. */
        void traced(C context, SyscallTable.Row<C> row, SyscallArgs args, long result);
    }

    /** A handler threw something other than {@link ErrnoException}: a jlinux bug, not a guest error. */
    public static final class HandlerBug extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HandlerBug(String call, Throwable cause) {
            super("jlinux bug in " + call + ": " + cause, cause);
        }
    }

    private static final long ENOSYS = -Errno.ENOSYS.number();

    private final SyscallTable<C> table;
    private volatile Tracer<C> tracer;

    public SyscallDispatcher(SyscallTable<C> table) {
        this.table = table;
    }

    public SyscallTable<C> table() {
        return table;
    }

    /** Turns tracing on (non-null) or off (null). */
    public void setTracer(Tracer<C> tracer) {
        this.tracer = tracer;
    }

    /** Runs one call and returns what goes into {@code rax}. */
    public long dispatch(C context, SyscallArgs args) {
        SyscallTable.Row<C> row = table.row(args.number());
        long result;
        if (row == null) {
            result = ENOSYS;
        } else if (row.handler() == null) {
            result = row.support() instanceof Support.Error e ? -e.errno().number() : ENOSYS;
        } else {
            try {
                result = row.handler().call(context, args);
            } catch (ErrnoException e) {
                result = -e.errno().number();
            } catch (RuntimeException | StackOverflowError e) {
                throw new HandlerBug(row.name() + rawArgs(args), e);
            }
        }
        Tracer<C> t = tracer;
        if (t != null) t.traced(context, row, args, result);
        return result;
    }

    private static String rawArgs(SyscallArgs a) {
        return String.format("(%#x, %#x, %#x, %#x, %#x, %#x)", a.a0(), a.a1(), a.a2(), a.a3(), a.a4(), a.a5());
    }
}
