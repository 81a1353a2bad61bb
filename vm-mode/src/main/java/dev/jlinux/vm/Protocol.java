// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The host side of the guest agent's protocol (docs/vm-protocol.md; the agent is
 * vm-mode/src/main/c/agent.c). A frame is a little-endian u32 length of what follows, a u8 type
 * and the payload; strings and byte strings are a u32 length and the bytes.
 */
public final class Protocol {
    static final int PING = 0x01, RUN = 0x03, STDIN = 0x04, SET_TIME = 0x05, QUIT = 0x06;
    static final int RUN_TRACED = 0x07, MOUNT_SHARE = 0x0a;
    static final int OK = 0x81, ERROR = 0x82, STDOUT = 0x83, STDERR = 0x84, EXIT = 0x85, SYSCALL = 0x86, TRACE_EXIT = 0x87;
    /** The agent refuses longer frames. */
    static final int MAX_FRAME = 256 << 20;

    private Protocol() {}

    /** What the agent sends back. */
    public sealed interface Reply {}

    /** The request succeeded. */
    public record Ok() implements Reply {}

    /** The request failed with Linux errno {@code errno} in the step {@code what} (e.g. execve). */
    public record Error(int errno, String what) implements Reply {}

    /** Output of the running program on its stdout. */
    public record Stdout(byte[] data) implements Reply {}

    /** Output of the running program on its stderr. */
    public record Stderr(byte[] data) implements Reply {}

    /** The program ended: its exit status, or the signal that killed it. */
    public record Exit(boolean signaled, int value) implements Reply {}

    /** A copy of guest memory the agent made for a traced call: {@code data} was at {@code addr}. */
    public record Snippet(long addr, byte[] data) {}

    /**
     * One traced call of process {@code pid}: its number, its six argument registers, its result
     * ({@code returned} false: the process ended inside the call), and the memory copied at its entry
     * stop, then at its exit stop.
     */
    public record Syscall(int pid, int number, long[] args, long result, boolean returned, List<Snippet> memory)
            implements Reply {}

    /** A traced process ended: its exit status, or the signal that killed it. */
    public record TraceExit(int pid, boolean signaled, int value) implements Reply {}

    static byte[] ping() {
        return frame(PING, new Payload());
    }

    /** RUN; with {@code streamStdin} the program's stdin is fed by STDIN frames, else it is /dev/null. */
    static byte[] run(String path, List<String> argv, List<String> env, String cwd, boolean streamStdin) {
        return frame(RUN, new Payload().str(path).strs(argv).strs(env).str(cwd).u8(streamStdin ? 1 : 0));
    }

    /** RUN_TRACED: RUN under ptrace, with the capture plan ({@link TraceDecoder#capturePlan()}) at the end. */
    static byte[] runTraced(String path, List<String> argv, List<String> env, String cwd, boolean streamStdin, byte[] plan) {
        return frame(RUN_TRACED, new Payload().str(path).strs(argv).strs(env).str(cwd).u8(streamStdin ? 1 : 0)
                .raw(plan, 0, plan.length));
    }

    /** Data for the running program's stdin; an empty one closes it. */
    static byte[] stdin(byte[] data, int offset, int length) {
        return frame(STDIN, new Payload().raw(data, offset, length));
    }

    static byte[] setTime(long seconds, int nanos, byte[] seed) {
        return frame(SET_TIME, new Payload().u64(seconds).u32(nanos).bytes(seed));
    }

    /**
     * MOUNT_SHARE: mount the 9P server of the second port at {@code point} with {@code msize} and
     * v9fs's {@code cache} mode, bind-mount {@code point + path} on each of {@code binds}, and make
     * each symlink of {@code links} (path to target).
     */
    static byte[] mountShare(String point, int msize, String cache, List<String> binds, Map<String, String> links) {
        List<String> flat = new ArrayList<>();
        links.forEach((path, target) -> {
            flat.add(path);
            flat.add(target);
        });
        return frame(MOUNT_SHARE, new Payload().str(point).u32(msize).str(cache).strs(binds).strs(flat));
    }

    static byte[] quit() {
        return frame(QUIT, new Payload());
    }

    /** Decodes a reply from its type and payload. */
    static Reply decode(int type, byte[] payload) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        try {
            Reply r = switch (type) {
                case OK -> new Ok();
                case ERROR -> new Error(b.getInt(), string(b));
                case STDOUT -> new Stdout(payload);
                case STDERR -> new Stderr(payload);
                case EXIT -> new Exit(b.get() != 0, b.getInt());
                case SYSCALL -> syscall(b);
                case TRACE_EXIT -> new TraceExit(b.getInt(), b.get() != 0, b.getInt());
                default -> throw new IOException("unknown reply type 0x" + Integer.toHexString(type));
            };
            if (type != STDOUT && type != STDERR && b.hasRemaining()) throw new IOException("trailing bytes in reply 0x" + Integer.toHexString(type));
            return r;
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("truncated reply 0x" + Integer.toHexString(type), e);
        }
    }

    private static Syscall syscall(ByteBuffer b) throws IOException {
        int pid = b.getInt();
        int number = b.getInt();
        long[] args = new long[6];
        for (int i = 0; i < 6; i++) args[i] = b.getLong();
        long result = b.getLong();
        boolean returned = b.get() != 0;
        int count = b.getInt();
        if (count < 0 || count > b.remaining() / 12) throw new IOException("bad snippet count " + Integer.toUnsignedString(count));
        List<Snippet> memory = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long addr = b.getLong();
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) throw new IOException("bad snippet length " + Integer.toUnsignedString(len));
            byte[] data = new byte[len];
            b.get(data);
            memory.add(new Snippet(addr, data));
        }
        return new Syscall(pid, number, args, result, returned, memory);
    }

    private static String string(ByteBuffer b) throws IOException {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) throw new IOException("bad string length " + Integer.toUnsignedString(len));
        byte[] s = new byte[len];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static byte[] frame(int type, Payload p) {
        byte[] body = p.out.toByteArray();
        if (body.length + 1L > MAX_FRAME) throw new IllegalArgumentException("request too large: " + body.length + " bytes");
        ByteBuffer b = ByteBuffer.allocate(5 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1 + body.length).put((byte) type).put(body);
        return b.array();
    }

    /** Builds a payload from typed fields. */
    private static final class Payload {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Payload u8(int v) {
            out.write(v);
            return this;
        }

        Payload u32(int v) {
            for (int i = 0; i < 4; i++) out.write(v >>> (8 * i));
            return this;
        }

        Payload u64(long v) {
            return u32((int) v).u32((int) (v >>> 32));
        }

        Payload raw(byte[] data, int offset, int length) {
            out.write(data, offset, length);
            return this;
        }

        Payload bytes(byte[] data) {
            return u32(data.length).raw(data, 0, data.length);
        }

        Payload str(String s) {
            if (s.indexOf('\0') >= 0) throw new IllegalArgumentException("NUL in a string for the guest: " + Arrays.toString(s.getBytes(StandardCharsets.UTF_8)));
            return bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        Payload strs(List<String> list) {
            u32(list.size());
            for (String s : list) str(s);
            return this;
        }
    }
}
