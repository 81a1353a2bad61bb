// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link Errno} against the machine's {@code <asm-generic/errno-base.h>} and {@code <asm-generic/errno.h>}. */
class ErrnoTest {
    private static final Path[] HEADERS = {
        Path.of("/usr/include/asm-generic/errno-base.h"), Path.of("/usr/include/asm-generic/errno.h"),
    };
    private static final Pattern DEFINE = Pattern.compile("#define\\s+(E[A-Z0-9]+)\\s+(\\w+).*");

    /** Every EXXX define: a number, or the name of the errno it aliases. */
    private static Map<String, String> defines() throws IOException {
        Map<String, String> defs = new LinkedHashMap<>();
        for (Path h : HEADERS) {
            assertThat(h).as("uapi errno header (package linux-libc-dev)").exists();
            for (String line : Files.readAllLines(h)) {
                Matcher m = DEFINE.matcher(line.strip());
                if (m.matches()) defs.put(m.group(1), m.group(2));
            }
        }
        assertThat(defs).hasSizeGreaterThan(130);
        return defs;
    }

    @Test
    void everyNumberedDefineIsAnErrnoWithThatNumber() throws IOException {
        int numbered = 0;
        for (Map.Entry<String, String> d : defines().entrySet()) {
            if (!d.getValue().chars().allMatch(Character::isDigit)) continue;
            int n = Integer.parseInt(d.getValue());
            Errno e = Errno.valueOf(d.getKey());
            assertThat(e.number()).as(d.getKey()).isEqualTo(n);
            assertThat(Errno.fromNumber(n)).as("fromNumber(%d)", n).isSameAs(e);
            numbered++;
        }
        assertThat(Errno.values()).hasSize(numbered);
    }

    @Test
    void aliasesAreConstantsForTheErrnoTheyName() throws Exception {
        int aliases = 0;
        for (Map.Entry<String, String> d : defines().entrySet()) {
            if (d.getValue().chars().allMatch(Character::isDigit)) continue;
            Object alias = Errno.class.getField(d.getKey()).get(null);
            assertThat(alias).as(d.getKey()).isSameAs(Errno.valueOf(d.getValue()));
            aliases++;
        }
        assertThat(aliases).as("EWOULDBLOCK and EDEADLOCK at least").isGreaterThanOrEqualTo(2);
        assertThat(Errno.EWOULDBLOCK).isSameAs(Errno.EAGAIN);
        assertThat(Errno.EDEADLOCK).isSameAs(Errno.EDEADLK);
    }

    @Test
    void messagesAreGlibcs() {
        assertThat(Errno.ENOENT.message()).isEqualTo("No such file or directory");
        assertThat(Errno.ENOSYS.message()).isEqualTo("Function not implemented");
        assertThat(Errno.EAGAIN.message()).isEqualTo("Resource temporarily unavailable");
        assertThat(Errno.ENOTTY.message()).isEqualTo("Inappropriate ioctl for device");
        for (Errno e : Errno.values()) assertThat(e.message()).as(e.name()).isNotBlank().doesNotStartWith("Unknown error");
    }

    @Test
    void numbersWithoutAnErrnoAreNull() {
        assertThat(Errno.fromNumber(0)).isNull();
        assertThat(Errno.fromNumber(-2)).isNull();
        assertThat(Errno.fromNumber(41)).as("41 is unassigned (EWOULDBLOCK's old slot)").isNull();
        assertThat(Errno.fromNumber(4095)).isNull();
    }
}
