// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/**
 * The one way an error travels inside jlinux: a handler, the VFS or the 9P server throws it and the
 * dispatcher turns it into {@code -errno}. Stackless, because it is ordinary control flow.
 */
public final class ErrnoException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Errno errno;

    public ErrnoException(Errno errno) {
        this(errno, null);
    }

    /** With a detail for jlinux's own diagnostics (the guest only ever sees the number). */
    public ErrnoException(Errno errno, String detail) {
        super(detail == null ? errno.name() : errno.name() + ": " + detail, null, false, false);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
