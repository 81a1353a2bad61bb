// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlinux.translator.kernel.MemoryBudget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runaway allocator stops at the run's guest memory limit with ENOMEM, and fork past it fails
 * with ENOMEM: the guest is limited, not the JVM, and every byte is given back at the end. The
 * programs are hand-assembled (see {@link ProcessLimitTest}), since no test program may allocate
 * without bound natively.
 */
class MemoryLimitTest {
    private static final long LIMIT = 128L << 20;

    /** Maps 1 MiB and touches each page of it, until mmap fails; exits 0 if that was ENOMEM, else 1. */
    private static final byte[] RUNAWAY = {
        (byte) 0xb8, 9, 0, 0, 0,                                     // 0:  mov eax, 9 (mmap)
        0x31, (byte) 0xff,                                           // 5:  xor edi, edi
        (byte) 0xbe, 0, 0, 0x10, 0,                                  // 7:  mov esi, 1 MiB
        (byte) 0xba, 3, 0, 0, 0,                                     // 12: mov edx, PROT_READ|PROT_WRITE
        0x41, (byte) 0xba, 0x22, 0, 0, 0,                            // 17: mov r10d, MAP_PRIVATE|MAP_ANONYMOUS
        0x49, (byte) 0xc7, (byte) 0xc0, -1, -1, -1, -1,              // 23: mov r8, -1
        0x45, 0x31, (byte) 0xc9,                                     // 30: xor r9d, r9d
        0x0f, 0x05,                                                  // 33: syscall
        0x48, 0x3d, 0x01, (byte) 0xf0, -1, -1,                       // 35: cmp rax, -4095
        0x73, 0x14,                                                  // 41: jae fail (63)
        (byte) 0xb9, 0, 1, 0, 0,                                     // 43: mov ecx, 256
        (byte) 0xc6, 0x00, 0x01,                                     // 48: touch: mov byte [rax], 1
        0x48, 0x05, 0, 0x10, 0, 0,                                   // 51: add rax, 4096
        (byte) 0xff, (byte) 0xc9,                                    // 57: dec ecx
        0x75, (byte) 0xf3,                                           // 59: jnz touch (48)
        (byte) 0xeb, (byte) 0xc1,                                    // 61: jmp 0
        0x48, (byte) 0x83, (byte) 0xf8, (byte) 0xf4,                 // 63: fail: cmp rax, -12 (ENOMEM)
        0x0f, (byte) 0x95, (byte) 0xc0,                              // 67: setne al
        0x0f, (byte) 0xb6, (byte) 0xf8,                              // 70: movzx edi, al
        (byte) 0xb8, (byte) 231, 0, 0, 0,                            // 73: mov eax, 231 (exit_group)
        0x0f, 0x05,                                                  // 78: syscall
    };

    /**
     * Maps 80 MiB (untouched) and forks, which would need 80 MiB more: exits 0 if fork failed with
     * ENOMEM, 1 if it failed otherwise or succeeded (the child exits 3), 2 if the mmap failed.
     */
    private static final byte[] FORK_TOO_BIG = {
        (byte) 0xb8, 9, 0, 0, 0,                                     // 0:  mov eax, 9 (mmap)
        0x31, (byte) 0xff,                                           // 5:  xor edi, edi
        (byte) 0xbe, 0, 0, 0, 0x05,                                  // 7:  mov esi, 80 MiB
        (byte) 0xba, 3, 0, 0, 0,                                     // 12: mov edx, PROT_READ|PROT_WRITE
        0x41, (byte) 0xba, 0x22, 0, 0, 0,                            // 17: mov r10d, MAP_PRIVATE|MAP_ANONYMOUS
        0x49, (byte) 0xc7, (byte) 0xc0, -1, -1, -1, -1,              // 23: mov r8, -1
        0x45, 0x31, (byte) 0xc9,                                     // 30: xor r9d, r9d
        0x0f, 0x05,                                                  // 33: syscall
        0x48, 0x3d, 0x01, (byte) 0xf0, -1, -1,                       // 35: cmp rax, -4095
        0x73, 0x29,                                                  // 41: jae mmap_failed (84)
        (byte) 0xb8, 57, 0, 0, 0,                                    // 43: mov eax, 57 (fork)
        0x0f, 0x05,                                                  // 48: syscall
        0x48, (byte) 0x85, (byte) 0xc0,                              // 50: test rax, rax
        0x74, 0x11,                                                  // 53: je child (72)
        0x48, (byte) 0x83, (byte) 0xf8, (byte) 0xf4,                 // 55: cmp rax, -12 (ENOMEM)
        0x0f, (byte) 0x95, (byte) 0xc0,                              // 59: setne al
        0x0f, (byte) 0xb6, (byte) 0xf8,                              // 62: movzx edi, al
        (byte) 0xb8, (byte) 231, 0, 0, 0,                            // 65: mov eax, 231 (exit_group)
        0x0f, 0x05,                                                  // 70: syscall
        (byte) 0xbf, 3, 0, 0, 0,                                     // 72: child: mov edi, 3
        (byte) 0xb8, (byte) 231, 0, 0, 0,                            // 77: mov eax, 231 (exit_group)
        0x0f, 0x05,                                                  // 82: syscall
        (byte) 0xbf, 2, 0, 0, 0,                                     // 84: mmap_failed: mov edi, 2
        (byte) 0xb8, (byte) 231, 0, 0, 0,                            // 89: mov eax, 231 (exit_group)
        0x0f, 0x05,                                                  // 94: syscall
    };

    private static RunResult run(Path dir, byte[] code, MemoryBudget budget) throws Exception {
        Path exe = dir.resolve("guest");
        Files.write(exe, ProcessLimitTest.elf(code));
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        return run(dir, List.of(exe.toString()), budget, new ByteArrayOutputStream());
    }

    private static RunResult run(Path dir, List<String> argv, MemoryBudget budget, ByteArrayOutputStream out)
            throws Exception {
        Stdio io = Stdio.of(Channels.newChannel(new ByteArrayInputStream(new byte[0])), Channels.newChannel(out),
                Channels.newChannel(out));
        return Translator.run(new RunRequest(argv.get(0), argv, List.of(), dir, io, null), budget);
    }

    @Test
    @Timeout(60)
    void aRunawayAllocatorGetsEnomemAtTheLimit(@TempDir Path dir) throws Exception {
        MemoryBudget budget = new MemoryBudget(LIMIT);
        RunResult r = run(dir, RUNAWAY, budget);
        assertThat(r.exitCode()).as("exit status (0: mmap failed with ENOMEM); %s", r.detail()).isZero();
        assertThat(budget.used()).as("guest memory still charged after the run").isZero();
    }

    @Test
    @Timeout(60)
    void forkPastTheLimitGetsEnomem(@TempDir Path dir) throws Exception {
        MemoryBudget budget = new MemoryBudget(LIMIT);
        RunResult r = run(dir, FORK_TOO_BIG, budget);
        assertThat(r.exitCode()).as("exit status (0: fork failed with ENOMEM); %s", r.detail()).isZero();
        assertThat(budget.used()).as("guest memory still charged after the run").isZero();
    }

    @Test
    @Timeout(60)
    void aShellWithPipesForksAndExecsGivesAllItsMemoryBack(@TempDir Path dir) throws Exception {
        MemoryBudget budget = new MemoryBudget(1L << 30);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunResult r = run(dir, List.of("/bin/busybox", "sh", "-c",
                "seq 1 2000 | sort -rn | head -1; x=$(echo inner); echo \"$x\"; (exit 3); echo $?"), budget, out);
        assertThat(r.exitCode()).as("exit status; %s", r.detail()).isZero();
        assertThat(out.toString()).isEqualTo("2000\ninner\n3\n");
        assertThat(budget.used()).as("guest memory still charged after the run").isZero();
    }

    @Test
    void sizesParseAsUsersWriteThem() {
        assertThat(MemoryBudget.parseSize("4096")).isEqualTo(4096);
        assertThat(MemoryBudget.parseSize("512M")).isEqualTo(512L << 20);
        assertThat(MemoryBudget.parseSize("8g")).isEqualTo(8L << 30);
        assertThat(MemoryBudget.parseSize("2GiB")).isEqualTo(2L << 30);
    }
}
