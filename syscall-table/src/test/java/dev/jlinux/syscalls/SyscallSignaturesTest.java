// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every syscall has a signature of the right arity; the explicit ones name real syscalls. */
class SyscallSignaturesTest {
    /** The syscalls whose arguments must be decoded exactly. */
    private static final List<String> REQUIRED = List.of("read", "write", "open", "openat", "openat2", "creat", "close",
            "close_range", "stat", "fstat", "lstat", "newfstatat", "statx", "lseek", "mmap", "mprotect", "munmap", "brk",
            "madvise", "mremap", "ioctl", "pread64", "pwrite64", "readv", "writev", "preadv", "pwritev", "preadv2",
            "pwritev2", "access", "faccessat", "faccessat2", "dup", "dup2", "dup3", "fcntl", "getdents64", "getcwd",
            "chdir", "fchdir", "readlink", "readlinkat", "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename",
            "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat", "chmod", "fchmod", "fchmodat", "umask",
            "sendfile", "exit", "exit_group", "getpid", "gettid", "getppid", "getuid", "geteuid", "getgid", "getegid",
            "set_tid_address", "set_robust_list", "rseq", "arch_prctl", "prlimit64", "getrlimit", "setrlimit",
            "sched_getaffinity", "sched_yield", "prctl", "uname", "getrandom", "clock_gettime", "clock_getres",
            "gettimeofday", "time", "nanosleep", "clock_nanosleep", "rt_sigaction", "rt_sigprocmask", "execve", "wait4",
            "kill", "pipe", "pipe2", "poll", "futex", "clone", "fork", "vfork");

    @Test
    void everySyscallHasASignatureWithItsArity() {
        for (SyscallNumbers.Entry e : SyscallNumbers.all()) {
            SyscallSignature s = SyscallSignatures.forName(e.name());
            assertThat(s.name()).isEqualTo(e.name());
            assertThat(s.arity()).as("arity of %s", e.name()).isEqualTo(SyscallArity.of(e.number())).isBetween(0, 6);
        }
    }

    @Test
    void explicitSignaturesNameRealSyscalls() {
        assertThat(SyscallSignatures.explicit()).isNotEmpty();
        SyscallSignatures.explicit().forEach((name, sig) -> {
            assertThat(SyscallNumbers.number(name)).as(name).isNotNegative();
            assertThat(sig.name()).isEqualTo(name);
            assertThat(SyscallSignatures.forName(name)).isSameAs(sig);
        });
    }

    @Test
    void theRequiredSyscallsAreDecoded() {
        for (String name : REQUIRED) {
            assertThat(SyscallSignatures.isExplicit(name)).as(name).isTrue();
        }
    }

    @Test
    void theOthersPrintTheirArgumentsInHex() {
        SyscallSignature s = SyscallSignatures.forName("io_uring_setup");
        assertThat(SyscallSignatures.isExplicit("io_uring_setup")).isFalse();
        assertThat(s.args()).containsExactly(ArgKind.HEX, ArgKind.HEX);
        assertThat(s.ret()).isEqualTo(ReturnKind.DECIMAL);
    }

    @Test
    void returnKinds() {
        assertThat(SyscallSignatures.forName("mmap").ret()).isEqualTo(ReturnKind.HEX);
        assertThat(SyscallSignatures.forName("brk").ret()).isEqualTo(ReturnKind.HEX);
        assertThat(SyscallSignatures.forName("exit").ret()).isEqualTo(ReturnKind.NONE);
        assertThat(SyscallSignatures.forName("exit_group").ret()).isEqualTo(ReturnKind.NONE);
        assertThat(SyscallSignatures.forName("read").ret()).isEqualTo(ReturnKind.DECIMAL);
        assertThat(SyscallSignatures.forName("umask").ret()).isEqualTo(ReturnKind.OCTAL);
    }

    @Test
    void kernelArities() {
        assertThat(SyscallArity.of(SyscallNumbers.number("read"))).isEqualTo(3);
        assertThat(SyscallArity.of(SyscallNumbers.number("mmap"))).isEqualTo(6);
        assertThat(SyscallArity.of(SyscallNumbers.number("getpid"))).isZero();
        assertThat(SyscallArity.of(SyscallNumbers.number("exit_group"))).isEqualTo(1);
        assertThat(SyscallArity.of(SyscallNumbers.number("clone"))).isEqualTo(5);
        assertThat(SyscallArity.of(335)).isEqualTo(-1);
        assertThat(SyscallArity.of(-1)).isEqualTo(-1);
    }

    @Test
    void unknownNamesAndBadSignaturesAreRejected() {
        assertThatThrownBy(() -> SyscallSignatures.forName("no_such_call")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyscallSignature("x", List.of(ArgKind.HEX, ArgKind.HEX, ArgKind.HEX, ArgKind.HEX,
                ArgKind.HEX, ArgKind.HEX, ArgKind.HEX), ReturnKind.DECIMAL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArgKind.bufIn(6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArgKind.When(-1, 1, ArgKind.MODE)).isInstanceOf(IllegalArgumentException.class);
    }
}
