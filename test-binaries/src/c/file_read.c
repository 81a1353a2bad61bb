/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reads files and directories without changing anything on disk.
 *
 *   file_read [FILE [DIR]]
 *
 * FILE (default: this program, via AT_EXECFN) is read with read, pread64, readv, lseek, fstat and a
 * MAP_PRIVATE mmap, which must all agree; DIR, when given, is listed with getdents64 and printed
 * sorted, with each entry's type (and size for regular files). Error paths: ENOENT, ENOTDIR,
 * EISDIR, EBADF, EFAULT, EINVAL. The printed data (sizes, an FNV-1a hash of FILE, the listing) is
 * deterministic for given inputs.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "tap.h"

#define PAGE 4096L

struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

struct entry {
    char *name;
    unsigned char type; /* DT_* as reported by getdents64 */
};

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static long raw_read(int fd, void *buf, size_t n)
{
    return syscall(SYS_read, fd, buf, n);
}

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static const char *type_name(mode_t mode)
{
    if (S_ISREG(mode)) return "reg";
    if (S_ISDIR(mode)) return "dir";
    if (S_ISLNK(mode)) return "lnk";
    if (S_ISFIFO(mode)) return "fifo";
    if (S_ISSOCK(mode)) return "sock";
    if (S_ISCHR(mode)) return "chr";
    if (S_ISBLK(mode)) return "blk";
    return "unknown";
}

static unsigned char dtype_of_mode(mode_t mode)
{
    if (S_ISREG(mode)) return DT_REG;
    if (S_ISDIR(mode)) return DT_DIR;
    if (S_ISLNK(mode)) return DT_LNK;
    if (S_ISFIFO(mode)) return DT_FIFO;
    if (S_ISSOCK(mode)) return DT_SOCK;
    if (S_ISCHR(mode)) return DT_CHR;
    if (S_ISBLK(mode)) return DT_BLK;
    return DT_UNKNOWN;
}

/* Reads all of fd's entries with getdents64 through a small buffer (many calls). Returns count or -1. */
static int read_dir(int fd, struct entry **out)
{
    char buf[256] __attribute__((aligned(8)));
    int count = 0, cap = 16;
    struct entry *entries = malloc(cap * sizeof *entries);
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (n < 0) {
            free(entries);
            return -1;
        }
        if (n == 0)
            break;
        for (long off = 0; off < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
            if (count == cap) {
                cap *= 2;
                entries = realloc(entries, cap * sizeof *entries);
            }
            entries[count].name = strdup(d->d_name);
            entries[count].type = d->d_type;
            count++;
            off += d->d_reclen;
        }
    }
    *out = entries;
    return count;
}

static void free_entries(struct entry *entries, int count)
{
    for (int i = 0; i < count; i++)
        free(entries[i].name);
    free(entries);
}

static void check_file(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (!is_success(fd, "open FILE read-only")) {
        return;
    }

    struct stat st;
    is_long(syscall(SYS_fstat, fd, &st), 0, "fstat FILE");
    ok(S_ISREG(st.st_mode), "FILE is a regular file");
    note("FILE size=%lld", (long long)st.st_size);
    if (!ok(st.st_size > 0, "FILE is not empty")) {
        close(fd);
        return;
    }

    struct stat st2;
    is_long(syscall(SYS_newfstatat, AT_FDCWD, path, &st2, 0), 0, "newfstatat FILE");
    ok(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev && st.st_size == st2.st_size,
       "fstat and newfstatat agree on dev, ino, size");
    struct stat st3;
    is_long(syscall(SYS_newfstatat, fd, "", &st3, AT_EMPTY_PATH), 0, "newfstatat(fd, \"\", AT_EMPTY_PATH)");
    ok(st.st_ino == st3.st_ino && st.st_size == st3.st_size, "AT_EMPTY_PATH stat agrees with fstat");

    size_t size = (size_t)st.st_size;
    unsigned char *data = malloc(size + 1);
    size_t got = 0;
    int read_calls = 0;
    for (;;) {
        size_t want = size + 1 - got < 1000 ? size + 1 - got : 1000; /* odd chunk size on purpose */
        long n = read(fd, data + got, want);
        read_calls++;
        if (n <= 0)
            break;
        got += (size_t)n;
        if (got > size)
            break;
    }
    is_long((long long)got, (long long)size, "read() in 1000-byte chunks returns st_size bytes");
    is_long(read(fd, data + size, 1), 0, "read at EOF returns 0");
    note("FILE fnv1a=%016llx", (unsigned long long)fnv1a(data, size));

    /* lseek */
    is_long(lseek(fd, 0, SEEK_CUR), (long long)size, "lseek(SEEK_CUR) at EOF == size");
    is_long(lseek(fd, 0, SEEK_END), (long long)size, "lseek(0, SEEK_END) == size");
    is_long(lseek(fd, -1, SEEK_END), (long long)size - 1, "lseek(-1, SEEK_END) == size - 1");
    unsigned char last = 0;
    ok(read(fd, &last, 1) == 1 && last == data[size - 1], "read after lseek(-1, SEEK_END) gives the last byte");
    is_long(lseek(fd, 100, SEEK_END), (long long)size + 100, "lseek past EOF is allowed");
    is_long(read(fd, &last, 1), 0, "read past EOF returns 0");
    is_errno(lseek(fd, -1, SEEK_SET), EINVAL, "lseek to a negative offset fails with EINVAL");
    is_errno(lseek(fd, 0, 12345), EINVAL, "lseek with a bad whence fails with EINVAL");
    is_long(lseek(fd, 0, SEEK_SET), 0, "lseek(0, SEEK_SET) == 0");

    /* pread64 does not move the offset. */
    int pread_ok = 1;
    size_t offsets[] = { 0, 1, size / 3, size / 2, size - 1 };
    for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
        unsigned char buf[300];
        size_t off = offsets[i];
        size_t expect = size - off < sizeof buf ? size - off : sizeof buf;
        long n = pread(fd, buf, sizeof buf, (off_t)off);
        if (n != (long)expect || memcmp(buf, data + off, expect) != 0)
            pread_ok = 0;
    }
    ok(pread_ok, "pread64 at five offsets matches read()");
    unsigned char one;
    is_long(pread(fd, &one, 1, (off_t)size), 0, "pread64 at EOF returns 0");
    is_long(lseek(fd, 0, SEEK_CUR), 0, "pread64 leaves the file offset alone");
    is_errno(pread(fd, &one, 1, -5), EINVAL, "pread64 at a negative offset fails with EINVAL");

    /* readv scatters in order. */
    unsigned char a[1], b[7], c[100];
    struct iovec iov[3] = { { a, sizeof a }, { b, sizeof b }, { c, sizeof c } };
    size_t rv_expect = size < 108 ? size : 108;
    long rv = readv(fd, iov, 3);
    unsigned char joined[108];
    memcpy(joined, a, 1);
    memcpy(joined + 1, b, 7);
    memcpy(joined + 8, c, 100);
    ok(rv == (long)rv_expect && memcmp(joined, data, rv_expect) == 0, "readv into 1+7+100 bytes matches read()");
    is_long(lseek(fd, 0, SEEK_CUR), (long long)rv_expect, "readv advanced the offset");
    is_long(readv(fd, iov, 0), 0, "readv with iovcnt 0 returns 0");
    is_errno(syscall(SYS_readv, fd, iov, -1), EINVAL, "readv with iovcnt -1 fails with EINVAL");

    /* EFAULT paths: nothing is consumed. */
    lseek(fd, 0, SEEK_SET);
    is_errno(raw_read(fd, NULL, 16), EFAULT, "read into NULL fails with EFAULT");
    is_errno(raw_read(fd, (void *)16, 16), EFAULT, "read into address 16 fails with EFAULT");
    is_long(lseek(fd, 0, SEEK_CUR), 0, "a faulting read leaves the offset alone");
    struct iovec bad = { (void *)16, 16 };
    is_errno(syscall(SYS_readv, fd, &bad, 1), EFAULT, "readv into an unmapped buffer fails with EFAULT");
    is_errno(syscall(SYS_readv, fd, (void *)16, 1), EFAULT, "readv with an unmapped iovec array fails with EFAULT");

    /* mmap MAP_PRIVATE of the file. */
    size_t map_len = (size + PAGE - 1) & ~(size_t)(PAGE - 1);
    unsigned char *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (ok(m != MAP_FAILED, "mmap(PROT_READ, MAP_PRIVATE) of FILE")) {
        ok((uintptr_t)m % PAGE == 0, "mmap result is page-aligned");
        ok(memcmp(m, data, size) == 0, "mapped bytes equal read() bytes");
        int tail_zero = 1;
        for (size_t i = size; i < map_len; i++)
            if (m[i] != 0)
                tail_zero = 0;
        ok(tail_zero, "bytes past EOF in the last mapped page are zero");
        is_long(munmap(m, size), 0, "munmap the file mapping");
    } else {
        for (int i = 0; i < 4; i++)
            ok(0, "mmap-dependent check");
    }
    if (size > PAGE) {
        unsigned char *m2 = mmap(NULL, size - PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
        ok(m2 != MAP_FAILED && memcmp(m2, data + PAGE, size - PAGE) == 0, "mmap at file offset 4096 matches");
        if (m2 != MAP_FAILED)
            munmap(m2, size - PAGE);
    } else {
        skip("FILE is not larger than a page", "mmap at file offset 4096 matches");
    }
    unsigned char *w = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (ok(w != MAP_FAILED, "mmap(PROT_READ|PROT_WRITE, MAP_PRIVATE) of a read-only fd")) {
        w[0] ^= 0xff;
        ok(w[0] == (unsigned char)(data[0] ^ 0xff), "a private mapping is writable");
        ok(pread(fd, &one, 1, 0) == 1 && one == data[0], "writes to a private mapping do not reach the file");
        munmap(w, size);
    } else {
        ok(0, "a private mapping is writable");
        ok(0, "writes to a private mapping do not reach the file");
    }
    errno = 0;
    is_errno((long)mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 1) == -1 ? -1 : 0, EINVAL,
             "mmap at an unaligned file offset fails with EINVAL");

    /* Other errors on this file. */
    is_errno(write(fd, "x", 1), EBADF, "write to a read-only fd fails with EBADF");
    char sub[4200];
    snprintf(sub, sizeof sub, "%s/x", path);
    is_errno(open(sub, O_RDONLY), ENOTDIR, "open FILE/x fails with ENOTDIR");
    is_errno(open(path, O_RDONLY | O_DIRECTORY), ENOTDIR, "open FILE with O_DIRECTORY fails with ENOTDIR");
    is_errno(syscall(SYS_getdents64, fd, sub, sizeof sub), ENOTDIR, "getdents64 on a file fails with ENOTDIR");

    is_long(close(fd), 0, "close FILE");
    is_errno(close(fd), EBADF, "second close fails with EBADF");
    is_errno(raw_read(fd, &one, 1), EBADF, "read on the closed fd fails with EBADF");
    free(data);
}

static void check_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (!is_success(fd, "open DIR with O_DIRECTORY"))
        return;
    struct stat st;
    ok(fstat(fd, &st) == 0 && S_ISDIR(st.st_mode), "fstat DIR says directory");

    char c;
    is_errno(raw_read(fd, &c, 1), EISDIR, "read on a directory fails with EISDIR");
    is_errno(open(dir, O_WRONLY), EISDIR, "open DIR for writing fails with EISDIR");
    char tiny[1];
    is_errno(syscall(SYS_getdents64, fd, tiny, sizeof tiny), EINVAL, "getdents64 with a 1-byte buffer fails with EINVAL");

    struct entry *entries = NULL;
    int count = read_dir(fd, &entries);
    if (!ok(count >= 0, "getdents64 reads the whole directory"))
        return;
    qsort(entries, (size_t)count, sizeof *entries, compare_entries);
    int dot = 0, dotdot = 0;
    for (int i = 0; i < count; i++) {
        dot |= strcmp(entries[i].name, ".") == 0;
        dotdot |= strcmp(entries[i].name, "..") == 0;
    }
    ok(dot && dotdot, "the listing contains . and ..");
    note("DIR has %d entries besides . and ..", count - dot - dotdot);

    int type_mismatch = 0;
    for (int i = 0; i < count; i++) {
        const char *name = entries[i].name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        struct stat est;
        if (fstatat(fd, name, &est, AT_SYMLINK_NOFOLLOW) != 0) {
            note("entry [%s] cannot be stat'ed", name);
            type_mismatch++;
            continue;
        }
        if (entries[i].type != DT_UNKNOWN && entries[i].type != dtype_of_mode(est.st_mode))
            type_mismatch++;
        if (S_ISREG(est.st_mode)) {
            int efd = openat(fd, name, O_RDONLY);
            struct stat fst;
            long long size = -1;
            if (efd >= 0 && fstat(efd, &fst) == 0)
                size = (long long)fst.st_size;
            if (efd >= 0)
                close(efd);
            note("entry [%s] %s size=%lld", name, type_name(est.st_mode), size);
        } else {
            note("entry [%s] %s", name, type_name(est.st_mode));
        }
    }
    is_long(type_mismatch, 0, "d_type agrees with fstatat for every entry");

    is_long(lseek(fd, 0, SEEK_SET), 0, "lseek a directory back to 0");
    struct entry *again = NULL;
    int count2 = read_dir(fd, &again);
    is_long(count2, count, "re-reading the directory gives the same number of entries");
    if (count2 >= 0)
        free_entries(again, count2);
    free_entries(entries, count);

    is_long(close(fd), 0, "close DIR");
}

int main(int argc, char **argv)
{
    tap_init();
    const char *file = argc > 1 ? argv[1] : (const char *)getauxval(AT_EXECFN);
    const char *dir = argc > 2 ? argv[2] : NULL;

    is_errno(open("/nonexistent-jlinux-dir/missing-file", O_RDONLY), ENOENT, "open a missing file fails with ENOENT");
    is_errno(openat(AT_FDCWD, "", O_RDONLY), ENOENT, "open \"\" fails with ENOENT");
    is_errno(raw_read(-1, NULL, 1), EBADF, "read on fd -1 fails with EBADF");
    is_errno(raw_read(9999, NULL, 1), EBADF, "read on fd 9999 fails with EBADF");
    is_errno(syscall(SYS_getdents64, 9999, NULL, 64), EBADF, "getdents64 on a bad fd fails with EBADF");

    check_file(file);
    if (dir != NULL)
        check_dir(dir);
    else
        skip("no DIR argument", "directory listing");

    return tap_done();
}
