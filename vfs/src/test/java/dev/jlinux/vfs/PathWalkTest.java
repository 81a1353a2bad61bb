// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import static dev.jlinux.vfs.TestVfs.errno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlinux.syscalls.At;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.vfs.tmpfs.TmpFs;
import org.junit.jupiter.api.Test;

/** The walk's mount, root, dirfd and cwd rules, which need more than one filesystem or task. */
class PathWalkTest {
    private final TestVfs t = new TestVfs();
    private final Vfs v = t.vfs;


    interface ThrowingRunnable {
        void run() throws ErrnoException;
    }

    private TmpFs mountTmp(String at) throws ErrnoException {
        TmpFs fs = new TmpFs(0x99, 1 << 20, t.clock::get, 0755, 0, 0);
        v.mounts().mount(v.resolve(t.caller, At.AT_FDCWD, at, 0), fs, "tmpfs", false);
        return fs;
    }

    @Test
    void mountsAreCrossedBothWays() throws ErrnoException {
        v.mkdir(t.caller, At.AT_FDCWD, "/mnt", 0755);
        v.open(t.caller, At.AT_FDCWD, "/mnt/hidden", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0644);
        TmpFs fs = mountTmp("/mnt");
        assertThat(errno(() -> v.stat(t.caller, At.AT_FDCWD, "/mnt/hidden", 0))).isEqualTo(Errno.ENOENT);
        v.mkdir(t.caller, At.AT_FDCWD, "/mnt/sub", 0755);
        assertThat(v.stat(t.caller, At.AT_FDCWD, "/mnt", 0).dev()).isEqualTo(0x99);
        assertThat(v.stat(t.caller, At.AT_FDCWD, "/mnt/sub/../..", 0).ino()).isEqualTo(t.rootFs.root().ino());
        assertThat(v.stat(t.caller, At.AT_FDCWD, "/mnt/..", 0).dev()).isEqualTo(0x2a);
        v.chdir(t.caller, "/mnt/sub");
        assertThat(v.getcwd(t.caller)).isEqualTo("/mnt/sub");
        assertThat(v.stat(t.caller, At.AT_FDCWD, "../../mnt", 0).ino()).isEqualTo(fs.root().ino());
        // a rename across mounts is EXDEV; the mountpoint itself cannot be removed
        assertThat(errno(() -> v.rename(t.caller, At.AT_FDCWD, "/mnt/sub", At.AT_FDCWD, "/sub", 0))).isEqualTo(Errno.EXDEV);
        assertThat(errno(() -> v.unlink(t.caller, At.AT_FDCWD, "/mnt", At.AT_REMOVEDIR))).isEqualTo(Errno.EBUSY);
        assertThat(errno(() -> v.link(t.caller, At.AT_FDCWD, "/mnt/sub", At.AT_FDCWD, "/l", 0))).isEqualTo(Errno.EXDEV);
        // do_linkat: EXDEV comes before the target directory's write permission
        v.mkdir(t.caller, At.AT_FDCWD, "/locked", 0555);
        v.open(t.caller, At.AT_FDCWD, "/mnt/f", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0666);
        Caller user = t.caller.withCreds(Credentials.of(1000, 1000));
        assertThat(errno(() -> v.link(user, At.AT_FDCWD, "/mnt/f", At.AT_FDCWD, "/locked/l", 0))).isEqualTo(Errno.EXDEV);
        assertThat(errno(() -> v.link(user, At.AT_FDCWD, "/mnt/f", At.AT_FDCWD, "/mnt/sub/l", 0)))
                .as("fs.protected_hardlinks: not the owner, and cannot read and write it").isEqualTo(Errno.EPERM);
        v.chmod(t.caller, At.AT_FDCWD, "/mnt/f", 0666, 0);
        assertThat(errno(() -> v.link(user, At.AT_FDCWD, "/mnt/f", At.AT_FDCWD, "/mnt/sub/l", 0))).isEqualTo(Errno.EACCES);
        v.chmod(t.caller, At.AT_FDCWD, "/mnt/sub", 0777, 0);
        v.link(user, At.AT_FDCWD, "/mnt/f", At.AT_FDCWD, "/mnt/sub/l", 0);
        assertThat(v.stat(user, At.AT_FDCWD, "/mnt/f", 0).nlink()).isEqualTo(2);
    }

    @Test
    void dotDotAndAbsoluteSymlinksStayInsideAChroot() throws ErrnoException {
        v.mkdir(t.caller, At.AT_FDCWD, "/jail", 0755);
        v.mkdir(t.caller, At.AT_FDCWD, "/jail/etc", 0755);
        v.open(t.caller, At.AT_FDCWD, "/secret", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0600);
        v.open(t.caller, At.AT_FDCWD, "/jail/etc/inside", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0600);
        v.symlink(t.caller, "/secret", At.AT_FDCWD, "/jail/abs");
        v.symlink(t.caller, "../../../../secret", At.AT_FDCWD, "/jail/etc/rel");
        v.symlink(t.caller, "/etc/inside", At.AT_FDCWD, "/jail/ok");
        v.chroot(t.caller, "/jail");
        v.chdir(t.caller, "/");
        for (String escape : new String[] {"/../secret", "../secret", "/../../../secret", "abs", "etc/rel", "etc/../../secret"}) {
            assertThat(errno(() -> v.open(t.caller, At.AT_FDCWD, escape, OpenFlags.O_RDONLY, 0))).as(escape)
                    .isEqualTo(Errno.ENOENT);
        }
        assertThat(v.open(t.caller, At.AT_FDCWD, "ok", OpenFlags.O_RDONLY, 0).inode().ino())
                .isEqualTo(v.stat(t.caller, At.AT_FDCWD, "/etc/inside", 0).ino());
        assertThat(v.getcwd(t.caller)).isEqualTo("/");
        assertThat(v.stat(t.caller, At.AT_FDCWD, "/..", 0).ino()).isEqualTo(v.stat(t.caller, At.AT_FDCWD, "/", 0).ino());
    }

    @Test
    void chrootNeedsCapabilityAndACwdOutsideIsUnreachable() throws ErrnoException {
        v.mkdir(t.caller, At.AT_FDCWD, "/jail", 0755);
        v.mkdir(t.caller, At.AT_FDCWD, "/out", 0755);
        v.chdir(t.caller, "/out");
        Caller user = t.caller.withCreds(Credentials.of(1000, 1000));
        assertThat(errno(() -> v.chroot(user, "/jail"))).isEqualTo(Errno.EPERM);
        assertThat(errno(() -> v.chroot(t.caller, "/nope"))).isEqualTo(Errno.ENOENT);
        v.chroot(t.caller, "/jail");
        assertThat(v.getcwd(t.caller)).isEqualTo("(unreachable)/out");
        // as on Linux, a cwd outside the new root can still walk out with ..
        assertThat(v.stat(t.caller, At.AT_FDCWD, "../out", 0).isDirectory()).isTrue();
    }

    @Test
    void dirfdRelativeWalksAndEmptyPaths() throws ErrnoException {
        v.mkdir(t.caller, At.AT_FDCWD, "/d", 0755);
        v.open(t.caller, At.AT_FDCWD, "/d/f", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0644);
        int dfd = v.openat(t.caller, At.AT_FDCWD, "/d", OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY, 0);
        int ffd = v.openat(t.caller, At.AT_FDCWD, "/d/f", OpenFlags.O_RDONLY, 0);
        assertThat(v.stat(t.caller, dfd, "f", 0).isRegular()).isTrue();
        assertThat(v.stat(t.caller, 999, "/d/f", 0).isRegular()).as("an absolute path ignores dirfd").isTrue();
        assertThat(errno(() -> v.stat(t.caller, 999, "f", 0))).isEqualTo(Errno.EBADF);
        assertThat(errno(() -> v.stat(t.caller, ffd, "x", 0))).isEqualTo(Errno.ENOTDIR);
        assertThat(errno(() -> v.stat(t.caller, dfd, "", 0))).isEqualTo(Errno.ENOENT);
        assertThat(v.stat(t.caller, ffd, "", At.AT_EMPTY_PATH).isRegular()).isTrue();
        assertThat(v.stat(t.caller, At.AT_FDCWD, "", At.AT_EMPTY_PATH).ino()).isEqualTo(t.rootFs.root().ino());
        assertThat(errno(() -> v.stat(t.caller, dfd, "f", 0x10000))).isEqualTo(Errno.EINVAL);
        int pfd = v.openat(t.caller, dfd, "f", OpenFlags.O_PATH, 0);
        assertThat(errno(() -> t.caller.fds().get(pfd).read(java.nio.ByteBuffer.allocate(1)))).isEqualTo(Errno.EBADF);
        assertThat(t.caller.fds().get(pfd).flags() & OpenFlags.O_PATH).isNotZero();
    }

    @Test
    void symlinkOpenedWithOPathAndReadThroughEmptyPath() throws ErrnoException {
        v.symlink(t.caller, "target-text", At.AT_FDCWD, "/l");
        int fd = v.openat(t.caller, At.AT_FDCWD, "/l", OpenFlags.O_PATH | OpenFlags.O_NOFOLLOW, 0);
        assertThat(v.readlink(t.caller, fd, "")).isEqualTo("target-text");
        assertThat(v.stat(t.caller, fd, "", At.AT_EMPTY_PATH).isSymlink()).isTrue();
    }

    @Test
    void searchPermissionIsNeededOnEveryDirectory() throws ErrnoException {
        v.mkdir(t.caller, At.AT_FDCWD, "/a", 0755);
        v.mkdir(t.caller, At.AT_FDCWD, "/a/b", 0755);
        v.chmod(t.caller, At.AT_FDCWD, "/a", 0644, 0);
        Caller user = t.caller.withCreds(Credentials.of(1000, 1000));
        assertThat(errno(() -> v.stat(user, At.AT_FDCWD, "/a/b", 0))).isEqualTo(Errno.EACCES);
        assertThat(errno(() -> v.chdir(user, "/a"))).isEqualTo(Errno.EACCES);
        assertThat(v.stat(user, At.AT_FDCWD, "/a", 0).isDirectory()).isTrue();
        assertThat(v.stat(t.caller, At.AT_FDCWD, "/a/b", 0).isDirectory()).as("root overrides").isTrue();
    }

    @Test
    void readOnlyMountsSayErofs() throws ErrnoException {
        v.mkdir(t.caller, At.AT_FDCWD, "/ro", 0755);
        TmpFs fs = new TmpFs(0x77, 1 << 20, t.clock::get, 0777, 0, 0);
        fs.root().create("f", Stat.S_IFREG | 0666, 0, 0);
        v.mounts().mount(v.resolve(t.caller, At.AT_FDCWD, "/ro", 0), fs, "tmpfs", true);
        assertThat(errno(() -> v.open(t.caller, At.AT_FDCWD, "/ro/f", OpenFlags.O_WRONLY, 0))).isEqualTo(Errno.EROFS);
        assertThat(errno(() -> v.mkdir(t.caller, At.AT_FDCWD, "/ro/d", 0755))).isEqualTo(Errno.EROFS);
        assertThat(errno(() -> v.mkdir(t.caller, At.AT_FDCWD, "/ro/f", 0755))).as("EEXIST wins").isEqualTo(Errno.EEXIST);
        assertThat(errno(() -> v.unlink(t.caller, At.AT_FDCWD, "/ro/f", 0))).isEqualTo(Errno.EROFS);
        assertThat(errno(() -> v.access(t.caller, At.AT_FDCWD, "/ro/f", 2, 0))).isEqualTo(Errno.EROFS);
        assertThat(v.open(t.caller, At.AT_FDCWD, "/ro/f", OpenFlags.O_RDONLY, 0)).isNotNull();
        assertThat(Vfs.statfs(v.resolve(t.caller, At.AT_FDCWD, "/ro", 0)).flags() & 1).isEqualTo(1);
    }

    @Test
    void aForkedContextHasItsOwnCwdAndUmask() throws ErrnoException {
        v.mkdir(t.caller, At.AT_FDCWD, "/c", 0755);
        Caller child = new Caller(t.caller.fs().copy(), t.caller.creds(), t.caller.fds().fork());
        v.chdir(child, "/c");
        assertThat(child.fs().umask(077)).isEqualTo(022);
        assertThat(v.getcwd(child)).isEqualTo("/c");
        assertThat(v.getcwd(t.caller)).isEqualTo("/");
        v.open(child, At.AT_FDCWD, "f", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0666);
        v.mkdir(child, At.AT_FDCWD, "d", 0777);
        assertThat(v.stat(t.caller, At.AT_FDCWD, "/c/f", 0).mode() & 07777).isEqualTo(0600);
        assertThat(v.stat(t.caller, At.AT_FDCWD, "/c/d", 0).mode() & 07777).isEqualTo(0700);
        assertThat(t.caller.fs().umask()).isEqualTo(022);
    }

    /** access(2) checks with the real ids (a set-user-ID program asks for its caller), AT_EACCESS with the effective ones. */
    @Test
    void accessUsesRealIdsUnlessAtEaccess() throws ErrnoException {
        v.open(t.caller, At.AT_FDCWD, "/rootonly", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0600);
        v.mkdir(t.caller, At.AT_FDCWD, "/private", 0700);
        v.open(t.caller, At.AT_FDCWD, "/private/f", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0644);
        Caller setuidRoot = t.caller.withCreds(new Credentials(1000, 1000, 0, 0, 0, 0, 0, 0, java.util.Set.of()));
        assertThat(errno(() -> v.access(setuidRoot, At.AT_FDCWD, "/rootonly", 4, 0))).isEqualTo(Errno.EACCES);
        assertThat(errno(() -> v.access(setuidRoot, At.AT_FDCWD, "/rootonly", 4, At.AT_EACCESS))).isNull();
        assertThat(errno(() -> v.access(setuidRoot, At.AT_FDCWD, "/private/f", 0, 0)))
                .as("the walk itself runs with the real ids").isEqualTo(Errno.EACCES);
        Caller dropped = t.caller.withCreds(new Credentials(0, 0, 1000, 1000, 1000, 1000, 1000, 1000, java.util.Set.of()));
        assertThat(errno(() -> v.access(dropped, At.AT_FDCWD, "/rootonly", 6, 0))).isNull();
        assertThat(errno(() -> v.access(dropped, At.AT_FDCWD, "/rootonly", 4, At.AT_EACCESS))).isEqualTo(Errno.EACCES);
        assertThat(errno(() -> v.access(t.caller, At.AT_FDCWD, "/rootonly", 8, 0))).isEqualTo(Errno.EINVAL);
        assertThat(errno(() -> v.access(t.caller, At.AT_FDCWD, "/rootonly", 0, 0x1))).isEqualTo(Errno.EINVAL);
    }

    @Test
    void getcwdOfARemovedDirectoryIsEnoent() throws ErrnoException {
        v.mkdir(t.caller, At.AT_FDCWD, "/gone", 0755);
        v.chdir(t.caller, "/gone");
        v.unlink(t.caller, At.AT_FDCWD, "/gone", At.AT_REMOVEDIR);
        assertThat(errno(() -> v.getcwd(t.caller))).isEqualTo(Errno.ENOENT);
        assertThat(errno(() -> v.open(t.caller, At.AT_FDCWD, "new", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0644)))
                .isEqualTo(Errno.ENOENT);
        assertThat(errno(() -> v.chdir(t.caller, "/nope"))).isEqualTo(Errno.ENOENT);
    }

    @Test
    void oCreatWithODirectoryAndOTmpfileAreRefused() {
        assertThat(errno(() -> v.open(t.caller, At.AT_FDCWD, "/x", OpenFlags.O_CREAT | OpenFlags.O_DIRECTORY, 0)))
                .isEqualTo(Errno.EINVAL);
        assertThat(errno(() -> v.open(t.caller, At.AT_FDCWD, "/", OpenFlags.O_TMPFILE | OpenFlags.O_RDWR, 0600)))
                .isEqualTo(Errno.EOPNOTSUPP);
        assertThatThrownBy(() -> v.rename(t.caller, At.AT_FDCWD, "/a", At.AT_FDCWD, "/b", At.RENAME_WHITEOUT))
                .isInstanceOf(ErrnoException.class);
    }
}
