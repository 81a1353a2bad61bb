// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fork bomb stops at jlinux's process limit ({@code Kernel.DEFAULT_MAX_PROCESSES}) with EAGAIN, and the run ends normally: the guest is
 * limited, not the JVM. The program is hand-assembled (each instruction's bytes spelled out), since
 * no test program may fork without bound natively.
 */
class ProcessLimitTest {
    private static final long BASE = 0x400000;
    private static final int EHDR = 64, PHDR = 56;

    /** Forks until fork fails; children pause; exits 0 if the failure was EAGAIN, else 1. */
    private static final byte[] CODE = {
        (byte) 0xb8, 57, 0, 0, 0,                    // 0:  mov eax, 57 (fork)
        0x0f, 0x05,                                  // 5:  syscall
        0x48, (byte) 0x85, (byte) 0xc0,              // 7:  test rax, rax
        0x74, 0x14,                                  // 10: je child (32)
        0x7f, (byte) 0xf2,                           // 12: jg 0 (a pid: fork again)
        0x48, (byte) 0x83, (byte) 0xf8, (byte) 0xf5, // 14: cmp rax, -11 (EAGAIN)
        0x0f, (byte) 0x95, (byte) 0xc0,              // 18: setne al
        0x48, 0x0f, (byte) 0xb6, (byte) 0xf8,        // 21: movzx rdi, al
        (byte) 0xb8, (byte) 231, 0, 0, 0,            // 25: mov eax, 231 (exit_group)
        0x0f, 0x05,                                  // 30: syscall
        (byte) 0xb8, 34, 0, 0, 0,                    // 32: child: mov eax, 34 (pause)
        0x0f, 0x05,                                  // 37: syscall
        (byte) 0xeb, (byte) 0xf7,                    // 39: jmp child
    };

    /** A minimal static ELF64 executable: one PT_LOAD (R+X) with the headers and the code. */
    static byte[] elf(byte[] code) {
        int size = EHDR + PHDR + code.length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) 2).putShort((short) 0x3e).putInt(1).putLong(BASE + EHDR + PHDR).putLong(EHDR).putLong(0)
                .putInt(0).putShort((short) EHDR).putShort((short) PHDR).putShort((short) 1).putShort((short) 64)
                .putShort((short) 0).putShort((short) 0);
        b.putInt(1).putInt(5).putLong(0).putLong(BASE).putLong(BASE).putLong(size).putLong(size).putLong(0x1000);
        b.put(code);
        return b.array();
    }

    @Test
    @Timeout(120)
    void aForkBombGetsEagainAtTheLimit(@TempDir Path dir) throws Exception {
        Path exe = dir.resolve("forkbomb");
        Files.write(exe, elf(CODE));
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Stdio io = Stdio.of(Channels.newChannel(new ByteArrayInputStream(new byte[0])), Channels.newChannel(out),
                Channels.newChannel(out));
        RunResult r = Translator.run(new RunRequest(exe.toString(), List.of(exe.toString()), List.of(), dir, io, null));
        assertThat(r.exitCode()).as("exit status (0: fork failed with EAGAIN); %s", r.detail()).isZero();
    }
}
