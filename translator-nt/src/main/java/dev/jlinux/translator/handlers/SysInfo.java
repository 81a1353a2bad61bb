// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static dev.jlinux.syscalls.GetRandom.*;
import static dev.jlinux.syscalls.Sysinfo.*;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.SyscallArgs;
import dev.jlinux.translator.kernel.GuestProcess;
import dev.jlinux.vfs.procfs.LoadAverage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/** uname and getrandom. */
final class SysInfo {
    /** Field length in struct utsname (__NEW_UTS_LEN + 1). */
    static final int UTS_FIELD = 65;
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

    /**
     * Implements sysinfo(2): uptime and memory from the host kernel's /proc (uptime, meminfo), so the
     * guest sees the machine it runs on (where the host has no /proc, from the JVM's view of it); the
     * load averages and the process count are the guest's own, as /proc/loadavg shows them.
     */
    static long sysinfo(GuestProcess p, SyscallArgs a) throws ErrnoException {
        ByteBuffer b = ByteBuffer.allocate(STRUCT_SYSINFO_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        String[] uptime = hostFile("/proc/uptime").split("\\s+");
        Map<String, Long> mem = meminfo();
        long up = !uptime[0].isEmpty() ? (long) Double.parseDouble(uptime[0])
                : ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        b.putLong(SI_UPTIME, up);
        long[] loads = p.kernel().loadAverage().averages();
        for (int i = 0; i < 3; i++) b.putLong(SI_LOADS + 8 * i, loads[i] << (SI_LOAD_SHIFT - LoadAverage.FSHIFT));
        b.putLong(SI_TOTALRAM, mem.getOrDefault("MemTotal", Runtime.getRuntime().maxMemory() / 1024) * 1024);
        b.putLong(SI_FREERAM, mem.getOrDefault("MemFree", 0L) * 1024);
        b.putLong(SI_SHAREDRAM, mem.getOrDefault("Shmem", 0L) * 1024);
        b.putLong(SI_BUFFERRAM, mem.getOrDefault("Buffers", 0L) * 1024);
        b.putLong(SI_TOTALSWAP, mem.getOrDefault("SwapTotal", 0L) * 1024);
        b.putLong(SI_FREESWAP, mem.getOrDefault("SwapFree", 0L) * 1024);
        b.putShort(SI_PROCS, (short) Math.min(p.kernel().all().size(), 0xffff));
        b.putInt(SI_MEM_UNIT, 1);
        p.memory().write(a.a0(), b.array());
        return 0;
    }

    private static String hostFile(String path) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** /proc/meminfo as name → KiB. */
    private static Map<String, Long> meminfo() {
        Map<String, Long> m = new HashMap<>();
        for (String line : hostFile("/proc/meminfo").split("\n")) {
            String[] f = line.split(":?\\s+");
            if (f.length >= 2) {
                try {
                    m.put(f[0].replace(":", ""), Long.parseLong(f[1]));
                } catch (NumberFormatException ignored) {
                    // not a number line
                }
            }
        }
        return m;
    }
}
