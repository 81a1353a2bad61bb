// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm;

import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.vfs.MountTable;
import dev.jlinux.vfs.Vfs;
import dev.jlinux.vfs.hostfs.HostFs;
import dev.jlinux.vm.ninep.NinepServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The host's files in the guest, as v1 sees them: the host's {@code /} (hostfs through the jlinux
 * VFS, read-write) served over 9P on the VM's second virtio-serial port and mounted at
 * {@value #MOUNT_POINT}; each top-level host directory is bind-mounted from there onto the same
 * path in the guest and each top-level symlink is recreated, so absolute paths (the program, its
 * working directory, {@code /bin/busybox}, {@code /tmp}) are the same in the guest as on the host.
 * The guest keeps its own {@code /dev}, {@code /proc}, {@code /sys} and {@code /run}.
 *
 * <p>v9fs runs with {@code cache=mmap}: like {@code cache=none}, every name lookup, attribute, read
 * and write goes to the server, so the guest sees the host's changes (and v1 programs' changes) at
 * once and nothing written is lost when the VM is killed; unlike it, shared writable mappings work
 * (their pages are cached and written back as on any filesystem, at msync or munmap at the latest).
 * The price is a round trip per operation.
 */
public final class HostShare implements AutoCloseable {
    /** Where the host's root is mounted in the guest. */
    public static final String MOUNT_POINT = "/host";
    /** The 9P message size: large reads and writes in few messages. */
    static final int MSIZE = 256 << 10;
    /** v9fs's cache mode: none, but for the pages of shared mappings. */
    static final String CACHE = "mmap";
    /** Top-level names that stay the guest's own: its kernel's filesystems, the share itself, the agent. */
    static final Set<String> GUEST_OWN = Set.of("dev", "proc", "sys", "run", "host", "init");

    private final SocketChannel channel;
    private final Thread server;
    private final HostFs hostFs;

    private HostShare(SocketChannel channel, Thread server, HostFs hostFs) {
        this.channel = channel;
        this.server = server;
        this.hostFs = hostFs;
    }

    /**
     * Serves the host's root on the 9P socket {@code socket} of a VM and has its agent mount it.
     * The VM must be past any snapshot: QEMU does not save a VM whose port is in use.
     */
    static HostShare start(AgentClient agent, Path socket, Instant deadline, BooleanSupplier qemuAlive)
            throws IOException {
        HostFs fs;
        Vfs vfs;
        try {
            fs = HostFs.open(Path.of("/"), 0);
            vfs = new Vfs(new MountTable(fs, "/"), HostShare::nowNs);
        } catch (ErrnoException e) {
            throw new IOException("cannot open the host's / for the VM: " + e.errno().message(), e);
        }
        SocketChannel ch = AgentClient.connectSocket(socket, deadline, qemuAlive);
        NinepServer ninep = new NinepServer(vfs, vfs.mounts().root().rootLocation());
        Thread t = Thread.ofPlatform().daemon().name("jlinux-vm-9p").start(() -> {
            try {
                ninep.serve(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16), Channels.newOutputStream(ch));
            } catch (IOException e) {
                // The connection closed (the session ended or the VM stopped): the share is over.
            } finally {
                // Also after a server bug: the guest's requests then fail with EIO instead of waiting forever.
                try {
                    ch.close();
                } catch (IOException e) {
                    // closed already
                }
            }
        });
        HostShare share = new HostShare(ch, t, fs);
        try {
            List<String> binds = new ArrayList<>();
            Map<String, String> links = new LinkedHashMap<>();
            layout(Path.of("/"), binds, links);
            agent.mountShare(MOUNT_POINT, MSIZE, CACHE, binds, links);
        } catch (IOException e) {
            share.close();
            throw e;
        }
        return share;
    }

    /**
     * What the guest needs to see {@code root}'s top level at the same paths: directories to
     * bind-mount and symlinks to recreate. A symlink named like a directory the initramfs has
     * ({@code /lib}, {@code /tmp}) is bind-mounted instead (the mount follows it on the share).
     */
    static void layout(Path root, List<String> binds, Map<String, String> links) throws IOException {
        List<Path> entries;
        try (var list = Files.list(root)) {
            entries = list.sorted().toList();
        }
        for (Path e : entries) {
            String name = e.getFileName().toString();
            if (GUEST_OWN.contains(name)) continue;
            if (Files.isSymbolicLink(e)) {
                if (Initramfs.DIRECTORIES.contains(name)) {
                    if (Files.isDirectory(e)) binds.add("/" + name);
                } else {
                    links.put("/" + name, Files.readSymbolicLink(e).toString());
                }
            } else if (Files.isDirectory(e)) {
                binds.add("/" + name);
            }
        }
    }

    private static long nowNs() {
        Instant n = Instant.now();
        return n.getEpochSecond() * 1_000_000_000L + n.getNano();
    }

    /** Ends the share: the guest's mount fails from now on (the next session mounts afresh). */
    @Override
    public void close() throws IOException {
        channel.close();
        try {
            server.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hostFs.close();
    }
}
