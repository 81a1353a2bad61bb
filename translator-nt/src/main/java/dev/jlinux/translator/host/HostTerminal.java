// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.host;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Asks the host whether one of its own file descriptors (0, 1, 2) is a terminal, and reads its
 * settings, so the guest's TCGETS and TIOCGWINSZ are answered truthfully. Host ioctl numbers are
 * Linux's; on other hosts {@link #isTerminal} is false and the guest gets ENOTTY, as for a file.
 */
public final class HostTerminal {
    private static final boolean LINUX_X86_64 = System.getProperty("os.name", "").equals("Linux")
            && System.getProperty("os.arch", "").matches("amd64|x86_64");
    private static final long HOST_TCGETS = 0x5401, HOST_TIOCGWINSZ = 0x5413;
    /** Size of the kernel's struct termios that TCGETS fills (same on host and guest: both x86-64 Linux). */
    public static final int TERMIOS_SIZE = 36;
    public static final int WINSIZE_SIZE = 8;

    private HostTerminal() {}

    public static boolean isTerminal(int hostFd) {
        if (!LINUX_X86_64 || HostLibc.ISATTY == null) return false;
        try {
            return (int) HostLibc.ISATTY.invokeExact(hostFd) == 1;
        } catch (Throwable t) {
            return false;
        }
    }

    /** The terminal's struct termios (36 bytes), or null when the host fd is not a terminal. */
    public static byte[] termios(int hostFd) {
        return ioctlRead(hostFd, HOST_TCGETS, TERMIOS_SIZE);
    }

    /** The terminal's struct winsize (8 bytes), or null. */
    public static byte[] winsize(int hostFd) {
        return ioctlRead(hostFd, HOST_TIOCGWINSZ, WINSIZE_SIZE);
    }

    private static byte[] ioctlRead(int hostFd, long request, int size) {
        if (!isTerminal(hostFd) || HostLibc.IOCTL_PTR == null) return null;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64);
            int rc = (int) HostLibc.IOCTL_PTR.invokeExact(hostFd, request, buf);
            return rc == 0 ? buf.asSlice(0, size).toArray(ValueLayout.JAVA_BYTE) : null;
        } catch (Throwable t) {
            return null;
        }
    }
}
