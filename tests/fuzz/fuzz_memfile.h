/* fuzz_memfile: the fuzz input as a file that the loaders open by path, without touching the
 * disk: a memfd, named by /proc/self/fd/N (a regular file to stat and open). Linux only. */
#ifndef PV_FUZZ_MEMFILE_H
#define PV_FUZZ_MEMFILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Writes `prefix` then `data` to a fresh memfd; its path goes to `path`. Returns the fd (close
 * it when done) or -1. */
static inline int fuzz_memfile(const char *prefix, size_t prefix_n, const uint8_t *data,
                               size_t size, char *path, size_t path_n)
{
    int fd = (int)syscall(SYS_memfd_create, "pavilion-fuzz", 0u);
    if (fd < 0)
        return -1;
    if ((prefix_n && write(fd, prefix, prefix_n) != (ssize_t)prefix_n) ||
        (size && write(fd, data, size) != (ssize_t)size)) {
        close(fd);
        return -1;
    }
    snprintf(path, path_n, "/proc/self/fd/%d", fd);
    return fd;
}

#endif
