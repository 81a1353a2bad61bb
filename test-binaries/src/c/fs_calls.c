/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The file-system calls, each made as the raw syscall (so every one is exercised whatever libc
 * wraps it with), with its success and error answers: creating and removing names (creat, mkdir,
 * mknod, link, symlink, rename, unlink, rmdir and their *at forms), metadata (stat family, statx,
 * access, chmod, chown, truncate, fallocate, utime family, statfs), directories (getdents,
 * getdents64, getcwd, chdir, fchdir, chroot in a child), descriptors (close_range, preadv2,
 * pwritev2, copy_file_range, fadvise64, fsync, sync, the FIO* ioctls), fcntl and flock locks and
 * extended attributes. Everything
 * happens in a scratch directory "fsc" below the working directory, removed at the end.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include "tap.h"

#ifndef SYS_renameat2
#define SYS_renameat2 316
#endif
#ifndef SYS_copy_file_range
#define SYS_copy_file_range 326
#endif
#ifndef SYS_preadv2
#define SYS_preadv2 327
#endif
#ifndef SYS_pwritev2
#define SYS_pwritev2 328
#endif
#ifndef SYS_statx
#define SYS_statx 332
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif

#define R_NOREPLACE 1
#define R_EXCHANGE 2
#define FADV_SEQUENTIAL 2

static long sc_errno(long r)
{
    return r == -1 ? errno : 0;
}

/* The errno of a raw syscall expected to fail, or 0 when it succeeded. */
#define FAILS(call) (errno = 0, sc_errno(call))

static long size_of(const char *path)
{
    struct stat st;
    if (syscall(SYS_stat, path, &st) != 0)
        return -errno;
    return (long)st.st_size;
}

static int mode_of(const char *path)
{
    struct stat st;
    if (syscall(SYS_lstat, path, &st) != 0)
        return -errno;
    return (int)st.st_mode;
}

static char *slurp(const char *path, char *buf, size_t n)
{
    int fd = (int)syscall(SYS_open, path, O_RDONLY);
    memset(buf, 0, n);
    if (fd >= 0) {
        if (read(fd, buf, n - 1) < 0)
            buf[0] = '\0';
        close(fd);
    }
    return buf;
}

/* Whether the directory open at fd lists "name", read with getdents64 (wide) or getdents. */
static int lists(int fd, const char *name, int wide)
{
    char buf[4096];
    int found = 0;
    lseek(fd, 0, SEEK_SET);
    for (;;) {
        long n = syscall(wide ? SYS_getdents64 : SYS_getdents, fd, buf, sizeof buf);
        if (n <= 0)
            break;
        for (long off = 0; off < n;) {
            unsigned short reclen = *(unsigned short *)(buf + off + 16);
            const char *d_name = buf + off + (wide ? 19 : 18);
            if (strcmp(d_name, name) == 0)
                found = 1;
            off += reclen;
        }
    }
    return found;
}

/* A FIFO made by mknod: O_RDWR, the O_NONBLOCK rules, end of file, and a writer in another process. */
static void fifos(void)
{
    char buf[8] = {0};
    int rw = (int)syscall(SYS_open, "fsc/fifo", O_RDWR);
    ok(rw >= 0, "open the FIFO O_RDWR (never waits)");
    is_long(write(rw, "pi", 2), 2, "write 2 bytes into it");
    is_long(read(rw, buf, sizeof buf), 2, "read them back");
    is_str(buf, "pi", "the bytes");
    is_long(FAILS(lseek(rw, 0, SEEK_CUR)), ESPIPE, "lseek on a FIFO: ESPIPE");
    close(rw);
    is_long(FAILS(syscall(SYS_open, "fsc/fifo", O_WRONLY | O_NONBLOCK)), ENXIO, "O_WRONLY|O_NONBLOCK without a reader: ENXIO");
    int r = (int)syscall(SYS_open, "fsc/fifo", O_RDONLY | O_NONBLOCK);
    ok(r >= 0, "O_RDONLY|O_NONBLOCK opens at once");
    int w = (int)syscall(SYS_open, "fsc/fifo", O_WRONLY | O_NONBLOCK);
    ok(w >= 0, "now O_WRONLY|O_NONBLOCK opens");
    is_long(write(w, "q", 1), 1, "write through the FIFO");
    memset(buf, 0, sizeof buf);
    is_long(read(r, buf, sizeof buf), 1, "the reader gets it");
    is_long(FAILS(read(r, buf, sizeof buf)), EAGAIN, "an empty FIFO with a writer: EAGAIN");
    close(w);
    is_long(read(r, buf, sizeof buf), 0, "end of file once the writer is gone");
    close(r);
    pid_t pid = fork();
    if (pid == 0) {
        int cw = (int)syscall(SYS_open, "fsc/fifo", O_WRONLY);
        _exit(cw >= 0 && write(cw, "child", 5) == 5 ? 0 : 1);
    }
    int pr = (int)syscall(SYS_open, "fsc/fifo", O_RDONLY);
    ok(pr >= 0, "a blocking reader meets a writer in another process");
    memset(buf, 0, sizeof buf);
    size_t got = 0;
    for (long n; got < 5 && (n = read(pr, buf + got, sizeof buf - 1 - got)) > 0;)
        got += (size_t)n;
    is_str(buf, "child", "what the child wrote");
    int status = -1;
    waitpid(pid, &status, 0);
    is_long(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0, "the writer exited 0");
    close(pr);
}

static void names(void)
{
    is_long(syscall(SYS_mkdir, "fsc", 0755), 0, "mkdir fsc");
    is_long(FAILS(syscall(SYS_mkdir, "fsc", 0755)), EEXIST, "mkdir of an existing name: EEXIST");
    is_long(syscall(SYS_mkdirat, AT_FDCWD, "fsc/sub", 0700), 0, "mkdirat fsc/sub");
    is_long(mode_of("fsc/sub") & 07777, 0700, "fsc/sub has mode 0700");
    int fd = (int)syscall(SYS_creat, "fsc/a", 0644);
    ok(fd >= 0, "creat fsc/a");
    is_long(write(fd, "hello", 5), 5, "write 5 bytes to fsc/a");
    close(fd);
    is_long(FAILS(syscall(SYS_open, "fsc/a", O_CREAT | O_EXCL | O_WRONLY, 0600)), EEXIST, "O_CREAT|O_EXCL on fsc/a: EEXIST");
    is_long(FAILS(syscall(SYS_open, "fsc/none/x", O_RDONLY)), ENOENT, "open below a missing directory: ENOENT");
    is_long(FAILS(syscall(SYS_open, "fsc/a/x", O_RDONLY)), ENOTDIR, "open below a regular file: ENOTDIR");
    is_long(FAILS(syscall(SYS_open, (char *)1, O_RDONLY)), EFAULT, "open of a bad pointer: EFAULT");
    uint64_t how[4] = {O_RDONLY | O_CLOEXEC, 0, 0, 0};
    fd = (int)syscall(SYS_openat2, AT_FDCWD, "fsc/a", how, 24);
    ok(fd >= 0, "openat2 fsc/a O_RDONLY|O_CLOEXEC");
    is_long(fcntl(fd, F_GETFD), FD_CLOEXEC, "openat2 applied O_CLOEXEC");
    close(fd);
    is_long(FAILS(syscall(SYS_openat2, AT_FDCWD, "fsc/a", how, 8)), EINVAL, "openat2 with a short open_how: EINVAL");
    how[3] = 1;
    is_long(FAILS(syscall(SYS_openat2, AT_FDCWD, "fsc/a", how, 32)), E2BIG, "openat2 with unknown trailing fields: E2BIG");
    how[0] = 1ULL << 40;
    is_long(FAILS(syscall(SYS_openat2, AT_FDCWD, "fsc/a", how, 24)), EINVAL, "openat2 with an unknown flag: EINVAL");
    how[0] = O_RDONLY;
    how[1] = 0644;
    is_long(FAILS(syscall(SYS_openat2, AT_FDCWD, "fsc/a", how, 24)), EINVAL, "openat2 with a mode but no O_CREAT: EINVAL");

    is_long(syscall(SYS_symlink, "a", "fsc/l"), 0, "symlink fsc/l -> a");
    is_long(syscall(SYS_symlinkat, "sub", AT_FDCWD, "fsc/ld"), 0, "symlinkat fsc/ld -> sub");
    char link[64] = {0};
    is_long(syscall(SYS_readlink, "fsc/l", link, sizeof link), 1, "readlink fsc/l is 1 byte");
    is_str(link, "a", "readlink fsc/l");
    memset(link, 0, sizeof link);
    is_long(syscall(SYS_readlinkat, AT_FDCWD, "fsc/ld", link, 2), 2, "readlinkat truncates to the buffer");
    is_str(link, "su", "readlinkat fsc/ld, 2 bytes");
    is_long(FAILS(syscall(SYS_readlink, "fsc/a", link, sizeof link)), EINVAL, "readlink of a regular file: EINVAL");
    ok(S_ISLNK(mode_of("fsc/l")), "lstat fsc/l is a symlink");
    is_long(size_of("fsc/l"), 5, "stat follows fsc/l to the 5-byte file");

    is_long(syscall(SYS_link, "fsc/a", "fsc/h"), 0, "link fsc/h to fsc/a");
    struct stat st;
    syscall(SYS_stat, "fsc/a", &st);
    is_long((long)st.st_nlink, 2, "fsc/a has 2 links");
    is_long(syscall(SYS_linkat, AT_FDCWD, "fsc/l", AT_FDCWD, "fsc/hl", 0), 0, "linkat of the symlink itself");
    ok(S_ISLNK(mode_of("fsc/hl")), "fsc/hl is a symlink (linkat does not follow by default)");
    is_long(FAILS(syscall(SYS_link, "fsc/sub", "fsc/subl")), EPERM, "link of a directory: EPERM");

    is_long(syscall(SYS_rename, "fsc/h", "fsc/h2"), 0, "rename fsc/h to fsc/h2");
    is_long(FAILS(syscall(SYS_stat, "fsc/h", &st)), ENOENT, "the old name is gone");
    is_long(syscall(SYS_renameat, AT_FDCWD, "fsc/h2", AT_FDCWD, "fsc/h3"), 0, "renameat fsc/h2 to fsc/h3");
    int b = (int)syscall(SYS_open, "fsc/b", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    is_long(write(b, "bee", 3), 3, "write fsc/b");
    close(b);
    is_long(FAILS(syscall(SYS_renameat2, AT_FDCWD, "fsc/b", AT_FDCWD, "fsc/a", R_NOREPLACE)), EEXIST,
            "renameat2 RENAME_NOREPLACE onto fsc/a: EEXIST");
    is_long(syscall(SYS_renameat2, AT_FDCWD, "fsc/b", AT_FDCWD, "fsc/h3", R_EXCHANGE), 0,
            "renameat2 RENAME_EXCHANGE fsc/b and fsc/h3");
    char buf[64];
    is_str(slurp("fsc/b", buf, sizeof buf), "hello", "fsc/b now has fsc/h3's content");
    is_str(slurp("fsc/h3", buf, sizeof buf), "bee", "fsc/h3 now has fsc/b's content");
    is_long(FAILS(syscall(SYS_rename, "fsc", "fsc/sub/in")), EINVAL, "rename of a directory into itself: EINVAL");

    is_long(syscall(SYS_mknod, "fsc/fifo", S_IFIFO | 0644, 0), 0, "mknod a FIFO");
    ok(S_ISFIFO(mode_of("fsc/fifo")), "fsc/fifo is a FIFO");
    is_long(syscall(SYS_mknodat, AT_FDCWD, "fsc/reg", S_IFREG | 0600, 0), 0, "mknodat a regular file");
    is_long(mode_of("fsc/reg"), S_IFREG | 0600, "fsc/reg is a regular file, mode 0600");
    is_long(FAILS(syscall(SYS_mknod, "fsc/reg", S_IFREG | 0600, 0)), EEXIST, "mknod of an existing name: EEXIST");
    fifos();
}

static void metadata(void)
{
    struct stat st, lst, fst;
    int fd = (int)syscall(SYS_openat, AT_FDCWD, "fsc/a", O_RDWR);
    ok(fd >= 0, "openat fsc/a O_RDWR");
    is_long(syscall(SYS_stat, "fsc/a", &st), 0, "stat fsc/a");
    is_long(syscall(SYS_fstat, fd, &fst), 0, "fstat fsc/a");
    ok(st.st_ino == fst.st_ino && st.st_dev == fst.st_dev, "stat and fstat name the same inode");
    is_long(syscall(SYS_lstat, "fsc/l", &lst), 0, "lstat fsc/l");
    is_long((long)lst.st_size, 1, "the symlink's size is its target's length");
    is_long(syscall(SYS_newfstatat, AT_FDCWD, "fsc/l", &lst, AT_SYMLINK_NOFOLLOW), 0, "newfstatat AT_SYMLINK_NOFOLLOW");
    ok(S_ISLNK(lst.st_mode), "newfstatat saw the symlink");
    is_long(syscall(SYS_newfstatat, fd, "", &lst, AT_EMPTY_PATH), 0, "newfstatat AT_EMPTY_PATH on the fd");
    ok(lst.st_ino == st.st_ino, "... names fsc/a");
    is_long(FAILS(syscall(SYS_newfstatat, AT_FDCWD, "fsc/a", &lst, 0x4000000)), EINVAL, "newfstatat with an unknown flag: EINVAL");
    is_long(FAILS(syscall(SYS_stat, "fsc/a", (void *)1)), EFAULT, "stat into a bad pointer: EFAULT");
    is_long(FAILS(syscall(SYS_stat, "fsc/a/", &lst)), ENOTDIR, "stat of a file with a trailing slash: ENOTDIR");
    unsigned char stx[256];
    is_long(syscall(SYS_statx, AT_FDCWD, "fsc/a", 0, 0x7ff, stx), 0, "statx fsc/a");
    is_long((long)*(uint64_t *)(stx + 40), 5, "statx: stx_size 5");
    ok(S_ISREG(*(uint16_t *)(stx + 28)), "statx: a regular file");
    is_long(FAILS(syscall(SYS_statx, AT_FDCWD, "fsc/a", 0, 0x80000000u, stx)), EINVAL, "statx with a reserved mask bit: EINVAL");

    is_long(syscall(SYS_access, "fsc/a", F_OK), 0, "access F_OK");
    is_long(syscall(SYS_access, "fsc/a", R_OK | W_OK), 0, "access R_OK|W_OK");
    is_long(FAILS(syscall(SYS_access, "fsc/a", X_OK)), EACCES, "access X_OK of a 0644 file: EACCES");
    is_long(FAILS(syscall(SYS_access, "fsc/missing", F_OK)), ENOENT, "access of a missing file: ENOENT");
    is_long(FAILS(syscall(SYS_access, "fsc/a", 8)), EINVAL, "access with a bad mode: EINVAL");
    is_long(syscall(SYS_faccessat, AT_FDCWD, "fsc/sub", X_OK), 0, "faccessat X_OK on a directory");
    is_long(syscall(SYS_faccessat2, AT_FDCWD, "fsc/l", F_OK, AT_SYMLINK_NOFOLLOW | AT_EACCESS), 0,
            "faccessat2 AT_SYMLINK_NOFOLLOW|AT_EACCESS");
    is_long(FAILS(syscall(SYS_faccessat2, AT_FDCWD, "fsc/a", F_OK, 0x1)), EINVAL, "faccessat2 with a bad flag: EINVAL");

    is_long(syscall(SYS_chmod, "fsc/a", 0600), 0, "chmod 0600");
    is_long(mode_of("fsc/a") & 07777, 0600, "the mode is 0600");
    is_long(syscall(SYS_fchmod, fd, 0640), 0, "fchmod 0640");
    is_long(mode_of("fsc/a") & 07777, 0640, "the mode is 0640");
    is_long(syscall(SYS_fchmodat, AT_FDCWD, "fsc/l", 0604), 0, "fchmodat follows the symlink");
    is_long(mode_of("fsc/a") & 07777, 0604, "the target's mode is 0604");
    is_long(FAILS(syscall(SYS_chmod, "fsc/missing", 0600)), ENOENT, "chmod of a missing file: ENOENT");

    uid_t u = getuid();
    gid_t g = getgid();
    is_long(syscall(SYS_chown, "fsc/a", u, g), 0, "chown to the caller's ids");
    is_long(syscall(SYS_fchown, fd, -1, g), 0, "fchown, uid left as is");
    is_long(syscall(SYS_lchown, "fsc/l", u, g), 0, "lchown of the symlink");
    is_long(syscall(SYS_fchownat, AT_FDCWD, "fsc/l", u, -1, AT_SYMLINK_NOFOLLOW), 0, "fchownat AT_SYMLINK_NOFOLLOW");
    is_long(FAILS(syscall(SYS_fchownat, AT_FDCWD, "fsc/a", u, g, 0x1)), EINVAL, "fchownat with a bad flag: EINVAL");
    syscall(SYS_stat, "fsc/a", &st);
    ok(st.st_uid == u && st.st_gid == g, "fsc/a belongs to the caller");

    is_long(syscall(SYS_truncate, "fsc/a", 3), 0, "truncate to 3");
    is_long(size_of("fsc/a"), 3, "the size is 3");
    is_long(syscall(SYS_ftruncate, fd, 10), 0, "ftruncate to 10");
    is_long(size_of("fsc/a"), 10, "the size is 10");
    is_long(FAILS(syscall(SYS_truncate, "fsc/a", -1L)), EINVAL, "truncate to -1: EINVAL");
    is_long(FAILS(syscall(SYS_truncate, "fsc/sub", 0)), EISDIR, "truncate of a directory: EISDIR");
    is_long(syscall(SYS_fallocate, fd, 0, 0, 4096), 0, "fallocate 4096 bytes");
    is_long(size_of("fsc/a"), 4096, "the size is 4096");
    is_long(FAILS(syscall(SYS_fallocate, fd, 0, 0, 0)), EINVAL, "fallocate of length 0: EINVAL");
    is_long(syscall(SYS_fsync, fd), 0, "fsync");
    is_long(syscall(SYS_fdatasync, fd), 0, "fdatasync");
    is_long(FAILS(syscall(SYS_fsync, 999)), EBADF, "fsync of a closed fd: EBADF");
    is_long(syscall(SYS_sync), 0, "sync");
    is_long(syscall(SYS_syncfs, fd), 0, "syncfs");
    is_long(FAILS(syscall(SYS_syncfs, 999)), EBADF, "syncfs of a closed fd: EBADF");

    struct timespec ts[2] = {{1000000000, 5}, {1100000000, 7}};
    is_long(syscall(SYS_utimensat, AT_FDCWD, "fsc/a", ts, 0), 0, "utimensat explicit times");
    syscall(SYS_stat, "fsc/a", &st);
    ok(st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_sec == 1100000000 && st.st_mtim.tv_nsec == 7,
       "atime and mtime are as set");
    struct timespec omit[2] = {{0, UTIME_OMIT}, {1200000000, 0}};
    is_long(syscall(SYS_utimensat, fd, NULL, omit, 0), 0, "utimensat on the fd (futimens), atime omitted");
    syscall(SYS_fstat, fd, &st);
    ok(st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_sec == 1200000000, "atime kept, mtime set");
    struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
    is_long(FAILS(syscall(SYS_utimensat, AT_FDCWD, "fsc/a", bad, 0)), EINVAL, "utimensat with tv_nsec 1e9: EINVAL");
    struct utimbuf ub = {1300000000, 1400000000};
    is_long(syscall(SYS_utime, "fsc/a", &ub), 0, "utime");
    syscall(SYS_stat, "fsc/a", &st);
    is_long((long)st.st_mtim.tv_sec, 1400000000, "utime set the mtime");
    struct timeval tv[2] = {{1500000000, 3}, {1600000000, 4}};
    is_long(syscall(SYS_utimes, "fsc/a", tv), 0, "utimes");
    syscall(SYS_stat, "fsc/a", &st);
    ok(st.st_mtim.tv_sec == 1600000000 && st.st_mtim.tv_nsec == 4000, "utimes set the mtime in microseconds");
    is_long(syscall(SYS_futimesat, AT_FDCWD, "fsc/b", tv), 0, "futimesat");
    syscall(SYS_stat, "fsc/b", &st);
    is_long((long)st.st_atim.tv_sec, 1500000000, "futimesat set the atime");

    struct statfs sf, fsf;
    is_long(syscall(SYS_statfs, "fsc", &sf), 0, "statfs fsc");
    is_long(syscall(SYS_fstatfs, fd, &fsf), 0, "fstatfs of a file in it");
    ok(sf.f_type == fsf.f_type && sf.f_bsize == fsf.f_bsize, "the same filesystem");
    is_long(FAILS(syscall(SYS_statfs, "fsc/missing", &sf)), ENOENT, "statfs of a missing file: ENOENT");

    int avail = -1;
    lseek(fd, 4000, SEEK_SET);
    is_long(ioctl(fd, FIONREAD, &avail), 0, "FIONREAD on a file");
    is_long(avail, 96, "96 bytes left to read");
    int opath = (int)syscall(SYS_open, "fsc/a", O_PATH);
    is_long(FAILS(ioctl(opath, FIONREAD, &avail)), EBADF, "ioctl on an O_PATH fd: EBADF");
    close(opath);
    is_long(ioctl(fd, FIOCLEX), 0, "FIOCLEX");
    is_long(fcntl(fd, F_GETFD), FD_CLOEXEC, "the fd is close-on-exec");
    is_long(ioctl(fd, FIONCLEX), 0, "FIONCLEX");
    is_long(fcntl(fd, F_GETFD), 0, "the fd is not close-on-exec");
    int on = 1;
    is_long(ioctl(fd, FIONBIO, &on), 0, "FIONBIO on");
    ok((fcntl(fd, F_GETFL) & O_NONBLOCK) != 0, "O_NONBLOCK is set");
    close(fd);
}

static void descriptors(void)
{
    int fd = (int)syscall(SYS_open, "fsc/b", O_RDWR);
    struct iovec w[2] = {{"ab", 2}, {"cd", 2}};
    is_long(syscall(SYS_pwritev2, fd, w, 2, 1, 0, 0), 4, "pwritev2 at offset 1");
    char x[3] = {0}, y[3] = {0};
    struct iovec r[2] = {{x, 2}, {y, 2}};
    is_long(syscall(SYS_preadv2, fd, r, 2, 0, 0, 0), 4, "preadv2 at offset 0");
    ok(memcmp(x, "ha", 2) == 0 && memcmp(y, "bc", 2) == 0, "preadv2 read \"ha\" \"bc\"");
    is_long(syscall(SYS_preadv2, fd, r, 1, -1L, 0, 0), 2, "preadv2 at the file offset (-1)");
    is_long(lseek(fd, 0, SEEK_CUR), 2, "which moved the offset");
    is_long(syscall(SYS_fadvise64, fd, 0, 0, FADV_SEQUENTIAL), 0, "fadvise64 POSIX_FADV_SEQUENTIAL");
    is_long(FAILS(syscall(SYS_fadvise64, fd, 0, 0, 99)), EINVAL, "fadvise64 with bad advice: EINVAL");
    int out = (int)syscall(SYS_open, "fsc/copy", O_RDWR | O_CREAT | O_TRUNC, 0644);
    loff_t in_off = 1;
    is_long(syscall(SYS_copy_file_range, fd, &in_off, out, NULL, 4, 0), 4, "copy_file_range of 4 bytes from offset 1");
    is_long((long)in_off, 5, "the input offset advanced to 5");
    is_long(lseek(out, 0, SEEK_CUR), 4, "the output file offset advanced to 4");
    char buf[16];
    is_str(slurp("fsc/copy", buf, sizeof buf), "abcd", "the copy holds \"abcd\"");
    is_long(FAILS(syscall(SYS_copy_file_range, fd, NULL, out, NULL, 4, 1)), EINVAL, "copy_file_range with flags: EINVAL");
    close(out);
    close(fd);

    int a = (int)syscall(SYS_open, "fsc/a", O_RDONLY);
    int b2 = dup(a), c = dup(a);
    is_long(syscall(SYS_close_range, b2, c, 4), 0, "close_range CLOSE_RANGE_CLOEXEC");
    is_long(fcntl(c, F_GETFD), FD_CLOEXEC, "the range is close-on-exec");
    is_long(syscall(SYS_close_range, b2, c, 0), 0, "close_range of two fds");
    is_long(FAILS(fcntl(b2, F_GETFD)), EBADF, "the first is closed");
    is_long(FAILS(fcntl(c, F_GETFD)), EBADF, "the last is closed");
    is_long(fcntl(a, F_GETFD), 0, "the fd below stays open");
    is_long(FAILS(syscall(SYS_close_range, 5, 4, 0)), EINVAL, "close_range with first > last: EINVAL");
    close(a);
}

static int setlk(int fd, int cmd, short type, off_t start, off_t len)
{
    struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
    return fcntl(fd, cmd, &fl);
}

static void locks(void)
{
    int fd = (int)syscall(SYS_open, "fsc/b", O_RDWR);
    int fd2 = (int)syscall(SYS_open, "fsc/b", O_RDWR);
    is_long(syscall(SYS_flock, fd, LOCK_EX), 0, "flock LOCK_EX");
    is_long(FAILS(syscall(SYS_flock, fd2, LOCK_SH | LOCK_NB)), EWOULDBLOCK, "flock of another description: EWOULDBLOCK");
    is_long(syscall(SYS_flock, fd, LOCK_UN), 0, "flock LOCK_UN");
    is_long(syscall(SYS_flock, fd2, LOCK_SH | LOCK_NB), 0, "now the other description gets LOCK_SH");
    is_long(FAILS(syscall(SYS_flock, fd, 0)), EINVAL, "flock with no operation: EINVAL");

    is_long(setlk(fd, F_SETLK, F_WRLCK, 0, 10), 0, "F_SETLK write lock on bytes 0-9");
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 5, .l_len = 1};
    is_long(fcntl(fd2, F_GETLK, &fl), 0, "F_GETLK in the same process");
    is_long(fl.l_type, F_UNLCK, "a process's own locks never conflict");
    pid_t pid = fork();
    if (pid == 0) {
        int c = (int)syscall(SYS_open, "fsc/b", O_RDWR);
        struct flock q = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 5, .l_len = 0};
        if (fcntl(c, F_GETLK, &q) != 0 || q.l_type != F_WRLCK || q.l_start != 0 || q.l_len != 10 || q.l_pid != getppid())
            _exit(1);
        if (setlk(c, F_SETLK, F_RDLCK, 9, 1) != -1 || errno != EAGAIN)
            _exit(2);
        if (setlk(c, F_SETLKW, F_WRLCK, 10, 5) != 0)
            _exit(3);
        _exit(0);
    }
    int status = -1;
    waitpid(pid, &status, 0);
    is_long(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0, "another process sees the lock, gets EAGAIN, locks past it");
    is_long(FAILS(setlk(fd2, F_OFD_SETLK, F_WRLCK, 0, 1)), EAGAIN, "an OFD lock conflicts with the process's own record lock");
    is_long(setlk(fd, F_SETLK, F_UNLCK, 0, 0), 0, "F_SETLK F_UNLCK of everything");
    is_long(setlk(fd2, F_OFD_SETLK, F_RDLCK, 0, 4), 0, "F_OFD_SETLK read lock on bytes 0-3");
    struct flock o = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    is_long(fcntl(fd, F_OFD_GETLK, &o), 0, "F_OFD_GETLK from the other description");
    ok(o.l_type == F_RDLCK && o.l_start == 0 && o.l_len == 4 && o.l_pid == -1, "sees the OFD read lock, pid -1");
    struct flock bad = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0, .l_pid = 1};
    is_long(FAILS(fcntl(fd, F_OFD_SETLK, &bad)), EINVAL, "F_OFD_SETLK with l_pid set: EINVAL");
    is_long(FAILS(setlk(fd, F_SETLK, 7, 0, 0)), EINVAL, "F_SETLK with a bad type: EINVAL");
    close(fd2);
    is_long(setlk(fd, F_OFD_SETLK, F_WRLCK, 0, 0), 0, "closing the description released its OFD lock");
    close(fd);
}

static void directories(void)
{
    int d = (int)syscall(SYS_open, "fsc", O_RDONLY | O_DIRECTORY);
    ok(d >= 0, "open fsc O_DIRECTORY");
    ok(lists(d, "a", 1) && lists(d, "sub", 1) && lists(d, "fifo", 1) && lists(d, ".", 1), "getdents64 lists a, sub, fifo and .");
    ok(lists(d, "l", 0) && lists(d, "..", 0), "getdents lists l and ..");
    char tiny[8];
    lseek(d, 0, SEEK_SET);
    is_long(FAILS(syscall(SYS_getdents64, d, tiny, sizeof tiny)), EINVAL, "getdents64 into a too small buffer: EINVAL");
    int f = (int)syscall(SYS_open, "fsc/a", O_RDONLY);
    char buf[256];
    is_long(FAILS(syscall(SYS_getdents64, f, buf, sizeof buf)), ENOTDIR, "getdents64 of a file: ENOTDIR");
    close(f);

    char before[512], cwd[512];
    long n = syscall(SYS_getcwd, before, sizeof before);
    ok(n > 1 && (size_t)n == strlen(before) + 1, "getcwd returns the length with the NUL");
    is_long(FAILS(syscall(SYS_getcwd, cwd, 1)), ERANGE, "getcwd into 1 byte: ERANGE");
    is_long(syscall(SYS_chdir, "fsc/sub"), 0, "chdir fsc/sub");
    syscall(SYS_getcwd, cwd, sizeof cwd);
    size_t len = strlen(cwd);
    ok(len > 8 && strcmp(cwd + len - 8, "/fsc/sub") == 0, "getcwd ends in /fsc/sub");
    is_long(FAILS(syscall(SYS_chdir, "../a")), ENOTDIR, "chdir to a file: ENOTDIR");
    is_long(syscall(SYS_fchdir, d), 0, "fchdir to fsc");
    is_long(syscall(SYS_access, "a", F_OK), 0, "a is found relative to the new cwd");
    is_long(syscall(SYS_chdir, ".."), 0, "chdir ..");
    syscall(SYS_getcwd, cwd, sizeof cwd);
    is_str(cwd, before, "back where it started");
    close(d);

    pid_t pid = fork();
    if (pid == 0) {
        if (syscall(SYS_chroot, "fsc") != 0)
            _exit(2);
        if (syscall(SYS_chdir, "/") != 0)
            _exit(3);
        _exit(syscall(SYS_access, "/a", F_OK) == 0 && syscall(SYS_access, "/fsc", F_OK) != 0 ? 0 : 4);
    }
    int status = -1;
    waitpid(pid, &status, 0);
    is_long(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0, "chroot fsc in a child: / is fsc");
    is_long(FAILS(syscall(SYS_chroot, "fsc/a")), ENOTDIR, "chroot to a file: ENOTDIR");
}

static void xattrs(void)
{
    long r = syscall(SYS_setxattr, "fsc/a", "user.k", "v1", 2, 0);
    if (r != 0 && errno == EOPNOTSUPP) {
        ok(1, "user extended attributes are not supported here");
        return;
    }
    is_long(r, 0, "setxattr user.k");
    char v[16] = {0};
    is_long(syscall(SYS_getxattr, "fsc/a", "user.k", NULL, 0), 2, "getxattr with size 0 gives the length");
    is_long(syscall(SYS_getxattr, "fsc/a", "user.k", v, sizeof v), 2, "getxattr user.k");
    is_str(v, "v1", "the value");
    is_long(FAILS(syscall(SYS_getxattr, "fsc/a", "user.k", v, 1)), ERANGE, "getxattr into 1 byte: ERANGE");
    is_long(FAILS(syscall(SYS_getxattr, "fsc/a", "user.none", v, sizeof v)), ENODATA, "getxattr of a missing name: ENODATA");
    is_long(FAILS(syscall(SYS_setxattr, "fsc/a", "user.k", "v2", 2, 1)), EEXIST, "XATTR_CREATE of an existing name: EEXIST");
    is_long(FAILS(syscall(SYS_setxattr, "fsc/a", "bogus.k", "v", 1, 0)), EOPNOTSUPP, "an unknown namespace: EOPNOTSUPP");
    int fd = (int)syscall(SYS_open, "fsc/a", O_RDONLY);
    is_long(syscall(SYS_fsetxattr, fd, "user.f", "fv", 2, 0), 0, "fsetxattr user.f");
    is_long(syscall(SYS_fgetxattr, fd, "user.f", v, sizeof v), 2, "fgetxattr user.f");
    is_long(syscall(SYS_lsetxattr, "fsc/sub", "user.d", "dv", 2, 0), 0, "lsetxattr on a directory");
    is_long(syscall(SYS_lgetxattr, "fsc/sub", "user.d", v, sizeof v), 2, "lgetxattr on the directory");
    char list[256];
    long n = syscall(SYS_listxattr, "fsc/a", list, sizeof list);
    int k = 0, f = 0;
    for (long off = 0; off < n; off += (long)strlen(list + off) + 1) {
        k |= strcmp(list + off, "user.k") == 0;
        f |= strcmp(list + off, "user.f") == 0;
    }
    ok(k && f, "listxattr has user.k and user.f");
    ok(syscall(SYS_flistxattr, fd, NULL, 0) == n, "flistxattr agrees on the length");
    ok(syscall(SYS_llistxattr, "fsc/sub", list, sizeof list) > 0, "llistxattr of the directory");
    is_long(FAILS(syscall(SYS_listxattr, "fsc/a", list, 1)), ERANGE, "listxattr into 1 byte: ERANGE");
    is_long(syscall(SYS_removexattr, "fsc/a", "user.k"), 0, "removexattr user.k");
    is_long(syscall(SYS_fremovexattr, fd, "user.f"), 0, "fremovexattr user.f");
    is_long(syscall(SYS_lremovexattr, "fsc/sub", "user.d"), 0, "lremovexattr user.d");
    is_long(FAILS(syscall(SYS_removexattr, "fsc/a", "user.k")), ENODATA, "removexattr of a removed name: ENODATA");
    close(fd);
}

/* openat2 with open_how {flags, 0, resolve}: 0 when it opened (the fd closed again), else the errno. */
static long oa2(int dfd, const char *path, uint64_t flags, uint64_t resolve)
{
    uint64_t how[3] = {flags, 0, resolve};
    long fd = syscall(SYS_openat2, dfd, path, how, sizeof how);
    if (fd < 0)
        return errno;
    close((int)fd);
    return 0;
}

/* Whether openat2 of path opens the same file as fd. */
static int oa2_same(int dfd, const char *path, uint64_t flags, uint64_t resolve, int fd)
{
    uint64_t how[3] = {flags, 0, resolve};
    int got = (int)syscall(SYS_openat2, dfd, path, how, sizeof how);
    struct stat a, b;
    int same = got >= 0 && fstat(got, &a) == 0 && fstat(fd, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
    if (got >= 0)
        close(got);
    return same;
}

static void resolving(void)
{
    enum { NO_XDEV = 1, NO_MAGICLINKS = 2, NO_SYMLINKS = 4, BENEATH = 8, IN_ROOT = 16, CACHED = 32 };
    const uint64_t DIR = O_RDONLY | O_DIRECTORY;
    is_long(syscall(SYS_mkdir, "fsc/r", 0755), 0, "mkdir fsc/r");
    int fd = (int)syscall(SYS_creat, "fsc/r/f", 0644);
    ok(fd >= 0, "creat fsc/r/f");
    close(fd);
    is_long(syscall(SYS_symlink, "f", "fsc/r/sl"), 0, "symlink fsc/r/sl -> f");
    is_long(syscall(SYS_symlink, "/", "fsc/r/abs"), 0, "symlink fsc/r/abs -> /");
    is_long(syscall(SYS_symlink, "../r/f", "fsc/r/upf"), 0, "symlink fsc/r/upf -> ../r/f");
    int dfd = (int)syscall(SYS_open, "fsc/r", DIR);
    int ffd = (int)syscall(SYS_open, "fsc/r/f", O_RDONLY);
    ok(dfd >= 0 && ffd >= 0, "open fsc/r and fsc/r/f");

    is_long(oa2(dfd, "f", O_RDONLY, 64), EINVAL, "openat2 with an unknown RESOLVE bit: EINVAL");
    is_long(oa2(dfd, "f", O_RDONLY, BENEATH | IN_ROOT), EINVAL, "RESOLVE_BENEATH|RESOLVE_IN_ROOT: EINVAL");

    is_long(oa2(dfd, "f", O_RDONLY, BENEATH), 0, "RESOLVE_BENEATH of a name below: opens");
    is_long(oa2(dfd, "sl", O_RDONLY, BENEATH), 0, "RESOLVE_BENEATH through a relative symlink below: opens");
    is_long(oa2(dfd, "../r/f", O_RDONLY, BENEATH), EXDEV, "RESOLVE_BENEATH with .. out of the start: EXDEV");
    is_long(oa2(dfd, "upf", O_RDONLY, BENEATH), EXDEV, "RESOLVE_BENEATH through a symlink with ..: EXDEV");
    is_long(oa2(dfd, "abs", DIR, BENEATH), EXDEV, "RESOLVE_BENEATH through an absolute symlink: EXDEV");
    is_long(oa2(dfd, "/", DIR, BENEATH), EXDEV, "RESOLVE_BENEATH of an absolute path: EXDEV");
    is_long(oa2(dfd, "abs", O_PATH | O_NOFOLLOW, BENEATH), 0, "RESOLVE_BENEATH of an absolute symlink not followed: opens");

    ok(oa2_same(dfd, "abs", DIR, IN_ROOT, dfd), "RESOLVE_IN_ROOT: an absolute symlink lands at the start");
    ok(oa2_same(dfd, "/f", O_RDONLY, IN_ROOT, ffd), "RESOLVE_IN_ROOT: /f is the start's f");
    ok(oa2_same(dfd, "../../f", O_RDONLY, IN_ROOT, ffd), "RESOLVE_IN_ROOT: .. stays at the start");
    is_long(oa2(dfd, "upf", O_RDONLY, IN_ROOT), ENOENT, "RESOLVE_IN_ROOT: ../r/f is the start's r/f: ENOENT");

    is_long(oa2(dfd, "sl", O_RDONLY, NO_SYMLINKS), ELOOP, "RESOLVE_NO_SYMLINKS through a symlink: ELOOP");
    is_long(oa2(AT_FDCWD, "fsc/r/sl", O_RDONLY, NO_SYMLINKS), ELOOP, "RESOLVE_NO_SYMLINKS of a path ending in a symlink: ELOOP");
    is_long(oa2(dfd, "sl", O_PATH | O_NOFOLLOW, NO_SYMLINKS), 0, "RESOLVE_NO_SYMLINKS of a symlink not followed: opens");
    is_long(oa2(AT_FDCWD, "fsc/r/f", O_RDONLY, NO_SYMLINKS), 0, "RESOLVE_NO_SYMLINKS without symlinks: opens");
    is_long(oa2(dfd, "sl", O_CREAT | O_WRONLY, NO_SYMLINKS), ELOOP, "RESOLVE_NO_SYMLINKS with O_CREAT through a symlink: ELOOP");

    is_long(oa2(AT_FDCWD, "/proc", DIR, NO_XDEV), EXDEV, "RESOLVE_NO_XDEV into /proc: EXDEV");
    is_long(oa2(AT_FDCWD, "/", DIR, NO_XDEV), 0, "RESOLVE_NO_XDEV of / itself: opens");
    int pfd = (int)syscall(SYS_open, "/proc", DIR);
    is_long(oa2(pfd, "..", DIR, NO_XDEV), EXDEV, "RESOLVE_NO_XDEV with .. out of /proc: EXDEV");
    is_long(oa2(pfd, "self/status", O_RDONLY, NO_XDEV), 0, "RESOLVE_NO_XDEV within /proc: opens");

    char fdpath[64];
    snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", ffd);
    is_long(oa2(AT_FDCWD, fdpath, O_RDONLY, NO_MAGICLINKS), ELOOP, "RESOLVE_NO_MAGICLINKS through /proc/self/fd/N: ELOOP");
    is_long(oa2(AT_FDCWD, "/proc/self/exe", O_PATH, NO_MAGICLINKS), ELOOP, "RESOLVE_NO_MAGICLINKS through /proc/self/exe: ELOOP");
    is_long(oa2(AT_FDCWD, "/proc/self/status", O_RDONLY, NO_MAGICLINKS), 0, "RESOLVE_NO_MAGICLINKS through /proc/self (a plain symlink): opens");
    is_long(oa2(AT_FDCWD, fdpath, O_RDONLY, NO_SYMLINKS), ELOOP, "RESOLVE_NO_SYMLINKS through /proc/self: ELOOP");
    is_long(oa2(pfd, "self/cwd", DIR, BENEATH), EXDEV, "RESOLVE_BENEATH through a magic link: EXDEV");
    close(pfd);

    is_long(oa2(dfd, "f", O_RDONLY | O_TRUNC, CACHED), EAGAIN, "RESOLVE_CACHED with O_TRUNC: EAGAIN");
    is_long(oa2(dfd, "new", O_CREAT | O_WRONLY, CACHED), EAGAIN, "RESOLVE_CACHED with O_CREAT: EAGAIN");
    is_long(mode_of("fsc/r/new"), -ENOENT, "RESOLVE_CACHED with O_CREAT created nothing");

    close(ffd);
    close(dfd);
    const char *names[] = {"fsc/r/f", "fsc/r/sl", "fsc/r/abs", "fsc/r/upf"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        syscall(SYS_unlink, names[i]);
    is_long(syscall(SYS_rmdir, "fsc/r"), 0, "rmdir fsc/r");
}

/* preadv2/pwritev2 of one buffer with RWF_* flags: the count, or minus the errno. */
static long rw2(int write, int fd, const char *buf, size_t n, long pos, int rwf)
{
    struct iovec v = {(void *)buf, n};
    long r = syscall(write ? SYS_pwritev2 : SYS_preadv2, fd, &v, 1, pos, 0, rwf);
    return r < 0 ? -errno : r;
}

static void rw_flags(void)
{
    /* Not RWF_NOAPPEND: the VM's kernel (6.1) predates it (6.9). */
    enum { HIPRI = 1, DSYNC = 2, SYNC = 4, NOWAIT = 8, APPEND = 0x10, ATOMIC = 0x40 };
    char buf[32] = {0};
    int fd = (int)syscall(SYS_open, "fsc/w", O_CREAT | O_RDWR | O_TRUNC, 0644);
    is_long(write(fd, "0123456789", 10), 10, "write 10 bytes to fsc/w");
    is_long(rw2(1, fd, "x", 1, 0, 1 << 20), -EOPNOTSUPP, "pwritev2 with an unknown RWF flag: EOPNOTSUPP");
    is_long(rw2(0, fd, buf, 1, 0, ATOMIC), -EOPNOTSUPP, "preadv2 RWF_ATOMIC: EOPNOTSUPP");
    is_long(rw2(1, fd, "x", 1, 0, ATOMIC), -EOPNOTSUPP, "pwritev2 RWF_ATOMIC on a buffered file: EOPNOTSUPP");
    is_long(rw2(0, 999, buf, 1, -2, 0), -EINVAL, "preadv2 at offset -2 (a bad fd): EINVAL first");
    is_long(rw2(0, fd, buf, 2, 0, HIPRI), 2, "preadv2 RWF_HIPRI reads");
    is_str(buf, "01", "what preadv2 RWF_HIPRI read");
    is_long(rw2(1, fd, "ab", 2, 2, DSYNC), 2, "pwritev2 RWF_DSYNC at 2");
    is_long(rw2(1, fd, "cd", 2, 4, SYNC), 2, "pwritev2 RWF_SYNC at 4");
    lseek(fd, 3, SEEK_SET);
    is_long(rw2(1, fd, "XY", 2, 0, APPEND), 2, "pwritev2 RWF_APPEND at offset 0");
    is_long(size_of("fsc/w"), 12, "RWF_APPEND wrote at the end");
    is_long(lseek(fd, 0, SEEK_CUR), 3, "and left the file offset");
    is_long(rw2(1, fd, "Z", 1, -1, APPEND), 1, "pwritev2 RWF_APPEND at the file offset (-1)");
    is_long(lseek(fd, 0, SEEK_CUR), 13, "which moved the offset to the end");
    int afd = (int)syscall(SYS_open, "fsc/w", O_WRONLY | O_APPEND);
    is_long(rw2(1, afd, "r", 1, 0, 0), 1, "pwritev2 without it on the O_APPEND fd appends");
    close(afd);
    memset(buf, 0, sizeof buf);
    is_long(pread(fd, buf, sizeof buf - 1, 0), 14, "fsc/w is 14 bytes");
    is_str(buf, "01abcd6789XYZr", "what the flagged writes left");
    close(fd);
    is_long(syscall(SYS_unlink, "fsc/w"), 0, "unlink fsc/w");

    int p[2];
    is_long(pipe(p), 0, "pipe");
    is_long(rw2(1, p[1], "abc", 3, -1, HIPRI | DSYNC | APPEND), 3, "pwritev2 to a pipe with RWF_HIPRI|RWF_DSYNC|RWF_APPEND");
    is_long(rw2(1, p[1], "x", 1, 0, 0), -ESPIPE, "pwritev2 to a pipe at an offset: ESPIPE");
    is_long(rw2(1, p[1], "x", 1, -1, ATOMIC), -EOPNOTSUPP, "pwritev2 RWF_ATOMIC to a pipe: EOPNOTSUPP");
    memset(buf, 0, sizeof buf);
    is_long(rw2(0, p[0], buf, sizeof buf - 1, -1, HIPRI | SYNC), 3, "preadv2 from a pipe with RWF_HIPRI|RWF_SYNC");
    is_str(buf, "abc", "what it read");

    /* RWF_NOWAIT: pipes take it (FMODE_NOWAIT) and answer EAGAIN where they would block. */
    is_long(rw2(0, p[0], buf, 4, -1, NOWAIT), -EAGAIN, "preadv2 RWF_NOWAIT from an empty pipe: EAGAIN");
    is_long(rw2(1, p[1], "abc", 3, -1, NOWAIT), 3, "pwritev2 RWF_NOWAIT to a pipe");
    memset(buf, 0, sizeof buf);
    is_long(rw2(0, p[0], buf, sizeof buf - 1, -1, NOWAIT), 3, "preadv2 RWF_NOWAIT reads what is there");
    is_str(buf, "abc", "what preadv2 RWF_NOWAIT read");
    is_long(fcntl(p[1], F_SETPIPE_SZ, 4096), 4096, "shrink the pipe to 4096 bytes");
    static char big[6000];
    is_long(rw2(1, p[1], big, sizeof big, -1, NOWAIT), 4096, "pwritev2 RWF_NOWAIT of 6000 bytes writes the 4096 that fit");
    is_long(rw2(1, p[1], "x", 1, -1, NOWAIT), -EAGAIN, "pwritev2 RWF_NOWAIT to a full pipe: EAGAIN");
    is_long(fcntl(p[1], F_GETFL) & O_NONBLOCK, 0, "the write end is still blocking");
    is_long(rw2(0, p[0], big, sizeof big, -1, NOWAIT), 4096, "preadv2 RWF_NOWAIT empties it");
    close(p[0]);
    close(p[1]);

    /* Only pipe(2)'s pipes: fifo_open does not set FMODE_NOWAIT. */
    is_long(syscall(SYS_mknod, "fsc/nw", S_IFIFO | 0600, 0), 0, "mkfifo fsc/nw");
    int fifo = (int)syscall(SYS_open, "fsc/nw", O_RDWR);
    is_long(rw2(0, fifo, buf, 4, -1, NOWAIT), -EOPNOTSUPP, "preadv2 RWF_NOWAIT from a FIFO: EOPNOTSUPP");
    is_long(rw2(1, fifo, "fifo", 4, -1, NOWAIT), -EOPNOTSUPP, "pwritev2 RWF_NOWAIT to a FIFO: EOPNOTSUPP");
    close(fifo);
    is_long(syscall(SYS_unlink, "fsc/nw"), 0, "unlink fsc/nw");
}

/*
 * What writes, truncates and chowns leave of the set-id bits, as root sees it (file_remove_privs,
 * setattr_should_drop_suidgid): CAP_FSETID keeps them through a write or truncate, a chown of
 * anything but a directory drops set-uid always and set-gid when group-exec is set.
 */
static void privs(void)
{
    int fd = (int)syscall(SYS_open, "fsc/s", O_CREAT | O_RDWR, 0644);
    is_long(fchmod(fd, 06755), 0, "fchmod fsc/s 06755");
    is_long(write(fd, "x", 1), 1, "write to the set-id file");
    is_long(mode_of("fsc/s") & 07777, 06755, "root's write keeps set-uid and set-gid");
    is_long(ftruncate(fd, 0), 0, "ftruncate the set-id file");
    is_long(mode_of("fsc/s") & 07777, 06755, "root's ftruncate keeps them");
    is_long(syscall(SYS_chown, "fsc/s", -1, -1), 0, "chown -1 -1");
    is_long(mode_of("fsc/s") & 07777, 0755, "chown drops set-uid and set-gid with group-exec");
    is_long(fchmod(fd, 06745), 0, "fchmod fsc/s 06745 (set-gid without group-exec)");
    is_long(fchown(fd, 0, 0), 0, "fchown 0 0");
    is_long(mode_of("fsc/s") & 07777, 02745, "chown drops set-uid, keeps set-gid without group-exec");
    close(fd);
    is_long(syscall(SYS_unlink, "fsc/s"), 0, "unlink fsc/s");
    is_long(syscall(SYS_mkdir, "fsc/sd", 0755), 0, "mkdir fsc/sd");
    is_long(chmod("fsc/sd", 03755), 0, "chmod fsc/sd 03755");
    is_long(syscall(SYS_chown, "fsc/sd", 0, 0), 0, "chown of a directory");
    is_long(mode_of("fsc/sd") & 07777, 03755, "which keeps its set-gid and sticky bits");
    is_long(syscall(SYS_rmdir, "fsc/sd"), 0, "rmdir fsc/sd");
}

/* The user and group the unprivileged checks switch to (nobody, nogroup). */
#define NOBODY 65534

enum ids_switch { KEEP_IDS, ALL_IDS, FS_ID };

/*
 * Runs fn in a child that first switches to NOBODY: with setgroups/setresgid/setresuid (ALL_IDS,
 * so no capability is left) or with setfsuid alone (FS_ID, losing only the file-system
 * capabilities), or stays root (KEEP_IDS). The child reports n values through a pipe; the parent
 * returns n, or -1 when the child could not switch.
 */
static int in_child(enum ids_switch how, void (*fn)(long *out, int arg), int arg, long *out, int n)
{
    int p[2];
    if (pipe(p) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        long v[16] = {0};
        int ok_ids = how == KEEP_IDS
                     || (how == FS_ID ? (syscall(SYS_setfsuid, NOBODY), syscall(SYS_setfsuid, -1) == NOBODY)
                                      : syscall(SYS_setgroups, 0, NULL) == 0
                                            && syscall(SYS_setresgid, NOBODY, NOBODY, NOBODY) == 0
                                            && syscall(SYS_setresuid, NOBODY, NOBODY, NOBODY) == 0);
        if (ok_ids) {
            fn(v, arg);
            if (write(p[1], v, sizeof v) != (ssize_t)sizeof v)
                _exit(2);
        }
        _exit(0);
    }
    close(p[1]);
    long v[16];
    ssize_t got = read(p[0], v, sizeof v);
    close(p[0]);
    waitpid(pid, NULL, 0);
    if (got != (ssize_t)sizeof v)
        return -1;
    memcpy(out, v, sizeof(long) * (size_t)n);
    return n;
}

static int priv_fd = -1, priv_src = -1;

/* The modifying calls whose set-id clearing is checked, each on priv_fd (or its path fsc/u). */
static const char *const priv_ops[] = {"write", "pwrite64", "writev", "ftruncate", "truncate", "fallocate",
                                       "copy_file_range", "pwritev2", "open O_TRUNC"};

static void priv_op(long *out, int op)
{
    struct iovec iov = {.iov_base = "x", .iov_len = 1};
    long r = -1;
    switch (op) {
    case 0: r = syscall(SYS_write, priv_fd, "x", 1); break;
    case 1: r = syscall(SYS_pwrite64, priv_fd, "x", 1, 0); break;
    case 2: r = syscall(SYS_writev, priv_fd, &iov, 1); break;
    case 3: r = syscall(SYS_ftruncate, priv_fd, 0); break;
    case 4: r = syscall(SYS_truncate, "fsc/u", 0); break;
    case 5: r = syscall(SYS_fallocate, priv_fd, 0, 0, 16); break;
    case 6: {
        loff_t from = 0;
        r = syscall(SYS_copy_file_range, priv_src, &from, priv_fd, NULL, 1, 0);
        break;
    }
    case 7: r = syscall(SYS_pwritev2, priv_fd, &iov, 1, 0L, 0L, 0); break;
    case 8: {
        long fd = syscall(SYS_open, "fsc/u", O_WRONLY | O_TRUNC);
        r = fd < 0 ? fd : syscall(SYS_close, fd);
        break;
    }
    }
    out[0] = r < 0 ? -errno : r;
}

static void priv_chown(long *out, int gid)
{
    out[0] = FAILS(syscall(SYS_fchown, priv_fd, -1, gid));
}

static int fmode(int fd)
{
    struct stat st;
    return syscall(SYS_fstat, fd, &st) == 0 ? (int)(st.st_mode & 07777) : -errno;
}

/*
 * What an unprivileged writer leaves of the set-id bits (file_remove_privs,
 * setattr_should_drop_suidgid, fs/attr.c): each writing call by a caller without CAP_FSETID clears
 * set-uid, and set-gid when group-exec is set or the caller is not in the file's group; a chown by
 * the owner clears them too, and a chown that would clear them needs the owner (EPERM otherwise).
 * The file is opened by root and written through the inherited descriptor.
 */
static void privs_unprivileged(void)
{
    struct stat dot;
    syscall(SYS_stat, ".", &dot);
    /* truncate(2) by path needs search permission on the working directory. */
    is_long(chmod(".", (dot.st_mode & 07777) | 0111), 0, "chmod . a+x");
    priv_fd = (int)syscall(SYS_open, "fsc/u", O_CREAT | O_RDWR, 0666);
    priv_src = (int)syscall(SYS_open, "fsc/usrc", O_CREAT | O_RDWR, 0644);
    is_long(write(priv_src, "y", 1), 1, "write the copy source");
    for (int op = 0; op < (int)(sizeof priv_ops / sizeof priv_ops[0]); op++) {
        long r;
        fchmod(priv_fd, 06777);
        if (in_child(ALL_IDS, priv_op, op, &r, 1) != 1) {
            ok(0, "%s as nobody: the child switched ids", priv_ops[op]);
            continue;
        }
        is_long(r, (op >= 3 && op <= 5) || op == 8 ? 0 : 1, "%s as nobody succeeds", priv_ops[op]);
        is_long(fmode(priv_fd), 0777, "%s as nobody clears set-uid and set-gid (group-exec)", priv_ops[op]);
    }
    long r;
    fchmod(priv_fd, 02767);
    in_child(ALL_IDS, priv_op, 0, &r, 1);
    is_long(fmode(priv_fd), 0767, "write as nobody clears set-gid without group-exec (not in the group)");
    fchmod(priv_fd, 04666);
    in_child(ALL_IDS, priv_op, 3, &r, 1);
    is_long(fmode(priv_fd), 0666, "ftruncate as nobody clears set-uid alone");
    fchmod(priv_fd, 06777);
    in_child(FS_ID, priv_op, 0, &r, 1);
    is_long(fmode(priv_fd), 0777, "write after setfsuid(nobody) clears them (CAP_FSETID went with fsuid 0)");
    fchmod(priv_fd, 01777);
    in_child(ALL_IDS, priv_op, 0, &r, 1);
    is_long(fmode(priv_fd), 01777, "write as nobody keeps the sticky bit");

    fchmod(priv_fd, 06777);
    in_child(ALL_IDS, priv_chown, -1, &r, 1);
    is_long(r, EPERM, "fchown -1 -1 of a set-id file by another user: EPERM");
    is_long(fmode(priv_fd), 06777, "which keeps the bits");
    fchmod(priv_fd, 0666);
    in_child(ALL_IDS, priv_chown, -1, &r, 1);
    is_long(r, 0, "fchown -1 -1 of a plain file by another user");
    is_long(fchown(priv_fd, NOBODY, NOBODY), 0, "fchown fsc/u to nobody");
    fchmod(priv_fd, 06777);
    in_child(ALL_IDS, priv_chown, NOBODY, &r, 1);
    is_long(r, 0, "fchown -1 nobody by the owner");
    is_long(fmode(priv_fd), 0777, "which clears set-uid and set-gid");
    fchmod(priv_fd, 06767);
    in_child(ALL_IDS, priv_chown, -1, &r, 1);
    is_long(fmode(priv_fd), 02767, "the owner's chown keeps set-gid without group-exec (in the group)");
    close(priv_fd);
    close(priv_src);
    is_long(syscall(SYS_unlink, "fsc/u") | syscall(SYS_unlink, "fsc/usrc"), 0, "unlink fsc/u and fsc/usrc");
    is_long(chmod(".", dot.st_mode & 07777), 0, "chmod . back");
}

/* The real, effective, saved and fs ids /proc/self/status shows on its line "Uid:" or "Gid:", packed as getresuid's. */
static long status_ids(const char *field)
{
    char text[4096];
    int fd = (int)syscall(SYS_open, "/proc/self/status", O_RDONLY);
    long n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
    if (fd >= 0)
        close(fd);
    if (n <= 0)
        return -1;
    text[n] = 0;
    char *line = strstr(text, field);
    unsigned r, e, s, f;
    if (line == NULL || sscanf(line + strlen(field), "%u %u %u %u", &r, &e, &s, &f) != 4)
        return -1;
    return (long)r << 48 | (long)e << 32 | (long)s << 16 | f;
}

/* The set*id calls by a root process that gives up its ids step by step (kernel/sys.c). */
static void id_steps(long *out, int unused)
{
    (void)unused;
    uid_t r, e, s;
    int i = 0;
    out[i++] = FAILS(syscall(SYS_setresuid, -1, NOBODY, -1));
    syscall(SYS_getresuid, &r, &e, &s);
    out[i++] = (long)r << 40 | (long)e << 20 | s;
    out[i++] = FAILS(syscall(SYS_setresuid, 1, -1, -1));
    out[i++] = FAILS(syscall(SYS_setgroups, 0, NULL));
    out[i++] = syscall(SYS_setfsuid, 0);
    out[i++] = syscall(SYS_setfsuid, -1);
    out[i++] = FAILS(syscall(SYS_setreuid, -1, 0));
    syscall(SYS_getresuid, &r, &e, &s);
    out[i++] = (long)r << 40 | (long)e << 20 | s;
    out[i++] = FAILS(syscall(SYS_setreuid, NOBODY, -1));
    syscall(SYS_getresuid, &r, &e, &s);
    out[i++] = (long)r << 40 | (long)e << 20 | s;
    out[14] = status_ids("\nUid:");
    out[i++] = FAILS(syscall(SYS_setuid, 0));
    out[i++] = FAILS(syscall(SYS_setuid, -1));
    out[i++] = FAILS(syscall(SYS_setgid, 0));
    out[i++] = FAILS(syscall(SYS_setresgid, -1, -1, 0));
}

/* The same steps' group ids, from root: setgid makes all of them one (CAP_SETGID). */
static void gid_steps(long *out, int unused)
{
    (void)unused;
    gid_t r, e, s;
    int i = 0;
    out[i++] = FAILS(syscall(SYS_setregid, 7, 8));
    syscall(SYS_getresgid, &r, &e, &s);
    out[i++] = (long)r << 40 | (long)e << 20 | s;
    out[i++] = syscall(SYS_setfsgid, 9);
    out[i++] = syscall(SYS_setfsgid, -1);
    out[i++] = FAILS(syscall(SYS_setgid, 5));
    syscall(SYS_getresgid, &r, &e, &s);
    out[i++] = (long)r << 40 | (long)e << 20 | s;
    gid_t two[2] = {30, 20};
    out[i++] = FAILS(syscall(SYS_setgroups, 2, two));
    gid_t got[4] = {0};
    out[i++] = syscall(SYS_getgroups, 4, got);
    out[i++] = got[0] * 1000 + got[1];
    out[i++] = FAILS(syscall(SYS_setgroups, 70000, two));
}

/* kill(2)'s permission check as nobody (check_kill_permission, kill_ok_by_cred). */
static void kill_steps(long *out, int unused)
{
    (void)unused;
    out[0] = FAILS(syscall(SYS_kill, getppid(), 0));
    out[1] = FAILS(syscall(SYS_kill, getpid(), 0));
    out[2] = FAILS(syscall(SYS_kill, getppid(), SIGCONT));
    out[3] = FAILS(syscall(SYS_tgkill, getppid(), getppid(), 0));
}

/* The set*id calls as a root child gives up its ids step by step, each answer as Linux gives it. */
static void id_calls(void)
{
    long v[16];
    if (in_child(KEEP_IDS, id_steps, 0, v, 15) != 15) {
        ok(0, "the uid child reported");
        return;
    }
    const long nb = NOBODY;
    is_long(v[0], 0, "setresuid(-1, nobody, -1) as root");
    is_long(v[1], 0L << 40 | nb << 20 | 0, "getresuid: 0, nobody, 0");
    is_long(v[2], EPERM, "setresuid(1, -1, -1) without CAP_SETUID: EPERM");
    is_long(v[3], EPERM, "setgroups without CAP_SETGID: EPERM");
    is_long(v[4], nb, "setfsuid(0) answers the old fsuid (nobody)");
    is_long(v[5], 0, "and took 0, the saved uid");
    is_long(v[6], 0, "setreuid(-1, 0): back to the real uid");
    is_long(v[7], 0, "getresuid: 0, 0, 0");
    is_long(v[8], 0, "setreuid(nobody, -1) as root");
    is_long(v[9], nb << 40 | 0L << 20 | 0, "getresuid: nobody, 0, 0 (saved follows the effective)");
    is_hex(v[14], nb << 48 | 0L << 32 | 0L << 16 | 0, "/proc/self/status Uid: nobody 0 0 0 (real, effective, saved, fs)");
    is_long(v[10], 0, "setuid(0) with euid 0: all ids 0");
    is_long(v[11], EINVAL, "setuid(-1): EINVAL");
    is_long(v[12], 0, "setgid(0) as root");
    is_long(v[13], 0, "setresgid(-1, -1, 0) as root");
    if (in_child(ALL_IDS, kill_steps, 0, v, 4) != 4) {
        ok(0, "the kill child reported");
        return;
    }
    is_long(v[0], EPERM, "kill(parent, 0) as nobody, the parent root: EPERM");
    is_long(v[1], 0, "kill(self, 0) as nobody");
    is_long(v[2], 0, "kill(parent, SIGCONT) in the same session");
    is_long(v[3], EPERM, "tgkill(parent, parent, 0) as nobody: EPERM");
    if (in_child(KEEP_IDS, gid_steps, 0, v, 10) != 10) {
        ok(0, "the gid child reported");
        return;
    }
    is_long(v[0], 0, "setregid(7, 8) as root");
    is_long(v[1], 7L << 40 | 8L << 20 | 8, "getresgid: 7, 8, 8");
    is_long(v[2], 8, "setfsgid(9) answers the old fsgid (the effective one)");
    is_long(v[3], 9, "and took 9");
    is_long(v[4], 0, "setgid(5) as root");
    is_long(v[5], 5L << 40 | 5L << 20 | 5, "getresgid: 5, 5, 5");
    is_long(v[6], 0, "setgroups(2, {30, 20})");
    is_long(v[7], 2, "getgroups: 2");
    is_long(v[8], 20030, "in ascending order: 20, 30");
    is_long(v[9], EINVAL, "setgroups of more than NGROUPS_MAX: EINVAL");
}

static void removal(void)
{
    is_long(FAILS(syscall(SYS_rmdir, "fsc")), ENOTEMPTY, "rmdir of a non-empty directory: ENOTEMPTY");
    is_long(FAILS(syscall(SYS_unlink, "fsc/sub")), EISDIR, "unlink of a directory: EISDIR");
    is_long(FAILS(syscall(SYS_unlinkat, AT_FDCWD, "fsc/a", AT_REMOVEDIR)), ENOTDIR, "unlinkat AT_REMOVEDIR of a file: ENOTDIR");
    is_long(FAILS(syscall(SYS_unlinkat, AT_FDCWD, "fsc/a", 0x1)), EINVAL, "unlinkat with a bad flag: EINVAL");
    const char *files[] = {"fsc/a", "fsc/b", "fsc/l", "fsc/hl", "fsc/h3", "fsc/fifo", "fsc/reg", "fsc/copy", "fsc/ld"};
    int gone = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        gone += syscall(SYS_unlink, files[i]) == 0;
    is_long(gone, 9, "unlink every file");
    is_long(syscall(SYS_unlinkat, AT_FDCWD, "fsc/sub", AT_REMOVEDIR), 0, "unlinkat AT_REMOVEDIR fsc/sub");
    is_long(syscall(SYS_rmdir, "fsc"), 0, "rmdir fsc");
    is_long(FAILS(syscall(SYS_rmdir, "fsc")), ENOENT, "rmdir again: ENOENT");
}

int main(void)
{
    tap_init();
    is_long(syscall(SYS_umask, 022), syscall(SYS_umask, 022), "umask answers the mask it replaces");
    names();
    metadata();
    descriptors();
    locks();
    directories();
    xattrs();
    resolving();
    rw_flags();
    if (geteuid() == 0) {
        privs();
        privs_unprivileged();
        id_calls();
    }
    removal();
    return tap_done();
}
