// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SyscallsCommandTest {
    @Test
    void listsEveryRowWithItsSupportLevel() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Main.execute("syscalls");
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(status).isZero();
        assertThat(text).containsPattern("(?m)^0 +read +supported")
                .containsPattern("(?m)^334 +rseq +error +ENOSYS: ")
                .containsPattern("(?m)^ +tests: .*fd_io")
                .containsPattern("(?m)^169 +reboot +missing")
                .containsPattern("(?m)^\\d+ supported, \\d+ partial, 1 error, \\d+ missing \\(ENOSYS\\)$");
    }
}
