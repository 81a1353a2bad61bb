// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.host;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The few host C library calls jlinux's host shims need, through FFM. These are host facts
 * (host memory, the host's terminal), never guest ABI: guest constants live in syscall-table.
 */
final class HostLibc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    // Host (Linux/glibc x86-64 and most Unix) mmap constants, used only for host memory.
    static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    static final int MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x4000;
    static final int MADV_DONTNEED = 4;

    static final MethodHandle MMAP = downcall("mmap", FunctionDescriptor.of(ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    static final MethodHandle MPROTECT = downcall("mprotect", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    static final MethodHandle MUNMAP = downcall("munmap", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    static final MethodHandle MADVISE = downcall("madvise", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    static final MethodHandle ISATTY = downcall("isatty", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));
    static final MethodHandle IOCTL_PTR = downcallVariadic("ioctl", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), 2);
    static final MethodHandle GETUID = downcall("getuid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    static final MethodHandle GETEUID = downcall("geteuid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    static final MethodHandle GETGID = downcall("getgid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    static final MethodHandle GETEGID = downcall("getegid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    static final MethodHandle GETPGID = downcall("getpgid", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));
    static final MethodHandle GETSID = downcall("getsid", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));
    static final MethodHandle GETGROUPS = downcall("getgroups", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    static final MethodHandle MINCORE = downcall("mincore", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

    private HostLibc() {}

    private static MethodHandle downcall(String name, FunctionDescriptor fd) {
        return LIBC.find(name).map(s -> LINKER.downcallHandle(s, fd)).orElse(null);
    }

    private static MethodHandle downcallVariadic(String name, FunctionDescriptor fd, int firstVariadic) {
        return LIBC.find(name)
                .map(s -> LINKER.downcallHandle(s, fd, Linker.Option.firstVariadicArg(firstVariadic)))
                .orElse(null);
    }

    static int callInt(MethodHandle mh, int fallback) {
        if (mh == null) return fallback;
        try {
            return (int) mh.invokeExact();
        } catch (Throwable t) {
            return fallback;
        }
    }

    /** Calls an {@code int f(int)} function; {@code fallback} when the host has none. */
    static int callInt(MethodHandle mh, int arg, int fallback) {
        if (mh == null) return fallback;
        try {
            return (int) mh.invokeExact(arg);
        } catch (Throwable t) {
            return fallback;
        }
    }

    static boolean isNull(MemorySegment s) {
        return s.address() == 0 || s.address() == -1L;
    }
}
