// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlinux.syscalls.SyscallTable;
import dev.jlinux.translator.kernel.GuestProcess;
import org.junit.jupiter.api.Test;

class LinuxSyscallsTest {
    @Test
    void everyImplementedRowHasAHandlerNamedAfterItsSyscall() {
        for (SyscallTable.Row<GuestProcess> row : LinuxSyscalls.table().rows()) {
            if (row.handler() == null) continue;
            assertThat(LinuxSyscalls.handlerName(row.name())).as("handler of %s", row.name()).isPresent();
        }
    }

    @Test
    void handlerNamesAreCamelCase() {
        assertThat(LinuxSyscalls.handlerName("exit_group")).contains("SysProcess.exitGroup");
        assertThat(LinuxSyscalls.handlerName("openat")).contains("SysFile.openat");
        assertThat(LinuxSyscalls.handlerName("no_such_call")).isEmpty();
    }
}
