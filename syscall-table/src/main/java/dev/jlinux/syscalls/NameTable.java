// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Names for the values of one set of Linux constants, in the order strace prints them: either
 * distinct values ({@code SEEK_SET}, {@code CLOCK_MONOTONIC}) or bit flags joined with {@code |}
 * ({@code O_CREAT|O_CLOEXEC}). A flag entry may cover several bits ({@code O_SYNC}); listed first,
 * it wins over its parts.
 */
public final class NameTable {
    /** One named value. */
    public record Entry(long value, String name) {}

    private final String prefix;
    private final String zeroName;
    private final List<Entry> entries;

    private NameTable(String prefix, String zeroName, List<Entry> entries) {
        this.prefix = prefix;
        this.zeroName = zeroName;
        this.entries = Collections.unmodifiableList(entries);
    }

    /** Starts a table whose unknown values print as {@code 0x.. /* PREFIX??? *&#47;}. */
    public static Builder builder(String prefix) {
        return new Builder(prefix);
    }

    /** The common prefix of the names, e.g. {@code O_}. */
    public String prefix() {
        return prefix;
    }

    /** All entries, in print order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The name of exactly {@code value}, or null. */
    public String name(long value) {
        for (Entry e : entries) {
            if (e.value == value) return e.name;
        }
        if (value == 0 && zeroName != null) return zeroName;
        return null;
    }

    /** The value named {@code name}, or null. */
    public Long value(String name) {
        for (Entry e : entries) {
            if (e.name.equals(name)) return e.value;
        }
        return name.equals(zeroName) ? 0L : null;
    }

    /** {@code value} as one name, or as strace prints an unknown one: {@code 0x63 /* CLOCK_??? *&#47;}. */
    public String format(long value) {
        String n = name(value);
        return n != null ? n : unknown(value);
    }

    /** {@code value} as flags: known names joined with {@code |}, leftover bits in hex. */
    public String formatFlags(long value) {
        if (value == 0) return zeroName != null ? zeroName : "0";
        StringBuilder sb = new StringBuilder();
        long rest = appendFlags(sb, value);
        if (rest != 0) {
            if (sb.isEmpty()) return unknown(value);
            sb.append('|').append(hex(rest));
        }
        return sb.toString();
    }

    /** Appends the names of the known bits of {@code value} (joined with |) and returns the bits left over. */
    long appendFlags(StringBuilder sb, long value) {
        long rest = value;
        for (Entry e : entries) {
            if (e.value != 0 && (rest & e.value) == e.value) {
                if (!sb.isEmpty()) sb.append('|');
                sb.append(e.name);
                rest &= ~e.value;
            }
        }
        return rest;
    }

    String unknown(long value) {
        return hex(value) + " /* " + prefix + "??? */";
    }

    /** strace's {@code %#lx}: {@code 0} or {@code 0x1f}. */
    static String hex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }

    /** Collects the entries of a table. */
    public static final class Builder {
        private final String prefix;
        private String zeroName;
        private final List<Entry> entries = new ArrayList<>();

        private Builder(String prefix) {
            this.prefix = prefix;
        }

        /** The name printed for a flag value of 0 ({@code PROT_NONE}, {@code F_OK}). */
        public Builder zero(String name) {
            this.zeroName = name;
            return this;
        }

        public Builder add(long value, String name) {
            entries.add(new Entry(value, name));
            return this;
        }

        public NameTable build() {
            return new NameTable(prefix, zeroName, new ArrayList<>(entries));
        }
    }
}
