/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The small-files workload: in directory DIR (created), N files (default 2000) are created and
 * written (100 bytes each), then each is stat'ed, read back and checked, then each is deleted, and
 * the directory removed. Exits 0 when every step did what Linux does; prints nothing on success.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char *what, const char *path)
{
    perror(what);
    fprintf(stderr, "smallfiles: %s failed on %s\n", what, path);
    return 1;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "smallfiles.d";
    int n = argc > 2 ? atoi(argv[2]) : 2000;
    char path[4096], data[100], back[100];
    if (mkdir(dir, 0755) != 0)
        return fail("mkdir", dir);
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/f%05d", dir, i);
        memset(data, 'a' + i % 26, sizeof data);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0)
            return fail("open", path);
        if (write(fd, data, sizeof data) != (ssize_t)sizeof data)
            return fail("write", path);
        close(fd);
    }
    for (int i = 0; i < n; i++) {
        struct stat st;
        snprintf(path, sizeof path, "%s/f%05d", dir, i);
        if (stat(path, &st) != 0 || st.st_size != (off_t)sizeof data)
            return fail("stat", path);
        int fd = open(path, O_RDONLY);
        if (fd < 0)
            return fail("open", path);
        if (read(fd, back, sizeof back) != (ssize_t)sizeof back || back[0] != 'a' + i % 26)
            return fail("read", path);
        close(fd);
    }
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/f%05d", dir, i);
        if (unlink(path) != 0)
            return fail("unlink", path);
    }
    if (rmdir(dir) != 0)
        return fail("rmdir", dir);
    return 0;
}
