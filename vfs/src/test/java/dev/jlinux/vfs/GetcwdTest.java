// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlinux.syscalls.Dirent;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Stat;
import org.junit.jupiter.api.Test;

/**
 * getcwd names a directory whose listing shows another inode number than the directory itself has,
 * as a host mountpoint below a hostfs root does (readdir gives the covered directory's number, stat
 * the mounted root's).
 */
class GetcwdTest {
    /** A root directory with one subdirectory "mnt": listed as inode 99, looked up as inode 7. */
    private static final class CoveredFs implements FileSystem {
        final Node root = new Node(2, null);
        final Node mnt = new Node(7, root);

        @Override public Inode root() { return root; }
        @Override public String type() { return "covered"; }
        @Override public long dev() { return 1; }
        @Override public StatFs statfs() { return new StatFs(0, 4096, 0, 0, 0, 0, 0, 0, 255, 4096, 0); }

        final class Node implements Inode {
            private final long ino;
            private final Node up;

            Node(long ino, Node up) {
                this.ino = ino;
                this.up = up;
            }

            @Override public FileSystem fileSystem() { return CoveredFs.this; }
            @Override public long ino() { return ino; }
            @Override public Inode parent() { return up == null ? this : up; }

            @Override
            public Statx getattr() {
                return new Statx(Stat.STATX_BASIC_STATS, 4096, 0, 2, 0, 0, Stat.S_IFDIR | 0755, ino, 0, 0, 0, 0, 0, 0, 0,
                        0, 1);
            }

            @Override
            public Inode lookup(String name) throws ErrnoException {
                if (this == root && name.equals("mnt")) return mnt;
                throw new ErrnoException(Errno.ENOENT);
            }

            @Override
            public void readdir(long offset, DirSink sink) {
                if (this == root && offset <= 2) sink.accept(99, Dirent.DT_DIR, "mnt", 3);
            }
        }
    }

    @Test
    void aDirectoryListedUnderAnotherInodeNumberIsStillNamed() throws ErrnoException {
        Vfs vfs = new Vfs(new MountTable(new CoveredFs(), "covered"), () -> 0);
        Caller c = new Caller(vfs.newContext(022), Credentials.root(), new FdTable(() -> 16));
        vfs.chdir(c, "/mnt");
        assertThat(vfs.getcwd(c)).isEqualTo("/mnt");
    }
}
