// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.translator.host.HostErrors;
import dev.jlinux.translator.host.HostStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Host files' Linux metadata: from the host's own fstatat where it can be called ({@link HostStat}),
 * else through java.nio, which does not report st_blocks (then estimated from the size).
 * Pass-through until the VFS replaces it.
 */
public final class HostFiles {
    private HostFiles() {}

    public static FileStat stat(Path path, boolean followLinks) throws ErrnoException {
        if (HostStat.AVAILABLE) {
            HostStat.Raw r = HostStat.stat(path, followLinks);
            return new FileStat(r.dev(), r.ino(), r.mode(), r.nlink(), r.uid(), r.gid(), r.rdev(), r.size(),
                    (int) r.blksize(), r.blocks(), r.atimeNs(), r.mtimeNs(), r.ctimeNs());
        }
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
