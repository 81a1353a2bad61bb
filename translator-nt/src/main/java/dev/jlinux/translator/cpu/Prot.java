// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.cpu;

/**
 * Page protections as Unicorn takes them ({@code uc_prot} in unicorn.h). The bit values are the same
 * as Linux's {@code PROT_READ}/{@code PROT_WRITE}/{@code PROT_EXEC} (include/uapi/asm-generic/
 * mman-common.h: 0x1, 0x2, 0x4), so a guest mmap/mprotect prot masked with {@link #ALL} passes
 * through unchanged; a test checks it.
 */
public final class Prot {
    public static final int NONE = 0;
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int EXEC = 4;
    public static final int ALL = READ | WRITE | EXEC;

    private Prot() {}

    /** "rwx"-style text, as in /proc/self/maps (without the sharing letter). */
    public static String toString(int prot) {
        return ((prot & READ) != 0 ? "r" : "-") + ((prot & WRITE) != 0 ? "w" : "-") + ((prot & EXEC) != 0 ? "x" : "-");
    }
}
