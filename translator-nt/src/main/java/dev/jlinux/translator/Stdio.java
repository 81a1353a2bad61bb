// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The guest's fds 0, 1 and 2. Each may be backed by one of jlinux's own host fds (so a terminal
 * is seen as a terminal) or by any channel (host fd -1).
 */
public record Stdio(ReadableByteChannel in, int inHostFd, WritableByteChannel out, int outHostFd,
                    WritableByteChannel err, int errHostFd) {

    /** jlinux's own standard streams, as a shell would hand them to a child. */
    public static Stdio inherit() {
        return new Stdio(new FileInputStream(FileDescriptor.in).getChannel(), 0,
                new FileOutputStream(FileDescriptor.out).getChannel(), 1,
                new FileOutputStream(FileDescriptor.err).getChannel(), 2);
    }

    /** Channels with no host fd behind them (tests, embedding programs). */
    public static Stdio of(ReadableByteChannel in, WritableByteChannel out, WritableByteChannel err) {
        return new Stdio(in, -1, out, -1, err, -1);
    }
}
