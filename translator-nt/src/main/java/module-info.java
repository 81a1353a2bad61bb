// SPDX-License-Identifier: GPL-2.0-or-later
/** The translate (v1) backend: Unicorn binding over FFM, address spaces, tasks and syscall handlers. */
module dev.jlinux.translator {
    requires dev.jlinux.syscalls;
    requires dev.jlinux.elf;
    requires dev.jlinux.vfs;
    requires java.management;
    requires jdk.management;
    exports dev.jlinux.translator;
    exports dev.jlinux.translator.cpu;
}
