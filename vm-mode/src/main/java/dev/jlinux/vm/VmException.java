// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

/** The VM could not do what was asked; the message is for the user (it says what to do). */
public final class VmException extends Exception {
    private static final long serialVersionUID = 1L;

    public VmException(String message) {
        super(message);
    }

    public VmException(String message, Throwable cause) {
        super(message, cause);
    }
}
