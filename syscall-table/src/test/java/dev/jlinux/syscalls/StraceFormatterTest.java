// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The formatter against lines strace 6.1 printed for the same calls on Linux x86-64 (addresses
 * replaced by the fake memory's).
 */
class StraceFormatterTest {
    private final FakeMemory mem = new FakeMemory(0x7ffd0000L, 1 << 16);

    /** A bad pointer: outside the fake memory. */
    private static final long BAD = 0x8;

    private String call(String name, long result, long... a) {
        long[] r = Arrays.copyOf(a, 6);
        SyscallArgs args = new SyscallArgs(SyscallNumbers.number(name), r[0], r[1], r[2], r[3], r[4], r[5]);
        return StraceFormatter.format(SyscallSignatures.forName(name), args, result, mem);
    }

    private static long err(Errno e) {
        return -e.number();
    }

    private static String h(long v) {
        return "0x" + Long.toHexString(v);
    }

    @Nested
    class Strings {
        @Test
        void plainText() {
            long buf = mem.putText("hello, world\n");
            assertThat(call("write", 13, 1, buf, 13)).isEqualTo("write(1, \"hello, world\\n\", 13) = 13");
        }

        @Test
        void escapesAndTruncatesAt32Bytes() {
            long buf = mem.putText("tab\there \"q\" back\\ cr\r vt\u000b ff\f bel\u0007 nul");
            assertThat(call("write", 80, 1, buf, 80))
                    .isEqualTo("write(1, \"tab\\there \\\"q\\\" back\\\\ cr\\r vt\\v ff\\f b\"..., 80) = 80");
        }

        @Test
        void exactly32BytesHasNoEllipsis() {
            long buf = mem.putText("0123456789abcdefghijklmnopqrstuvw");
            assertThat(call("write", 32, 1, buf, 32))
                    .isEqualTo("write(1, \"0123456789abcdefghijklmnopqrstuv\", 32) = 32");
            assertThat(call("write", 33, 1, buf, 33))
                    .isEqualTo("write(1, \"0123456789abcdefghijklmnopqrstuv\"..., 33) = 33");
        }

        @Test
        void octalEscapesUseThreeDigitsOnlyBeforeAnOctalDigit() {
            long buf = mem.putBytes(0, '1', 0, '9', 1, '1', 0xff, 0);
            assertThat(call("write", 8, 1, buf, 8)).isEqualTo("write(1, \"\\0001\\09\\0011\\377\\0\", 8) = 8");
        }

        @Test
        void highBytesAndEscapeAreOctal() {
            long buf = mem.putBytes(0x7f, 0x80, 0xc3, 0xa9, ' ', 'u', 't', 'f', '8', ' ', 0x1b, '[', '0', 'm');
            assertThat(call("write", 14, 1, buf, 14))
                    .isEqualTo("write(1, \"\\177\\200\\303\\251 utf8 \\33[0m\", 14) = 14");
        }

        @Test
        void elfHeaderAsStracePrintsIt() {
            long buf = mem.putBytes(0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    3, 0, '>', 0, 1, 0, 0, 0, 0xd0, '#', 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0);
            assertThat(call("read", 64, 8, buf, 64)).isEqualTo(
                    "read(8, \"\\177ELF\\2\\1\\1\\0\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0\\320#\\0\\0\\0\\0\\0\\0\"..., 64) = 64");
        }

        @Test
        void emptyNullAndFaultingBuffers() {
            long buf = mem.putText("abc");
            assertThat(call("write", 0, 1, buf, 0)).isEqualTo("write(1, \"\", 0) = 0");
            assertThat(call("write", 3, 1, BAD, 3)).isEqualTo("write(1, 0x8, 3) = 3");
            assertThat(call("write", 3, 1, 0, 3)).isEqualTo("write(1, NULL, 3) = 3");
            assertThat(call("write", 3, 1, mem.end() - 2, 3)).isEqualTo("write(1, " + h(mem.end() - 2) + ", 3) = 3");
        }

        @Test
        void readPrintsTheResultLengthAndOnlyOnSuccess() {
            long buf = mem.putText("vm\nXXXXXXXX");
            assertThat(call("read", 3, 3, buf, 4096)).isEqualTo("read(3, \"vm\\n\", 4096) = 3");
            assertThat(call("read", 0, 3, buf, 4096)).isEqualTo("read(3, \"\", 4096) = 0");
            assertThat(call("read", err(Errno.EBADF), 99, buf, 4096))
                    .isEqualTo("read(99, " + h(buf) + ", 4096) = -1 EBADF (Bad file descriptor)");
            assertThat(call("read", err(Errno.EFAULT), 0, buf, -1L))
                    .isEqualTo("read(0, " + h(buf) + ", 18446744073709551615) = -1 EFAULT (Bad address)");
        }

        @Test
        void getrandomPrintsHex() {
            long buf = mem.putBytes(0x83, 0x60, 0x72, 0x9a);
            assertThat(call("getrandom", 4, buf, 4, 1)).isEqualTo("getrandom(\"\\x83\\x60\\x72\\x9a\", 4, GRND_NONBLOCK) = 4");
            assertThat(call("getrandom", 0, buf, 0, 0)).isEqualTo("getrandom(\"\", 0, 0) = 0");
            assertThat(call("getrandom", err(Errno.EINVAL), buf, 3, 7))
                    .isEqualTo("getrandom(" + h(buf) + ", 3, GRND_NONBLOCK|GRND_RANDOM|GRND_INSECURE) = -1 EINVAL (Invalid argument)");
        }
    }

    @Nested
    class Paths {
        @Test
        void openat() {
            long p = mem.putString("/etc/hostname");
            assertThat(call("openat", 3, At.AT_FDCWD, p, OpenFlags.O_RDONLY))
                    .isEqualTo("openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) = 3");
            long nope = mem.putString("/nope");
            assertThat(call("openat", err(Errno.ENOENT), At.AT_FDCWD, nope, 0))
                    .isEqualTo("openat(AT_FDCWD, \"/nope\", O_RDONLY) = -1 ENOENT (No such file or directory)");
        }

        @Test
        void modeOnlyWithCreateOrTmpfile() {
            long p = mem.putString("/tmp/st/x");
            int flags = OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC | OpenFlags.O_CLOEXEC;
            assertThat(call("openat", 4, At.AT_FDCWD, p, flags, 0644))
                    .isEqualTo("openat(AT_FDCWD, \"/tmp/st/x\", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644) = 4");
            long x = mem.putString("x");
            assertThat(call("openat", err(Errno.EINVAL), 0, x, OpenFlags.O_TMPFILE, 0600))
                    .isEqualTo("openat(0, \"x\", O_RDONLY|O_TMPFILE, 0600) = -1 EINVAL (Invalid argument)");
            assertThat(call("open", 6, p, OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_EXCL, 0600))
                    .isEqualTo("open(\"/tmp/st/x\", O_RDWR|O_CREAT|O_EXCL, 0600) = 6");
            assertThat(call("open", err(Errno.ENOTDIR), p, OpenFlags.O_DIRECTORY, 0777))
                    .isEqualTo("open(\"/tmp/st/x\", O_RDONLY|O_DIRECTORY) = -1 ENOTDIR (Not a directory)");
            assertThat(call("creat", 7, p, 0755)).isEqualTo("creat(\"/tmp/st/x\", 0755) = 7");
        }

        @Test
        void unknownFlagBits() {
            long p = mem.putString("/tmp/st/x");
            assertThat(call("openat", 5, At.AT_FDCWD, p, 0x40000000)).isEqualTo("openat(AT_FDCWD, \"/tmp/st/x\", O_RDONLY|0x40000000) = 5");
            int flags = OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_SYNC | OpenFlags.O_PATH
                    | OpenFlags.O_NOFOLLOW | OpenFlags.FASYNC;
            assertThat(call("openat", 4, At.AT_FDCWD, p, flags, 0600))
                    .isEqualTo("openat(AT_FDCWD, \"/tmp/st/x\", O_WRONLY|O_CREAT|O_SYNC|O_NOFOLLOW|O_PATH|FASYNC, 0600) = 4");
        }

        @Test
        void nullFaultingEmptyAndEscapedPaths() {
            assertThat(call("openat", err(Errno.EFAULT), 5, 1, OpenFlags.O_RDWR))
                    .isEqualTo("openat(5, 0x1, O_RDWR) = -1 EFAULT (Bad address)");
            assertThat(call("openat", err(Errno.EFAULT), At.AT_FDCWD, 0, 0))
                    .isEqualTo("openat(AT_FDCWD, NULL, O_RDONLY) = -1 EFAULT (Bad address)");
            assertThat(call("openat", err(Errno.ENOENT), At.AT_FDCWD, mem.putString(""), 0))
                    .isEqualTo("openat(AT_FDCWD, \"\", O_RDONLY) = -1 ENOENT (No such file or directory)");
            long odd = mem.putBytes(1, '\n', 0xff, '/', 'a', '"', 0);
            assertThat(call("openat", err(Errno.ENOENT), At.AT_FDCWD, odd, 0))
                    .isEqualTo("openat(AT_FDCWD, \"\\1\\n\\377/a\\\"\", O_RDONLY) = -1 ENOENT (No such file or directory)");
        }

        @Test
        void pathsAreNotShortenedLikeStrings() {
            String longPath = "/lib/x86_64-linux-gnu/libc.so.6/" + "a".repeat(100);
            long p = mem.putString(longPath);
            assertThat(call("openat", 3, At.AT_FDCWD, p, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC))
                    .isEqualTo("openat(AT_FDCWD, \"" + longPath + "\", O_RDONLY|O_CLOEXEC) = 3");
        }

        @Test
        void pathWithoutNulWithinPathMaxIsShortened() {
            long p = mem.putText("b".repeat(5000));
            assertThat(call("chdir", err(Errno.ENAMETOOLONG), p))
                    .isEqualTo("chdir(\"" + "b".repeat(4096) + "\"...) = -1 ENAMETOOLONG (File name too long)");
        }

        @Test
        void pathRunningOffTheMappingIsAnAddress() {
            long p = mem.end() - 3;
            mem.putAt(p, "abc");
            assertThat(call("unlink", err(Errno.EFAULT), p)).isEqualTo("unlink(" + h(p) + ") = -1 EFAULT (Bad address)");
        }

        @Test
        void openat2() {
            long p = mem.putString("/tmp/st/x");
            long how = mem.putLongs(OpenFlags.O_RDONLY, 0, OpenFlags.RESOLVE_BENEATH);
            assertThat(call("openat2", err(Errno.EXDEV), At.AT_FDCWD, p, how, 24)).isEqualTo(
                    "openat2(AT_FDCWD, \"/tmp/st/x\", {flags=O_RDONLY, resolve=RESOLVE_BENEATH}, 24) = -1 EXDEV (Invalid cross-device link)");
            long how2 = mem.putLongs(OpenFlags.O_RDWR | OpenFlags.O_CREAT, 0600, 0);
            assertThat(call("openat2", 3, At.AT_FDCWD, p, how2, 24))
                    .isEqualTo("openat2(AT_FDCWD, \"/tmp/st/x\", {flags=O_RDWR|O_CREAT, mode=0600, resolve=0}, 24) = 3");
        }

        @Test
        void directoryCalls() {
            long a = mem.putString("/tmp/st/y3");
            long b = mem.putString("/tmp/st/y4");
            long d2 = mem.putString("d2");
            assertThat(call("mkdir", 0, a, 0755)).isEqualTo("mkdir(\"/tmp/st/y3\", 0755) = 0");
            assertThat(call("mkdir", 0, a, 01777)).isEqualTo("mkdir(\"/tmp/st/y3\", 01777) = 0");
            assertThat(call("mkdirat", 0, 9, d2, 0700)).isEqualTo("mkdirat(9, \"d2\", 0700) = 0");
            assertThat(call("unlinkat", 0, 9, d2, At.AT_REMOVEDIR)).isEqualTo("unlinkat(9, \"d2\", AT_REMOVEDIR) = 0");
            assertThat(call("unlinkat", 0, At.AT_FDCWD, d2, 0)).isEqualTo("unlinkat(AT_FDCWD, \"d2\", 0) = 0");
            assertThat(call("renameat2", 0, At.AT_FDCWD, a, At.AT_FDCWD, b, At.RENAME_NOREPLACE))
                    .isEqualTo("renameat2(AT_FDCWD, \"/tmp/st/y3\", AT_FDCWD, \"/tmp/st/y4\", RENAME_NOREPLACE) = 0");
            assertThat(call("linkat", 0, At.AT_FDCWD, b, 9, d2, At.AT_SYMLINK_FOLLOW))
                    .isEqualTo("linkat(AT_FDCWD, \"/tmp/st/y4\", 9, \"d2\", AT_SYMLINK_FOLLOW) = 0");
            assertThat(call("symlinkat", 0, d2, 9, a)).isEqualTo("symlinkat(\"d2\", 9, \"/tmp/st/y3\") = 0");
            assertThat(call("rename", 0, a, b)).isEqualTo("rename(\"/tmp/st/y3\", \"/tmp/st/y4\") = 0");
            assertThat(call("chmod", err(Errno.ENOENT), a, 0))
                    .isEqualTo("chmod(\"/tmp/st/y3\", 000) = -1 ENOENT (No such file or directory)");
            assertThat(call("chmod", 0, a, 0100644)).isEqualTo("chmod(\"/tmp/st/y3\", 0100644) = 0");
            assertThat(call("fchmodat", 0, At.AT_FDCWD, a, 0600)).isEqualTo("fchmodat(AT_FDCWD, \"/tmp/st/y3\", 0600) = 0");
            assertThat(call("fchdir", 0, 9)).isEqualTo("fchdir(9) = 0");
        }

        @Test
        void pathsTheKernelWrites() {
            long buf = mem.alloc(64);
            mem.putAt(buf, "/tmp/st\0junk");
            assertThat(call("getcwd", 8, buf, 4096)).isEqualTo("getcwd(\"/tmp/st\", 4096) = 8");
            assertThat(call("getcwd", err(Errno.ERANGE), buf, 2))
                    .isEqualTo("getcwd(" + h(buf) + ", 2) = -1 ERANGE (Numerical result out of range)");
            long exe = mem.putString("/proc/self/exe");
            assertThat(call("readlink", 3, exe, buf, 3)).isEqualTo("readlink(\"/proc/self/exe\", \"/tm\", 3) = 3");
            assertThat(call("readlinkat", err(Errno.ENOENT), At.AT_FDCWD, exe, buf, 4096)).isEqualTo(
                    "readlinkat(AT_FDCWD, \"/proc/self/exe\", " + h(buf) + ", 4096) = -1 ENOENT (No such file or directory)");
        }

        @Test
        void accessModes() {
            long p = mem.putString("/etc/hostname");
            assertThat(call("access", 0, p, Fcntl.R_OK | Fcntl.W_OK)).isEqualTo("access(\"/etc/hostname\", R_OK|W_OK) = 0");
            assertThat(call("access", 0, p, 0)).isEqualTo("access(\"/etc/hostname\", F_OK) = 0");
            assertThat(call("access", err(Errno.EINVAL), p, 0x10))
                    .isEqualTo("access(\"/etc/hostname\", 0x10 /* ?_OK */) = -1 EINVAL (Invalid argument)");
            assertThat(call("access", err(Errno.EINVAL), p, Fcntl.R_OK | 0x10))
                    .isEqualTo("access(\"/etc/hostname\", R_OK|0x10) = -1 EINVAL (Invalid argument)");
            assertThat(call("faccessat", 0, At.AT_FDCWD, p, Fcntl.X_OK)).isEqualTo("faccessat(AT_FDCWD, \"/etc/hostname\", X_OK) = 0");
            assertThat(call("faccessat2", 0, At.AT_FDCWD, p, Fcntl.X_OK, At.AT_EACCESS))
                    .isEqualTo("faccessat2(AT_FDCWD, \"/etc/hostname\", X_OK, AT_EACCESS) = 0");
            assertThat(call("faccessat2", 0, At.AT_FDCWD, p, 0, 0)).isEqualTo("faccessat2(AT_FDCWD, \"/etc/hostname\", F_OK, 0) = 0");
        }
    }

    @Nested
    class Structs {
        private long stat(int mode, long size, long rdev) {
            long st = mem.alloc(Stat.STRUCT_STAT_SIZE);
            mem.put32(st + Stat.ST_MODE, mode);
            mem.put64(st + Stat.ST_SIZE, size);
            mem.put64(st + Stat.ST_RDEV, rdev);
            return st;
        }

        @Test
        void statFamily() {
            long reg = stat(Stat.S_IFREG | 0755, 3, 0);
            long chr = stat(Stat.S_IFCHR | 0666, 0, (1 << 8) | 3);
            long tty = stat(Stat.S_IFCHR | 0600, 0, 0x88 << 8);
            long suid = stat(Stat.S_IFREG | Stat.S_ISUID | 0755, 68248, 0);
            long dir = stat(Stat.S_IFDIR | Stat.S_ISVTX | 0777, 4096, 0);
            long p = mem.putString("/etc/hostname");
            assertThat(call("fstat", 0, 3, reg)).isEqualTo("fstat(3, {st_mode=S_IFREG|0755, st_size=3, ...}) = 0");
            assertThat(call("fstat", 0, 0, chr)).isEqualTo("fstat(0, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0");
            assertThat(call("fstat", 0, 0, tty)).isEqualTo("fstat(0, {st_mode=S_IFCHR|0600, st_rdev=makedev(0x88, 0), ...}) = 0");
            assertThat(call("stat", 0, p, suid)).isEqualTo("stat(\"/etc/hostname\", {st_mode=S_IFREG|S_ISUID|0755, st_size=68248, ...}) = 0");
            assertThat(call("lstat", err(Errno.ENOENT), p, reg))
                    .isEqualTo("lstat(\"/etc/hostname\", " + h(reg) + ") = -1 ENOENT (No such file or directory)");
            assertThat(call("newfstatat", 0, At.AT_FDCWD, p, dir, At.AT_SYMLINK_NOFOLLOW)).isEqualTo(
                    "newfstatat(AT_FDCWD, \"/etc/hostname\", {st_mode=S_IFDIR|S_ISVTX|0777, st_size=4096, ...}, AT_SYMLINK_NOFOLLOW) = 0");
            assertThat(call("newfstatat", 0, 3, mem.putString(""), reg, At.AT_EMPTY_PATH))
                    .isEqualTo("newfstatat(3, \"\", {st_mode=S_IFREG|0755, st_size=3, ...}, AT_EMPTY_PATH) = 0");
            assertThat(call("newfstatat", err(Errno.EINVAL), -5, p, BAD, 0x7fff)).isEqualTo(
                    "newfstatat(-5, \"/etc/hostname\", 0x8, AT_SYMLINK_NOFOLLOW|AT_REMOVEDIR|AT_SYMLINK_FOLLOW|AT_NO_AUTOMOUNT|AT_EMPTY_PATH|0x60ff) = -1 EINVAL (Invalid argument)");
            assertThat(call("fstat", err(Errno.EFAULT), 3, BAD)).isEqualTo("fstat(3, 0x8) = -1 EFAULT (Bad address)");
        }

        @Test
        void statx() {
            long stx = mem.alloc(Stat.STRUCT_STATX_SIZE);
            mem.put32(stx + Stat.STX_MASK, Stat.STATX_BASIC_STATS | Stat.STATX_MNT_ID);
            mem.put16(stx + Stat.STX_MODE, Stat.S_IFREG | 0755);
            mem.put64(stx + Stat.STX_SIZE, 3);
            long p = mem.putString("/etc/hostname");
            assertThat(call("statx", 0, At.AT_FDCWD, p, At.AT_STATX_SYNC_AS_STAT, Stat.STATX_BASIC_STATS, stx)).isEqualTo(
                    "statx(AT_FDCWD, \"/etc/hostname\", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, {stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFREG|0755, stx_size=3, ...}) = 0");
            assertThat(call("statx", err(Errno.EINVAL), At.AT_FDCWD, p, 0x6000, 0xfff, BAD)).isEqualTo(
                    "statx(AT_FDCWD, \"/etc/hostname\", AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC, STATX_ALL, 0x8) = -1 EINVAL (Invalid argument)");
            assertThat(call("statx", err(Errno.EINVAL), 3, mem.putString(""), At.AT_EMPTY_PATH, Stat.STATX_BTIME | 0x80000000L, stx))
                    .isEqualTo("statx(3, \"\", AT_STATX_SYNC_AS_STAT|AT_EMPTY_PATH, STATX_BTIME|0x80000000, " + h(stx)
                            + ") = -1 EINVAL (Invalid argument)");
        }

        @Test
        void timeStructs() {
            long ts = mem.putLongs(199, 137861614);
            assertThat(call("clock_gettime", 0, Clocks.CLOCK_MONOTONIC, ts))
                    .isEqualTo("clock_gettime(CLOCK_MONOTONIC, {tv_sec=199, tv_nsec=137861614}) = 0");
            assertThat(call("clock_gettime", err(Errno.EINVAL), 99, ts))
                    .isEqualTo("clock_gettime(0x63 /* CLOCK_??? */, " + h(ts) + ") = -1 EINVAL (Invalid argument)");
            assertThat(call("clock_gettime", err(Errno.EFAULT), Clocks.CLOCK_REALTIME, 0))
                    .isEqualTo("clock_gettime(CLOCK_REALTIME, NULL) = -1 EFAULT (Bad address)");
            long res = mem.putLongs(0, 1);
            assertThat(call("clock_getres", 0, Clocks.CLOCK_REALTIME, res))
                    .isEqualTo("clock_getres(CLOCK_REALTIME, {tv_sec=0, tv_nsec=1}) = 0");
            long tv = mem.putLongs(1796134845, 17787);
            long tz = mem.putInts(0, 0);
            assertThat(call("gettimeofday", 0, tv, 0)).isEqualTo("gettimeofday({tv_sec=1796134845, tv_usec=17787}, NULL) = 0");
            assertThat(call("gettimeofday", 0, tv, tz))
                    .isEqualTo("gettimeofday({tv_sec=1796134845, tv_usec=17787}, {tz_minuteswest=0, tz_dsttime=0}) = 0");
            long req = mem.putLongs(0, 1000);
            assertThat(call("nanosleep", 0, req, 0)).isEqualTo("nanosleep({tv_sec=0, tv_nsec=1000}, NULL) = 0");
            assertThat(call("nanosleep", err(Errno.EFAULT), BAD, 0)).isEqualTo("nanosleep(0x8, NULL) = -1 EFAULT (Bad address)");
            assertThat(call("clock_nanosleep", 0, Clocks.CLOCK_MONOTONIC, 0, req, ts))
                    .isEqualTo("clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=1000}, " + h(ts) + ") = 0");
            assertThat(call("clock_nanosleep", 0, Clocks.CLOCK_REALTIME, Clocks.TIMER_ABSTIME, req, 0))
                    .isEqualTo("clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, {tv_sec=0, tv_nsec=1000}, NULL) = 0");
            assertThat(call("clock_nanosleep", err(Errno.EFAULT), Clocks.CLOCK_MONOTONIC, 3, BAD, BAD))
                    .isEqualTo("clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME|0x2, 0x8, 0x8) = -1 EFAULT (Bad address)");
        }

        @Test
        void timeWithDates() {
            long t = mem.putLongs(1796134845);
            assertThat(call("time", 1796134845, 0)).isEqualTo("time(NULL) = 1796134845 (2026-12-01T14:20:45+0000)");
            assertThat(call("time", 1796134845, t))
                    .isEqualTo("time([1796134845 /* 2026-12-01T14:20:45+0000 */]) = 1796134845 (2026-12-01T14:20:45+0000)");
            assertThat(call("time", err(Errno.EFAULT), BAD)).isEqualTo("time(0x8) = -1 EFAULT (Bad address)");
        }

        @Test
        void uname() {
            long u = mem.alloc(390);
            mem.putAt(u, "Linux");
            mem.putAt(u + 65, "vm");
            assertThat(call("uname", 0, u)).isEqualTo("uname({sysname=\"Linux\", nodename=\"vm\", ...}) = 0");
            assertThat(call("uname", err(Errno.EFAULT), BAD)).isEqualTo("uname(0x8) = -1 EFAULT (Bad address)");
        }

        @Test
        void rlimits() {
            long stack = mem.putLongs(8192 * 1024, -1);
            long nofile = mem.putLongs(20000, 20000);
            long odd = mem.putLongs(3 * 1024 * 1024, 2048);
            assertThat(call("prlimit64", 0, 0, Resource.RLIMIT_STACK, 0, stack))
                    .isEqualTo("prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0");
            assertThat(call("prlimit64", err(Errno.EINVAL), 0, Resource.RLIMIT_AS, odd, 0))
                    .isEqualTo("prlimit64(0, RLIMIT_AS, {rlim_cur=3072*1024, rlim_max=2*1024}, NULL) = -1 EINVAL (Invalid argument)");
            assertThat(call("prlimit64", err(Errno.EINVAL), 1, 99, stack, 0)).isEqualTo(
                    "prlimit64(1, 0x63 /* RLIMIT_??? */, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}, NULL) = -1 EINVAL (Invalid argument)");
            assertThat(call("getrlimit", 0, Resource.RLIMIT_NOFILE, nofile))
                    .isEqualTo("getrlimit(RLIMIT_NOFILE, {rlim_cur=20000, rlim_max=20000}) = 0");
            assertThat(call("setrlimit", 0, Resource.RLIMIT_CORE, mem.putLongs(1, -1)))
                    .isEqualTo("setrlimit(RLIMIT_CORE, {rlim_cur=1, rlim_max=RLIM64_INFINITY}) = 0");
        }

        @Test
        void pipes() {
            long fds = mem.putInts(12, 13);
            assertThat(call("pipe", 0, fds)).isEqualTo("pipe([12, 13]) = 0");
            assertThat(call("pipe", err(Errno.EFAULT), BAD)).isEqualTo("pipe(0x8) = -1 EFAULT (Bad address)");
            assertThat(call("pipe2", 0, fds, OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK))
                    .isEqualTo("pipe2([12, 13], O_NONBLOCK|O_CLOEXEC) = 0");
            assertThat(call("pipe2", err(Errno.EFAULT), 0, 0)).isEqualTo("pipe2(NULL, 0) = -1 EFAULT (Bad address)");
        }

        @Test
        void getdentsCountsEntries() {
            long buf = mem.alloc(48);
            mem.put16(buf + 16, 24);
            mem.put16(buf + 24 + 16, 24);
            assertThat(call("getdents64", 48, 3, buf, 4096)).isEqualTo("getdents64(3, " + h(buf) + " /* 2 entries */, 4096) = 48");
            assertThat(call("getdents64", 24, 3, buf, 4096)).isEqualTo("getdents64(3, " + h(buf) + " /* 1 entry */, 4096) = 24");
            assertThat(call("getdents64", 0, 3, buf, 4096)).isEqualTo("getdents64(3, " + h(buf) + " /* 0 entries */, 4096) = 0");
            assertThat(call("getdents64", err(Errno.EBADF), 0, BAD, 10)).isEqualTo("getdents64(0, 0x8, 10) = -1 EBADF (Bad file descriptor)");
        }

        @Test
        void cpuMask() {
            long mask = mem.alloc(128);
            mem.put64(mask, 0b11);
            assertThat(call("sched_getaffinity", 32, 0, 128, mask)).isEqualTo("sched_getaffinity(0, 128, [0 1]) = 32");
            assertThat(call("sched_getaffinity", err(Errno.EFAULT), 0, 8, BAD)).isEqualTo("sched_getaffinity(0, 8, 0x8) = -1 EFAULT (Bad address)");
        }
    }

    @Nested
    class Vectors {
        @Test
        void writevAndReadv() {
            long ab = mem.putText("ab");
            long cd = mem.putText("cd\n");
            long iov = mem.putLongs(ab, 2, cd, 3);
            assertThat(call("writev", 5, 1, iov, 2))
                    .isEqualTo("writev(1, [{iov_base=\"ab\", iov_len=2}, {iov_base=\"cd\\n\", iov_len=3}], 2) = 5");
            assertThat(call("pwritev", 5, 1, iov, 2, 0))
                    .isEqualTo("pwritev(1, [{iov_base=\"ab\", iov_len=2}, {iov_base=\"cd\\n\", iov_len=3}], 2, 0) = 5");
            long b1 = mem.putText("vm\nX");
            long b2 = mem.alloc(8);
            long iov2 = mem.putLongs(b1, 4, b2, 8);
            assertThat(call("readv", 3, 3, iov2, 2))
                    .isEqualTo("readv(3, [{iov_base=\"vm\\n\", iov_len=4}, {iov_base=\"\", iov_len=8}], 2) = 3");
            assertThat(call("preadv", 3, 3, iov2, 2, 0))
                    .isEqualTo("preadv(3, [{iov_base=\"vm\\n\", iov_len=4}, {iov_base=\"\", iov_len=8}], 2, 0) = 3");
        }

        @Test
        void preadv2SkipsTheHighOffsetHalfAndFailsWithAddresses() {
            long b1 = mem.alloc(4);
            long b2 = mem.alloc(8);
            long iov = mem.putLongs(b1, 4, b2, 8);
            assertThat(call("preadv2", err(Errno.EOPNOTSUPP), 3, iov, 2, 0, 0x7f, Fcntl.RWF_NOWAIT)).isEqualTo(
                    "preadv2(3, [{iov_base=" + h(b1) + ", iov_len=4}, {iov_base=" + h(b2)
                            + ", iov_len=8}], 2, 0, RWF_NOWAIT) = -1 EOPNOTSUPP (Operation not supported)");
            long x = mem.putText("x\n");
            long one = mem.putLongs(x, 2);
            assertThat(call("pwritev2", 2, 1, one, 1, -1, 0, 0))
                    .isEqualTo("pwritev2(1, [{iov_base=\"x\\n\", iov_len=2}], 1, -1, 0) = 2");
        }

        @Test
        void poll() {
            long fds = mem.alloc(16);
            mem.put32(fds, 0);
            mem.put16(fds + 4, Poll.POLLIN | Poll.POLLPRI);
            mem.put16(fds + 6, Poll.POLLIN);
            mem.put32(fds + 8, -1);
            assertThat(call("poll", 1, fds, 2, 10))
                    .isEqualTo("poll([{fd=0, events=POLLIN|POLLPRI}, {fd=-1}], 2, 10) = 1 ([{fd=0, revents=POLLIN}])");
            assertThat(call("poll", 0, 0, 0, 0)).isEqualTo("poll(NULL, 0, 0) = 0 (Timeout)");
            assertThat(call("poll", err(Errno.EFAULT), BAD, 1, 0)).isEqualTo("poll(0x8, 1, 0) = -1 EFAULT (Bad address)");
            long three = mem.alloc(24);
            mem.put32(three, 99);
            mem.put16(three + 4, Poll.POLLIN);
            mem.put16(three + 6, Poll.POLLNVAL);
            mem.put32(three + 8, 1);
            mem.put16(three + 12, Poll.POLLOUT | Poll.POLLWRNORM | Poll.POLLRDHUP);
            mem.put16(three + 14, Poll.POLLOUT | Poll.POLLWRNORM);
            mem.put32(three + 16, 0);
            mem.put16(three + 20, 0x8000);
            assertThat(call("poll", 2, three, 3, 0)).isEqualTo(
                    "poll([{fd=99, events=POLLIN}, {fd=1, events=POLLOUT|POLLWRNORM|POLLRDHUP}, {fd=0, events=POLL_BUSY_LOOP}], 3, 0)"
                            + " = 2 ([{fd=99, revents=POLLNVAL}, {fd=1, revents=POLLOUT|POLLWRNORM}])");
        }
    }

    @Nested
    class Memory {
        @Test
        void mmapReturnsAnAddress() {
            assertThat(call("mmap", 0x7feaab447000L, 0, 8192, Mman.PROT_READ | Mman.PROT_WRITE,
                    Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0))
                    .isEqualTo("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7feaab447000");
            assertThat(call("mmap", 0x7f619e6e4000L, 0x7f619e6e4000L, 1400832, Mman.PROT_READ | Mman.PROT_EXEC,
                    Mman.MAP_PRIVATE | Mman.MAP_FIXED | Mman.MAP_DENYWRITE, 3, 0x26000)).isEqualTo(
                    "mmap(0x7f619e6e4000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000) = 0x7f619e6e4000");
        }

        @Test
        void mmapUnknownBits() {
            assertThat(call("mmap", err(Errno.EBADF), 0, 4096, 0x10 | Mman.PROT_EXEC,
                    Mman.MAP_SHARED | Mman.MAP_FIXED_NOREPLACE | 0x8000000, -1, 4096)).isEqualTo(
                    "mmap(NULL, 4096, PROT_EXEC|0x10, MAP_SHARED|MAP_FIXED_NOREPLACE|2<<MAP_HUGE_SHIFT, -1, 0x1000) = -1 EBADF (Bad file descriptor)");
            assertThat(call("mmap", err(Errno.EINVAL), 0x1000, 4096, 0, 7, 3, 0))
                    .isEqualTo("mmap(0x1000, 4096, PROT_NONE, 0x7 /* MAP_??? */, 3, 0) = -1 EINVAL (Invalid argument)");
            assertThat(call("mmap", err(Errno.EBADF), 0, 4096, Mman.PROT_READ, Mman.MAP_PRIVATE | 0x200, -1, 0))
                    .isEqualTo("mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|0x200, -1, 0) = -1 EBADF (Bad file descriptor)");
        }

        @Test
        void otherMemoryCalls() {
            assertThat(call("mprotect", 0, 0x7feaab447000L, 4096, 0)).isEqualTo("mprotect(0x7feaab447000, 4096, PROT_NONE) = 0");
            assertThat(call("mprotect", 0, 0, 0, Mman.PROT_READ | Mman.PROT_GROWSDOWN))
                    .isEqualTo("mprotect(NULL, 0, PROT_READ|PROT_GROWSDOWN) = 0");
            assertThat(call("madvise", 0, 0x7feaab447000L, 4096, Mman.MADV_DONTNEED))
                    .isEqualTo("madvise(0x7feaab447000, 4096, MADV_DONTNEED) = 0");
            assertThat(call("madvise", err(Errno.EINVAL), 0x7feaab447000L, 4096, 77))
                    .isEqualTo("madvise(0x7feaab447000, 4096, 0x4d /* MADV_??? */) = -1 EINVAL (Invalid argument)");
            assertThat(call("mremap", 0x7f0000000000L, 0x7feaab447000L, 8192, 16384, Mman.MREMAP_MAYMOVE))
                    .isEqualTo("mremap(0x7feaab447000, 8192, 16384, MREMAP_MAYMOVE) = 0x7f0000000000");
            assertThat(call("mremap", 0x7f0000000000L, 0x7feaab447000L, 8192, 16384,
                    Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED, 0x7f0000000000L))
                    .isEqualTo("mremap(0x7feaab447000, 8192, 16384, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f0000000000) = 0x7f0000000000");
            assertThat(call("mremap", err(Errno.EINVAL), -1, 16384, 4096, 0))
                    .isEqualTo("mremap(0xffffffffffffffff, 16384, 4096, 0) = -1 EINVAL (Invalid argument)");
            assertThat(call("munmap", 0, 0x7f44efca5000L, 34547)).isEqualTo("munmap(0x7f44efca5000, 34547) = 0");
            assertThat(call("brk", 0x5646e7f49000L, 0)).isEqualTo("brk(NULL) = 0x5646e7f49000");
            assertThat(call("brk", 0x5646e7f49000L, 0x1000)).isEqualTo("brk(0x1000) = 0x5646e7f49000");
        }
    }

    @Nested
    class Descriptors {
        @Test
        void fcntl() {
            assertThat(call("fcntl", 0x8800, 3, Fcntl.F_GETFL)).isEqualTo("fcntl(3, F_GETFL) = 0x8800 (flags O_RDONLY|O_NONBLOCK|O_LARGEFILE)");
            assertThat(call("fcntl", 0, 3, Fcntl.F_GETFL)).isEqualTo("fcntl(3, F_GETFL) = 0 (flags O_RDONLY)");
            assertThat(call("fcntl", 0, 3, Fcntl.F_GETFD)).isEqualTo("fcntl(3, F_GETFD) = 0");
            assertThat(call("fcntl", 1, 3, Fcntl.F_GETFD)).isEqualTo("fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)");
            assertThat(call("fcntl", 0, 3, Fcntl.F_SETFD, Fcntl.FD_CLOEXEC)).isEqualTo("fcntl(3, F_SETFD, FD_CLOEXEC) = 0");
            assertThat(call("fcntl", 0, 3, Fcntl.F_SETFL, OpenFlags.O_NONBLOCK)).isEqualTo("fcntl(3, F_SETFL, O_RDONLY|O_NONBLOCK) = 0");
            assertThat(call("fcntl", 11, 3, Fcntl.F_DUPFD_CLOEXEC, 10)).isEqualTo("fcntl(3, F_DUPFD_CLOEXEC, 10) = 11");
            assertThat(call("fcntl", err(Errno.EINVAL), 3, 999, 5))
                    .isEqualTo("fcntl(3, 0x3e7 /* F_??? */, 0x5) = -1 EINVAL (Invalid argument)");
            assertThat(call("fcntl", err(Errno.EFAULT), 0, Fcntl.F_SETLK, BAD)).isEqualTo("fcntl(0, F_SETLK, 0x8) = -1 EFAULT (Bad address)");
            assertThat(call("fcntl", 0, 0, Fcntl.F_SETOWN, 8)).isEqualTo("fcntl(0, F_SETOWN, 8) = 0");
            assertThat(call("fcntl", err(Errno.EINVAL), 0, Fcntl.F_ADD_SEALS, 3))
                    .isEqualTo("fcntl(0, F_ADD_SEALS, F_SEAL_SEAL|F_SEAL_SHRINK) = -1 EINVAL (Invalid argument)");
            assertThat(call("fcntl", 3, 0, Fcntl.F_GET_SEALS)).isEqualTo("fcntl(0, F_GET_SEALS) = 0x3 (seals F_SEAL_SEAL|F_SEAL_SHRINK)");
        }

        @Test
        void ioctl() {
            long ws = mem.alloc(8);
            mem.put16(ws, 24);
            mem.put16(ws + 2, 80);
            long n = mem.putInts(0);
            long one = mem.putInts(1);
            assertThat(call("ioctl", 0, 0, Ioctls.TIOCGWINSZ, ws))
                    .isEqualTo("ioctl(0, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0");
            assertThat(call("ioctl", err(Errno.ENOTTY), 1, Ioctls.TIOCGWINSZ, ws))
                    .isEqualTo("ioctl(1, TIOCGWINSZ, " + h(ws) + ") = -1 ENOTTY (Inappropriate ioctl for device)");
            assertThat(call("ioctl", err(Errno.ENOTTY), 1, Ioctls.TCGETS, ws))
                    .isEqualTo("ioctl(1, TCGETS, " + h(ws) + ") = -1 ENOTTY (Inappropriate ioctl for device)");
            assertThat(call("ioctl", 0, 3, Ioctls.FIONREAD, n)).isEqualTo("ioctl(3, FIONREAD, [0]) = 0");
            assertThat(call("ioctl", 0, 3, Ioctls.FIOCLEX)).isEqualTo("ioctl(3, FIOCLEX) = 0");
            assertThat(call("ioctl", 0, 3, Ioctls.FIONCLEX)).isEqualTo("ioctl(3, FIONCLEX) = 0");
            assertThat(call("ioctl", 0, 3, Ioctls.FIONBIO, one)).isEqualTo("ioctl(3, FIONBIO, [1]) = 0");
            assertThat(call("ioctl", err(Errno.ENOTTY), 3, 0x1234, 0x5678))
                    .isEqualTo("ioctl(3, _IOC(_IOC_NONE, 0x12, 0x34, 0), 0x5678) = -1 ENOTTY (Inappropriate ioctl for device)");
            assertThat(call("ioctl", err(Errno.ENOTTY), 0, 0xc0185401L, 7))
                    .isEqualTo("ioctl(0, _IOC(_IOC_READ|_IOC_WRITE, 0x54, 0x1, 0x18), 0x7) = -1 ENOTTY (Inappropriate ioctl for device)");
            assertThat(call("ioctl", err(Errno.ENOTTY), 0, 0x80047803L, 7))
                    .isEqualTo("ioctl(0, _IOC(_IOC_READ, 0x78, 0x3, 0x4), 0x7) = -1 ENOTTY (Inappropriate ioctl for device)");
        }

        @Test
        void dupAndClose() {
            assertThat(call("dup", 9, 3)).isEqualTo("dup(3) = 9");
            assertThat(call("dup2", 20, 9, 20)).isEqualTo("dup2(9, 20) = 20");
            assertThat(call("dup3", 21, 9, 21, OpenFlags.O_CLOEXEC)).isEqualTo("dup3(9, 21, O_CLOEXEC) = 21");
            assertThat(call("dup3", 2, 1, 2, 0)).isEqualTo("dup3(1, 2, 0) = 2");
            assertThat(call("close", err(Errno.EBADF), -1)).isEqualTo("close(-1) = -1 EBADF (Bad file descriptor)");
            assertThat(call("close_range", 0, 20, 21, 0)).isEqualTo("close_range(20, 21, 0) = 0");
            assertThat(call("close_range", 0, 30, 0xffffffffL, Fcntl.CLOSE_RANGE_CLOEXEC))
                    .isEqualTo("close_range(30, 4294967295, CLOSE_RANGE_CLOEXEC) = 0");
        }

        @Test
        void seeksAndOffsets() {
            assertThat(call("lseek", 0, 3, 0, Fcntl.SEEK_SET)).isEqualTo("lseek(3, 0, SEEK_SET) = 0");
            assertThat(call("lseek", 0, 0, -1, Fcntl.SEEK_CUR)).isEqualTo("lseek(0, -1, SEEK_CUR) = 0");
            assertThat(call("lseek", err(Errno.EINVAL), 3, 5, 9))
                    .isEqualTo("lseek(3, 5, 0x9 /* SEEK_??? */) = -1 EINVAL (Invalid argument)");
            long buf = mem.putText("vm\n");
            assertThat(call("pread64", 3, 3, buf, 100, 0)).isEqualTo("pread64(3, \"vm\\n\", 100, 0) = 3");
            assertThat(call("pwrite64", 3, 1, buf, 3, 5)).isEqualTo("pwrite64(1, \"vm\\n\", 3, 5) = 3");
            assertThat(call("sendfile", 0, 1, 3, 0, 0)).isEqualTo("sendfile(1, 3, NULL, 0) = 0");
        }

        @Test
        void simpleFileCalls() {
            long p = mem.putString("/tmp/st/f5");
            assertThat(call("flock", 0, 3, Fcntl.LOCK_EX | Fcntl.LOCK_NB)).isEqualTo("flock(3, LOCK_EX|LOCK_NB) = 0");
            assertThat(call("fallocate", 0, 3, 0, 0, 4096)).isEqualTo("fallocate(3, 0, 0, 4096) = 0");
            assertThat(call("fallocate", 0, 3, Fcntl.FALLOC_FL_KEEP_SIZE | Fcntl.FALLOC_FL_PUNCH_HOLE, 0, 4096))
                    .isEqualTo("fallocate(3, FALLOC_FL_KEEP_SIZE|FALLOC_FL_PUNCH_HOLE, 0, 4096) = 0");
            assertThat(call("fadvise64", 0, 3, 0, 0, Fcntl.POSIX_FADV_SEQUENTIAL))
                    .isEqualTo("fadvise64(3, 0, 0, POSIX_FADV_SEQUENTIAL) = 0");
            assertThat(call("fchown", 0, 3, -1, -1)).isEqualTo("fchown(3, -1, -1) = 0");
            assertThat(call("chown", 0, p, 0, 0)).isEqualTo("chown(\"/tmp/st/f5\", 0, 0) = 0");
            assertThat(call("truncate", 0, p, 10)).isEqualTo("truncate(\"/tmp/st/f5\", 10) = 0");
            assertThat(call("readahead", 0, 3, 0, 4096)).isEqualTo("readahead(3, 0, 4096) = 0");
            assertThat(call("sync", 0)).isEqualTo("sync() = 0");
            assertThat(call("msync", 0, 0x7fca9c3de000L, 4096, Mman.MS_SYNC | Mman.MS_INVALIDATE))
                    .isEqualTo("msync(0x7fca9c3de000, 4096, MS_SYNC|MS_INVALIDATE) = 0");
            assertThat(call("getdents", err(Errno.ENOTDIR), 3, 0x7fca9c3de000L, 0))
                    .isEqualTo("getdents(3, 0x7fca9c3de000, 0) = -1 ENOTDIR (Not a directory)");
            assertThat(call("rt_sigpending", 0, mem.putLongs(0), 8)).isEqualTo("rt_sigpending([], 8) = 0");
            assertThat(call("tgkill", 0, 22779, 22779, 0)).isEqualTo("tgkill(22779, 22779, 0) = 0");
        }

        @Test
        void umaskReturnsOctal() {
            assertThat(call("umask", 022, 022)).isEqualTo("umask(022) = 022");
            assertThat(call("umask", 0, 077)).isEqualTo("umask(077) = 000");
            assertThat(call("fchmod", 0, 3, 0644)).isEqualTo("fchmod(3, 0644) = 0");
        }
    }

    @Nested
    class Processes {
        @Test
        void noArgumentsAndNoReturn() {
            assertThat(call("getpid", 4522)).isEqualTo("getpid() = 4522");
            assertThat(call("sched_yield", 0)).isEqualTo("sched_yield() = 0");
            assertThat(call("fork", 4523)).isEqualTo("fork() = 4523");
            assertThat(call("exit_group", 0, 0)).isEqualTo("exit_group(0) = ?");
            assertThat(call("exit", 0, 3)).isEqualTo("exit(3) = ?");
        }

        @Test
        void threadSetup() {
            assertThat(call("set_tid_address", 4522, 0x7ffe7f2e58dcL)).isEqualTo("set_tid_address(0x7ffe7f2e58dc) = 4522");
            assertThat(call("set_tid_address", 6869, 0)).isEqualTo("set_tid_address(0) = 6869");
            assertThat(call("set_robust_list", 0, 0, 24)).isEqualTo("set_robust_list(NULL, 24) = 0");
            assertThat(call("rseq", err(Errno.EINVAL), 0, 0x20, 0, 0x53053053))
                    .isEqualTo("rseq(0, 0x20, 0, 0x53053053) = -1 EINVAL (Invalid argument)");
        }

        @Test
        void archPrctl() {
            long fs = mem.putLongs(0x7feaab25b740L);
            assertThat(call("arch_prctl", 0, ArchPrctl.ARCH_GET_FS, fs)).isEqualTo("arch_prctl(ARCH_GET_FS, [0x7feaab25b740]) = 0");
            assertThat(call("arch_prctl", 0, ArchPrctl.ARCH_SET_FS, 0x7f619e6bb740L))
                    .isEqualTo("arch_prctl(ARCH_SET_FS, 0x7f619e6bb740) = 0");
            assertThat(call("arch_prctl", err(Errno.EINVAL), 0x3001, 0))
                    .isEqualTo("arch_prctl(0x3001 /* ARCH_??? */, 0) = -1 EINVAL (Invalid argument)");
        }

        @Test
        void prctl() {
            long name = mem.putString("abc");
            long longName = mem.putString("a very long name that is more than 16");
            long out = mem.putString("t2");
            long zero = mem.putInts(0);
            long tid = mem.putLongs(0x7fb7a028ba10L);
            assertThat(call("prctl", 0, Prctl.PR_SET_NAME, name)).isEqualTo("prctl(PR_SET_NAME, \"abc\") = 0");
            assertThat(call("prctl", 0, Prctl.PR_SET_NAME, longName)).isEqualTo("prctl(PR_SET_NAME, \"a very long nam\"...) = 0");
            assertThat(call("prctl", err(Errno.EFAULT), Prctl.PR_SET_NAME, BAD)).isEqualTo("prctl(PR_SET_NAME, 0x8) = -1 EFAULT (Bad address)");
            assertThat(call("prctl", 0, Prctl.PR_GET_NAME, out)).isEqualTo("prctl(PR_GET_NAME, \"t2\") = 0");
            assertThat(call("prctl", 1, Prctl.PR_GET_DUMPABLE)).isEqualTo("prctl(PR_GET_DUMPABLE) = 1");
            assertThat(call("prctl", 0, Prctl.PR_SET_DUMPABLE, 1)).isEqualTo("prctl(PR_SET_DUMPABLE, SUID_DUMP_USER) = 0");
            assertThat(call("prctl", 0, Prctl.PR_SET_PDEATHSIG, Signals.SIGKILL)).isEqualTo("prctl(PR_SET_PDEATHSIG, SIGKILL) = 0");
            assertThat(call("prctl", 0, Prctl.PR_GET_PDEATHSIG, zero)).isEqualTo("prctl(PR_GET_PDEATHSIG, [0]) = 0");
            assertThat(call("prctl", 0, Prctl.PR_SET_NO_NEW_PRIVS, 1)).isEqualTo("prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) = 0");
            assertThat(call("prctl", 0, Prctl.PR_GET_NO_NEW_PRIVS)).isEqualTo("prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) = 0");
            assertThat(call("prctl", 1, Prctl.PR_CAPBSET_READ, 5)).isEqualTo("prctl(PR_CAPBSET_READ, CAP_KILL) = 1");
            assertThat(call("prctl", 0, Prctl.PR_GET_TID_ADDRESS, tid)).isEqualTo("prctl(PR_GET_TID_ADDRESS, [0x7fb7a028ba10]) = 0");
            assertThat(call("prctl", 50000, Prctl.PR_GET_TIMERSLACK)).isEqualTo("prctl(PR_GET_TIMERSLACK) = 50000");
            assertThat(call("prctl", 0, Prctl.PR_SET_KEEPCAPS, 1)).isEqualTo("prctl(PR_SET_KEEPCAPS, 1) = 0");
            assertThat(call("prctl", err(Errno.EINVAL), Prctl.PR_SET_PTRACER, -1))
                    .isEqualTo("prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY) = -1 EINVAL (Invalid argument)");
            assertThat(call("prctl", err(Errno.EINVAL), 0x7777, 1, 2, 3, 4))
                    .isEqualTo("prctl(0x7777 /* PR_??? */, 0x1, 0x2, 0x3, 0x4) = -1 EINVAL (Invalid argument)");
        }

        @Test
        void execve() {
            long path = mem.putString("/bin/true");
            long argv = mem.putLongs(path, mem.putString("-l"), mem.putString("a\tb"), 0);
            long envp = mem.putLongs(mem.putString("A=1"), 0);
            assertThat(call("execve", 0, path, argv, envp))
                    .isEqualTo("execve(\"/bin/true\", [\"/bin/true\", \"-l\", \"a\\tb\"], " + h(envp) + " /* 1 var */) = 0");
            long none = mem.putLongs(0);
            long two = mem.putLongs(mem.putString("A=1"), mem.putString("B=2"), 0);
            assertThat(call("execve", err(Errno.ENOENT), path, none, two))
                    .isEqualTo("execve(\"/bin/true\", [], " + h(two) + " /* 2 vars */) = -1 ENOENT (No such file or directory)");
            assertThat(call("execve", err(Errno.ENOENT), path, 0, 0))
                    .isEqualTo("execve(\"/bin/true\", NULL, NULL) = -1 ENOENT (No such file or directory)");
            long bad = mem.putLongs(mem.putString("a"), BAD, 0);
            assertThat(call("execve", err(Errno.ENOENT), path, bad, 0x10))
                    .isEqualTo("execve(\"/bin/true\", [\"a\", 0x8], 0x10) = -1 ENOENT (No such file or directory)");
        }

        @Test
        void execveShortensLongArgumentsAndLongArrays() {
            String arg = "abcdefghijklmnopqrstuvwxyz0123456789";
            long s = mem.putString(arg);
            long[] ptrs = new long[37];
            Arrays.fill(ptrs, 0, 36, s);
            long argv = mem.putLongs(ptrs);
            long envp = mem.putLongs(0);
            String one = "\"abcdefghijklmnopqrstuvwxyz012345\"...";
            String expected = "execve(\"/x\", [" + String.join(", ", Collections.nCopies(32, one)) + ", ...], "
                    + h(envp) + " /* 0 vars */) = -1 ENOENT (No such file or directory)";
            assertThat(call("execve", err(Errno.ENOENT), mem.putString("/x"), argv, envp)).isEqualTo(expected);
        }

        @Test
        void wait4() {
            long st = mem.putInts(3 << 8);
            assertThat(call("wait4", 4523, -1, st, 0, 0)).isEqualTo("wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 4523");
            long killed = mem.putInts(Signals.SIGSEGV);
            assertThat(call("wait4", 5351, 5351, killed, 0, 0))
                    .isEqualTo("wait4(5351, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV}], 0, NULL) = 5351");
            long core = mem.putInts(Signals.SIGSEGV | 0x80);
            assertThat(call("wait4", 5351, 5351, core, 0, 0))
                    .isEqualTo("wait4(5351, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}], 0, NULL) = 5351");
            long stopped = mem.putInts((Signals.SIGSTOP << 8) | 0x7f);
            assertThat(call("wait4", 5353, 5353, stopped, Wait.WUNTRACED | Wait.__WALL, 0))
                    .isEqualTo("wait4(5353, [{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}], WSTOPPED|__WALL, NULL) = 5353");
            assertThat(call("wait4", 0, 4524, st, Wait.WNOHANG, 0)).isEqualTo("wait4(4524, " + h(st) + ", WNOHANG, NULL) = 0");
            assertThat(call("wait4", err(Errno.ECHILD), -1, 0, 0, 0)).isEqualTo("wait4(-1, NULL, 0, NULL) = -1 ECHILD (No child processes)");
            assertThat(call("wait4", err(Errno.EINVAL), -1, BAD, 7, BAD))
                    .isEqualTo("wait4(-1, 0x8, WNOHANG|WEXITED|WSTOPPED, 0x8) = -1 EINVAL (Invalid argument)");
        }

        @Test
        void cloneFlagsAndOptionalArguments() {
            long flags = Clone.CLONE_CHILD_CLEARTID | Clone.CLONE_CHILD_SETTID | Signals.SIGCHLD;
            assertThat(call("clone", 4524, flags, 0, 0, 0x7feaab25ba10L, 0)).isEqualTo(
                    "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7feaab25ba10) = 4524");
            long ptid = mem.putInts(5351);
            long f2 = Clone.CLONE_PARENT_SETTID | Clone.CLONE_SETTLS | Signals.SIGCHLD | Clone.CLONE_VM | Clone.CLONE_VFORK;
            assertThat(call("clone", 5351, f2, 0, ptid, 0, 0x1234)).isEqualTo(
                    "clone(child_stack=NULL, flags=CLONE_VM|CLONE_VFORK|CLONE_SETTLS|CLONE_PARENT_SETTID|SIGCHLD, parent_tid=[5351], tls=0x1234) = 5351");
            assertThat(call("clone", 0, Clone.CLONE_IO, 0x7000, 0, 0, 0)).isEqualTo("clone(child_stack=0x7000, flags=CLONE_IO) = 0");
            assertThat(call("clone", 0, 0, 0, 0, 0, 0)).isEqualTo("clone(child_stack=NULL, flags=0) = 0");
        }

        @Test
        void futex() {
            long f = mem.putInts(5);
            long to = mem.putLongs(1, 2);
            String a = h(f);
            assertThat(call("futex", 0, f, Futex.FUTEX_WAKE | Futex.FUTEX_PRIVATE_FLAG, 1, 0, 0, 0))
                    .isEqualTo("futex(" + a + ", FUTEX_WAKE_PRIVATE, 1) = 0");
            assertThat(call("futex", err(Errno.EAGAIN), f, Futex.FUTEX_WAIT, 1, 0, 0, 0))
                    .isEqualTo("futex(" + a + ", FUTEX_WAIT, 1, NULL) = -1 EAGAIN (Resource temporarily unavailable)");
            assertThat(call("futex", err(Errno.EAGAIN), f, Futex.FUTEX_WAIT, 5, to, 0, 0))
                    .isEqualTo("futex(" + a + ", FUTEX_WAIT, 5, {tv_sec=1, tv_nsec=2}) = -1 EAGAIN (Resource temporarily unavailable)");
            assertThat(call("futex", err(Errno.EAGAIN), f, Futex.FUTEX_WAIT_BITSET | Futex.FUTEX_PRIVATE_FLAG | Futex.FUTEX_CLOCK_REALTIME,
                    0, to, 0, 0xffffffffL)).isEqualTo("futex(" + a + ", FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, "
                    + "{tv_sec=1, tv_nsec=2}, FUTEX_BITSET_MATCH_ANY) = -1 EAGAIN (Resource temporarily unavailable)");
            assertThat(call("futex", 0, f, Futex.FUTEX_WAKE_BITSET, 1, 0, 0, 7)).isEqualTo("futex(" + a + ", FUTEX_WAKE_BITSET, 1, 0x7) = 0");
            assertThat(call("futex", 0, f, Futex.FUTEX_REQUEUE | Futex.FUTEX_PRIVATE_FLAG, 1, 2, f, 0))
                    .isEqualTo("futex(" + a + ", FUTEX_REQUEUE_PRIVATE, 1, 2, " + a + ") = 0");
            assertThat(call("futex", 0, f, Futex.FUTEX_CMP_REQUEUE | Futex.FUTEX_PRIVATE_FLAG, 1, 2, f, 5))
                    .isEqualTo("futex(" + a + ", FUTEX_CMP_REQUEUE_PRIVATE, 1, 2, " + a + ", 5) = 0");
            long wakeOp = (Futex.FUTEX_OP_SET << 28) | (Futex.FUTEX_OP_CMP_GT << 24) | 1;
            assertThat(call("futex", 0, f, Futex.FUTEX_WAKE_OP | Futex.FUTEX_PRIVATE_FLAG, 1, 1, f, wakeOp)).isEqualTo(
                    "futex(" + a + ", FUTEX_WAKE_OP_PRIVATE, 1, 1, " + a + ", FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1) = 0");
            assertThat(call("futex", 0, f, Futex.FUTEX_LOCK_PI | Futex.FUTEX_PRIVATE_FLAG, 0, 0, 0, 0))
                    .isEqualTo("futex(" + a + ", FUTEX_LOCK_PI_PRIVATE, NULL) = 0");
            assertThat(call("futex", 0, f, Futex.FUTEX_UNLOCK_PI, 0, 0, 0, 0)).isEqualTo("futex(" + a + ", FUTEX_UNLOCK_PI) = 0");
            assertThat(call("futex", err(Errno.ENOSYS), f, 99, 1, 2, 3, 4))
                    .isEqualTo("futex(" + a + ", 0x63 /* FUTEX_??? */, 1, 0x2, 0x3, 0x4) = -1 ENOSYS (Function not implemented)");
            assertThat(call("futex", err(Errno.EFAULT), BAD, Futex.FUTEX_WAIT | Futex.FUTEX_PRIVATE_FLAG, 1, BAD, 0, 0))
                    .isEqualTo("futex(0x8, FUTEX_WAIT_PRIVATE, 1, 0x8) = -1 EFAULT (Bad address)");
        }
    }

    @Nested
    class SignalCalls {
        @Test
        void kill() {
            assertThat(call("kill", 0, 0, 0)).isEqualTo("kill(0, 0) = 0");
            assertThat(call("kill", err(Errno.ESRCH), 999999, Signals.SIGTERM))
                    .isEqualTo("kill(999999, SIGTERM) = -1 ESRCH (No such process)");
            assertThat(call("kill", err(Errno.ESRCH), 1234567, 40)).isEqualTo("kill(1234567, SIGRT_8) = -1 ESRCH (No such process)");
            assertThat(call("kill", err(Errno.ESRCH), 1234567, 65)).isEqualTo("kill(1234567, 65) = -1 ESRCH (No such process)");
            assertThat(call("kill", err(Errno.ESRCH), 1234567, 32)).isEqualTo("kill(1234567, SIGRTMIN) = -1 ESRCH (No such process)");
            assertThat(call("tgkill", 0, 5354, 5354, 36)).isEqualTo("tgkill(5354, 5354, SIGRT_4) = 0");
        }

        @Test
        void sigprocmask() {
            long intChld = mem.putLongs((1L << (Signals.SIGINT - 1)) | (1L << (Signals.SIGCHLD - 1)));
            long glibcFull = mem.putLongs(~((1L << 31) | (1L << 32)));
            long all = mem.putLongs(-1L);
            long low = mem.putLongs(0xffffffffL);
            long rt = mem.putLongs((1L << 31) | (1L << 32) | (1L << 33) | (1L << 63));
            assertThat(call("rt_sigprocmask", 0, Signals.SIG_BLOCK, intChld, 0, 8))
                    .isEqualTo("rt_sigprocmask(SIG_BLOCK, [INT CHLD], NULL, 8) = 0");
            assertThat(call("rt_sigprocmask", 0, Signals.SIG_SETMASK, 0, intChld, 8))
                    .isEqualTo("rt_sigprocmask(SIG_SETMASK, NULL, [INT CHLD], 8) = 0");
            assertThat(call("rt_sigprocmask", 0, Signals.SIG_BLOCK, glibcFull, 0, 8))
                    .isEqualTo("rt_sigprocmask(SIG_BLOCK, ~[RTMIN RT_1], NULL, 8) = 0");
            assertThat(call("rt_sigprocmask", 0, Signals.SIG_BLOCK, all, 0, 8)).isEqualTo("rt_sigprocmask(SIG_BLOCK, ~[], NULL, 8) = 0");
            assertThat(call("rt_sigprocmask", 0, Signals.SIG_UNBLOCK, low, 0, 8)).isEqualTo("rt_sigprocmask(SIG_UNBLOCK, [HUP INT QUIT "
                    + "ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ "
                    + "VTALRM PROF WINCH IO PWR SYS RTMIN], NULL, 8) = 0");
            assertThat(call("rt_sigprocmask", err(Errno.EINVAL), 7, rt, 0, 8))
                    .isEqualTo("rt_sigprocmask(0x7 /* SIG_??? */, [RTMIN RT_1 RT_2 RT_32], NULL, 8) = -1 EINVAL (Invalid argument)");
            assertThat(call("rt_sigprocmask", err(Errno.EFAULT), Signals.SIG_SETMASK, BAD, 0, 8))
                    .isEqualTo("rt_sigprocmask(SIG_SETMASK, 0x8, NULL, 8) = -1 EFAULT (Bad address)");
        }

        @Test
        void sigaction() {
            long act = mem.putLongs(Signals.SIG_IGN, Signals.SA_RESTORER, 0x7feaab29a050L, 0);
            assertThat(call("rt_sigaction", 0, Signals.SIGPIPE, act, 0, 8)).isEqualTo(
                    "rt_sigaction(SIGPIPE, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0x7feaab29a050}, NULL, 8) = 0");
            long handler = mem.putLongs(0x1234, Signals.SA_RESTART | Signals.SA_SIGINFO | Signals.SA_RESTORER, 0x5678,
                    1L << (Signals.SIGTERM - 1));
            long old = mem.putLongs(Signals.SIG_DFL, 0, 0, 0);
            assertThat(call("rt_sigaction", 0, Signals.SIGINT, handler, old, 8)).isEqualTo("rt_sigaction(SIGINT, {sa_handler=0x1234, "
                    + "sa_mask=[TERM], sa_flags=SA_RESTORER|SA_RESTART|SA_SIGINFO, sa_restorer=0x5678}, {sa_handler=SIG_DFL, "
                    + "sa_mask=[], sa_flags=0}, 8) = 0");
            assertThat(call("rt_sigaction", err(Errno.EINVAL), 99, 0, old, 8))
                    .isEqualTo("rt_sigaction(99, NULL, " + h(old) + ", 8) = -1 EINVAL (Invalid argument)");
            long weird = mem.putLongs(0, 0xffffffffL & ~(Signals.SA_UNSUPPORTED | Signals.SA_EXPOSE_TAGBITS), 0x5678, 0);
            assertThat(call("rt_sigaction", 0, Signals.SIGUSR2, weird, 0, 8)).isEqualTo("rt_sigaction(SIGUSR2, {sa_handler=SIG_DFL, "
                    + "sa_mask=[], sa_flags=SA_RESTORER|SA_ONSTACK|SA_RESTART|SA_INTERRUPT|SA_NODEFER|SA_RESETHAND|SA_SIGINFO|"
                    + "SA_NOCLDSTOP|SA_NOCLDWAIT|0x3fff3f8, sa_restorer=0x5678}, NULL, 8) = 0");
        }
    }

    @Nested
    class Results {
        @Test
        void unknownNumbers() {
            SyscallArgs args = new SyscallArgs(500, 1, 2, 3, 4, 5, 6);
            assertThat(StraceFormatter.formatUnknown(args, -Errno.ENOSYS.number()))
                    .isEqualTo("syscall_0x1f4(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)");
            assertThat(StraceFormatter.formatUnknown(new SyscallArgs(335, 0, 0, 0, 0, 0, 0), 0))
                    .isEqualTo("syscall_0x14f(0, 0, 0, 0, 0, 0) = 0");
            assertThat(StraceFormatter.formatUnknown(new SyscallArgs(-1, 0, 0, 0, 0, 0, 0), -38))
                    .startsWith("syscall_0xffffffff(");
        }

        @Test
        void undecodedSyscallsPrintTheirArityInHex() {
            assertThat(call("io_uring_setup", err(Errno.ENOSYS), 0x11, 0x22, 0x33, 0x44, 0x55, 0x66))
                    .isEqualTo("io_uring_setup(0x11, 0x22) = -1 ENOSYS (Function not implemented)");
            assertThat(call("rt_sigreturn", 0)).isEqualTo("rt_sigreturn() = 0");
            assertThat(call("mbind", 0, 0, 0, 0, 0, 0, 0)).isEqualTo("mbind(0, 0, 0, 0, 0, 0) = 0");
        }

        @Test
        void errnoForms() {
            assertThat(StraceFormatter.errno(Errno.EAGAIN.number())).isEqualTo("-1 EAGAIN (Resource temporarily unavailable)");
            assertThat(StraceFormatter.errno(Errno.EDEADLK.number())).isEqualTo("-1 EDEADLK (Resource deadlock avoided)");
            assertThat(StraceFormatter.errno(300)).isEqualTo("-1 300 (Unknown error 300)");
            assertThat(call("read", -512, 0, 0x1000, 10)).isEqualTo("read(0, 0x1000, 10) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)");
            assertThat(call("getpid", -4095)).isEqualTo("getpid() = -1 4095 (Unknown error 4095)");
            assertThat(call("lseek", -4096, 0, 0, 0)).isEqualTo("lseek(0, 0, SEEK_SET) = -4096");
        }

        @Test
        void nullSignatureIsLookedUpAndNullMemoryPrintsAddresses() {
            long buf = mem.putText("hi");
            SyscallArgs args = new SyscallArgs(1, 1, buf, 2, 0, 0, 0);
            assertThat(StraceFormatter.format(null, args, 2, mem)).isEqualTo("write(1, \"hi\", 2) = 2");
            assertThat(StraceFormatter.format(null, args, 2, null)).isEqualTo("write(1, " + h(buf) + ", 2) = 2");
            assertThat(StraceFormatter.format(null, new SyscallArgs(500, 1, 0, 0, 0, 0, 0), -38, null))
                    .isEqualTo("syscall_0x1f4(0x1, 0, 0, 0, 0, 0) = -1 ENOSYS (Function not implemented)");
        }
    }

    @Nested
    class NeverThrows {
        /** A memory whose every access fails in a way no guest memory should. */
        private final GuestMemory broken = new GuestMemory() {
            @Override
            public void read(long addr, byte[] dst, int off, int len) {
                throw new IllegalStateException("broken");
            }

            @Override
            public byte[] readCString(long addr, int maxLen) {
                throw new IllegalStateException("broken");
            }
        };

        @Test
        void everySignatureWithRandomArgumentsAndMemories() {
            Random rnd = new Random(42);
            FakeMemory junk = new FakeMemory(0x10000, 1 << 16);
            byte[] noise = new byte[1 << 16];
            rnd.nextBytes(noise);
            junk.put(noise);
            long[] interesting = {0, 1, -1, -100, 0x10000, 0x10008, 0x1fff8, 0x20000, Long.MIN_VALUE, Long.MAX_VALUE,
                0xffffffffL, 0x80000000L, 4096, 32, 33};
            List<GuestMemory> memories = Arrays.asList(junk, mem, broken, null);
            for (SyscallNumbers.Entry e : SyscallNumbers.all()) {
                SyscallSignature sig = SyscallSignatures.forName(e.name());
                for (int round = 0; round < 12; round++) {
                    long[] a = new long[6];
                    for (int i = 0; i < 6; i++) {
                        a[i] = rnd.nextBoolean() ? interesting[rnd.nextInt(interesting.length)]
                                : 0x10000 + rnd.nextInt(1 << 16);
                    }
                    long result = switch (rnd.nextInt(4)) {
                        case 0 -> -1 - rnd.nextInt(4095);
                        case 1 -> rnd.nextInt(1 << 17);
                        case 2 -> interesting[rnd.nextInt(interesting.length)];
                        default -> rnd.nextLong();
                    };
                    SyscallArgs args = new SyscallArgs(e.number(), a[0], a[1], a[2], a[3], a[4], a[5]);
                    for (GuestMemory m : memories) {
                        String line = StraceFormatter.format(sig, args, result, m);
                        assertThat(line).as("%s with %s", e.name(), args).startsWith(e.name() + "(").contains(") = ");
                    }
                }
            }
        }

        @Test
        void nullArguments() {
            assertThat(StraceFormatter.format(null, null, 0, null)).isNotNull();
            assertThat(StraceFormatter.formatUnknown(null, -38)).isNotNull();
        }
    }
}
