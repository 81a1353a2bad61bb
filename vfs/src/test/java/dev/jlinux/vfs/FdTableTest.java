// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import static dev.jlinux.vfs.TestVfs.errno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlinux.syscalls.At;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Fcntl;
import dev.jlinux.syscalls.OpenFlags;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** fd allocation, dup family, close_range, close-on-exec and fork sharing. */
class FdTableTest {
    private final AtomicInteger limit = new AtomicInteger(8);
    private final TestVfs t = new TestVfs();
    private final FdTable fds = new FdTable(limit::get);


    private OpenFile file(String name) throws ErrnoException {
        return t.vfs.open(t.caller, At.AT_FDCWD, name, OpenFlags.O_CREAT | OpenFlags.O_RDWR, 0644);
    }

    @Test
    void lowestFreeFdAndTheLimit() throws ErrnoException {
        OpenFile f = file("/f");
        for (int i = 0; i < 8; i++) assertThat(fds.install(f, false)).isEqualTo(i);
        assertThat(errno(() -> fds.install(f, false))).isEqualTo(Errno.EMFILE);
        fds.close(3);
        assertThat(fds.dup(0)).isEqualTo(3);
        fds.close(5);
        fds.close(2);
        assertThat(fds.dupFrom(0, 4, true)).isEqualTo(5);
        assertThat(fds.closeOnExec(5)).isTrue();
        assertThat(errno(() -> fds.dupFrom(0, 8, false))).isEqualTo(Errno.EINVAL);
        assertThat(errno(() -> fds.close(2))).isEqualTo(Errno.EBADF);
        assertThat(errno(() -> fds.get(-1))).isEqualTo(Errno.EBADF);
        limit.set(3);
        assertThat(fds.install(f, false)).isEqualTo(2);
        assertThat(errno(() -> fds.install(f, false))).isEqualTo(Errno.EMFILE);
    }

    @Test
    void dup2AndDup3() throws ErrnoException {
        OpenFile a = file("/a");
        OpenFile b = file("/b");
        fds.install(a, false);
        fds.install(b, true);
        assertThat(fds.dup2(0, 0)).isZero();
        assertThat(errno(() -> fds.dup2(7, 7))).isEqualTo(Errno.EBADF);
        assertThat(errno(() -> fds.dup3(0, 0, 0))).isEqualTo(Errno.EINVAL);
        assertThat(errno(() -> fds.dup3(0, 1, OpenFlags.O_NONBLOCK))).isEqualTo(Errno.EINVAL);
        assertThat(errno(() -> fds.dup2(0, 8))).isEqualTo(Errno.EBADF);
        assertThat(fds.dup2(0, 1)).isEqualTo(1);
        assertThat(fds.get(1)).isSameAs(a);
        assertThat(fds.closeOnExec(1)).isFalse();
        assertThat(fds.dup3(0, 6, OpenFlags.O_CLOEXEC)).isEqualTo(6);
        assertThat(fds.closeOnExec(6)).isTrue();
    }

    @Test
    void closeRangeAndExec() throws ErrnoException {
        OpenFile f = file("/f");
        for (int i = 0; i < 6; i++) fds.install(f, false);
        assertThat(errno(() -> fds.closeRange(3, 2, 0))).isEqualTo(Errno.EINVAL);
        assertThat(errno(() -> fds.closeRange(0, 1, 1))).isEqualTo(Errno.EINVAL);
        fds.closeRange(4, -1, Fcntl.CLOSE_RANGE_CLOEXEC);
        assertThat(fds.fds()).containsExactly(0, 1, 2, 3, 4, 5);
        fds.closeRange(1, 2, 0);
        assertThat(fds.fds()).containsExactly(0, 3, 4, 5);
        fds.closeOnExec();
        assertThat(fds.fds()).containsExactly(0, 3);
    }

    @Test
    void dupAndForkShareOneOffsetAndFlags() throws ErrnoException {
        OpenFile f = file("/shared");
        int fd = fds.install(f, true);
        int dup = fds.dup(fd);
        FdTable child = fds.fork();
        assertThat(child.closeOnExec(fd)).isTrue();
        assertThat(child.closeOnExec(dup)).isFalse();
        fds.get(fd).write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), Credentials.root());
        assertThat(child.get(dup).position()).isEqualTo(5);
        child.get(dup).setFlags(OpenFlags.O_APPEND | OpenFlags.O_RDONLY);
        assertThat(fds.get(fd).flags() & OpenFlags.O_APPEND).isNotZero();
        assertThat(fds.get(fd).flags() & OpenFlags.O_ACCMODE).isEqualTo(OpenFlags.O_RDWR);
    }

    @Test
    void theHandleIsReleasedWithTheLastReference() throws ErrnoException {
        AtomicInteger released = new AtomicInteger();
        t.vfs.registerDevice(0x1234, flags -> new FileHandle() {
            @Override public void release() {
                released.incrementAndGet();
            }
        });
        t.vfs.mknod(t.caller, At.AT_FDCWD, "/dev0", dev.jlinux.syscalls.Stat.S_IFCHR | 0666, 0x1234);
        int fd = fds.install(t.vfs.open(t.caller, At.AT_FDCWD, "/dev0", OpenFlags.O_RDONLY, 0), false);
        fds.dup(fd);
        FdTable child = fds.fork();
        fds.closeAll();
        assertThat(released.get()).isZero();
        child.close(fd);
        assertThat(released.get()).isZero();
        child.closeRange(0, 10, 0);
        assertThat(released.get()).isEqualTo(1);
    }
}
