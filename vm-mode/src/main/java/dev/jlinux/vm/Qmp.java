// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A minimal client of QEMU's machine protocol (QMP: one JSON object per line) for the few commands
 * jlinux sends. Commands are fixed texts; replies are only checked for {@code "return"} and,
 * for {@code query-migrate}, the status, so no JSON library is needed.
 */
final class Qmp implements AutoCloseable {
    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;

    private Qmp(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(channel);
    }

    /** Connects and leaves capabilities negotiation mode. */
    static Qmp connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Qmp q = new Qmp(ch);
            String greeting = q.in.readLine();
            if (greeting == null || !greeting.contains("\"QMP\"")) throw new IOException("no QMP greeting: " + greeting);
            q.execute("{\"execute\":\"qmp_capabilities\"}");
            return q;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** Sends a command and returns its {@code "return"} line (events before it are skipped). */
    String execute(String command) throws IOException {
        out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        while (true) {
            String line = in.readLine();
            if (line == null) throw new IOException("QEMU closed QMP during " + command);
            if (line.startsWith("{\"return\"")) return line;
            if (line.startsWith("{\"error\"")) throw new IOException("QMP " + command + ": " + line);
        }
    }

    /**
     * Saves the whole VM state into {@code file} (QMP migrate to {@code exec:cat > file}; QEMU 7.2
     * has no {@code file:} URI), then lets the guest run on.
     */
    void saveState(Path file) throws IOException, InterruptedException {
        execute("{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"exec:cat > " + json(QemuConfig.shellWord(file)) + "\"}}");
        while (true) {
            String status = execute("{\"execute\":\"query-migrate\"}");
            if (status.contains("\"status\": \"completed\"")) break;
            if (status.contains("\"status\": \"failed\"") || status.contains("\"status\": \"cancelled\"")) {
                throw new IOException("saving the VM state failed: " + status);
            }
            Thread.sleep(20);
        }
        execute("{\"execute\":\"cont\"}");
    }

    /** Text escaped for a JSON string. */
    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
