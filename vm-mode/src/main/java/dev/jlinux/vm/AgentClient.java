// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A connection to the guest agent through QEMU's socket for the virtio-serial port. Requests are
 * answered in order; one run at a time. A deadline closes the connection, which ends any wait.
 */
public final class AgentClient implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jlinux-vm-timer");
        t.setDaemon(true);
        return t;
    });

    private final SocketChannel channel;
    private final Object writeLock = new Object();

    private AgentClient(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects to QEMU's control socket, retrying while QEMU creates it, until {@code deadline} or QEMU's end. */
    static AgentClient connect(Path socket, Instant deadline, BooleanSupplier qemuAlive) throws IOException {
        return new AgentClient(connectSocket(socket, deadline, qemuAlive));
    }

    /** Connects to one of QEMU's unix sockets, retrying while QEMU creates it, until {@code deadline} or QEMU's end. */
    static SocketChannel connectSocket(Path socket, Instant deadline, BooleanSupplier qemuAlive) throws IOException {
        while (true) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                return ch;
            } catch (IOException e) {
                ch.close();
                if (Instant.now().isAfter(deadline) || !qemuAlive.getAsBoolean()) throw e;
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while connecting to " + socket, ie);
                }
            }
        }
    }

    /** Closes the connection at {@code deadline} (ending a blocked call with an exception) unless cancelled. */
    ScheduledFuture<?> closeAt(Instant deadline) {
        long ms = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
        return TIMER.schedule(() -> {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }, ms, TimeUnit.MILLISECONDS);
    }

    /** Asks the agent to answer; returns when it has. */
    public void ping() throws IOException {
        send(Protocol.ping());
        expectOk("ping");
    }

    /** Sets the guest's clock and adds {@code seed} to its random pool (after a snapshot restore). */
    public void setTime(Instant now, byte[] seed) throws IOException {
        send(Protocol.setTime(now.getEpochSecond(), now.getNano(), seed));
        expectOk("set-time");
    }

    /** Mounts the host's 9P share in the guest (see {@link Protocol#mountShare}); the server must be serving. */
    void mountShare(String point, int msize, String cache, List<String> binds, Map<String, String> links)
            throws IOException {
        send(Protocol.mountShare(point, msize, cache, binds, links));
        expectOk("mount-share " + point);
    }

    /** Asks the agent to power the VM off. */
    public void quit() throws IOException {
        send(Protocol.quit());
        expectOk("quit");
    }

    /** How a run ended: the program's exit or signal, or the errno of its execve (then it never ran). */
    public sealed interface Outcome {}

    /** The program ran and ended ({@code signaled}: {@code value} is the fatal signal). */
    public record Ended(boolean signaled, int value) implements Outcome {}

    /** execve (or the chdir before it) failed with Linux errno {@code errno}. */
    public record NotStarted(int errno) implements Outcome {}

    /**
     * Runs a program in the guest, copying its stdout and stderr to {@code out} and {@code err} as
     * they come. {@code stdin} feeds its standard input from a thread of its own; null gives /dev/null.
     */
    public Outcome run(String path, List<String> argv, List<String> env, String cwd, InputStream stdin,
            OutputStream out, OutputStream err) throws IOException {
        return run(path, argv, env, cwd, stdin, out, err, null, null);
    }

    /**
     * {@link #run(String, List, List, String, InputStream, OutputStream, OutputStream) run}, and with a
     * non-null {@code trace} under the agent's tracer: each syscall of the program and of the processes
     * it starts, and each of their ends, reaches {@code trace} as an strace line as it happens, its
     * process named as {@code pids} says.
     */
    public Outcome run(String path, List<String> argv, List<String> env, String cwd, InputStream stdin,
            OutputStream out, OutputStream err, Consumer<String> trace, TraceDecoder.Pids pids) throws IOException {
        TraceDecoder decoder = trace == null ? null : new TraceDecoder(pids);
        send(decoder == null ? Protocol.run(path, argv, env, cwd, stdin != null)
                : Protocol.runTraced(path, argv, env, cwd, stdin != null, TraceDecoder.capturePlan()));
        boolean[] ended = {false}; // guarded by writeLock: no STDIN frame of this run follows its end
        Thread pump = stdin == null ? null
                : Thread.ofPlatform().daemon().name("jlinux-vm-stdin").start(() -> pumpStdin(stdin, ended));
        try {
            while (true) {
                switch (receive()) {
                    case Protocol.Stdout s -> out.write(s.data());
                    case Protocol.Stderr s -> err.write(s.data());
                    case Protocol.Syscall s when decoder != null -> trace.accept(decoder.line(s));
                    case Protocol.TraceExit e when decoder != null -> trace.accept(decoder.line(e));
                    case Protocol.Syscall s -> throw new IOException("a trace frame in an untraced run");
                    case Protocol.TraceExit e -> throw new IOException("a trace frame in an untraced run");
                    case Protocol.Exit e -> {
                        out.flush();
                        err.flush();
                        return new Ended(e.signaled(), e.value());
                    }
                    case Protocol.Error e when e.what().equals("execve") -> {
                        return new NotStarted(e.errno());
                    }
                    case Protocol.Error e -> throw new IOException("the agent failed at " + e.what() + ": errno " + e.errno());
                    case Protocol.Ok ok -> throw new IOException("unexpected OK during a run");
                }
            }
        } finally {
            synchronized (writeLock) {
                ended[0] = true;
            }
        }
    }

    /** Sends stdin as STDIN frames, then an empty one; stops when the run has ended. */
    private void pumpStdin(InputStream stdin, boolean[] ended) {
        byte[] buf = new byte[65536];
        try {
            int n;
            do {
                n = Math.max(0, stdin.read(buf));
                synchronized (writeLock) {
                    if (ended[0]) return;
                    send(Protocol.stdin(buf, 0, n));
                }
            } while (n > 0);
        } catch (IOException e) {
            // The connection is gone or stdin failed: stop feeding.
        }
    }

    private void expectOk(String what) throws IOException {
        Protocol.Reply r = receive();
        if (r instanceof Protocol.Error e) throw new IOException(what + " failed in the guest: errno " + e.errno() + " (" + e.what() + ")");
        if (!(r instanceof Protocol.Ok)) throw new IOException(what + ": unexpected reply " + r);
    }

    private void send(byte[] frame) throws IOException {
        synchronized (writeLock) {
            ByteBuffer b = ByteBuffer.wrap(frame);
            while (b.hasRemaining()) channel.write(b);
        }
    }

    private Protocol.Reply receive() throws IOException {
        ByteBuffer head = ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN);
        readFully(head);
        int len = head.getInt(0);
        if (len < 1 || len > Protocol.MAX_FRAME) throw new IOException("bad frame length from the agent: " + len);
        ByteBuffer payload = ByteBuffer.allocate(len - 1);
        readFully(payload);
        return Protocol.decode(Byte.toUnsignedInt(head.get(4)), payload.array());
    }

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) throw new IOException("the VM closed the control connection");
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
