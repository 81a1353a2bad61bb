// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link SyscallNumbers} against the machine's {@code <asm/unistd_64.h>} (the test's oracle, never jlinux's). */
class SyscallNumbersTest {
    static final Path HEADER = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
    private static final Pattern DEFINE = Pattern.compile("#define\\s+__NR_(\\w+)\\s+(\\d+)\\b");

    /** Every {@code #define __NR_x N} of the header, in file order; fails when the header is missing. */
    static Map<String, Integer> headerNumbers() throws IOException {
        assertThat(HEADER).as("the kernel's syscall header (package linux-libc-dev)").exists();
        Map<String, Integer> defs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(HEADER)) {
            Matcher m = DEFINE.matcher(line.strip());
            if (m.matches()) defs.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertThat(defs).as("syscalls in " + HEADER).hasSizeGreaterThan(300);
        return defs;
    }

    @Test
    void everyHeaderSyscallHasTheHeadersNumber() throws IOException {
        Map<String, Integer> defs = headerNumbers();
        defs.forEach((name, nr) -> {
            assertThat(SyscallNumbers.number(name)).as(name).isEqualTo(nr);
            assertThat(SyscallNumbers.name(nr)).as("syscall %d", nr).isEqualTo(name);
        });
        assertThat(SyscallNumbers.all()).hasSize(defs.size());
        assertThat(SyscallNumbers.maxNumber()).isEqualTo(defs.values().stream().mapToInt(Integer::intValue).max().orElseThrow());
    }

    @Test
    void numbersAndNamesAreUnique() {
        Set<Integer> numbers = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (SyscallNumbers.Entry e : SyscallNumbers.all()) {
            assertThat(numbers.add(e.number())).as("number %d twice", e.number()).isTrue();
            assertThat(names.add(e.name())).as("name %s twice", e.name()).isTrue();
        }
    }

    @Test
    void allIsInNumberOrder() {
        int last = -1;
        for (SyscallNumbers.Entry e : SyscallNumbers.all()) {
            assertThat(e.number()).isGreaterThan(last);
            last = e.number();
        }
    }

    @Test
    void unassignedNumbersAndNamesAreAbsent() {
        assertThat(SyscallNumbers.name(-1)).isNull();
        assertThat(SyscallNumbers.name(335)).isNull();
        assertThat(SyscallNumbers.name(SyscallNumbers.maxNumber() + 1)).isNull();
        assertThat(SyscallNumbers.number("no_such_syscall")).isEqualTo(-1);
        assertThat(SyscallNumbers.number("read")).isZero();
        assertThat(SyscallNumbers.number("exit_group")).isEqualTo(231);
    }
}
