// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlinux.syscalls.At;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.Fcntl;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.syscalls.Stat;
import dev.jlinux.vfs.hostfs.HostFs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scripts of file operations run twice: natively on this Linux host (libc *at calls in a fresh
 * directory of /tmp, setfsuid for "as") and through the VFS over tmpfs; every step must give the same
 * result (0 or the errno, plus mode/nlink/uid/gid for stat and the target for readlink).
 */
class NativeOracleTest {
    private static final Map<String, Integer> OPEN_FLAGS = Map.ofEntries(
            Map.entry("O_RDONLY", OpenFlags.O_RDONLY), Map.entry("O_WRONLY", OpenFlags.O_WRONLY),
            Map.entry("O_RDWR", OpenFlags.O_RDWR), Map.entry("O_CREAT", OpenFlags.O_CREAT),
            Map.entry("O_EXCL", OpenFlags.O_EXCL), Map.entry("O_TRUNC", OpenFlags.O_TRUNC),
            Map.entry("O_APPEND", OpenFlags.O_APPEND), Map.entry("O_DIRECTORY", OpenFlags.O_DIRECTORY),
            Map.entry("O_NOFOLLOW", OpenFlags.O_NOFOLLOW), Map.entry("O_PATH", OpenFlags.O_PATH),
            Map.entry("NOREPLACE", At.RENAME_NOREPLACE), Map.entry("EXCHANGE", At.RENAME_EXCHANGE),
            Map.entry("S_IFIFO", Stat.S_IFIFO), Map.entry("S_IFCHR", Stat.S_IFCHR), Map.entry("S_IFDIR", Stat.S_IFDIR),
            Map.entry("S_IFREG", Stat.S_IFREG), Map.entry("S_IFSOCK", Stat.S_IFSOCK), Map.entry("AT_EACCESS", At.AT_EACCESS),
            Map.entry("F_OK", Fcntl.F_OK), Map.entry("R_OK", Fcntl.R_OK), Map.entry("W_OK", Fcntl.W_OK),
            Map.entry("X_OK", Fcntl.X_OK), Map.entry("AT_SYMLINK_FOLLOW", At.AT_SYMLINK_FOLLOW),
            Map.entry("XATTR_CREATE", Fcntl.XATTR_CREATE), Map.entry("XATTR_REPLACE", Fcntl.XATTR_REPLACE));

    private Path dir;
    private int dfd;
    private int oldUmask;

    @BeforeEach
    void setUp() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestVfs.hostRoot(), "the native side needs root (setfsuid, chown)");
        dir = Files.createTempDirectory("jlinux-vfs-oracle");
        dfd = NativeLibc.openat(At.AT_FDCWD, dir.toString(), OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY, 0);
        assertThat(dfd).isPositive();
        assertThat(NativeLibc.fchmodat(dfd, ".", 0777)).isZero();
        oldUmask = NativeLibc.umask(022);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (dir == null) return;
        NativeLibc.setfs(0, 0);
        NativeLibc.umask(oldUmask);
        NativeLibc.close(dfd);
        delete(dir);
    }

    static void delete(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static Stream<Arguments> scripts() {
        String n255 = "n".repeat(255);
        String n256 = "n".repeat(256);
        String longPath = ("d/".repeat(2100));
        List<String> chain = new ArrayList<>(List.of("creat f 0644", "symlink f s0"));
        for (int i = 1; i <= 41; i++) chain.add("symlink s" + (i - 1) + " s" + i);
        chain.addAll(List.of("open s39 O_RDONLY", "open s40 O_RDONLY", "open s41 O_RDONLY", "stat s40", "lstat s41"));
        return Stream.of(
                Arguments.of("create and lookup", List.of("mkdir a 0755", "mkdir a 0755", "mkdir a/b/c 0755",
                        "creat f 0644", "creat f 0600", "mkdir f/x 0755", "open f/ O_RDONLY", "open a/ O_RDONLY",
                        "mkdir d/ 0755", "open g/ O_CREAT|O_WRONLY", "open a O_WRONLY", "open a O_RDWR",
                        "open a O_CREAT|O_RDONLY", "open f O_DIRECTORY", "open nope O_RDONLY", "open f O_CREAT|O_EXCL|O_WRONLY",
                        "mkdir . 0755", "mkdir .. 0755", "mknod a/x/ S_IFIFO|0644", "mknod f2/ S_IFREG|0644",
                        "open ./a/../f O_RDONLY", "open f/.. O_RDONLY", "open a/./../a/. O_RDONLY|O_DIRECTORY",
                        "stat a", "stat f", "stat .", "open f O_RDONLY|O_TRUNC", "open a/ O_CREAT|O_WRONLY")),
                Arguments.of("symlinks", List.of("creat f 0644", "mkdir a 0755", "symlink f l", "symlink nowhere dl",
                        "symlink l2 l1", "symlink l1 l2", "open l1 O_RDONLY", "open l O_RDONLY|O_NOFOLLOW",
                        "open l O_RDONLY", "open dl O_CREAT|O_WRONLY", "stat nowhere", "open l O_CREAT|O_EXCL|O_WRONLY",
                        "open l O_CREAT|O_NOFOLLOW|O_WRONLY", "readlink l", "readlink f", "readlink nope", "stat l/",
                        "lstat l/", "symlink a la", "stat la/", "lstat la", "unlink la/", "rmdir la/", "mkdir la/sub 0700",
                        "stat a/sub", "symlink a/sub/../.. up", "stat up/f", "lstat l", "open la O_RDONLY|O_DIRECTORY",
                        "open la O_RDONLY|O_DIRECTORY|O_NOFOLLOW", "symlink f/x bad", "stat bad", "stat l1", "lstat l1",
                        "symlink dir/ dslash", "open dslash O_CREAT|O_WRONLY", "open l O_PATH|O_NOFOLLOW")),
                Arguments.of("unlink and rmdir", List.of("mkdir a 0755", "creat a/f 0644", "creat f 0644",
                        "unlink a", "rmdir f", "rmdir .", "rmdir ..", "unlink .", "rmdir a", "unlink f/", "unlink a/",
                        "rmdir a/f", "unlink a/f", "rmdir a/", "stat a", "unlink nope", "rmdir nope", "rmdir f/.",
                        "mkdir e 0755", "rmdir e/.", "rmdir e/..", "rmdir e")),
                Arguments.of("rename", List.of("mkdir a 0755", "creat a/x 0644", "mkdir e 0755", "creat f 0644",
                        "creat g 0644", "rename f a", "rename a f", "rename a a/b", "rename a a", "rename f g NOREPLACE",
                        "rename f h EXCHANGE", "rename f g EXCHANGE", "stat f", "rename . x", "rename f .", "rename f/ x",
                        "rename f x/", "rename e a", "rename e/ a2/", "stat a2", "mkdir e 0755", "rename a e",
                        "rename e a/sub", "rename a/x a/y", "link g hg", "rename g hg", "stat g", "stat hg",
                        "rename nope x", "rename f g NOREPLACE|EXCHANGE", "rename a ..", "rename a2 a EXCHANGE", "stat a2/x",
                        "rename a2/y a/y", "stat a")),
                Arguments.of("hard links", List.of("creat f 0644", "mkdir a 0755", "symlink f l", "link f h",
                        "stat f", "link a h2", "link nope h3", "link f h", "link l hl", "lstat hl", "link l hf AT_SYMLINK_FOLLOW",
                        "stat hf", "unlink f", "stat h", "link f/ x", "link h y/", "stat a")),
                Arguments.of("permissions", List.of("mkdir p 0755", "creat p/f 0644", "stat p", "stat p/f", "as 1000 1000", "stat p", "stat p/f",
                        "creat p/g 0644", "open p/f O_RDONLY", "open p/f O_WRONLY", "open p/f O_RDONLY|O_TRUNC",
                        "mkdir q 0700", "creat q/x 0600", "stat q/x", "as 0 0", "chmod q 0000", "open q/x O_RDONLY",
                        "access q/x X_OK", "as 1000 1000", "open q/x O_RDONLY", "access q/x F_OK|AT_EACCESS",
                        "chmod q 0700", "chmod p/f 0777", "chown q/x 1001 1000", "chown q/x 1000 0", "chown q/x -1 1000",
                        "as 1001 1001", "access q F_OK|AT_EACCESS", "access p/f R_OK|AT_EACCESS", "access p/f W_OK|AT_EACCESS",
                        "unlink p/f", "mkdir p/n 0755", "open p O_RDONLY", "open p O_WRONLY")),
                Arguments.of("root and exec bits", List.of("creat nx 0644", "access nx X_OK|AT_EACCESS",
                        "access nx R_OK|W_OK|AT_EACCESS", "chmod nx 0001", "access nx X_OK|AT_EACCESS", "chmod nx 0000",
                        "open nx O_RDWR", "mkdir d 0000", "creat d/f 0644", "access d X_OK|AT_EACCESS",
                        "creat su 0755", "chmod su 06755", "chown su 1000 1000", "stat su", "creat sg 0755",
                        "chmod sg 02745", "chown sg 1000 -1", "stat sg", "mkdir sd 0755", "chmod sd 06755",
                        "chown sd 1000 1000", "stat sd")),
                Arguments.of("sticky and setgid directories", List.of("mkdir t 01777", "as 1000 1000", "creat t/mine 0644",
                        "mkdir t/md 0755", "as 1001 1001", "unlink t/mine", "rename t/mine t/other", "rmdir t/md",
                        "creat t/theirs 0644", "rename t/theirs t/mine", "as 1000 1000", "unlink t/theirs", "unlink t/mine",
                        "as 0 0", "mkdir sg 0777", "chmod sg 02777", "chown sg 0 1234", "as 1000 1000", "creat sg/f 0644",
                        "stat sg/f", "mkdir sg/d 0755", "stat sg/d", "creat sg/x 02755", "stat sg/x")),
                Arguments.of("mknod", List.of("mknod fifo S_IFIFO|0644", "stat fifo", "mknod c S_IFCHR|0600 259",
                        "stat c", "mknod r S_IFREG|0600", "stat r", "mknod z 0600", "stat z", "mknod d S_IFDIR|0755",
                        "mknod s S_IFSOCK|0755", "stat s", "as 1000 1000", "mknod c2 S_IFCHR|0600 259",
                        "mknod f2 S_IFIFO|0600", "stat f2", "mknod bad 0170000")),
                Arguments.of("name limits", List.of("creat " + n255 + " 0644", "creat " + n256 + " 0644",
                        "stat " + n256, "stat " + n255 + "/x", "mkdir d 0755", "open " + longPath + " O_RDONLY",
                        "open " + "./".repeat(2047) + "d O_RDONLY", "open " + "./".repeat(2048) + "d O_RDONLY",
                        "symlink " + n255 + " " + n256, "open  O_RDONLY")),
                Arguments.of("forty symlinks", chain),
                Arguments.of("status flags and listings", List.of("creat f 0644", "mkdir d 0755", "creat d/x 0644",
                        "symlink f l", "getfl f O_RDONLY", "getfl f O_WRONLY|O_APPEND|O_TRUNC", "getfl f O_RDWR|O_CREAT|O_EXCL",
                        "getfl f O_RDWR|O_CREAT", "getfl d O_RDONLY|O_DIRECTORY", "getfl l O_PATH|O_NOFOLLOW",
                        "getfl f O_PATH|O_RDWR|O_APPEND", "getfl f O_RDONLY|02000000", "getfl f O_RDONLY|04010000",
                        "ls .", "ls d", "ls f", "ls nope", "chmod d 0300", "as 1000 1000", "ls d", "as 0 0", "chmod d 0755",
                        "unlink d/x", "ls d")),
                Arguments.of("xattrs, truncate and times", List.of("creat f 0644", "mkdir d 0755", "symlink f l",
                        "mknod p S_IFIFO|0666", "setx f user.a one 0", "getx f user.a", "getx l user.a", "getx f user.b",
                        "setx f user.a two XATTR_CREATE", "setx f user.b two XATTR_REPLACE", "setx f user.a two XATTR_REPLACE",
                        "getx f user.a", "setx d user.d dir 0", "getx d user.d", "lsetx l user.l x 0", "setx p user.p x 0",
                        "setx f nonamespace x 0", "setx f user.c x 3", "as 1000 1000", "getx f user.a", "setx f user.a x 0",
                        "truncate f 10", "touch f", "touch f 5", "as 0 0", "chmod f 0666", "as 1000 1000", "truncate f 10",
                        "touch f", "touch f 5", "truncate d 0", "truncate nope 0", "truncate f -1", "as 0 0", "truncate f 3",
                        "stat f", "touch f 7", "touch nope")),
                Arguments.of("group permissions", List.of("mkdir g 0750", "creat g/f 0640", "chmod g/f 0604",
                        "as 1000 0", "open g/f O_RDONLY", "creat g/n 0644", "as 1000 1000", "open g/f O_RDONLY",
                        "as 0 0", "chown g 1000 0", "chmod g 0070", "as 1000 0", "ls g", "as 1000 1000", "ls g",
                        "as 1001 0", "creat g/m 0644", "stat g/m", "chmod g/m 0600", "chown g/m 1001 0", "chown g/m 1001 1001",
                        "access g/m W_OK|AT_EACCESS")));
    }

    @ParameterizedTest(name = "tmpfs: {0}")
    @MethodSource("scripts")
    void sameResultsAsLinux(String name, List<String> script) {
        compare(name, script, new TestVfs(), false);
    }

    /** The same scripts through hostfs on a second host directory; hostfs runs with the JVM's own ids. */
    @ParameterizedTest(name = "hostfs: {0}")
    @MethodSource("scripts")
    void sameResultsThroughHostfs(String name, List<String> script) throws Exception {
        Path hostRoot = Files.createTempDirectory("jlinux-vfs-hostfs");
        try (HostFs fs = HostFs.open(hostRoot, 0x2b)) {
            assertThat(NativeLibc.fchmodat(At.AT_FDCWD, hostRoot.toString(), 0777)).isZero();
            compare(name, script, new TestVfs(fs), true);
            try (Stream<Path> left = Files.list(hostRoot)) {
                assertThat(left).as("the script's files are on the host").isNotEmpty();
            }
        } finally {
            NativeLibc.setfs(0, 0);
            delete(hostRoot);
        }
    }

    private void compare(String name, List<String> script, TestVfs t, boolean asRoot) {
        List<String> diffs = new ArrayList<>();
        int[] fsIds = {0, 0};
        for (String line : script) {
            String host = runNative(line);
            if (line.startsWith("as ")) {
                fsIds[0] = Integer.parseInt(args(line)[1]);
                fsIds[1] = Integer.parseInt(args(line)[2]);
            }
            if (asRoot) NativeLibc.setfs(0, 0);
            String ours = runVfs(t, line);
            if (asRoot) NativeLibc.setfs(fsIds[0], fsIds[1]);
            // VFS_ORACLE_DEBUG=1 prints every step's two results, to see what a script exercises
            if (System.getenv("VFS_ORACLE_DEBUG") != null) System.err.println(line + " | " + host + " | " + ours);
            if (!host.equals(ours)) diffs.add(line + "  → linux " + host + ", jlinux " + ours);
        }
        assertThat(diffs).as(name).isEmpty();
    }

    private static int flags(String s) {
        if (s.matches("0[0-7]+")) return Integer.parseInt(s, 8);
        if (s.matches("-?\\d+")) return Integer.parseInt(s);
        int v = 0;
        for (String f : s.split("\\|")) {
            Integer known = OPEN_FLAGS.get(f);
            v |= known != null ? known : Integer.parseInt(f, 8);
        }
        return v;
    }

    private static String[] args(String line) {
        String[] a = line.split(" ", -1);
        return Arrays.copyOf(a, 5);
    }

    private String runNative(String line) {
        String[] a = args(line);
        int rc = switch (a[0]) {
            case "as" -> {
                NativeLibc.setfs(Integer.parseInt(a[1]), Integer.parseInt(a[2]));
                yield 0;
            }
            case "mkdir" -> NativeLibc.mkdirat(dfd, a[1], flags(a[2]));
            case "creat", "open" -> {
                int fl = a[0].equals("creat") ? OpenFlags.O_CREAT | OpenFlags.O_WRONLY : flags(a[2]);
                int fd = NativeLibc.openat(dfd, a[1], fl, a[0].equals("creat") ? flags(a[2]) : 0644);
                if (fd >= 0) NativeLibc.close(fd);
                yield Math.min(fd, 0);
            }
            case "mknod" -> NativeLibc.mknodat(dfd, a[1], flags(a[2]), a[3] == null ? 0 : Long.parseLong(a[3]));
            case "unlink" -> NativeLibc.unlinkat(dfd, a[1], 0);
            case "rmdir" -> NativeLibc.unlinkat(dfd, a[1], At.AT_REMOVEDIR);
            case "rename" -> NativeLibc.renameat2(dfd, a[1], a[2], a[3] == null ? 0 : flags(a[3]));
            case "symlink" -> NativeLibc.symlinkat(a[1], dfd, a[2]);
            case "link" -> NativeLibc.linkat(dfd, a[1], a[2], a[3] == null ? 0 : flags(a[3]));
            case "access" -> {
                int m = flags(a[2]);
                yield NativeLibc.faccessat(dfd, a[1], m & 7, m & At.AT_EACCESS);
            }
            case "chmod" -> NativeLibc.fchmodat(dfd, a[1], flags(a[2]));
            case "chown" -> NativeLibc.fchownat(dfd, a[1], Integer.parseInt(a[2]), Integer.parseInt(a[3]), 0);
            case "stat", "lstat" -> {
                int[] st = NativeLibc.fstatat(dfd, a[1], a[0].equals("stat") ? 0 : At.AT_SYMLINK_NOFOLLOW);
                yield st.length == 1 ? st[0] : 0;
            }
            case "readlink", "ls" -> 0;
            case "setx", "lsetx" -> NativeLibc.setxattr(dir.resolve(a[1]).toString(), a[2], a[3], flags(a[4]),
                    a[0].equals("setx"));
            case "getx" -> {
                String r = NativeLibc.getxattr(dir.resolve(a[1]).toString(), a[2]);
                yield r.startsWith("-") ? Integer.parseInt(r) : 0;
            }
            case "truncate" -> NativeLibc.truncate(dir.resolve(a[1]).toString(), Long.parseLong(a[2]));
            case "touch" -> NativeLibc.utimensat(dfd, a[1], a[2] == null ? null
                    : new long[] {Long.parseLong(a[2]), 0, Long.parseLong(a[2]), 0});
            case "getfl" -> {
                int fd = NativeLibc.openat(dfd, a[1], flags(a[2]), 0644);
                if (fd < 0) yield fd;
                int fl = NativeLibc.getfl(fd);
                NativeLibc.close(fd);
                yield fl < 0 ? fl : 0;
            }
            default -> throw new IllegalArgumentException(line);
        };
        if (rc < 0) return "errno " + -rc;
        if (a[0].equals("stat") || a[0].equals("lstat")) {
            int[] st = NativeLibc.fstatat(dfd, a[1], a[0].equals("stat") ? 0 : At.AT_SYMLINK_NOFOLLOW);
            return "mode " + Integer.toOctalString(st[0]) + " nlink " + st[1] + " uid " + st[2] + " gid " + st[3];
        }
        if (a[0].equals("getx")) return "value " + NativeLibc.getxattr(dir.resolve(a[1]).toString(), a[2]);
        if (a[0].equals("getfl")) {
            int fd = NativeLibc.openat(dfd, a[1], flags(a[2]), 0644);
            int fl = NativeLibc.getfl(fd);
            NativeLibc.close(fd);
            return "flags 0" + Integer.toOctalString(fl);
        }
        if (a[0].equals("ls")) {
            try (Stream<Path> s = Files.list(dir.resolve(a[1]))) {
                return "names " + s.map(p -> p.getFileName().toString()).sorted().toList();
            } catch (java.nio.file.AccessDeniedException e) {
                return "errno 13";
            } catch (java.nio.file.NoSuchFileException e) {
                return "errno 2";
            } catch (java.nio.file.NotDirectoryException e) {
                return "errno 20";
            } catch (IOException e) {
                return "io " + e;
            }
        }
        if (a[0].equals("readlink")) {
            String r = NativeLibc.readlinkat(dfd, a[1]);
            return r.startsWith("-") ? "errno " + r.substring(1) : r;
        }
        return "ok";
    }

    private static String runVfs(TestVfs t, String line) {
        String[] a = args(line);
        Vfs v = t.vfs;
        int cwd = At.AT_FDCWD;
        try {
            switch (a[0]) {
                case "as" -> t.asFs(Integer.parseInt(a[1]), Integer.parseInt(a[2]));
                case "mkdir" -> v.mkdir(t.caller, cwd, a[1], flags(a[2]));
                case "creat" -> v.open(t.caller, cwd, a[1], OpenFlags.O_CREAT | OpenFlags.O_WRONLY, flags(a[2]));
                case "open" -> v.open(t.caller, cwd, a[1], flags(a[2]), 0644);
                case "mknod" -> v.mknod(t.caller, cwd, a[1], flags(a[2]), a[3] == null ? 0 : Long.parseLong(a[3]));
                case "unlink" -> v.unlink(t.caller, cwd, a[1], 0);
                case "rmdir" -> v.unlink(t.caller, cwd, a[1], At.AT_REMOVEDIR);
                case "rename" -> v.rename(t.caller, cwd, a[1], cwd, a[2], a[3] == null ? 0 : flags(a[3]));
                case "symlink" -> v.symlink(t.caller, a[1], cwd, a[2]);
                case "link" -> v.link(t.caller, cwd, a[1], cwd, a[2], a[3] == null ? 0 : flags(a[3]));
                case "access" -> {
                    int m = flags(a[2]);
                    v.access(t.caller, cwd, a[1], m & 7, m & At.AT_EACCESS);
                }
                case "chmod" -> v.chmod(t.caller, cwd, a[1], flags(a[2]), 0);
                case "chown" -> v.chown(t.caller, cwd, a[1], Integer.parseInt(a[2]), Integer.parseInt(a[3]), 0);
                case "stat", "lstat" -> {
                    Statx st = v.stat(t.caller, cwd, a[1], a[0].equals("stat") ? 0 : At.AT_SYMLINK_NOFOLLOW);
                    return "mode " + Integer.toOctalString(st.mode()) + " nlink " + st.nlink() + " uid " + st.uid()
                            + " gid " + st.gid();
                }
                case "readlink" -> {
                    return v.readlink(t.caller, cwd, a[1]);
                }
                case "setx", "lsetx" -> v.setxattr(t.caller, a[1], a[2], a[3].getBytes(StandardCharsets.UTF_8),
                        flags(a[4]), a[0].equals("setx"));
                case "getx" -> {
                    return "value " + new String(v.getxattr(t.caller, a[1], a[2], true), StandardCharsets.UTF_8);
                }
                case "truncate" -> v.truncate(t.caller, a[1], Long.parseLong(a[2]));
                case "touch" -> v.utimens(t.caller, cwd, a[1], a[2] == null ? null
                        : new long[][] {{Long.parseLong(a[2]), 0}, {Long.parseLong(a[2]), 0}}, 0);
                case "getfl" -> {
                    return "flags 0" + Integer.toOctalString(v.open(t.caller, cwd, a[1], flags(a[2]), 0644).flags());
                }
                case "ls" -> {
                    List<String> names = new ArrayList<>();
                    v.open(t.caller, cwd, a[1], OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY, 0)
                            .readdir((ino, type, n, next) -> names.add(n));
                    names.removeAll(List.of(".", ".."));
                    return "names " + names.stream().sorted().toList();
                }
                default -> throw new IllegalArgumentException(line);
            }
            return "ok";
        } catch (ErrnoException e) {
            return "errno " + e.errno().number();
        }
    }
}
