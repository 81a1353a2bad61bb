// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Writes a cpio archive in the {@code newc} format the kernel unpacks as its initramfs
 * (Documentation/driver-api/early-userspace/buffer-format.rst): a 110-byte ASCII header per
 * entry, then the NUL-terminated name and the data, each padded to 4 bytes; the
 * {@code TRAILER!!!} entry ends it. Owners are root, times are zero, so equal inputs give equal bytes.
 */
public final class Cpio implements AutoCloseable {
    /** {@code S_IFDIR} and {@code S_IFREG} from include/uapi/linux/stat.h. */
    static final int S_IFDIR = 0040000, S_IFREG = 0100000;
    private static final String MAGIC = "070701";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final OutputStream out;
    private long written;
    private int nextInode = 1;
    private boolean finished;

    public Cpio(OutputStream out) {
        this.out = out;
    }

    /** Adds a directory ({@code name} without a leading slash, e.g. {@code lib/modules}). */
    public void directory(String name, int permissions) throws IOException {
        entry(name, S_IFDIR | (permissions & 07777), 2, new byte[0]);
    }

    /** Adds a regular file. */
    public void file(String name, int permissions, byte[] data) throws IOException {
        entry(name, S_IFREG | (permissions & 07777), 1, data);
    }

    /** Writes the trailer; the archive is complete afterwards. Does not close the stream. */
    @Override
    public void close() throws IOException {
        if (finished) return;
        entry("TRAILER!!!", 0, 1, new byte[0]);
        finished = true;
        out.flush();
    }

    private void entry(String name, int mode, int links, byte[] data) throws IOException {
        if (finished) throw new IllegalStateException("archive already finished");
        if (name.startsWith("/") || name.isEmpty()) throw new IllegalArgumentException("bad cpio name: " + name);
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(110).append(MAGIC);
        int ino = name.equals("TRAILER!!!") ? 0 : nextInode++;
        for (long field : new long[] {ino, mode, 0, 0, links, 0, data.length, 0, 0, 0, 0, nameBytes.length, 0}) {
            h.append(HEX.toHexDigits((int) field));
        }
        write(h.toString().getBytes(StandardCharsets.US_ASCII));
        write(nameBytes);
        pad();
        write(data);
        pad();
    }

    private void write(byte[] b) throws IOException {
        out.write(b);
        written += b.length;
    }

    private void pad() throws IOException {
        while (written % 4 != 0) write(new byte[1]);
    }
}
