// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm.ninep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlinux.syscalls.At;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.vfs.FileSystem;
import dev.jlinux.vfs.MountTable;
import dev.jlinux.vfs.Vfs;
import dev.jlinux.vm.ninep.Message.*;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 9P server's behaviour over any filesystem, driven by a small client through a pipe; subclasses give the filesystem. */
abstract class NinepServerContract {
    /** The tree the server exports. */
    abstract FileSystem fileSystem() throws Exception;

    private Thread serverThread;
    private PipedOutputStream toServer;
    NinepClient client;
    int root;

    @BeforeEach
    void start() throws Exception {
        FileSystem fs = fileSystem();
        Vfs vfs = new Vfs(new MountTable(fs, fs.type()), () -> System.currentTimeMillis() * 1_000_000L);
        NinepServer server = new NinepServer(vfs, vfs.mounts().root().rootLocation());
        PipedInputStream serverIn = new PipedInputStream(1 << 20);
        toServer = new PipedOutputStream(serverIn);
        PipedInputStream clientIn = new PipedInputStream(1 << 20);
        PipedOutputStream fromServer = new PipedOutputStream(clientIn);
        serverThread = Thread.ofPlatform().start(() -> {
            try (fromServer) {
                server.serve(serverIn, fromServer);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        client = new NinepClient(clientIn, toServer);
        root = client.attach(65536);
    }

    @AfterEach
    void stop() throws Exception {
        toServer.close();
        serverThread.join(5000);
    }

    @Test
    void versionNegotiatesTheSmallerMsize() throws Exception {
        Rversion v = (Rversion) client.rpc(new Tversion(NinepServer.MAX_MSIZE * 2, "9P2000.L"));
        assertThat(v.msize()).isEqualTo(NinepServer.MAX_MSIZE);
        assertThat(v.version()).isEqualTo("9P2000.L");
        Rversion other = (Rversion) client.rpc(new Tversion(8192, "9P2000.u"));
        assertThat(other.version()).isEqualTo("unknown");
        assertThatThrownBy(() -> client.getattr(root)).isInstanceOf(ErrnoException.class)
                .extracting(e -> ((ErrnoException) e).errno()).isEqualTo(Errno.EBADF);
    }

    @Test
    void createWriteReadAndGetattr() throws Exception {
        int f = client.create(root, "a.txt", OpenFlags.O_RDWR, 0640);
        byte[] data = "hello, 9p\n".getBytes(StandardCharsets.UTF_8);
        client.write(f, 0, data);
        assertThat(client.readAll(f)).isEqualTo(data);
        client.clunk(f);
        int g = client.walk(root, "a.txt");
        Rgetattr st = client.getattr(g);
        assertThat(st.mode()).isEqualTo(Stat.S_IFREG | 0640);
        assertThat(st.size()).isEqualTo(data.length);
        assertThat(st.qid().type()).isEqualTo(Qid.QTFILE);
        assertThat(st.nlink()).isEqualTo(1);
    }

    @Test
    void largeFileRoundTrips() throws Exception {
        byte[] data = new byte[5 << 20];
        new Random(7).nextBytes(data);
        int f = client.create(root, "big", OpenFlags.O_WRONLY, 0600);
        client.write(f, 0, data);
        client.clunk(f);
        int r = client.open(root, "big", OpenFlags.O_RDONLY);
        assertThat(client.getattr(r).size()).isEqualTo(data.length);
        assertThat(client.readAll(r)).isEqualTo(data);
    }

    @Test
    void renameMovesTheNameAndTheWalkedFid() throws Exception {
        int d = mkdir(root, "dir");
        int f = client.create(root, "old", OpenFlags.O_WRONLY, 0644);
        client.clunk(f);
        int old = client.walk(root, "old");
        client.rpc(new Trenameat(root, "old", d, "new"));
        assertThatThrownBy(() -> client.walk(root, "old")).extracting(e -> ((ErrnoException) e).errno())
                .isEqualTo(Errno.ENOENT);
        client.walk(root, "dir/new");
        client.rpc(new Tlopen(old, OpenFlags.O_RDONLY));
        client.rpc(new Trename(old, root, "back"));
        client.walk(root, "back");
    }

    @Test
    void fidsBelowARenamedDirectoryFollowIt() throws Exception {
        int d = mkdir(root, "d");
        int sub = mkdir(d, "sub");
        int f = client.create(sub, "f", OpenFlags.O_WRONLY, 0644);
        client.write(f, 0, "in sub".getBytes(StandardCharsets.UTF_8));
        client.clunk(f);
        int up = client.walk(sub, "..");
        client.rpc(new Trenameat(root, "d", root, "e"));
        assertThat(client.getattr(sub).qid().type()).isEqualTo(Qid.QTDIR);
        int r = client.open(sub, "f", OpenFlags.O_RDONLY);
        assertThat(new String(client.readAll(r), StandardCharsets.UTF_8)).isEqualTo("in sub");
        client.rpc(new Tmkdir(up, "made-after", 0755, 0));
        client.walk(root, "e/made-after");
        client.rpc(new Trename(up, root, "g"));
        client.walk(root, "g/sub/f");
        client.rpc(new Tremove(client.walk(sub, "f")));
        assertThat(errno(() -> client.walk(root, "g/sub/f"))).isEqualTo(Errno.ENOENT);
    }

    private int mkdir(int dir, String name) throws Exception {
        Rmkdir m = (Rmkdir) client.rpc(new Tmkdir(dir, name, 0755, 0));
        assertThat(m.qid().type()).isEqualTo(Qid.QTDIR);
        return client.walk(dir, name);
    }

    @Test
    void symlinksAndHardLinks() throws Exception {
        Rsymlink s = (Rsymlink) client.rpc(new Tsymlink(root, "ln", "target/of/link", 0));
        assertThat(s.qid().type()).isEqualTo(Qid.QTSYMLINK);
        int l = client.walk(root, "ln");
        assertThat(((Rreadlink) client.rpc(new Treadlink(l))).target()).isEqualTo("target/of/link");
        assertThat(client.getattr(l).mode() & Stat.S_IFMT).isEqualTo(Stat.S_IFLNK);
        int f = client.create(root, "file", OpenFlags.O_WRONLY, 0644);
        client.rpc(new Tlink(root, f, "file2"));
        assertThat(client.getattr(client.walk(root, "file2")).nlink()).isEqualTo(2);
        assertThat(client.getattr(client.walk(root, "file2")).qid()).isEqualTo(client.getattr(f).qid());
    }

    @Test
    void setattrChangesModeSizeAndTimes() throws Exception {
        int f = client.create(root, "f", OpenFlags.O_WRONLY, 0644);
        client.write(f, 0, new byte[100]);
        int g = client.walk(root, "f");
        client.rpc(new Tsetattr(g, Tsetattr.MODE, Stat.S_IFREG | 0600, 0, 0, 0, 0, 0, 0, 0));
        client.rpc(new Tsetattr(g, Tsetattr.SIZE, 0, 0, 0, 10, 0, 0, 0, 0));
        client.rpc(new Tsetattr(g, Tsetattr.ATIME | Tsetattr.ATIME_SET | Tsetattr.MTIME | Tsetattr.MTIME_SET, 0, 0, 0,
                0, 1_000_000, 5, 2_000_000, 7));
        Rgetattr st = client.getattr(g);
        assertThat(st.mode()).isEqualTo(Stat.S_IFREG | 0600);
        assertThat(st.size()).isEqualTo(10);
        assertThat(st.atimeSec()).isEqualTo(1_000_000);
        assertThat(st.atimeNsec()).isEqualTo(5);
        assertThat(st.mtimeSec()).isEqualTo(2_000_000);
        assertThat(st.mtimeNsec()).isEqualTo(7);
    }

    @Test
    void readdirOfALargeDirectoryTakesSeveralRounds() throws Exception {
        int d = mkdir(root, "many");
        Set<String> want = new HashSet<>();
        for (int i = 0; i < 1200; i++) {
            String name = "entry-" + i;
            client.clunk(client.create(d, name, OpenFlags.O_WRONLY, 0644));
            want.add(name);
        }
        int o = client.open(d, "", OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        int[] rounds = {0};
        List<Message.Dirent> all = client.readdir(o, 4096, rounds);
        Set<String> names = new HashSet<>();
        for (Message.Dirent e : all) names.add(e.name());
        assertThat(all).hasSize(1202);
        assertThat(names).containsAll(want).contains(".", "..");
        assertThat(rounds[0]).isGreaterThan(5);
    }

    @Test
    void errorsAreRlerrorsWithLinuxErrnos() throws Exception {
        assertThat(errno(() -> client.walk(root, "missing"))).isEqualTo(Errno.ENOENT);
        mkdir(root, "d");
        assertThat(errno(() -> client.rpc(new Tmkdir(root, "d", 0755, 0)))).isEqualTo(Errno.EEXIST);
        client.clunk(client.create(client.walk(root, "d"), "x", OpenFlags.O_WRONLY, 0644));
        assertThat(errno(() -> client.rpc(new Tunlinkat(root, "d", At.AT_REMOVEDIR)))).isEqualTo(Errno.ENOTEMPTY);
        assertThat(errno(() -> client.rpc(new Tunlinkat(root, "d", 0)))).isEqualTo(Errno.EISDIR);
        assertThat(errno(() -> client.open(root, "d", OpenFlags.O_WRONLY))).isEqualTo(Errno.EISDIR);
        assertThat(errno(() -> client.rpc(new Tgetattr(999, 0)))).isEqualTo(Errno.EBADF);
        assertThat(errno(() -> client.rpc(new Treadlink(client.walk(root, "d"))))).isEqualTo(Errno.EINVAL);
        // A partial walk answers the qids it found and makes no fid.
        Rwalk partial = (Rwalk) client.rpc(new Twalk(root, 500, List.of("d", "nope")));
        assertThat(partial.qids()).hasSize(1);
        assertThat(errno(() -> client.getattr(500))).isEqualTo(Errno.EBADF);
        client.rpc(new Tunlinkat(client.walk(root, "d"), "x", 0));
        client.rpc(new Tunlinkat(root, "d", At.AT_REMOVEDIR));
        assertThat(errno(() -> client.walk(root, "d"))).isEqualTo(Errno.ENOENT);
    }

    @Test
    void walkingUpStopsAtTheExportRoot() throws Exception {
        int up = client.walk(root, "../..");
        assertThat(client.getattr(up).qid()).isEqualTo(client.getattr(root).qid());
    }

    @Test
    void statfsFsyncLockAndRemove() throws Exception {
        Rstatfs s = (Rstatfs) client.rpc(new Tstatfs(root));
        assertThat(s.namelen()).isEqualTo(255);
        int f = client.create(root, "f", OpenFlags.O_RDWR, 0644);
        client.rpc(new Tfsync(f, 0));
        assertThat(((Rlock) client.rpc(new Tlock(f, Rgetlock.WRLCK, 0, 0, 0, 1, "guest"))).status())
                .isEqualTo(Tlock.SUCCESS);
        client.rpc(new Tremove(client.walk(root, "f")));
        assertThat(errno(() -> client.walk(root, "f"))).isEqualTo(Errno.ENOENT);
        assertThat(client.getattr(f).nlink()).isZero();
    }

    @Test
    void extendedAttributes() throws Exception {
        int f = client.create(root, "f", OpenFlags.O_WRONLY, 0644);
        client.clunk(f);
        int w = client.walk(root, "f");
        byte[] value = "v1".getBytes(StandardCharsets.UTF_8);
        client.rpc(new Txattrcreate(w, "user.test", value.length, 0));
        client.rpc(new Twrite(w, 0, value));
        client.clunk(w);
        int r = client.walk(root, "f");
        Rxattrwalk x = (Rxattrwalk) client.rpc(new Txattrwalk(r, 900, "user.test"));
        assertThat(x.size()).isEqualTo(2);
        assertThat(client.readAll(900)).isEqualTo(value);
        client.rpc(new Txattrwalk(r, 901, ""));
        assertThat(new String(client.readAll(901), StandardCharsets.UTF_8)).contains("user.test\0");
        assertThat(errno(() -> client.rpc(new Txattrwalk(r, 902, "user.none")))).isEqualTo(Errno.ENODATA);
    }

    interface Call {
        void run() throws Exception;
    }

    static Errno errno(Call c) {
        try {
            c.run();
        } catch (ErrnoException e) {
            return e.errno();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no error");
    }
}
