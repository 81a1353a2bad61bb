// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.ErrnoException;
import java.nio.file.Path;

/** An O_PATH descriptor: names a file for *at calls and fstat; reading or writing it is EBADF. */
public final class PathOnlyFile extends OpenFile {
    private final Path hostPath;
    private final String guestPath;

    public PathOnlyFile(Path hostPath, String guestPath, int statusFlags) {
        super(statusFlags);
        this.hostPath = hostPath;
        this.guestPath = guestPath;
    }

    @Override
    public boolean readable() {
        return false;
    }

    @Override
    public boolean writable() {
        return false;
    }

    @Override
    public String path() {
        return guestPath;
    }

    @Override
    public Path hostPath() {
        return hostPath;
    }

    @Override
    public FileStat stat() throws ErrnoException {
        return HostFiles.stat(hostPath, false);
    }
}
