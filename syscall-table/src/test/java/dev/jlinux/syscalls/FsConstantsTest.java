// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The VFS's constant classes against the machine's headers (the oracle), name by name. */
class FsConstantsTest {
    private static final Pattern INT = Pattern.compile("(0x[0-9a-fA-F]+|\\d+)");

    /** Every public int/long field of {@code cls} whose name {@code header} defines (or enumerates) as a literal. */
    private static int check(Class<?> cls, String header) throws IOException, IllegalAccessException {
        String text = Files.readString(Path.of("/usr/include/" + header));
        int checked = 0;
        for (Field f : cls.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || !(f.getType() == int.class || f.getType() == long.class)) continue;
            Matcher m = Pattern.compile("(?m)(?:#\\s*define\\s+" + f.getName() + "\\s+|^\\s*" + f.getName()
                    + "\\s*=\\s*)(0x[0-9a-fA-F]+|\\d+)\\b").matcher(text);
            if (!m.find()) continue;
            String lit = m.group(1);
            assertThat(INT.matcher(lit).matches()).isTrue();
            long want = lit.startsWith("0x") ? Long.parseLong(lit.substring(2), 16) : Long.parseLong(lit);
            assertThat(((Number) f.get(null)).longValue()).as(f.getName()).isEqualTo(want);
            checked++;
        }
        return checked;
    }

    @Test
    void constantsMatchTheHeaders() throws Exception {
        assertThat(check(Dirent.class, "dirent.h")).isEqualTo(9);
        assertThat(check(FsLimits.class, "linux/limits.h")).isEqualTo(6);
        assertThat(check(FsMagic.class, "linux/magic.h")).isEqualTo(5);
        assertThat(check(DeviceNumbers.class, "linux/major.h")).isEqualTo(2);
        assertThat(check(FsMagic.class, "x86_64-linux-gnu/bits/statvfs.h")).isGreaterThanOrEqualTo(8);
    }

    @Test
    void utimeMatchesGlibc() throws Exception {
        String stat = Files.readString(Path.of("/usr/include/x86_64-linux-gnu/bits/stat.h"));
        assertThat(stat).contains("define UTIME_NOW\t((1l << 30) - 1l)").contains("define UTIME_OMIT\t((1l << 30) - 2l)");
        assertThat(Utime.UTIME_NOW).isEqualTo((1L << 30) - 1);
        assertThat(Utime.UTIME_OMIT).isEqualTo((1L << 30) - 2);
    }

    @Test
    void makedevRoundTrips() {
        long dev = DeviceNumbers.makedev(0x123, 0x4567a);
        assertThat(Stat.major(dev)).isEqualTo(0x123);
        assertThat(Stat.minor(dev)).isEqualTo(0x4567a);
        assertThat(DeviceNumbers.makedev(1, 3)).isEqualTo(0x103);
    }
}
