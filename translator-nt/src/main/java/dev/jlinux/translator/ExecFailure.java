// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator;

import dev.jlinux.syscalls.Errno;

/**
 * The program could not be started, for the reason execve would give. {@link #exitCode()} is
 * what a shell returns then: 127 when the file is missing, 126 when it cannot be executed.
 */
public final class ExecFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Errno errno;
    private final String path;

    public ExecFailure(String path, Errno errno, String detail) {
        super(detail, null, false, false);
        this.path = path;
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }

    public String path() {
        return path;
    }

    public int exitCode() {
        return errno == Errno.ENOENT || errno == Errno.ENOTDIR ? 127 : 126;
    }

    /** The message a shell prints, e.g. {@code jlinux: ./x: cannot execute binary file: Exec format error}. */
    public String userMessage() {
        if (errno == Errno.ENOEXEC) return "jlinux: " + path + ": cannot execute binary file: " + errno.message();
        return "jlinux: " + path + ": " + errno.message();
    }
}
