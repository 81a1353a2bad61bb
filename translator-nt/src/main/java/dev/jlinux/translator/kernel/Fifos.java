// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.vfs.FifoOpener;
import dev.jlinux.vfs.FileHandle;
import dev.jlinux.vfs.Inode;
import java.util.HashMap;
import java.util.Map;

/**
 * The FIFOs of one run: each FIFO inode with an open end has a {@link Pipe}, shared by every guest
 * process that opens it (a FIFO on the host does not connect to host processes outside the run).
 */
public final class Fifos implements FifoOpener {
    private final Map<Inode, Pipe> pipes = new HashMap<>();

    @Override
    public FileHandle open(Inode inode, int flags) throws ErrnoException {
        Pipe p;
        synchronized (this) {
            p = pipes.get(inode);
            if (p == null) {
                var st = inode.getattr();
                Pipe[] self = new Pipe[1];
                p = Pipe.forFifo(st.uid(), st.gid(), () -> forget(inode, self[0]));
                self[0] = p;
                pipes.put(inode, p);
            }
            p.reserve();
        }
        return p.openFifoEnd(flags);
    }

    /** Drops the pipe of a FIFO no one has open, unless an open took it up meanwhile (lock order: this, then the pipe). */
    private synchronized void forget(Inode inode, Pipe p) {
        if (p.idle()) pipes.remove(inode, p);
    }
}
