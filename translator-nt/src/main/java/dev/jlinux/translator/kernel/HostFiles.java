// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.translator.host.HostErrors;
import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Host files seen through {@code java.nio}: their Linux metadata. Pass-through until the VFS
 * replaces it; {@code st_blocks} is estimated from the size because java.nio does not report it.
 */
public final class HostFiles {
    private HostFiles() {}

    public static FileStat stat(Path path, boolean followLinks) throws ErrnoException {
        try {
            Map<String, Object> a = followLinks
                    ? Files.readAttributes(path, "unix:*")
                    : Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            long size = (Long) a.get("size");
            boolean symlink = (mode & Stat.S_IFMT) == Stat.S_IFLNK;
            long blocks = symlink ? 0 : ((size + 4095) / 4096) * 8;
            return new FileStat((Long) a.get("dev"), (Long) a.get("ino"), mode, ((Integer) a.get("nlink")),
                    (Integer) a.get("uid"), (Integer) a.get("gid"), (Long) a.get("rdev"), size, 4096, blocks,
                    nanos((FileTime) a.get("lastAccessTime")), nanos((FileTime) a.get("lastModifiedTime")),
                    nanos((FileTime) a.get("ctime")));
        } catch (IOException e) {
            throw HostErrors.toErrno(e, path);
        }
    }

    private static long nanos(FileTime t) {
        return t == null ? 0 : t.to(TimeUnit.NANOSECONDS);
    }
}
