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
import dev.jlinux.vfs.hostfs.HostFs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** hostfs as a --root: nothing outside the directory is reachable; host metadata and open files behave. */
class HostFsTest {
    private Path base;
    private Path root;
    private Path outside;
    private HostFs fs;
    private TestVfs t;
    private Vfs v;

    @BeforeEach
    void setUp() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestVfs.hostRoot(), "the native side needs root (setfsuid, chown)");
        base = Files.createTempDirectory("jlinux-hostfs");
        root = Files.createDirectory(base.resolve("root"));
        outside = Files.createDirectory(base.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        Files.writeString(base.resolve("secret"), "secret");
        fs = HostFs.open(root, 0x33);
        t = new TestVfs(fs);
        v = t.vfs;
    }

    @AfterEach
    void tearDown() throws IOException {
        if (fs == null) return;
        fs.close();
        NativeOracleTest.delete(base);
    }


    private OpenFile open(String path, int flags) throws ErrnoException {
        return v.open(t.caller, At.AT_FDCWD, path, flags, 0644);
    }

    @Test
    void noPathOrSymlinkLeadsOutOfTheRoot() throws Exception {
        Files.createDirectories(root.resolve("a/b"));
        Files.createSymbolicLink(root.resolve("abs"), base.resolve("secret"));
        Files.createSymbolicLink(root.resolve("absdir"), outside);
        Files.createSymbolicLink(root.resolve("a/rel"), Path.of("../../secret"));
        Files.createSymbolicLink(root.resolve("a/b/deep"), Path.of("../../../../../../outside/secret"));
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("loop1"));
        Files.createSymbolicLink(root.resolve("procroot"), Path.of("/proc/self/root" + base));
        String[] escapes = {"../secret", "/../secret", "a/../../secret", "../../../../" + base + "/secret", "abs",
            "absdir/secret", "a/rel", "a/b/deep", "a/b/../../../outside/secret", "procroot/secret"};
        for (String p : escapes) {
            assertThat(errno(() -> open(p, OpenFlags.O_RDONLY))).as(p).isEqualTo(Errno.ENOENT);
        }
        for (String p : escapes) {
            // creating through them lands inside the root, or fails where the inner parent is missing
            errno(() -> open(p, OpenFlags.O_CREAT | OpenFlags.O_WRONLY | OpenFlags.O_TRUNC));
        }
        assertThat(Files.readString(root.resolve("secret"))).as("../secret is the root's own").isEmpty();
        assertThat(errno(() -> open("loop1", OpenFlags.O_RDONLY))).isEqualTo(Errno.ELOOP);
        // absolute symlinks resolve against the task root: make the target exist inside and it is found
        Files.createDirectories(root.resolve(outside.toString().substring(1)));
        Files.writeString(root.resolve(outside.toString().substring(1)).resolve("secret"), "inside");
        ByteBuffer b = ByteBuffer.allocate(16);
        int n = open("absdir/secret", OpenFlags.O_RDONLY).read(b);
        assertThat(new String(b.array(), 0, n, StandardCharsets.UTF_8)).isEqualTo("inside");
        // hard links and renames only name walked places, so nothing outside changes
        v.link(t.caller, At.AT_FDCWD, "abs", At.AT_FDCWD, "hl", 0);
        assertThat(Files.isSymbolicLink(root.resolve("hl"))).as("linkat does not follow").isTrue();
        v.rename(t.caller, At.AT_FDCWD, "a", At.AT_FDCWD, "../moved", 0);
        v.rename(t.caller, At.AT_FDCWD, "moved/b", At.AT_FDCWD, "../../b2", 0);
        assertThat(root.resolve("moved")).isDirectory();
        assertThat(root.resolve("b2")).isDirectory();
        assertThat(Files.readString(base.resolve("secret"))).isEqualTo("secret");
        try (Stream<Path> s = Files.list(base)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("root", "outside", "secret");
        }
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("secret");
        }
    }

    @Test
    void aDirectorySwappedForASymlinkAfterTheWalkIsNotFollowed() throws Exception {
        Files.createDirectories(root.resolve("d"));
        int dfd = v.openat(t.caller, At.AT_FDCWD, "d", OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY, 0);
        Location cwdBefore = v.resolve(t.caller, At.AT_FDCWD, "d", 0);
        // the host (or another guest thread racing a rename) swaps d for a symlink pointing outside
        Files.move(root.resolve("d"), root.resolve("d-old"));
        Files.createSymbolicLink(root.resolve("d"), outside);
        assertThat(errno(() -> v.open(t.caller, dfd, "secret", OpenFlags.O_RDONLY, 0))).isNotNull();
        assertThat(errno(() -> v.open(t.caller, dfd, "new", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0644))).isNotNull();
        assertThat(errno(() -> v.unlink(t.caller, dfd, "secret", 0))).isNotNull();
        assertThat(errno(() -> v.chmod(t.caller, dfd, "secret", 0777, 0))).isNotNull();
        assertThat(errno(() -> v.mkdir(t.caller, dfd, "dir", 0755))).isNotNull();
        assertThat(errno(() -> cwdBefore.inode().lookup("secret"))).isEqualTo(Errno.ENOTDIR);
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("secret");
        }
        assertThat(Files.getPosixFilePermissions(outside.resolve("secret")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        // the same two levels down, where hostfs opens the directory with one openat2
        Files.createDirectories(root.resolve("p/q"));
        Location deep = v.resolve(t.caller, At.AT_FDCWD, "p/q", 0);
        Files.move(root.resolve("p/q"), root.resolve("p/q-old"));
        Files.createSymbolicLink(root.resolve("p/q"), outside);
        assertThat(errno(() -> deep.inode().lookup("secret"))).isEqualTo(Errno.ENOTDIR);
        assertThat(errno(() -> deep.inode().create("new", 0100644, 0, 0))).isEqualTo(Errno.ENOTDIR);
        Files.delete(root.resolve("p/q"));
        Files.createSymbolicLink(root.resolve("p/q"), Path.of("/proc/self/root" + outside));
        assertThat(errno(() -> deep.inode().lookup("secret"))).isEqualTo(Errno.ENOTDIR);
        // a final component swapped for a symlink is not followed either
        Files.writeString(root.resolve("f"), "x");
        Location f = v.resolve(t.caller, At.AT_FDCWD, "f", 0);
        Files.delete(root.resolve("f"));
        Files.createSymbolicLink(root.resolve("f"), outside.resolve("secret"));
        assertThat(errno(() -> f.inode().open(OpenFlags.O_RDWR))).isEqualTo(Errno.ELOOP);
    }

    @Test
    void metadataTheHostCannotHoldGoesToTheXattr() throws Exception {
        long nullDev = DeviceNumbers.makedev(DeviceNumbers.MEM_MAJOR, DeviceNumbers.NULL_MINOR);
        if (!fs.supportsMetadata()) {
            // a host directory without user xattrs: device nodes cannot be kept, as an unprivileged mknod
            assertThat(errno(() -> v.mknod(t.caller, At.AT_FDCWD, "mynull", Stat.S_IFCHR | 0666, nullDev)))
                    .isEqualTo(Errno.EPERM);
            return;
        }
        v.mkdir(t.caller, At.AT_FDCWD, "/dev", 0755);
        v.mounts().mount(v.resolve(t.caller, At.AT_FDCWD, "/dev", 0), DevFs.create(v, 5, t.clock::get, DevFs.NO_TTY),
                "devtmpfs", false);
        v.mknod(t.caller, At.AT_FDCWD, "mynull", Stat.S_IFCHR | 0666, nullDev);
        Statx st = v.stat(t.caller, At.AT_FDCWD, "mynull", 0);
        assertThat(st.type()).isEqualTo(Stat.S_IFCHR);
        assertThat(st.rdev()).isEqualTo(nullDev);
        assertThat(Files.isRegularFile(root.resolve("mynull"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .as("never a real device node on the host").isTrue();
        assertThat(open("mynull", OpenFlags.O_WRONLY).write(ByteBuffer.allocate(7), Credentials.root())).isEqualTo(7);
        assertThat(Files.size(root.resolve("mynull"))).isZero();
        v.chmod(t.caller, At.AT_FDCWD, "mynull", 0600, 0);
        assertThat(v.stat(t.caller, At.AT_FDCWD, "mynull", 0).mode()).isEqualTo(Stat.S_IFCHR | 0600);
        // the xattr is hostfs's own: not listed, not readable, not writable by the guest
        assertThat(v.listxattr(t.caller, "mynull", true)).isEmpty();
        assertThat(errno(() -> v.getxattr(t.caller, "mynull", "user.jlinux.meta", true))).isEqualTo(Errno.ENODATA);
        assertThat(errno(() -> v.setxattr(t.caller, "mynull", "user.jlinux.meta", new byte[1], 0, true)))
                .isEqualTo(Errno.EPERM);
        // the guest's own user xattrs are the host's
        v.open(t.caller, At.AT_FDCWD, "plain", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0644);
        v.setxattr(t.caller, "plain", "user.mine", "v".getBytes(StandardCharsets.UTF_8), 0, true);
        UserDefinedFileAttributeView view = Files.getFileAttributeView(root.resolve("plain"), UserDefinedFileAttributeView.class);
        assertThat(view.list()).containsExactly("mine");
        v.setxattr(t.caller, "/", "user.top", "r".getBytes(StandardCharsets.UTF_8), 0, true);
        assertThat(Files.getFileAttributeView(root, UserDefinedFileAttributeView.class).list()).containsExactly("top");
        assertThat(v.listxattr(t.caller, "/", true)).containsExactly("user.top");
        // a chown the host process may not do (fsuid 1000 on this thread) is kept in the xattr
        Files.writeString(root.resolve("owned"), "");
        NativeLibc.fchownat(At.AT_FDCWD, root.resolve("owned").toString(), 1000, 1000, 0);
        NativeLibc.setfs(1000, 1000);
        try {
            v.chown(t.caller, At.AT_FDCWD, "owned", 4242, 4343, 0);
        } finally {
            NativeLibc.setfs(0, 0);
        }
        Statx o = v.stat(t.caller, At.AT_FDCWD, "owned", 0);
        assertThat(o.uid()).isEqualTo(4242);
        assertThat(o.gid()).isEqualTo(4343);
        assertThat(Files.getAttribute(root.resolve("owned"), "unix:uid")).isEqualTo(1000);
        // as root, the host holds the owner itself
        v.chown(t.caller, At.AT_FDCWD, "plain", 77, 88, 0);
        assertThat(Files.getAttribute(root.resolve("plain"), "unix:uid")).isEqualTo(77);
    }

    @Test
    void hostFactsComeThrough() throws Exception {
        Files.writeString(root.resolve("f"), "hello");
        Files.createLink(root.resolve("h"), root.resolve("f"));
        Statx st = v.stat(t.caller, At.AT_FDCWD, "h", 0);
        assertThat(st.ino()).isEqualTo(Files.getAttribute(root.resolve("f"), "unix:ino"));
        assertThat(st.nlink()).isEqualTo(2);
        assertThat(st.size()).isEqualTo(5);
        assertThat(st.mtimeNs() / 1000).isEqualTo(Files.getLastModifiedTime(root.resolve("f")).to(java.util.concurrent.TimeUnit.MICROSECONDS));
        assertThat(v.statfs(t.caller, "/").type()).isEqualTo(NativeLibc.statfsType(root.toString()));
        for (int i = 0; i < 300; i++) Files.createFile(root.resolve("e" + i));
        Set<String> host;
        try (Stream<Path> s = Files.list(root)) {
            host = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        OpenFile dir = open("/", OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        List<String> first = new ArrayList<>();
        dir.readdir((ino, type, name, next) -> first.size() < 100 && first.add(name));
        List<String> rest = new ArrayList<>();
        dir.readdir((ino, type, name, next) -> rest.add(name));
        Set<String> all = new HashSet<>(first);
        all.addAll(rest);
        assertThat(first.size() + rest.size()).isEqualTo(host.size() + 2);
        assertThat(all).containsAll(host).contains(".", "..");
    }

    @Test
    void openFilesSurviveUnlinkAndRenameAndAppend() throws Exception {
        OpenFile f = open("f", OpenFlags.O_CREAT | OpenFlags.O_RDWR | OpenFlags.O_APPEND);
        f.write(ByteBuffer.wrap("one".getBytes(StandardCharsets.UTF_8)), Credentials.root());
        Files.writeString(root.resolve("f"), "host+", java.nio.file.StandardOpenOption.APPEND);
        f.pwrite(ByteBuffer.wrap("two".getBytes(StandardCharsets.UTF_8)), 0, Credentials.root());
        assertThat(Files.readString(root.resolve("f"))).isEqualTo("onehost+two");
        v.rename(t.caller, At.AT_FDCWD, "f", At.AT_FDCWD, "g", 0);
        v.unlink(t.caller, At.AT_FDCWD, "g", 0);
        assertThat(f.getattr().nlink()).isZero();
        f.write(ByteBuffer.wrap("!".getBytes(StandardCharsets.UTF_8)), Credentials.root());
        ByteBuffer b = ByteBuffer.allocate(32);
        int n = f.pread(b, 0);
        assertThat(new String(b.array(), 0, n, StandardCharsets.UTF_8)).isEqualTo("onehost+two!");
        OpenFile s = open("sparse", OpenFlags.O_CREAT | OpenFlags.O_RDWR);
        s.pwrite(ByteBuffer.wrap(new byte[] {1}), 1 << 20, Credentials.root());
        assertThat(s.lseek(0, Fcntl.SEEK_DATA)).isEqualTo((1 << 20) - ((1 << 20) % 4096));
        assertThat(s.lseek(0, Fcntl.SEEK_HOLE)).isZero();
        assertThat(s.getattr().blocks()).isLessThan(64);
        s.truncate(3, Credentials.root());
        assertThat(Files.size(root.resolve("sparse"))).isEqualTo(3);
    }

    @Test
    void hostFilesystemsWithoutUserXattrsBelowTheRootAreStillReadable() throws Exception {
        try (HostFs whole = HostFs.open(Path.of("/"), 0x34)) {
            TestVfs w = new TestVfs(whole);
            assertThat(whole.supportsMetadata()).isTrue();
            // procfs keeps no user xattrs: its files have no metadata overrides.
            assertThat(w.vfs.stat(w.caller, At.AT_FDCWD, "/proc/version", 0).isRegular()).isTrue();
            assertThat(w.vfs.stat(w.caller, At.AT_FDCWD, "/proc", 0).isDirectory()).isTrue();
        }
    }
}
