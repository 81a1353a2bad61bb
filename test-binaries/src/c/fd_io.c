/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Positional and vectored I/O and descriptor sharing on a scratch file in the working directory:
 * pwrite64/pread64 leave the offset alone, preadv/pwritev scatter and gather at an offset, dup
 * shares one open file description (one offset, one set of status flags), getrlimit answers
 * RLIMIT_NOFILE, and the error answers (EBADF, EINVAL, ESPIPE). The scratch file stays behind (mode
 * 0600 whatever the umask), so the suite's file-effect comparison sees it. The program ends with the
 * exit syscall itself (not exit_group) carrying the failure count.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "tap.h"

#define SCRATCH "fd_io.tmp"

int main(void)
{
    tap_init();
    int fd = open(SCRATCH, O_RDWR | O_CREAT | O_TRUNC, 0600);
    ok(fd >= 0, "open " SCRATCH " O_RDWR|O_CREAT|O_TRUNC");

    is_long(pwrite(fd, "hello, world", 12, 100), 12, "pwrite64 of 12 bytes at offset 100");
    is_long(lseek(fd, 0, SEEK_CUR), 0, "pwrite64 leaves the file offset at 0");
    is_long(lseek(fd, 0, SEEK_END), 112, "the file is 112 bytes long (a hole before offset 100)");
    char buf[32] = {0};
    is_long(pread(fd, buf, 5, 107), 5, "pread64 of 5 bytes at offset 107");
    ok(memcmp(buf, "world", 5) == 0, "pread64 reads what pwrite64 wrote");
    is_long(pread(fd, buf, 4, 0), 4, "pread64 inside the hole");
    ok(memcmp(buf, "\0\0\0\0", 4) == 0, "the hole reads as zeros");
    is_long(pread(fd, buf, 10, 112), 0, "pread64 at end of file returns 0");
    errno = 0;
    is_long(pread(fd, buf, 1, -1), -1, "pread64 at a negative offset fails");
    is_long(errno, EINVAL, "... with EINVAL");

    struct iovec out[3] = {{"abc", 3}, {"", 0}, {"defgh", 5}};
    is_long(pwritev(fd, out, 3, 20), 8, "pwritev gathers 3 buffers (one empty) at offset 20");
    char a[2], b[6];
    struct iovec in[2] = {{a, sizeof a}, {b, sizeof b}};
    is_long(preadv(fd, in, 2, 20), 8, "preadv scatters 8 bytes into 2 buffers");
    ok(memcmp(a, "ab", 2) == 0 && memcmp(b, "cdefgh", 6) == 0, "preadv's buffers hold \"ab\" and \"cdefgh\"");
    is_long(lseek(fd, 0, SEEK_CUR), 112, "preadv and pwritev leave the offset alone");

    int fd2 = dup(fd);
    ok(fd2 > fd, "dup returns a new descriptor");
    is_long(lseek(fd, 3, SEEK_SET), 3, "lseek on the original to 3");
    is_long(lseek(fd2, 0, SEEK_CUR), 3, "the duplicate sees offset 3 (one open file description)");
    is_long(fcntl(fd, F_SETFL, O_APPEND), 0, "F_SETFL O_APPEND on the original");
    ok((fcntl(fd2, F_GETFL) & O_APPEND) != 0, "the duplicate has O_APPEND too");
    is_long(fcntl(fd2, F_GETFD), 0, "dup's descriptor is not close-on-exec");
    is_long(write(fd2, "!", 1), 1, "write through the duplicate");
    is_long(lseek(fd, 0, SEEK_CUR), 113, "O_APPEND wrote at the end; the original's offset moved too");
    is_long(close(fd2), 0, "close the duplicate");
    is_long(pread(fd, buf, 1, 112), 1, "the original still works after the duplicate is closed");
    ok(buf[0] == '!', "and reads the appended byte");

    errno = 0;
    is_long(dup(-1), -1, "dup(-1) fails");
    is_long(errno, EBADF, "... with EBADF");
    int p[2];
    ok(pipe(p) == 0, "pipe");
    errno = 0;
    is_long(pread(p[0], buf, 1, 0), -1, "pread64 on a pipe fails");
    is_long(errno, ESPIPE, "... with ESPIPE");
    errno = 0;
    is_long(pwrite(p[1], "x", 1, 0), -1, "pwrite64 on a pipe fails");
    is_long(errno, ESPIPE, "... with ESPIPE");
    close(p[0]);
    close(p[1]);

    struct rlimit rl;
    is_long(syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl), 0, "getrlimit(RLIMIT_NOFILE)");
    ok(rl.rlim_cur > 2 && rl.rlim_cur <= rl.rlim_max, "soft limit above 2 and at most the hard limit");
    errno = 0;
    is_long(syscall(SYS_getrlimit, 999, &rl), -1, "getrlimit of an unknown resource fails");
    is_long(errno, EINVAL, "... with EINVAL");

    is_long(close(fd), 0, "close");
    fflush(stdout);
    int failures = tap_done();
    syscall(SYS_exit, failures);
    return 100; /* not reached: exit ended the (only) thread, and so the process */
}
