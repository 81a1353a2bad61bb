// SPDX-License-Identifier: GPL-2.0-or-later
/** jlinux's command line: run, compare, conformance, vm, syscalls, explain. */
module dev.jlinux.cli {
    requires dev.jlinux.syscalls;
    requires dev.jlinux.translator;
    requires dev.jlinux.conformance;
    requires dev.jlinux.vm;
    requires info.picocli;
    opens dev.jlinux.cli to info.picocli;
}
