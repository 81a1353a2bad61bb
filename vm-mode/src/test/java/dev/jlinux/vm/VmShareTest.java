// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VM sees the host's files at their host paths (9P, {@link HostShare}): programs run natively in
 * one copy of a prepared directory and in the VM in another identical copy must print the same,
 * exit the same and leave the same tree. One VM for the class.
 */
@Timeout(180)
class VmShareTest {
    static final Path BIN = VmEndToEndTest.BIN;
    static final Path BUSYBOX = Path.of("/bin/busybox");
    static VmManager.Session session;

    @TempDir Path work;

    @BeforeAll
    static void boot() throws Exception {
        long t0 = System.nanoTime();
        session = new VmManager(VmManager.defaultCache(System.getenv()), System.err).session();
        session.shareHost();
        System.err.printf("VM share: VM ready and host shared after %.2f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void stop() throws IOException {
        if (session != null) session.close();
    }

    /** The starting tree of both copies: a text file, a directory with a subdirectory, a symlink, 2,000 small files. */
    static void prepare(Path dir) throws IOException {
        StringBuilder lorem = new StringBuilder();
        for (int i = 1; i <= 400; i++) lorem.append("line ").append(i).append(": the quick brown fox ").append(i * 7919 % 1000).append('\n');
        Files.writeString(dir.resolve("lorem.txt"), lorem);
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("sub/a.txt"), "alpha\n");
        Files.writeString(dir.resolve("sub/deeper/b.txt"), "beta\nbeta\n");
        Files.createSymbolicLink(dir.resolve("sub/link"), Path.of("a.txt"));
        Path many = Files.createDirectories(dir.resolve("many"));
        for (int i = 0; i < 2000; i++) Files.writeString(many.resolve("file-" + i), Integer.toString(i));
    }

    record Run(int status, String stdout) {}

    /** Runs {@code argv} natively in {@code label}-native and in the VM in {@code label}-vm; both trees start prepared. */
    void sameAsNative(String label, List<String> argv) throws Exception {
        Path nat = Files.createDirectory(work.resolve(label + "-native"));
        Path vm = Files.createDirectory(work.resolve(label + "-vm"));
        prepare(nat);
        prepare(vm);
        Run n = natively(argv, nat);
        Run v = inVm(argv, vm);
        assertThat(v.stdout()).as("stdout of " + argv).isEqualTo(n.stdout());
        assertThat(v.status()).as("exit status of " + argv).isEqualTo(n.status());
        assertThat(tree(vm)).as("tree after " + argv).isEqualTo(tree(nat));
    }

    static Run natively(List<String> argv, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        for (String kv : VmEndToEndTest.ENV) pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    static Run inVm(List<String> argv, Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AgentClient.Outcome o = session.agent().run(argv.getFirst(), argv, VmEndToEndTest.ENV, dir.toString(), null, out, out);
        int status = switch (o) {
            case AgentClient.Ended(boolean signaled, int value) -> signaled ? 128 + value : value;
            case AgentClient.NotStarted(int errno) -> -errno;
        };
        return new Run(status, out.toString(StandardCharsets.UTF_8));
    }

    /** Every file below {@code dir}: type, permission bits, and size and content hash or link target. */
    static Map<String, String> tree(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                String rel = dir.relativize(p).toString();
                String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                if (Files.isSymbolicLink(p)) out.put(rel, "link -> " + Files.readSymbolicLink(p));
                else if (Files.isDirectory(p)) out.put(rel, "dir " + perms);
                else out.put(rel, "file " + perms + " " + Files.size(p) + " " + HexFormat.of().formatHex(md.digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    @Test
    void fileReadReadsAFileAndListsADirectory() throws Exception {
        sameAsNative("musl", List.of(BIN.resolve("musl-static/file_read").toString(), "lorem.txt", "sub"));
        sameAsNative("glibc", List.of(BIN.resolve("glibc-static/file_read").toString(), "lorem.txt", "sub"));
    }

    @Test
    void busyboxChangesTheTreeAsNatively() throws Exception {
        sameAsNative("busybox", List.of(BUSYBOX.toString(), "sh", "-c", String.join("; ",
                "cat lorem.txt | wc -l", "ls sub", "ls -l sub/link | cut -c1-10", "mkdir -p new/dir/deep",
                "echo made > new/dir/file", "cp sub/a.txt new/copy", "mv new/copy new/moved", "ln -s moved new/ln",
                "cat new/ln", "rm sub/deeper/b.txt", "rmdir sub/deeper", "chmod 600 new/dir/file", "ls -R new",
                "mkdir sub/deeper; echo $?", "rm nonexistent; echo $?", "cat sub; echo $?", "mv lorem.txt sub/lorem2",
                "ls sub")));
    }

    @Test
    void sharedWritableMappingsReachTheHost() throws Exception {
        Path program = Path.of(System.getProperty("jlinux.vmtestbin", "target/test-programs"), "shared_mmap").toAbsolutePath();
        sameAsNative("mmap", List.of(program.toString()));
    }

    @Test
    void largeFileCopy() throws Exception {
        Path nat = Files.createDirectory(work.resolve("native"));
        Path vm = Files.createDirectory(work.resolve("vm"));
        byte[] big = new byte[8 << 20];
        new Random(5).nextBytes(big);
        Files.write(nat.resolve("big"), big);
        Files.write(vm.resolve("big"), big);
        List<String> argv = List.of(BUSYBOX.toString(), "sh", "-c", "cp big big2 && cmp big big2 && md5sum big2 && ls -l big2 | cut -c1-10,30-45");
        Run n = natively(argv, nat);
        long t0 = System.nanoTime();
        Run v = inVm(argv, vm);
        System.err.printf("VM share: copy of an 8 MiB file over 9P %.2f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(v).isEqualTo(n);
        assertThat(tree(vm)).isEqualTo(tree(nat));
    }

    @Test
    void readdirOfA2000EntryDirectory() throws Exception {
        long t0 = System.nanoTime();
        sameAsNative("readdir", List.of(BUSYBOX.toString(), "sh", "-c", "l=$(ls many); echo \"$l\" | wc -l; echo \"$l\" | md5sum; cat many/file-1999"));
        System.err.printf("VM share: 2,000-entry directory listed natively and over 9P, with both trees compared %.2f s%n",
                (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void theProgramAndTheWorkingDirectoryAreTheHostsPaths() throws Exception {
        Path dir = Files.createDirectory(work.resolve("here"));
        Run r = inVm(List.of(BUSYBOX.toString(), "sh", "-c", "pwd; echo written-in-the-vm > out.txt"), dir);
        assertThat(r).isEqualTo(new Run(0, dir + "\n"));
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("written-in-the-vm\n");
    }
}
