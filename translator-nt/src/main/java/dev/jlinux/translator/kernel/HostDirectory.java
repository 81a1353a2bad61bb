// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.translator.host.HostErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A host directory opened for reading its entries: ".", "..", then the host's own readdir order
 * (what native {@code ls -f} and {@code find} show). The listing is taken at the first read.
 */
public final class HostDirectory extends OpenFile {
    private final Path hostPath;
    private final String guestPath;
    private List<DirEntry> entries;
    private int position;

    public HostDirectory(Path hostPath, String guestPath, int statusFlags) {
        super(statusFlags);
        this.hostPath = hostPath;
        this.guestPath = guestPath;
    }

    @Override
    public Path hostPath() {
        return hostPath;
    }

    @Override
    public String path() {
        return guestPath;
    }

    @Override
    public long read(java.nio.ByteBuffer[] dsts) throws ErrnoException {
        throw new ErrnoException(dev.jlinux.syscalls.Errno.EISDIR);
    }

    @Override
    public FileStat stat() throws ErrnoException {
        return HostFiles.stat(hostPath, true);
    }

    @Override
    public List<DirEntry> readdir() throws ErrnoException {
        if (entries == null) entries = list();
        return entries.subList(Math.min(position, entries.size()), entries.size());
    }

    @Override
    public void consumeEntries(int count) {
        position += count;
    }

    @Override
    public long seek(long offset, int whence) throws ErrnoException {
        if (whence == 0 && offset >= 0) { // SEEK_SET to a d_off cookie (our cookies are indexes)
            position = (int) Math.min(offset, Integer.MAX_VALUE);
            if (offset == 0) entries = null; // rewinddir sees a fresh listing, as Linux does
            return offset;
        }
        if (whence == 1 && offset == 0) return position;
        throw new ErrnoException(dev.jlinux.syscalls.Errno.EINVAL);
    }

    private List<DirEntry> list() throws ErrnoException {
        List<DirEntry> out = new ArrayList<>();
        FileStat self = HostFiles.stat(hostPath, true);
        Path parent = hostPath.getParent() == null ? hostPath : hostPath.getParent();
        out.add(new DirEntry(self.ino(), self.direntType(), ".".getBytes(StandardCharsets.UTF_8), 1));
        out.add(new DirEntry(HostFiles.stat(parent, true).ino(), self.direntType(), "..".getBytes(StandardCharsets.UTF_8), 2));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(hostPath)) {
            for (Path p : ds) {
                FileStat st;
                try {
                    st = HostFiles.stat(p, false);
                } catch (ErrnoException gone) {
                    continue; // removed while listing
                }
                out.add(new DirEntry(st.ino(), st.direntType(), GuestPaths.nameBytes(p), out.size() + 1));
            }
        } catch (IOException e) {
            throw HostErrors.toErrno(e);
        }
        return out;
    }
}
