// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.kernel.GuestProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/** uname and getrandom. */
final class SysInfo {
    /** Field length in struct utsname (__NEW_UTS_LEN + 1). */
    static final int UTS_FIELD = 65;
    // <uapi/linux/random.h>
    static final int GRND_NONBLOCK = 1, GRND_RANDOM = 2, GRND_INSECURE = 4;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String[] UTS = {
        "Linux", hostFact("hostname", "localhost"), hostFact("osrelease", "6.1.0-jlinux"),
        hostFact("version", "#1 SMP jlinux"), "x86_64", hostFact("domainname", "(none)"),
    };

    private SysInfo() {}

    /** The host kernel's own answer where it has one (a Linux host), so programs see what they would natively. */
    private static String hostFact(String name, String fallback) {
        try {
            return Files.readString(Path.of("/proc/sys/kernel", name)).strip();
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    /** Implements uname(2). */
    static long uname(GuestProcess p, SyscallArgs a) throws ErrnoException {
        byte[] buf = new byte[UTS_FIELD * UTS.length];
        for (int i = 0; i < UTS.length; i++) {
            byte[] s = UTS[i].getBytes(StandardCharsets.UTF_8);
            System.arraycopy(s, 0, buf, i * UTS_FIELD, Math.min(s.length, UTS_FIELD - 1));
        }
        p.memory().write(a.a0(), buf);
        return 0;
    }

    /** Implements getrandom(2) from the host's secure random source (which never blocks once seeded). */
    static long getrandom(GuestProcess p, SyscallArgs a) throws ErrnoException {
        int flags = a.intArg(2);
        if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) != 0
                || (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int len = (int) Math.min(a.a1() & 0xffffffffL, 33_554_431); // Linux caps one call at 32 MiB - 1
        if (len == 0) return 0;
        byte[] bytes = new byte[len];
        RANDOM.nextBytes(bytes);
        p.memory().write(a.a0(), bytes);
        return len;
    }
}
