// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator;

import dev.jlinux.syscalls.DeviceNumbers;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.translator.host.HostStat;
import dev.jlinux.translator.kernel.Fifos;
import dev.jlinux.translator.kernel.Kernel;
import dev.jlinux.translator.kernel.KernelProcesses;
import dev.jlinux.syscalls.At;
import dev.jlinux.vfs.Caller;
import dev.jlinux.vfs.Credentials;
import dev.jlinux.vfs.FdTable;
import dev.jlinux.vfs.Location;
import dev.jlinux.vfs.MountTable;
import dev.jlinux.vfs.Vfs;
import dev.jlinux.vfs.devfs.DevFs;
import dev.jlinux.vfs.hostfs.HostFs;
import dev.jlinux.vfs.procfs.ProcFs;
import dev.jlinux.vfs.procfs.SysFs;
import dev.jlinux.vfs.procfs.SystemView;
import dev.jlinux.vfs.tmpfs.TmpFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The guest's mount namespace from an {@link FsLayout}: the root host directory through hostfs
 * (confined to it), jlinux's own procfs on {@code /proc}, sysfs on {@code /sys} and devfs on
 * {@code /dev} where the root has those directories, then the layout's mounts.
 */
final class GuestFileSystems {
    /** Anonymous device numbers (major 0) for the pseudo filesystems, as a typical kernel numbers them. */
    private static final long PROC_DEV = DeviceNumbers.makedev(0, 22);
    private static final long SYS_DEV = DeviceNumbers.makedev(0, 21);
    private static final long DEV_DEV = DeviceNumbers.makedev(0, 5);
    /** The first anonymous device number given to a --tmpfs mount. */
    private static final long TMP_DEV_FIRST = DeviceNumbers.makedev(0, 40);

    private GuestFileSystems() {}

    /** The namespace; ExecFailure names the root or mount that cannot be set up, with the errno mount(2) would give. */
    static Vfs build(Kernel kernel, FsLayout layout) throws ExecFailure {
        String where = layout.root().toString();
        try {
            LongSupplier clockNs = () -> {
                Instant now = Instant.now();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            };
            Path root = layout.root();
            MountTable mounts = new MountTable(HostFs.open(root, hostDev(root)), hostSource(root));
            Vfs vfs = new Vfs(mounts, clockNs);
            vfs.setFifos(new Fifos());
            long bootNs = clockNs.getAsLong() - uptimeNs();
            int cpus = Runtime.getRuntime().availableProcessors();
            SystemView sys = new SystemView(hostFact("hostname", "localhost"), hostFact("osrelease", "6.1.0-jlinux"),
                    "Linux", cpus, "jlinux virtual CPU", "", memKb("MemTotal"), memKb("MemFree"), memKb("MemAvailable"));
            mountOn(vfs, "proc", new ProcFs(vfs, new KernelProcesses(kernel), sys, PROC_DEV, clockNs, bootNs), "proc");
            mountOn(vfs, "sys", new SysFs(cpus, SYS_DEV, bootNs), "sysfs");
            mountOn(vfs, "dev", DevFs.create(vfs, DEV_DEV, clockNs, DevFs.NO_TTY), "devtmpfs");
            Caller admin = new Caller(vfs.newContext(0), Credentials.root(), new FdTable(() -> 0));
            long tmpDev = TMP_DEV_FIRST;
            for (FsLayout.GuestMount m : layout.mounts()) {
                where = m instanceof FsLayout.GuestMount.Bind b ? b.host() + ":" + m.guest() : m.guest();
                Location at = vfs.resolve(admin, At.AT_FDCWD, m.guest(), 0);
                if (!at.inode().getattr().isDirectory()) throw new ErrnoException(Errno.ENOTDIR);
                switch (m) {
                    case FsLayout.GuestMount.Bind b -> vfs.mounts().mount(at, HostFs.open(b.host(), hostDev(b.host())),
                            hostSource(b.host()), b.readOnly());
                    case FsLayout.GuestMount.Tmpfs t ->
                        vfs.mounts().mount(at, new TmpFs(tmpDev++, tmpfsSize(), clockNs, 01777, 0, 0), "tmpfs", false);
                }
            }
            return vfs;
        } catch (ErrnoException e) {
            throw new ExecFailure(where, e.errno(), e.getMessage());
        }
    }

    /** Linux's default tmpfs size: half of the memory (1 GiB where the host does not say). */
    private static long tmpfsSize() {
        long kb = memKb("MemTotal");
        return kb > 0 ? kb * 1024 / 2 : 1L << 30;
    }

    private static long hostDev(Path dir) throws ErrnoException {
        return HostStat.AVAILABLE ? HostStat.stat(dir, true).dev() : 0;
    }

    /** Mounts {@code fs} on the root's directory {@code name}, when the root has one. */
    private static void mountOn(Vfs vfs, String name, dev.jlinux.vfs.FileSystem fs, String source)
            throws ErrnoException {
        Location root = vfs.mounts().root().rootLocation();
        Location at;
        try {
            at = new Location(root.mount(), root.inode().lookup(name));
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) return;
            throw e;
        }
        vfs.mounts().mount(at, fs, source, false);
    }

    private static long uptimeNs() {
        try {
            String up = Files.readString(Path.of("/proc/uptime")).strip().split("\\s+")[0];
            return (long) (Double.parseDouble(up) * 1e9);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * What /proc/mounts names a host directory's mount by: the source of the host mount the directory
     * lies on (its device, as Linux names a bind mount by its filesystem's source), from the host's
     * mountinfo, so that df finds and names the guest's mounts as the host's; the directory itself
     * where the host does not say.
     */
    static String hostSource(Path dir) {
        try {
            Path real = dir.toRealPath();
            String source = dir.toString();
            int depth = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
                List<String> f = List.of(line.split(" "));
                int dash = f.indexOf("-");
                if (dash < 6 || dash + 2 >= f.size()) continue;
                Path at = Path.of(unescapeMountField(f.get(4)));
                // A later mount on the same point is on top of the earlier one.
                if (real.startsWith(at) && at.getNameCount() >= depth) {
                    source = unescapeMountField(f.get(dash + 2));
                    depth = at.getNameCount();
                }
            }
            return source;
        } catch (IOException | RuntimeException e) {
            return dir.toString();
        }
    }

    /** A mountinfo field with its octal escapes ({@code \040} for a space) undone. */
    private static String unescapeMountField(String field) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The host kernel's own answer where it has one (a Linux host). */
    private static String hostFact(String name, String fallback) {
        try {
            return Files.readString(Path.of("/proc/sys/kernel", name)).strip();
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    private static long memKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            // not a Linux host
        }
        return 0;
    }
}
