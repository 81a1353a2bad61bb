// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The declarative syscall table of one backend: for every x86-64 syscall number, its name (from
 * {@link SyscallNumbers}, never typed by hand), its support level and its handler. Numbers a
 * backend does not list are {@link Support.Missing} and answer {@code ENOSYS}.
 */
public final class SyscallTable<C> {

    /** One row. {@code handler} is null for error and missing rows. */
    public record Row<C>(int number, String name, Support support, SyscallHandler<C> handler) {
        public SyscallSignature signature() {
            return SyscallSignatures.forName(name);
        }
    }

    private final Row<C>[] rows;

    private SyscallTable(Row<C>[] rows) {
        this.rows = rows;
    }

    public static <C> Builder<C> builder() {
        return new Builder<>();
    }

    /** The row for {@code number}, or null when x86-64 Linux has no such syscall. */
    public Row<C> row(int number) {
        return number >= 0 && number < rows.length ? rows[number] : null;
    }

    /** Every row, in number order (numbers Linux does not assign are skipped). */
    public List<Row<C>> rows() {
        List<Row<C>> all = new ArrayList<>();
        for (Row<C> r : rows) {
            if (r != null) all.add(r);
        }
        return Collections.unmodifiableList(all);
    }

    public static final class Builder<C> {
        private final List<Row<C>> listed = new ArrayList<>();

        /** A syscall jlinux implements as Linux does. */
        public Builder<C> supported(String name, SyscallHandler<C> handler) {
            return add(name, new Support.Supported(), Objects.requireNonNull(handler));
        }

        /** A syscall implemented for some cases; {@code note} says which are not. */
        public Builder<C> partial(String name, String note, SyscallHandler<C> handler) {
            return add(name, new Support.Partial(requireNote(note)), Objects.requireNonNull(handler));
        }

        /** A syscall that always fails with {@code errno}; {@code note} says why that is honest. */
        public Builder<C> error(String name, Errno errno, String note) {
            return add(name, new Support.Error(errno, requireNote(note)), null);
        }

        private Builder<C> add(String name, Support support, SyscallHandler<C> handler) {
            int nr = SyscallNumbers.number(name);
            if (nr < 0) throw new IllegalArgumentException("no x86-64 syscall named " + name);
            for (Row<C> r : listed) {
                if (r.number() == nr) throw new IllegalArgumentException(name + " listed twice");
            }
            listed.add(new Row<>(nr, name, support, handler));
            return this;
        }

        private static String requireNote(String note) {
            if (note == null || note.isBlank()) throw new IllegalArgumentException("a note is required");
            return note;
        }

        @SuppressWarnings("unchecked")
        public SyscallTable<C> build() {
            Row<C>[] rows = (Row<C>[]) new Row<?>[SyscallNumbers.maxNumber() + 1];
            for (SyscallNumbers.Entry e : SyscallNumbers.all()) {
                rows[e.number()] = new Row<>(e.number(), e.name(), new Support.Missing(), null);
            }
            for (Row<C> r : listed) rows[r.number()] = r;
            return new SyscallTable<>(rows);
        }
    }
}
