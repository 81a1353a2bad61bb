// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManPageTest {
    @Test
    void readsPrototypeAndErrorsFollowingAliases(@TempDir Path man2) throws Exception {
        Files.writeString(man2.resolve("dup.2"), """
                .TH dup 2
                .SH SYNOPSIS
                .nf
                .B #include <unistd.h>
                .PP
                .BI "int dup(int " oldfd );
                .BI "int dup2(int " oldfd ", int " newfd );
                .fi
                .SH ERRORS
                .TP
                .B EBADF
                .I oldfd
                isn't an open file descriptor.
                More text.
                .TP
                .B EINTR
                .\\" a comment
                The call was interrupted; see
                .BR signal (7).
                .SH SEE ALSO
                """);
        Files.writeString(man2.resolve("dup2.2"), ".so man2/dup.2\n");
        ManPage p = ManPage.find(man2, "dup2").orElseThrow();
        assertThat(p.page).isEqualTo("dup(2)");
        assertThat(p.prototype("dup2")).contains("int dup2(int oldfd, int newfd);");
        assertThat(p.errors()).containsExactly(new ManPage.Error("EBADF", "oldfd isn't an open file descriptor."),
                new ManPage.Error("EINTR", "The call was interrupted; see signal(7)."));
        assertThat(ManPage.find(man2, "nosuch")).isEmpty();
    }
}
