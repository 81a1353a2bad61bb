// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import static dev.jlinux.vfs.TestVfs.errno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlinux.syscalls.At;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Fcntl;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.Utime;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading, writing, seeking, truncating and listing through open file descriptions on tmpfs. */
class OpenFileTest {
    private final TestVfs t = new TestVfs();
    private final Vfs v = t.vfs;


    private OpenFile open(String path, int flags) throws ErrnoException {
        return v.open(t.caller, At.AT_FDCWD, path, flags, 0644);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(OpenFile f, int n) throws ErrnoException {
        ByteBuffer b = ByteBuffer.allocate(n);
        int got = f.read(b);
        return new String(b.array(), 0, got, StandardCharsets.UTF_8);
    }

    @Test
    void aWriterWithoutFsetidDropsTheSetIdBits() throws ErrnoException {
        OpenFile f = open("/s", OpenFlags.O_CREAT | OpenFlags.O_RDWR);
        Credentials nobody = Credentials.of(65534, 65534);
        v.chmod(t.caller, f.location(), 06755);
        f.write(bytes("x"), Credentials.root());
        assertThat(f.getattr().mode() & 07777).as("CAP_FSETID keeps them").isEqualTo(06755);
        f.write(bytes(""), nobody);
        assertThat(f.getattr().mode() & 07777).as("an empty write changes nothing").isEqualTo(06755);
        f.pwrite(bytes("x"), 0, nobody);
        assertThat(f.getattr().mode() & 07777).isEqualTo(0755);
        v.chmod(t.caller, f.location(), 02745);
        f.truncate(0, nobody);
        assertThat(f.getattr().mode() & 07777).as("set-gid without group-exec, writer not in the group")
                .isEqualTo(0745);
        v.chmod(t.caller, f.location(), 04644);
        f.fallocate(0, 0, 10, nobody);
        assertThat(f.getattr().mode() & 07777).isEqualTo(0644);
        v.chmod(t.caller, f.location(), 01777);
        f.write(bytes("x"), nobody);
        assertThat(f.getattr().mode() & 07777).as("the sticky bit stays").isEqualTo(01777);
    }

    @Test
    void readWriteAppendAndPositionalIo() throws ErrnoException {
        OpenFile w = open("/f", OpenFlags.O_CREAT | OpenFlags.O_WRONLY);
        assertThat(w.write(bytes("hello world"), Credentials.root())).isEqualTo(11);
        OpenFile r = open("/f", OpenFlags.O_RDONLY);
        assertThat(read(r, 5)).isEqualTo("hello");
        assertThat(read(r, 100)).isEqualTo(" world");
        assertThat(read(r, 100)).isEmpty();
        assertThat(errno(() -> r.write(bytes("x"), Credentials.root()))).isEqualTo(Errno.EBADF);
        assertThat(r.readable() && !r.writable() && w.writable() && !w.readable()).as("mmap's access checks").isTrue();
        assertThat(errno(() -> w.read(ByteBuffer.allocate(1)))).isEqualTo(Errno.EBADF);
        OpenFile a = open("/f", OpenFlags.O_WRONLY | OpenFlags.O_APPEND);
        a.write(bytes("!"), Credentials.root());
        assertThat(a.position()).isEqualTo(12);
        a.pwrite(bytes("?"), 0, Credentials.root());
        assertThat(v.stat(t.caller, At.AT_FDCWD, "/f", 0).size()).as("pwrite with O_APPEND appends").isEqualTo(13);
        ByteBuffer b = ByteBuffer.allocate(5);
        assertThat(r.pread(b, 6)).isEqualTo(5);
        assertThat(new String(b.array(), StandardCharsets.UTF_8)).isEqualTo("world");
        assertThat(errno(() -> r.pread(ByteBuffer.allocate(1), -1))).isEqualTo(Errno.EINVAL);
        OpenFile trunc = open("/f", OpenFlags.O_RDWR | OpenFlags.O_TRUNC);
        assertThat(trunc.getattr().size()).isZero();
        assertThat(OpenFlags.format(trunc.flags())).isEqualTo("O_RDWR|O_LARGEFILE");
    }

    @Test
    void sparseFilesSeekDataAndHole() throws ErrnoException {
        OpenFile f = open("/sparse", OpenFlags.O_CREAT | OpenFlags.O_RDWR);
        f.pwrite(bytes("data"), 3 * 4096 + 10, Credentials.root());
        Statx st = f.getattr();
        assertThat(st.size()).isEqualTo(3 * 4096 + 14);
        assertThat(st.blocks()).isEqualTo(8);
        assertThat(f.lseek(0, Fcntl.SEEK_DATA)).isEqualTo(3 * 4096);
        assertThat(f.lseek(0, Fcntl.SEEK_HOLE)).isZero();
        assertThat(f.lseek(3 * 4096 + 1, Fcntl.SEEK_HOLE)).isEqualTo(3 * 4096 + 14);
        assertThat(errno(() -> f.lseek(3 * 4096 + 14, Fcntl.SEEK_DATA))).isEqualTo(Errno.ENXIO);
        assertThat(errno(() -> f.lseek(-1, Fcntl.SEEK_SET))).isEqualTo(Errno.EINVAL);
        assertThat(errno(() -> f.lseek(0, 7))).isEqualTo(Errno.EINVAL);
        assertThat(f.lseek(-4, Fcntl.SEEK_END)).isEqualTo(3 * 4096 + 10);
        ByteBuffer zeros = ByteBuffer.allocate(4096);
        assertThat(f.pread(zeros, 4096)).isEqualTo(4096);
        assertThat(zeros.array()).containsOnly(0);
        f.fallocate(Fcntl.FALLOC_FL_PUNCH_HOLE | Fcntl.FALLOC_FL_KEEP_SIZE, 3 * 4096, 4096, Credentials.root());
        assertThat(f.getattr().blocks()).isZero();
        assertThat(errno(() -> f.fallocate(Fcntl.FALLOC_FL_PUNCH_HOLE, 0, 1, Credentials.root()))).isEqualTo(Errno.EOPNOTSUPP);
        assertThat(errno(() -> f.fallocate(Fcntl.FALLOC_FL_ZERO_RANGE, 0, 1, Credentials.root()))).isEqualTo(Errno.EOPNOTSUPP);
        assertThat(errno(() -> f.fallocate(0, 0, 0, Credentials.root()))).isEqualTo(Errno.EINVAL);
        f.fallocate(0, 0, 5 * 4096, Credentials.root());
        assertThat(f.getattr().size()).isEqualTo(5 * 4096);
        f.truncate(5, Credentials.root());
        assertThat(f.getattr().size()).isEqualTo(5);
        assertThat(f.getattr().blocks()).isEqualTo(8);
        OpenFile ro = open("/sparse", OpenFlags.O_RDONLY);
        assertThat(errno(() -> ro.truncate(0, Credentials.root()))).isEqualTo(Errno.EINVAL);
        assertThat(errno(() -> ro.fallocate(0, 0, 1, Credentials.root()))).isEqualTo(Errno.EBADF);
    }

    @Test
    void unlinkedAndRenamedOpenFilesKeepWorking() throws ErrnoException {
        OpenFile f = open("/doomed", OpenFlags.O_CREAT | OpenFlags.O_RDWR);
        v.rename(t.caller, At.AT_FDCWD, "/doomed", At.AT_FDCWD, "/moved", 0);
        f.write(bytes("still"), Credentials.root());
        v.unlink(t.caller, At.AT_FDCWD, "/moved", 0);
        assertThat(f.getattr().nlink()).isZero();
        f.write(bytes(" here"), Credentials.root());
        assertThat(f.lseek(0, Fcntl.SEEK_SET)).isZero();
        assertThat(read(f, 100)).isEqualTo("still here");
        assertThat(errno(() -> v.link(t.caller, At.AT_FDCWD, "", At.AT_FDCWD, "/back", 0))).isEqualTo(Errno.ENOENT);
    }

    @Test
    void spaceOfAnUnlinkedFileReturnsWithItsLastOpenFile() throws ErrnoException {
        long free = v.statfs(t.caller, "/").bfree();
        int fd = v.openat(t.caller, At.AT_FDCWD, "/big", OpenFlags.O_CREAT | OpenFlags.O_RDWR, 0644);
        t.caller.fds().get(fd).write(ByteBuffer.allocate(3 * 4096), Credentials.root());
        assertThat(v.statfs(t.caller, "/").bfree()).isEqualTo(free - 3);
        v.unlink(t.caller, At.AT_FDCWD, "/big", 0);
        assertThat(v.statfs(t.caller, "/").bfree()).as("still open").isEqualTo(free - 3);
        t.caller.fds().close(fd);
        assertThat(v.statfs(t.caller, "/").bfree()).isEqualTo(free);
        open("/small", OpenFlags.O_CREAT | OpenFlags.O_WRONLY).write(ByteBuffer.allocate(10), Credentials.root());
        v.link(t.caller, At.AT_FDCWD, "/small", At.AT_FDCWD, "/small2", 0);
        v.unlink(t.caller, At.AT_FDCWD, "/small", 0);
        assertThat(v.statfs(t.caller, "/").bfree()).as("one name left").isEqualTo(free - 1);
    }

    @Test
    void readdirOffsetsStayValidWhileEntriesChange() throws ErrnoException {
        v.mkdir(t.caller, At.AT_FDCWD, "/d", 0755);
        for (String n : List.of("a", "b", "c", "d")) open("/d/" + n, OpenFlags.O_CREAT | OpenFlags.O_WRONLY);
        OpenFile dir = open("/d", OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        List<String> seen = new ArrayList<>();
        dir.readdir((ino, type, name, next) -> seen.size() < 3 && seen.add(name));
        assertThat(seen).containsExactly(".", "..", "a");
        long pos = dir.position();
        v.unlink(t.caller, At.AT_FDCWD, "/d/b", 0);
        open("/d/e", OpenFlags.O_CREAT | OpenFlags.O_WRONLY);
        dir.readdir((ino, type, name, next) -> seen.add(name));
        assertThat(seen).containsExactly(".", "..", "a", "c", "d", "e");
        dir.lseek(pos, Fcntl.SEEK_SET);
        List<String> again = new ArrayList<>();
        dir.readdir((ino, type, name, next) -> again.add(name));
        assertThat(again).containsExactly("c", "d", "e");
        assertThat(errno(() -> dir.read(ByteBuffer.allocate(1)))).isEqualTo(Errno.EISDIR);
        assertThat(errno(() -> dir.lseek(0, Fcntl.SEEK_END))).isEqualTo(Errno.EINVAL);
        OpenFile file = open("/d/a", OpenFlags.O_RDONLY);
        assertThat(errno(() -> file.readdir((i, ty, n, nx) -> true))).isEqualTo(Errno.ENOTDIR);
        assertThat(v.stat(t.caller, At.AT_FDCWD, "/d", 0).size()).as("tmpfs: 20 bytes an entry").isEqualTo(6 * 20);
    }

    @Test
    void timesFollowLinuxRules() throws ErrnoException {
        OpenFile f = open("/t", OpenFlags.O_CREAT | OpenFlags.O_RDWR);
        long created = f.getattr().mtimeNs();
        t.clock.addAndGet(1_000_000_000L);
        f.write(bytes("x"), Credentials.root());
        assertThat(f.getattr().mtimeNs()).isEqualTo(created + 1_000_000_000L);
        assertThat(f.getattr().ctimeNs()).isEqualTo(created + 1_000_000_000L);
        v.utimens(t.caller, At.AT_FDCWD, "/t", new long[][] {{5, 6}, {7, Utime.UTIME_OMIT}}, 0);
        Statx st = f.getattr();
        assertThat(st.atimeNs()).isEqualTo(5_000_000_006L);
        assertThat(st.mtimeNs()).isEqualTo(created + 1_000_000_000L);
        assertThat(errno(() -> v.utimens(t.caller, At.AT_FDCWD, "/t", new long[][] {{0, 1_000_000_000L}, {0, 0}}, 0)))
                .isEqualTo(Errno.EINVAL);
        Caller user = t.caller.withCreds(Credentials.of(1000, 1000));
        v.chmod(t.caller, At.AT_FDCWD, "/t", 0666, 0);
        v.utimens(user, At.AT_FDCWD, "/t", null, 0);
        assertThat(errno(() -> v.utimens(user, At.AT_FDCWD, "/t", new long[][] {{1, 0}, {1, 0}}, 0)))
                .isEqualTo(Errno.EPERM);
        v.chmod(t.caller, At.AT_FDCWD, "/t", 0644, 0);
        assertThat(errno(() -> v.utimens(user, At.AT_FDCWD, "/t", null, 0))).isEqualTo(Errno.EACCES);
    }

    @Test
    void xattrsFollowNamespaceRules() throws ErrnoException {
        open("/x", OpenFlags.O_CREAT | OpenFlags.O_WRONLY);
        v.symlink(t.caller, "/x", At.AT_FDCWD, "/lx");
        byte[] val = {1, 2, 3};
        v.setxattr(t.caller, "/x", "user.k", val, 0, true);
        assertThat(v.getxattr(t.caller, "/lx", "user.k", true)).containsExactly(1, 2, 3);
        assertThat(errno(() -> v.getxattr(t.caller, "/lx", "user.k", false))).isEqualTo(Errno.ENODATA);
        assertThat(errno(() -> v.setxattr(t.caller, "/lx", "user.k", val, 0, false))).isEqualTo(Errno.EPERM);
        assertThat(errno(() -> v.setxattr(t.caller, "/x", "user.k", val, Fcntl.XATTR_CREATE, true))).isEqualTo(Errno.EEXIST);
        assertThat(errno(() -> v.setxattr(t.caller, "/x", "user.n", val, Fcntl.XATTR_REPLACE, true))).isEqualTo(Errno.ENODATA);
        assertThat(errno(() -> v.setxattr(t.caller, "/x", "bogus.n", val, 0, true))).isEqualTo(Errno.EOPNOTSUPP);
        v.setxattr(t.caller, "/x", "trusted.t", val, 0, true);
        Caller user = t.caller.withCreds(Credentials.of(1000, 1000));
        assertThat(v.listxattr(t.caller, "/x", true)).containsExactly("user.k", "trusted.t");
        assertThat(v.listxattr(user, "/x", true)).containsExactly("user.k");
        assertThat(errno(() -> v.setxattr(user, "/x", "user.k", val, 0, true))).isEqualTo(Errno.EACCES);
        v.removexattr(t.caller, "/x", "user.k", true);
        assertThat(errno(() -> v.removexattr(t.caller, "/x", "user.k", true))).isEqualTo(Errno.ENODATA);
    }

    @Test
    void truncateByPath() throws ErrnoException {
        OpenFile f = open("/tr", OpenFlags.O_CREAT | OpenFlags.O_RDWR);
        f.write(bytes("0123456789"), Credentials.root());
        v.truncate(t.caller, "/tr", 4);
        assertThat(f.getattr().size()).isEqualTo(4);
        v.truncate(t.caller, "/tr", 8192);
        ByteBuffer b = ByteBuffer.allocate(8);
        f.pread(b, 0);
        assertThat(b.array()).containsExactly('0', '1', '2', '3', 0, 0, 0, 0);
        v.mkdir(t.caller, At.AT_FDCWD, "/dir", 0755);
        assertThat(errno(() -> v.truncate(t.caller, "/dir", 0))).isEqualTo(Errno.EISDIR);
        assertThat(errno(() -> v.truncate(t.caller, "/tr", -1))).isEqualTo(Errno.EINVAL);
    }
}
