// SPDX-License-Identifier: GPL-2.0-or-later
/** Parses and validates ELF64 x86-64 executables, plans their mapping and builds the initial stack. */
module dev.jlinux.elf {
    requires dev.jlinux.syscalls;
    exports dev.jlinux.elf;
}
