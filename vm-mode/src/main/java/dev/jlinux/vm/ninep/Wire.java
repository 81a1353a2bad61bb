// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm.ninep;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A 9P message body being read or written: little-endian integers, strings as a u16 length and UTF-8 bytes. */
final class Wire {
    final ByteBuffer buf;

    Wire(ByteBuffer buf) {
        this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
    }

    int u8() {
        return buf.get() & 0xff;
    }

    int u16() {
        return buf.getShort() & 0xffff;
    }

    int u32() {
        return buf.getInt();
    }

    long u64() {
        return buf.getLong();
    }

    String str() {
        byte[] b = new byte[u16()];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    Qid qid() {
        return new Qid(u8(), u32(), u64());
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        buf.get(b);
        return b;
    }

    Wire u8(int v) {
        buf.put((byte) v);
        return this;
    }

    Wire u16(int v) {
        buf.putShort((short) v);
        return this;
    }

    Wire u32(int v) {
        buf.putInt(v);
        return this;
    }

    Wire u64(long v) {
        buf.putLong(v);
        return this;
    }

    Wire str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u16(b.length);
        buf.put(b);
        return this;
    }

    Wire qid(Qid q) {
        return u8(q.type()).u32(q.version()).u64(q.path());
    }

    Wire bytes(byte[] b) {
        buf.put(b);
        return this;
    }

    /** The encoded size of string {@code s}. */
    static int strSize(String s) {
        return 2 + s.getBytes(StandardCharsets.UTF_8).length;
    }
}
