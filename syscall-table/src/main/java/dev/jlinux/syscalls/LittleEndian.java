// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reads and writes x86-64 (little-endian) scalars in a {@code byte[]}, for packing guest structs. */
public final class LittleEndian {
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {}

    public static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    public static int u16(byte[] b, int off) {
        return (short) I16.get(b, off) & 0xffff;
    }

    public static short i16(byte[] b, int off) {
        return (short) I16.get(b, off);
    }

    public static int i32(byte[] b, int off) {
        return (int) I32.get(b, off);
    }

    public static long u32(byte[] b, int off) {
        return i32(b, off) & 0xffffffffL;
    }

    public static long i64(byte[] b, int off) {
        return (long) I64.get(b, off);
    }

    public static void put8(byte[] b, int off, int v) {
        b[off] = (byte) v;
    }

    public static void put16(byte[] b, int off, int v) {
        I16.set(b, off, (short) v);
    }

    public static void put32(byte[] b, int off, int v) {
        I32.set(b, off, v);
    }

    public static void put64(byte[] b, int off, long v) {
        I64.set(b, off, v);
    }

    /** Copies {@code s} (ASCII/UTF-8) into a fixed {@code char[len]} field, NUL-padded and always NUL-terminated. */
    public static void putCString(byte[] b, int off, int len, String s) {
        byte[] src = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = Math.min(src.length, len - 1);
        System.arraycopy(src, 0, b, off, n);
        java.util.Arrays.fill(b, off + n, off + len, (byte) 0);
    }

    /** Reads a NUL-terminated string from a fixed {@code char[len]} field. */
    public static String cString(byte[] b, int off, int len) {
        int n = 0;
        while (n < len && b[off + n] != 0) n++;
        return new String(b, off, n, java.nio.charset.StandardCharsets.UTF_8);
    }
}
