// SPDX-License-Identifier: GPL-2.0-or-later
/** The vm (v2) backend: a real Linux kernel under QEMU, jlinux's initramfs and its guest agent. */
module dev.jlinux.vm {
    requires dev.jlinux.syscalls;
    requires dev.jlinux.vfs;
    requires org.tukaani.xz;
    exports dev.jlinux.vm;
    exports dev.jlinux.vm.ninep;
}
