/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writes a file through a shared writable mapping (which v9fs refuses with cache=none), msyncs,
 * reads it back with pread and prints it. Exit status: the step that failed, 0 when none did.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
    static const char text[] = "written through a shared mapping\n";
    int fd = open("shared_mmap.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ftruncate(fd, 4096) < 0) {
        perror("open");
        return 1;
    }
    char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        return 2;
    }
    memcpy(p, text, sizeof text - 1);
    if (msync(p, 4096, MS_SYNC) < 0) {
        perror("msync");
        return 3;
    }
    char back[sizeof text] = {0};
    if (pread(fd, back, sizeof text - 1, 0) != (ssize_t)(sizeof text - 1)) {
        perror("pread");
        return 4;
    }
    fputs(back, stdout);
    return 0;
}
