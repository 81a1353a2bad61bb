// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs;

import static dev.jlinux.vfs.TestVfs.errno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jlinux.syscalls.At;
import dev.jlinux.syscalls.Errno;
import dev.jlinux.syscalls.ErrnoException;
import dev.jlinux.syscalls.FsMagic;
import dev.jlinux.syscalls.OpenFlags;
import dev.jlinux.vfs.devfs.DevFs;
import dev.jlinux.vfs.procfs.LoadAverage;
import dev.jlinux.vfs.procfs.ProcFs;
import dev.jlinux.vfs.procfs.ProcessTable;
import dev.jlinux.vfs.procfs.ProcessView;
import dev.jlinux.vfs.procfs.SysFs;
import dev.jlinux.vfs.procfs.SystemView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /proc and /sys generated from a fake process table, read through the VFS. */
class ProcFsTest {
    private final TestVfs t = new TestVfs();
    private final Vfs v = t.vfs;
    private final ProcessView proc = new ProcessView() {
        @Override public int pid() {
            return 42;
        }

        @Override public int ppid() {
            return 1;
        }

        @Override public int pgrp() {
            return 40;
        }

        @Override public int session() {
            return 30;
        }

        @Override public String comm() {
            return "prog";
        }

        @Override public List<String> cmdline() {
            return List.of("/bin/prog", "-x");
        }

        @Override public List<String> environ() {
            return List.of("A=1");
        }

        @Override public String exe() {
            return "/bin/prog";
        }

        @Override public FsContext fs() {
            return t.caller.fs();
        }

        @Override public FdTable fds() {
            return t.caller.fds();
        }

        @Override public Credentials creds() {
            return t.caller.creds();
        }

        @Override public List<String> maps() {
            return List.of("00400000-00401000 r-xp 00000000 00:00 0 /bin/prog");
        }

        @Override public char state() {
            return 'R';
        }
    };

    private final LoadAverage load = new LoadAverage();

    ProcFsTest() throws ErrnoException {
        ProcessTable table = new ProcessTable() {
            @Override public ProcessView current() {
                return proc;
            }

            @Override public ProcessView byPid(int pid) {
                return pid == 42 ? proc : null;
            }

            @Override public List<Integer> pids() {
                return List.of(42);
            }

            @Override public LoadAverage loadAverage() {
                return load;
            }

            @Override public int running() {
                return 1;
            }

            @Override public int lastPid() {
                return 57;
            }
        };
        load.sample(1);
        SystemView sys = new SystemView("box", "6.1.0-jlinux", "Linux", 2, "QEMU Virtual CPU", "fpu sse sse2", 2048, 1024, 1536);
        for (String d : new String[] {"/proc", "/sys", "/dev"}) v.mkdir(t.caller, At.AT_FDCWD, d, 0755);
        long boot = t.clock.get() - 90_500_000_000L;
        v.mounts().mount(v.resolve(t.caller, At.AT_FDCWD, "/proc", 0), new ProcFs(v, table, sys, 3, t.clock::get, boot),
                "proc", false);
        v.mounts().mount(v.resolve(t.caller, At.AT_FDCWD, "/sys", 0), new SysFs(2, 4, boot), "sysfs", false);
        v.mounts().mount(v.resolve(t.caller, At.AT_FDCWD, "/dev", 0), DevFs.create(v, 5, t.clock::get, DevFs.NO_TTY),
                "devtmpfs", false);
    }

    private String read(String path) throws ErrnoException {
        OpenFile f = v.open(t.caller, At.AT_FDCWD, path, OpenFlags.O_RDONLY, 0);
        ByteBuffer b = ByteBuffer.allocate(8192);
        while (f.read(b) > 0) {
            // read to the end
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private List<String> list(String path) throws ErrnoException {
        List<String> names = new ArrayList<>();
        v.open(t.caller, At.AT_FDCWD, path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY, 0)
                .readdir((ino, type, name, next) -> names.add(name));
        return names;
    }

    @Test
    void selfAndThePidDirectory() throws ErrnoException {
        assertThat(v.readlink(t.caller, At.AT_FDCWD, "/proc/self")).isEqualTo("42");
        assertThat(list("/proc/self")).containsExactly(".", "..", "stat", "status", "cmdline", "environ", "exe", "cwd",
                "root", "fd", "fdinfo", "maps");
        assertThat(read("/proc/self/cmdline")).isEqualTo("/bin/prog\0-x\0");
        assertThat(read("/proc/42/environ")).isEqualTo("A=1\0");
        assertThat(read("/proc/self/stat")).startsWith("42 (prog) R 1 40 30 0 ").endsWith("\n");
        assertThat(read("/proc/self/stat").trim().split(" ")[19]).isEqualTo("1");
        assertThat(read("/proc/self/stat").trim().split(" ")).hasSize(52);
        assertThat(read("/proc/self/status")).contains("Name:\tprog\n", "State:\tR (running)\n", "PPid:\t1\n", "Threads:\t1\n");
        assertThat(read("/proc/self/maps")).isEqualTo("00400000-00401000 r-xp 00000000 00:00 0 /bin/prog\n");
        assertThat(v.readlink(t.caller, At.AT_FDCWD, "/proc/self/exe")).isEqualTo("/bin/prog");
        assertThat(v.readlink(t.caller, At.AT_FDCWD, "/proc/self/cwd")).isEqualTo("/");
        assertThat(errno(() -> v.stat(t.caller, At.AT_FDCWD, "/proc/43", 0))).isEqualTo(Errno.ENOENT);
        assertThat(list("/proc")).contains("self", "42", "cpuinfo", "meminfo", "mounts", "uptime", "sys");
    }

    @Test
    void fdLinksNameTheOpenFiles() throws Exception {
        int fd = v.openat(t.caller, At.AT_FDCWD, "/file", OpenFlags.O_CREAT | OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC, 0644);
        t.caller.fds().get(fd).write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)), Credentials.root());
        assertThat(list("/proc/self/fd")).contains(Integer.toString(fd));
        assertThat(v.readlink(t.caller, At.AT_FDCWD, "/proc/self/fd/" + fd)).isEqualTo("/file");
        long ino = v.stat(t.caller, At.AT_FDCWD, "/file", 0).ino();
        assertThat(read("/proc/self/fdinfo/" + fd)).isEqualTo("pos:\t3\nflags:\t02100002\nmnt_id:\t1\nino:\t" + ino + "\n");
        try (var ch = java.nio.channels.FileChannel.open(Path.of("/proc/self/fdinfo/0"))) {
            String host = new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(host).as("the host's first four fdinfo lines").matches("(?s)pos:\t\\d+\nflags:\t0\\d+\nmnt_id:\t\\d+\nino:\t\\d+\n.*");
        }
        t.caller.fds().dup2(fd, 0);
        assertThat(read("/dev/stdin")).as("/dev/stdin → /proc/self/fd/0 → /file").isEqualTo("abc");
        v.mkdir(t.caller, At.AT_FDCWD, "/d", 0755);
        v.rename(t.caller, At.AT_FDCWD, "/file", At.AT_FDCWD, "/renamed", 0);
        assertThat(v.readlink(t.caller, At.AT_FDCWD, "/proc/self/fd/" + fd)).isEqualTo("/renamed");
        v.link(t.caller, At.AT_FDCWD, "/renamed", At.AT_FDCWD, "/d/file", 0);
        v.unlink(t.caller, At.AT_FDCWD, "/renamed", 0);
        assertThat(errno(() -> v.readlink(t.caller, At.AT_FDCWD, "/proc/self/fd/" + fd)))
                .as("moved to another directory: jlinux does not follow it there").isEqualTo(Errno.ENOENT);
        v.unlink(t.caller, At.AT_FDCWD, "/d/file", 0);
        assertThat(v.readlink(t.caller, At.AT_FDCWD, "/proc/self/fd/" + fd)).as("the name it was opened by").isEqualTo("/file (deleted)");
    }

    @Test
    void systemFiles() throws Exception {
        assertThat(read("/proc/sys/kernel/ostype")).isEqualTo("Linux\n");
        assertThat(read("/proc/sys/kernel/osrelease")).isEqualTo("6.1.0-jlinux\n");
        assertThat(read("/proc/sys/kernel/hostname")).isEqualTo("box\n");
        assertThat(read("/proc/uptime")).isEqualTo("90.50 0.00\n");
        assertThat(read("/proc/cpuinfo")).contains("processor\t: 1\n", "model name\t: QEMU Virtual CPU\n");
        assertThat(read("/proc/loadavg")).isEqualTo("0.08 0.02 0.01 1/1 57\n");
        assertThat(read("/proc/mounts")).isEqualTo("tmpfs / tmpfs rw 0 0\nproc /proc proc rw 0 0\nsysfs /sys sysfs rw 0 0\n"
                + "devtmpfs /dev tmpfs rw 0 0\n");
        String meminfo = read("/proc/meminfo");
        assertThat(meminfo).startsWith("MemTotal:           2048 kB\n");
        // the host's meminfo lines have the same layout: a 16-column label, an 8-column number
        String hostLine = Files.readAllLines(Path.of("/proc/meminfo")).getFirst();
        assertThat(hostLine).matches("MemTotal: {0,7} *\\d{1,8} kB").hasSize(meminfo.lines().findFirst().orElseThrow().length());
        assertThat(read("/sys/devices/system/cpu/online")).isEqualTo("0-1\n");
        assertThat(list("/sys")).containsExactly(".", "..", "devices", "kernel", "fs", "class");
        assertThat(v.statfs(t.caller, "/proc/self").type()).isEqualTo(FsMagic.PROC_SUPER_MAGIC);
        assertThat(v.statfs(t.caller, "/sys/devices").type()).isEqualTo(FsMagic.SYSFS_MAGIC);
        assertThat(v.stat(t.caller, At.AT_FDCWD, "/proc/self/..", 0).ino())
                .isEqualTo(v.stat(t.caller, At.AT_FDCWD, "/proc", 0).ino());
    }

}
