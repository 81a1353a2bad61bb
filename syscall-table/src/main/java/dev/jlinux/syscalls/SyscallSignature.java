// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/** PLACEHOLDER being replaced by the syscall-table work. */
public record SyscallSignature(String name) {}
