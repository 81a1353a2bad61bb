// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.vfs.tmpfs.TmpFs;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** A VFS over a fresh tmpfs root (mode 0777, owned by root), with a caller at its root and a test clock. */
final class TestVfs {
    final AtomicLong clock = new AtomicLong(1_700_000_000_000_000_000L);
    final FileSystem rootFs;
    final Vfs vfs;
    Caller caller;

    TestVfs() {
        this(null);
    }

    /** Over {@code root}, or over a fresh tmpfs when it is null. */
    TestVfs(FileSystem root) {
        try {
            rootFs = root != null ? root : new TmpFs(0x2a, 1L << 30, clock::get, 0777, 0, 0);
            vfs = new Vfs(new MountTable(rootFs, rootFs.type()), clock::get);
            caller = new Caller(vfs.newContext(022), Credentials.root(), new FdTable(() -> 1024));
        } catch (ErrnoException e) {
            throw new AssertionError(e);
        }
    }

    /** Switches the fs ids as setfsuid/setfsgid do, keeping root's real/effective ids and this JVM's supplementary groups. */
    void asFs(int uid, int gid) {
        caller = caller.withCreds(new Credentials(0, 0, 0, 0, 0, 0, uid, gid, hostGroups()));
    }

    /** Whether this JVM runs as root (the native side of the oracle tests switches users and chowns). */
    static boolean hostRoot() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.substring(4).trim().split("\\s+")[1].equals("0");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return false;
    }

    /** This process's supplementary groups (/proc/self/status), as the native side of an oracle test has them. */
    static Set<Integer> hostGroups() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("Groups:")) {
                    Set<Integer> g = new java.util.HashSet<>();
                    for (String n : line.substring(7).trim().split("\\s+")) {
                        if (!n.isEmpty()) g.add(Integer.parseInt(n));
                    }
                    return g;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Set.of();
    }

    void as(Credentials c) {
        caller = caller.withCreds(c);
    }

    /** The errno {@code r} fails with, or null when it succeeds. */
    static Errno errno(PathWalkTest.ThrowingRunnable r) {
        try {
            r.run();
            return null;
        } catch (ErrnoException e) {
            return e.errno();
        }
    }
}
