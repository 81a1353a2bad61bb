// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/** PLACEHOLDER being replaced by the syscall-table work (arg kinds per syscall). */
public final class SyscallSignatures {
    private SyscallSignatures() {}

    public static SyscallSignature forName(String name) {
        return new SyscallSignature(name);
    }
}
