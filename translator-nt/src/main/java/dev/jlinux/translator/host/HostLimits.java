// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.host;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** The host's resource limits (getrlimit), where the host numbers them as Linux does. */
public final class HostLimits {
    private static final boolean LINUX = System.getProperty("os.name", "").equals("Linux");
    private static final MethodHandle GETRLIMIT = Linker.nativeLinker().defaultLookup().find("getrlimit")
            .map(s -> Linker.nativeLinker().downcallHandle(s, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS)))
            .orElse(null);
    /** Linux's usual defaults, for hosts that cannot tell: {soft, hard}, -1 = RLIM_INFINITY. */
    private static final long[][] DEFAULTS = {
        {-1, -1}, {-1, -1}, {-1, -1}, {8 << 20, -1}, {0, -1}, {-1, -1}, {63_000, 63_000}, {1024, 524_288},
        {8 << 20, 8 << 20}, {-1, -1}, {-1, -1}, {63_000, 63_000}, {819_200, 819_200}, {0, 0}, {0, 0}, {-1, -1},
    };

    private HostLimits() {}

    /** {soft, hard} for resource {@code r} (0..15). */
    public static long[] get(int r) {
        if (LINUX && GETRLIMIT != null) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment lim = arena.allocate(16);
                if ((int) GETRLIMIT.invokeExact(r, lim) == 0) {
                    return new long[] {lim.get(ValueLayout.JAVA_LONG, 0), lim.get(ValueLayout.JAVA_LONG, 8)};
                }
            } catch (Throwable t) {
                // fall back to the defaults
            }
        }
        return DEFAULTS[r].clone();
    }
}
