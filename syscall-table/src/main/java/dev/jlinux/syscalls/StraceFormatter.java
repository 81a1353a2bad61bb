// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

/** TEMPORARY: replaced by the strace formatter being written on branch h-strace. */
public final class StraceFormatter {
    private StraceFormatter() {}

    public static String format(SyscallSignature sig, SyscallArgs args, long result, GuestMemory mem) {
        return sig.name() + "(...) = " + result;
    }

    public static String formatUnknown(SyscallArgs args, long result) {
        return "syscall_" + args.number() + "(...) = " + result;
    }
}
