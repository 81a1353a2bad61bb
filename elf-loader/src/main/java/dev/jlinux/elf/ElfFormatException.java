// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.elf;

import java.io.Serial;

/**
 * A file that jlinux's execve refuses to load; the message names the precise reason
 * (for example {@code "ELFCLASS32"} or {@code "segment 2 outside the file"}).
 *
 * <p>Most reasons are ones Linux's {@code load_elf_binary} (fs/binfmt_elf.c) rejects with ENOEXEC
 * before the point of no return. A few are stricter than Linux, which would load the file and let
 * the process fault (or kill it with SIGSEGV after the point of no return); each check in
 * {@link ElfImage#parse} says which. Checked and stackless: it is an expected outcome, not a bug.
 */
public final class ElfFormatException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code reason} becomes the message. */
    public ElfFormatException(String reason) {
        super(reason, null, false, false);
    }
}
