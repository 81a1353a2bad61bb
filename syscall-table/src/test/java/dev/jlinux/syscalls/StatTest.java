// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatTest {
    /** glibc's gnu_dev_makedev: minor bits 0-7 and 20-43, major bits 8-19 and 44-63. */
    static long makedev(long major, long minor) {
        return ((major & 0xfff) << 8) | ((major & ~0xfffL) << 32) | (minor & 0xff) | ((minor & ~0xffL) << 12);
    }

    @Test
    void deviceNumbersSplitAsGlibcDoes() {
        assertThat(Stat.major(makedev(5, 1))).isEqualTo(5);
        assertThat(Stat.minor(makedev(5, 1))).isEqualTo(1);
        // A major above 0xfff must not leak into the minor (glibc keeps 32 bits of each).
        long dev = makedev(0x12345, 0x6789abcdL);
        assertThat(Stat.major(dev)).isEqualTo(0x12345);
        assertThat(Stat.minor(dev)).isEqualTo(0x6789abcdL);
    }
}
