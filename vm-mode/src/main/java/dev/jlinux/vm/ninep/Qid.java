// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm.ninep;

/**
 * A 9P file identity: {@code type} ({@link #QTDIR}, {@link #QTSYMLINK} or {@link #QTFILE}), a
 * version, and {@code path}, unique per file on the server (the guest uses it as the inode number).
 */
public record Qid(int type, int version, long path) {
    public static final int QTDIR = 0x80;
    public static final int QTSYMLINK = 0x02;
    public static final int QTFILE = 0x00;
    /** Encoded size. */
    static final int SIZE = 13;
}
