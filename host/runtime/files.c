/* The root filesystem of the image, emulated on a host directory. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include "host_sys.h"

static char root_dir[PATH_MAX];

void host_set_root_dir(const char *dir)
{
    if (mkdir(dir, 0755) < 0 && errno != EEXIST)
        host_fatal("cannot create --root-dir %s: %s", dir, strerror(errno));
    if (!realpath(dir, root_dir))
        host_fatal("bad --root-dir %s: %s", dir, strerror(errno));
}

/* Without --root-dir, a temporary directory is made when a klib first
   touches a file, and named on stderr so its files can be found. */
static const char *host_root_dir(void)
{
    if (!root_dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(root_dir, sizeof(root_dir), "%s/klibhost-root-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(root_dir))
            host_fatal("cannot create a root directory: %s", strerror(errno));
        host_warn("root filesystem at %s", root_dir);
    }
    return root_dir;
}

/* The host path of an image path; false when it would leave the root. */
static int host_path(const char *image_path, char *out, size_t size)
{
    if (strstr(image_path, "/../") || !strncmp(image_path, "../", 3) ||
        (strlen(image_path) >= 3 && !strcmp(image_path + strlen(image_path) - 3, "/..")))
        return 0;
    int n = snprintf(out, size, "%s%s%s", host_root_dir(), image_path[0] == '/' ? "" : "/", image_path);
    return n > 0 && (size_t)n < size;
}

static void make_parents(char *path)
{
    for (char *p = path + strlen(root_dir) + 1; (p = strchr(p, '/')); p++) {
        *p = 0;
        mkdir(path, 0755);
        *p = '/';
    }
}

int host_file_open(const char *image_path, int truncate)
{
    char path[PATH_MAX];
    if (!host_path(image_path, path, sizeof(path)))
        return -EINVAL;
    make_parents(path);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0644);
    return fd < 0 ? -errno : fd;
}

long long host_file_length(int fd)
{
    struct stat st;
    return fstat(fd, &st) < 0 ? -errno : st.st_size;
}

long long host_file_pwrite(int fd, const void *p, unsigned long long n, unsigned long long offset)
{
    unsigned long long done = 0;
    while (done < n) {
        ssize_t w = pwrite(fd, (const char *)p + done, n - done, offset + done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        done += w;
    }
    return done;
}

int host_file_truncate(int fd, unsigned long long len)
{
    return ftruncate(fd, len) < 0 ? -errno : 0;
}

int host_file_sync(int fd)
{
    return fsync(fd) < 0 ? -errno : 0;
}

int host_file_rename(const char *old_image_path, const char *new_image_path)
{
    char from[PATH_MAX], to[PATH_MAX];
    if (!host_path(old_image_path, from, sizeof(from)) || !host_path(new_image_path, to, sizeof(to)))
        return -EINVAL;
    return rename(from, to) < 0 ? -errno : 0;
}

int host_file_lookup(const char *image_path)
{
    char path[PATH_MAX];
    struct stat st;
    if (!host_path(image_path, path, sizeof(path)))
        return -ENOENT;
    if (stat(path, &st) < 0)
        return -errno;
    return S_ISREG(st.st_mode) ? 0 : 1;
}

/* KLIBHOST_FAIL_READ names an image path whose reads fail (a disk error). */
static int read_fails(const char *image_path)
{
    const char *failing = getenv("KLIBHOST_FAIL_READ");
    return failing && *failing && !strcmp(failing, image_path);
}

/* Descriptors opened on that path (fd + 1; 0 is a free slot): their reads
   fail with EIO. */
static int failing_fds[16];

int host_file_open_read(const char *image_path)
{
    char path[PATH_MAX];
    if (!host_path(image_path, path, sizeof(path)))
        return -ENOENT;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    if (read_fails(image_path)) {
        for (size_t i = 0; i < sizeof(failing_fds) / sizeof(failing_fds[0]); i++) {
            if (!failing_fds[i]) {
                failing_fds[i] = fd + 1;
                break;
            }
        }
    }
    return fd;
}

long long host_file_pread(int fd, void *p, unsigned long long n, unsigned long long offset)
{
    for (size_t i = 0; i < sizeof(failing_fds) / sizeof(failing_fds[0]); i++)
        if (failing_fds[i] == fd + 1)
            return -EIO;
    unsigned long long done = 0;
    while (done < n) {
        ssize_t r = pread(fd, (char *)p + done, n - done, offset + done);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (r == 0)
            break;
        done += r;
    }
    return done;
}

void host_file_close(int fd)
{
    for (size_t i = 0; i < sizeof(failing_fds) / sizeof(failing_fds[0]); i++)
        if (failing_fds[i] == fd + 1)
            failing_fds[i] = 0;
    close(fd);
}

void host_fs_stats(unsigned long long *block_size, unsigned long long *total, unsigned long long *free_blocks)
{
    struct statvfs s;
    if (statvfs(host_root_dir(), &s) < 0) {
        *block_size = 4096;
        *total = *free_blocks = 0;
        return;
    }
    *block_size = s.f_frsize;
    *total = s.f_blocks;
    *free_blocks = s.f_bavail;
}
