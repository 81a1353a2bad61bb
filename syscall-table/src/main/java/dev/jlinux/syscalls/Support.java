// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/** How far jlinux implements a syscall; shown by {@code jlinux syscalls} and in the support matrix. */
public sealed interface Support {
    /** Does what Linux does. */
    record Supported() implements Support {}

    /** Does what Linux does for the cases the note does not exclude; the rest get Linux's errno. */
    record Partial(String note) implements Support {}

    /** Always fails with {@code errno}, as some Linux configuration would; the note says why. */
    record Error(Errno errno, String note) implements Support {}

    /** Not implemented: {@code ENOSYS}. */
    record Missing() implements Support {}

    /** A short label: supported, partial, error or missing. */
    default String label() {
        return switch (this) {
            case Supported s -> "supported";
            case Partial p -> "partial";
            case Error e -> "error";
            case Missing m -> "missing";
        };
    }

    /**
     * What a reader of the table needs besides the label: a partial row's note, an error row's
     * errno and note ({@code ENOSYS: why}), else an empty string. (Not {@code note()}: the Partial
     * and Error records' own accessors would hide it.)
     */
    default String explanation() {
        return switch (this) {
            case Partial p -> p.note();
            case Error e -> e.errno().name() + ": " + e.note();
            default -> "";
        };
    }
}
