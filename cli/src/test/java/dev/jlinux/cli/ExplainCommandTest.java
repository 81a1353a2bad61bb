// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExplainCommandTest {
    @Test
    void openatTellsRegistersHandlerTestsAndErrors() {
        Cli r = Cli.run("explain", "openat");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("openat — system call 257 on x86-64 Linux")
                .contains("int openat(int dirfd, const char *pathname, int flags, mode_t mode);")
                .containsPattern("(?m)^  rdi +dirfd +DIRFD$")
                .containsPattern("(?m)^  rsi +pathname +PATH$")
                .contains("Handler: SysFile.openat")
                .containsPattern("Exercised by: .*file_read")
                .containsPattern("(?m)^  ENOENT +O_CREAT is not set and the named file does not exist\\.$");
    }

    @Test
    void numbersWorkAndMissingCallsSaySo() {
        Cli r = Cli.run("explain", "57");
        assertThat(r.out()).startsWith("fork — system call 57").containsPattern("translate \\(v1\\): \\w+");
    }

    @Test
    void unknownNameIsAUsageError() {
        Cli r = Cli.run("explain", "frobnicate");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("no x86-64 syscall named frobnicate");
    }

    @Test
    void parameterNamesComeFromThePrototype() {
        assertThat(ExplainCommand.parameterNames("ssize_t pread(int fd, void buf[.count], size_t count, off_t offset);"))
                .containsExactly("fd", "buf", "count", "offset");
        assertThat(ExplainCommand.parameterNames("pid_t fork(void);")).isEmpty();
    }
}
