// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The guest memory one run may have mapped, over all its processes: the bytes of every mapping
 * (what RLIMIT_AS counts; a vfork child's view of its parent's memory counts once, a stack's room
 * to grow only once grown). A mapping, break, mremap, stack growth or fork past it fails with
 * ENOMEM, as under Linux's strict overcommit, so a runaway guest stops and the JVM lives.
 */
public final class MemoryBudget {
    /** The default: 8 GiB, or the host's memory when it has less. */
    public static final long DEFAULT_LIMIT = 8L << 30;

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public MemoryBudget(long limit) {
        if (limit <= 0) throw new IllegalArgumentException("memory limit " + limit);
        this.limit = limit;
    }

    /** {@link #DEFAULT_LIMIT}, capped at the host's physical memory. */
    public static MemoryBudget ofHost() {
        long host = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return new MemoryBudget(host > 0 ? Math.min(DEFAULT_LIMIT, host) : DEFAULT_LIMIT);
    }

    /**
     * A size as users write it: bytes, or a number with a K, M, G or T suffix (powers of 1024).
     *
     * @throws IllegalArgumentException when {@code text} is not such a size, or is not positive
     */
    public static long parseSize(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (s.endsWith("B") || s.endsWith("IB")) s = s.substring(0, s.length() - (s.endsWith("IB") ? 2 : 1));
        int shift = s.isEmpty() ? 0 : switch (s.charAt(s.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        if (shift != 0) s = s.substring(0, s.length() - 1);
        long n;
        try {
            n = Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (bytes, or a number with K, M, G or T)");
        }
        if (n <= 0 || n > (Long.MAX_VALUE >> shift)) throw new IllegalArgumentException("size out of range: " + text);
        return n << shift;
    }

    public long limit() {
        return limit;
    }

    /** Bytes charged now. */
    public long used() {
        return used.get();
    }

    /** Charges {@code bytes}; false (nothing charged) when that would pass the limit. */
    boolean tryCharge(long bytes) {
        while (true) {
            long now = used.get();
            if (bytes > limit - now) return false;
            if (used.compareAndSet(now, now + bytes)) return true;
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }
}
