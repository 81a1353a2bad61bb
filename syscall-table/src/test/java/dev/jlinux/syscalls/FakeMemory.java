// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import java.nio.charset.StandardCharsets;

/** A guest memory for tests: one byte array mapped at {@code base}; everything else faults like unmapped memory. */
final class FakeMemory implements GuestMemory {
    final long base;
    private final byte[] bytes;
    private int top;

    FakeMemory(long base, int size) {
        this.base = base;
        this.bytes = new byte[size];
    }

    /** The guest address just past the mapping: any read there faults. */
    long end() {
        return base + bytes.length;
    }

    /** Reserves {@code n} zeroed bytes (8-aligned) and returns their guest address. */
    long alloc(int n) {
        top = (top + 7) & ~7;
        long addr = base + top;
        top += n;
        if (top > bytes.length) throw new IllegalStateException("fake memory full");
        return addr;
    }

    /** Copies {@code data} into fresh memory. */
    long put(byte[] data) {
        long addr = alloc(data.length);
        System.arraycopy(data, 0, bytes, (int) (addr - base), data.length);
        return addr;
    }

    /** Bytes given as ints (0..255), for binary data. */
    long putBytes(int... data) {
        byte[] b = new byte[data.length];
        for (int i = 0; i < data.length; i++) b[i] = (byte) data[i];
        return put(b);
    }

    /** A NUL-terminated UTF-8 string. */
    long putString(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return put(z);
    }

    /** Text without a NUL. */
    long putText(String s) {
        return put(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** 64-bit little-endian values. */
    long putLongs(long... v) {
        byte[] b = new byte[8 * v.length];
        for (int i = 0; i < v.length; i++) LittleEndian.put64(b, 8 * i, v[i]);
        return put(b);
    }

    /** 32-bit little-endian values. */
    long putInts(int... v) {
        byte[] b = new byte[4 * v.length];
        for (int i = 0; i < v.length; i++) LittleEndian.put32(b, 4 * i, v[i]);
        return put(b);
    }

    /** Writes a 16-bit value at {@code addr}. */
    void put16(long addr, int v) {
        LittleEndian.put16(bytes, (int) (addr - base), v);
    }

    /** Writes a 32-bit value at {@code addr}. */
    void put32(long addr, int v) {
        LittleEndian.put32(bytes, (int) (addr - base), v);
    }

    /** Writes a 64-bit value at {@code addr}. */
    void put64(long addr, long v) {
        LittleEndian.put64(bytes, (int) (addr - base), v);
    }

    /** Writes a string's bytes (no NUL) at {@code addr}. */
    void putAt(long addr, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, bytes, (int) (addr - base), b.length);
    }

    @Override
    public void read(long addr, byte[] dst, int off, int len) throws ErrnoException {
        if (addr < base || len < 0 || addr + len > base + bytes.length || addr + len < addr) {
            throw new ErrnoException(Errno.EFAULT);
        }
        System.arraycopy(bytes, (int) (addr - base), dst, off, len);
    }

    /** As jlinux's address space does: EFAULT off the mapping, ENAMETOOLONG without a NUL in {@code maxLen} bytes. */
    @Override
    public byte[] readCString(long addr, int maxLen) throws ErrnoException {
        for (int n = 0; n < maxLen; n++) {
            if (addr + n < base || addr + n >= base + bytes.length) throw new ErrnoException(Errno.EFAULT);
            if (bytes[(int) (addr - base) + n] == 0) {
                byte[] out = new byte[n];
                System.arraycopy(bytes, (int) (addr - base), out, 0, n);
                return out;
            }
        }
        throw new ErrnoException(Errno.ENAMETOOLONG);
    }
}
