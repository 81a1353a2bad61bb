// SPDX-License-Identifier: GPL-2.0-or-later
/** jlinux's command line: run, syscalls. */
module dev.jlinux.cli {
    requires dev.jlinux.syscalls;
    requires dev.jlinux.translator;
    requires info.picocli;
    opens dev.jlinux.cli to info.picocli;
}
