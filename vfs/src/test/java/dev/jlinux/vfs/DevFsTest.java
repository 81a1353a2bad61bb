// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import static dev.jlinux.vfs.TestVfs.errno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlinux.syscalls.At;
import dev.jlinux.syscalls.DeviceNumbers;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Fcntl;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.vfs.devfs.DevFs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** /dev's devices against the host's /dev (the oracle) and Linux's documented behaviour. */
class DevFsTest {
    private final TestVfs t = new TestVfs();
    private final Vfs v = t.vfs;

    DevFsTest() throws ErrnoException {
        v.mkdir(t.caller, At.AT_FDCWD, "/dev", 0755);
        v.mounts().mount(v.resolve(t.caller, At.AT_FDCWD, "/dev", 0), DevFs.create(v, 5, t.clock::get, DevFs.NO_TTY),
                "devtmpfs", false);
    }


    private OpenFile open(String path, int flags) throws ErrnoException {
        return v.open(t.caller, At.AT_FDCWD, path, flags, 0);
    }

    @Test
    void nodesHaveTheHostsNumbersAndModes() throws Exception {
        for (String name : new String[] {"null", "zero", "full", "random", "urandom", "tty"}) {
            Statx st = v.stat(t.caller, At.AT_FDCWD, "/dev/" + name, 0);
            Path host = Path.of("/dev/" + name);
            assertThat(st.type()).isEqualTo(Stat.S_IFCHR);
            assertThat(st.rdev()).as(name).isEqualTo(((Number) Files.getAttribute(host, "unix:rdev")).longValue());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(host))).isEqualTo("rw-rw-rw-");
            assertThat(st.mode() & 0777).isEqualTo(0666);
        }
        assertThat(v.readlink(t.caller, At.AT_FDCWD, "/dev/fd")).isEqualTo(Files.readSymbolicLink(Path.of("/dev/fd")).toString());
        assertThat(v.readlink(t.caller, At.AT_FDCWD, "/dev/stdin")).isEqualTo("/proc/self/fd/0");
    }

    @Test
    void memoryDevicesBehaveAsLinuxs() throws ErrnoException, IOException {
        OpenFile nul = open("/dev/null", OpenFlags.O_RDWR);
        assertThat(nul.read(ByteBuffer.allocate(10))).isZero();
        assertThat(nul.write(ByteBuffer.allocate(10), Credentials.root())).isEqualTo(10);
        assertThat(nul.lseek(100, Fcntl.SEEK_SET)).isZero();
        OpenFile zero = open("/dev/zero", OpenFlags.O_RDWR);
        ByteBuffer b = ByteBuffer.wrap(new byte[] {1, 2, 3});
        assertThat(zero.read(b)).isEqualTo(3);
        assertThat(b.array()).containsOnly(0);
        OpenFile full = open("/dev/full", OpenFlags.O_RDWR);
        assertThat(errno(() -> full.write(ByteBuffer.allocate(1), Credentials.root()))).isEqualTo(Errno.ENOSPC);
        assertThat(full.read(ByteBuffer.allocate(4))).isEqualTo(4);
        OpenFile ur = open("/dev/urandom", OpenFlags.O_RDONLY);
        ByteBuffer r = ByteBuffer.allocate(64);
        assertThat(ur.read(r)).isEqualTo(64);
        assertThat(r.array()).isNotEqualTo(new byte[64]);
        // /dev/full refuses writes on the host too
        try (var ch = java.nio.channels.FileChannel.open(Path.of("/dev/full"), java.nio.file.StandardOpenOption.WRITE)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ch.write(ByteBuffer.allocate(1)))
                    .hasMessageContaining(Errno.ENOSPC.message());
        }
    }

    /** After a read, where lseek(SEEK_CUR, 0) and then lseek(SEEK_SET, 5) land: as on the host. */
    @Test
    void positionsAfterReadAndSeekMatchTheHost() throws Exception {
        for (String dev : new String[] {"/dev/null", "/dev/zero", "/dev/full", "/dev/urandom", "/dev/random"}) {
            long hostAfterRead;
            long hostAfterSeek;
            try (var ch = java.nio.channels.FileChannel.open(Path.of(dev), java.nio.file.StandardOpenOption.READ)) {
                ch.read(ByteBuffer.allocate(64));
                hostAfterRead = ch.position();
                ch.position(5);
                hostAfterSeek = ch.position();
            }
            OpenFile f = open(dev, OpenFlags.O_RDONLY);
            f.read(ByteBuffer.allocate(64));
            assertThat(f.lseek(0, Fcntl.SEEK_CUR)).as(dev).isEqualTo(hostAfterRead);
            f.lseek(5, Fcntl.SEEK_SET);
            assertThat(f.lseek(0, Fcntl.SEEK_CUR)).as(dev).isEqualTo(hostAfterSeek);
        }
    }

    @Test
    void ttyWithoutAControllingTerminalIsEnxio() {
        assertThat(errno(() -> open("/dev/tty", OpenFlags.O_RDWR))).isEqualTo(Errno.ENXIO);
    }

    @Test
    void aNodeMadeByMknodReachesTheSameDriver() throws ErrnoException {
        v.mknod(t.caller, At.AT_FDCWD, "/mynull", Stat.S_IFCHR | 0666,
                DeviceNumbers.makedev(DeviceNumbers.MEM_MAJOR, DeviceNumbers.NULL_MINOR));
        assertThat(open("/mynull", OpenFlags.O_WRONLY).write(ByteBuffer.allocate(3), Credentials.root())).isEqualTo(3);
        v.mknod(t.caller, At.AT_FDCWD, "/nodriver", Stat.S_IFCHR | 0666, DeviceNumbers.makedev(250, 1));
        assertThat(errno(() -> open("/nodriver", OpenFlags.O_RDONLY))).isEqualTo(Errno.ENXIO);
    }
}
