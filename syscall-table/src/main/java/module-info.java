// SPDX-License-Identifier: GPL-2.0-or-later
/** The Linux x86-64 ABI as data: syscall numbers, errno values, constants, struct layouts, the table and dispatcher. */
module dev.jlinux.syscalls {
    exports dev.jlinux.syscalls;
}
