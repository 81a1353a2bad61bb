// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.conformance;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.vm.AgentClient;
import dev.jlinux.vm.Protocol.TreeEntry;
import dev.jlinux.vm.TraceDecoder;
import dev.jlinux.vm.VmException;
import dev.jlinux.vm.VmManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs in the VM (v2) for the suite and {@code compare}: one VM for the whole JVM (the one
 * {@code jlinux vm start} left running, else one booted on first use and stopped at exit). Host files
 * are not shared with the guest yet, so each run copies the program and the work tree into the guest
 * at the same absolute paths, and afterwards copies the tree the program left back over the host's
 * work directory (and removes it from the guest), where its file effects are measured as for the other
 * targets. Anything else on the host — other programs, /etc — the guest does not see.
 */
final class VmTarget {
    private static VmManager.Session session;
    private static String unavailable;
    /** Programs already in the guest: path, size and mtime. */
    private static final Set<String> SENT = new HashSet<>();

    private VmTarget() {}

    /** Whether a VM can be had; the first call boots or attaches to it. */
    static synchronized boolean available() {
        if (session == null && unavailable == null) {
            try {
                session = new VmManager(VmManager.defaultCache(System.getenv()), System.err).session();
                VmManager.Session s = session;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // the VM ends with the JVM anyway
                    }
                }, "jlinux-vm-session"));
            } catch (VmException e) {
                unavailable = e.getMessage();
                System.err.println("jlinux: the vm target is not available: " + unavailable);
            }
        }
        return session != null;
    }

    static synchronized Outcome run(Path cwd, byte[] stdin, List<String> argv, boolean trace) {
        if (!available()) throw new IllegalStateException("the vm target is not available: " + unavailable);
        long t0 = System.nanoTime();
        // Not normalized: execve's path (AT_EXECFN) is argv[0] as given, and the agent makes its directories.
        Path program = Path.of(argv.getFirst()).toAbsolutePath();
        if (!Files.isRegularFile(program)) {
            return new Outcome(127, new byte[0], (argv.getFirst() + ": " + Errno.ENOENT.message() + "\n")
                    .getBytes(StandardCharsets.UTF_8), System.nanoTime() - t0);
        }
        AgentClient agent = session.agent();
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try {
            sendProgram(agent, program);
            String root = cwd.toAbsolutePath().toString();
            agent.putTree(root, readTree(cwd));
            long t1 = System.nanoTime();
            AgentClient.Outcome o = agent.run(program.toString(), argv, Runner.ENV, root, new ByteArrayInputStream(stdin),
                    out, err, trace ? lines::add : null, TraceDecoder.Pids.ALWAYS); // as strace -f -o FILE, natively
            long wall = System.nanoTime() - t1;
            List<String> lost = writeTree(cwd, agent.takeTree(root));
            for (String path : lost) {
                err.writeBytes(("jlinux: " + path + " (a special file) in the guest's work tree is not copied back\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            int code = switch (o) {
                case AgentClient.Ended(boolean signaled, int value) -> signaled ? 128 + value : value;
                case AgentClient.NotStarted(int errno) -> {
                    Errno e = Errno.fromNumber(errno);
                    err.writeBytes((argv.getFirst() + ": " + (e == null ? "errno " + errno : e.message()) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                    yield e == Errno.ENOENT || e == Errno.ENOTDIR ? 127 : 126;
                }
            };
            return new Outcome(code, out.toByteArray(), err.toByteArray(), wall, -1, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("the VM failed: " + e.getMessage(), e);
        }
    }

    private static void sendProgram(AgentClient agent, Path program) throws IOException {
        String key = program + ":" + Files.size(program) + ":" + Files.getLastModifiedTime(program).toMillis();
        if (SENT.contains(key)) return;
        agent.putProgram(program);
        SENT.add(key);
    }

    /** The tree at {@code dir}, the root first and parents before children. */
    static List<TreeEntry> readTree(Path dir) throws IOException {
        List<TreeEntry> entries = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                String rel = dir.relativize(p).toString();
                long mtime = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.SECONDS);
                if (Files.isSymbolicLink(p)) {
                    entries.add(new TreeEntry(rel, TreeEntry.Type.SYMLINK, 0777, mtime,
                            Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8)));
                } else if (Files.isDirectory(p)) {
                    entries.add(new TreeEntry(rel, TreeEntry.Type.DIRECTORY, mode(p), mtime, new byte[0]));
                } else if (Files.isRegularFile(p)) {
                    entries.add(new TreeEntry(rel, TreeEntry.Type.FILE, mode(p), mtime, Files.readAllBytes(p)));
                } else {
                    throw new IOException(p + " is a special file: the vm target cannot copy it into the guest");
                }
            }
        }
        return entries;
    }

    /**
     * Makes {@code dir} hold exactly {@code entries} (modes and mtimes included); returns the paths of
     * special files, which it cannot make.
     */
    static List<String> writeTree(Path dir, List<TreeEntry> entries) throws IOException {
        WorkTree.deleteContents(dir);
        List<String> lost = new ArrayList<>();
        for (TreeEntry e : entries) {
            Path p = dir.resolve(e.path());
            switch (e.type()) {
                case DIRECTORY -> {
                    if (!e.path().isEmpty()) Files.createDirectory(p);
                    Files.setPosixFilePermissions(p, EnumSet.allOf(PosixFilePermission.class));
                }
                case FILE -> Files.write(p, e.data());
                case SYMLINK -> Files.createSymbolicLink(p, Path.of(new String(e.data(), StandardCharsets.UTF_8)));
                case OTHER -> lost.add(e.path());
            }
        }
        for (TreeEntry e : entries.reversed()) {
            Path p = dir.resolve(e.path());
            if (e.type() == TreeEntry.Type.SYMLINK || e.type() == TreeEntry.Type.OTHER) continue;
            Files.setPosixFilePermissions(p, permissions(e.mode()));
            Files.setLastModifiedTime(p, FileTime.from(e.mtimeSeconds(), TimeUnit.SECONDS));
        }
        return lost;
    }

    private static int mode(Path p) throws IOException {
        int m = 0;
        for (PosixFilePermission x : Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) m |= 0400 >> x.ordinal();
        return m;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission x : PosixFilePermission.values()) {
            if ((mode & (0400 >> x.ordinal())) != 0) s.add(x);
        }
        return s;
    }
}
