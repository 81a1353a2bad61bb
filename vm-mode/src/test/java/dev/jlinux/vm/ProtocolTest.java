// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte-exact frames, as docs/vm-protocol.md and the agent define them. */
class ProtocolTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    @Test
    void ping() {
        assertThat(hex(Protocol.ping())).isEqualTo("0100000001");
    }

    @Test
    void run() {
        byte[] f = Protocol.run("/p", List.of("p", "a"), List.of("A=1"), "/", true);
        assertThat(hex(f)).isEqualTo("26000000" + "03" + "02000000" + "2f70"
                + "02000000" + "01000000" + "70" + "01000000" + "61"
                + "01000000" + "03000000" + "413d31"
                + "01000000" + "2f" + "01");
    }

    @Test
    void mountShare() {
        byte[] f = Protocol.mountShare("/h", 4096, "none", List.of("/u"), java.util.Map.of("/b", "u/b"));
        assertThat(hex(f)).isEqualTo("2e000000" + "0a" + "02000000" + "2f68" + "00100000" + "04000000" + "6e6f6e65"
                + "01000000" + "02000000" + "2f75"
                + "02000000" + "02000000" + "2f62" + "03000000" + "752f62");
    }

    @Test
    void stdinAndEndOfInput() {
        assertThat(hex(Protocol.stdin(new byte[] {0, 'h', 'i', 0}, 1, 2))).isEqualTo("03000000" + "04" + "6869");
        assertThat(hex(Protocol.stdin(new byte[0], 0, 0))).isEqualTo("01000000" + "04");
    }

    @Test
    void setTimeAndQuit() {
        assertThat(hex(Protocol.setTime(0x1_0000_0002L, 3, new byte[] {(byte) 0xaa})))
                .isEqualTo("12000000" + "05" + "0200000001000000" + "03000000" + "01000000" + "aa");
        assertThat(hex(Protocol.quit())).isEqualTo("0100000006");
    }

    @Test
    void refusesNulInStrings() {
        assertThatThrownBy(() -> Protocol.run("/p", List.of("a\0b"), List.of(), "/", false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesReplies() throws IOException {
        assertThat(Protocol.decode(0x81, new byte[0])).isEqualTo(new Protocol.Ok());
        assertThat(Protocol.decode(0x82, bytes("02000000 06000000 657865637665")))
                .isEqualTo(new Protocol.Error(2, "execve"));
        assertThat(((Protocol.Stdout) Protocol.decode(0x83, new byte[] {'o', 'k'})).data()).containsExactly('o', 'k');
        assertThat(((Protocol.Stderr) Protocol.decode(0x84, new byte[] {'e'})).data()).containsExactly('e');
        assertThat(Protocol.decode(0x85, bytes("00 2a000000"))).isEqualTo(new Protocol.Exit(false, 42));
        assertThat(Protocol.decode(0x85, bytes("01 0b000000"))).isEqualTo(new Protocol.Exit(true, 11));
    }

    @Test
    void runTracedIsRunWithThePlanAfterIt() {
        byte[] run = Protocol.run("/p", List.of("p"), List.of(), "/", false);
        byte[] traced = Protocol.runTraced("/p", List.of("p"), List.of(), "/", false, new byte[] {1, 2});
        assertThat(hex(traced)).isEqualTo(String.format("%08x", Integer.reverseBytes(run.length - 4 + 2)) + "07"
                + hex(run).substring(10) + "0102");
    }

    @Test
    void decodesTraceReplies() throws IOException {
        Protocol.Syscall s = (Protocol.Syscall) Protocol.decode(0x86, bytes("07000000" + "01000000"
                + "0100000000000000" + "0010000000000000" + "0300000000000000" + "00".repeat(24)
                + "0300000000000000" + "01" + "01000000" + "0010000000000000" + "03000000 68690a"));
        assertThat(s.pid()).isEqualTo(7);
        assertThat(s.number()).isEqualTo(1);
        assertThat(s.args()).containsExactly(1, 0x1000, 3, 0, 0, 0);
        assertThat(s.result()).isEqualTo(3);
        assertThat(s.returned()).isTrue();
        assertThat(s.memory()).singleElement().satisfies(m -> {
            assertThat(m.addr()).isEqualTo(0x1000);
            assertThat(m.data()).containsExactly('h', 'i', '\n');
        });
        assertThat(new TraceDecoder(TraceDecoder.Pids.WHEN_SEVERAL).line(s)).isEqualTo("write(1, \"hi\\n\", 3) = 3");
        assertThat(Protocol.decode(0x87, bytes("07000000 01 09000000"))).isEqualTo(new Protocol.TraceExit(7, true, 9));
        assertThatThrownBy(() -> Protocol.decode(0x86, bytes("07000000"))).isInstanceOf(IOException.class);
    }

    @Test
    void refusesMalformedReplies() {
        assertThatThrownBy(() -> Protocol.decode(0x85, bytes("00 2a00"))).isInstanceOf(IOException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Protocol.decode(0x81, bytes("00"))).isInstanceOf(IOException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> Protocol.decode(0x7f, new byte[0])).isInstanceOf(IOException.class).hasMessageContaining("unknown");
        assertThatThrownBy(() -> Protocol.decode(0x88, new byte[0])).as("retired TREE").isInstanceOf(IOException.class).hasMessageContaining("unknown");
        assertThatThrownBy(() -> Protocol.decode(0x82, bytes("02000000 ff000000 65"))).isInstanceOf(IOException.class);
    }
}
