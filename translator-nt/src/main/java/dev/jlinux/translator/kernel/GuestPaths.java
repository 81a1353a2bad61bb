// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import static dev.jlinux.syscalls.At.AT_FDCWD;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Guest path strings to host paths, by plain pass-through (the guest sees the host's tree) until
 * the VFS issue replaces it with jlinux's own path walk.
 */
public final class GuestPaths {
    /** Linux's PATH_MAX, including the NUL. */
    public static final int PATH_MAX = 4096;

    private GuestPaths() {}

    /** Reads a path argument: EFAULT for a bad pointer, ENAMETOOLONG past PATH_MAX, ENOENT when empty. */
    public static String readPath(AddressSpace mem, long addr) throws ErrnoException {
        if (addr == 0) throw new ErrnoException(Errno.EFAULT);
        byte[] b = mem.readCString(addr, PATH_MAX);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Resolves {@code path} relative to {@code dirfd} (AT_FDCWD: the process's cwd). */
    public static Path resolve(GuestProcess p, int dirfd, String path) throws ErrnoException {
        if (path.isEmpty()) throw new ErrnoException(Errno.ENOENT);
        if (path.startsWith("/")) return host(path);
        Path base;
        if (dirfd == AT_FDCWD) {
            base = p.cwd();
        } else {
            OpenFile f = p.fds().get(dirfd);
            if (!(f instanceof HostDirectory d)) throw new ErrnoException(Errno.ENOTDIR);
            base = d.hostPath();
        }
        try {
            return base.resolve(path);
        } catch (InvalidPathException e) {
            throw new ErrnoException(Errno.ENOENT);
        }
    }

    private static Path host(String path) throws ErrnoException {
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw new ErrnoException(Errno.ENOENT);
        }
    }

    /** A host file name as the guest sees it (bytes). */
    static byte[] nameBytes(Path p) {
        Path name = p.getFileName();
        return (name == null ? "/" : name.toString()).getBytes(StandardCharsets.UTF_8);
    }
}
