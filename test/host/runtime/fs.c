/* Files on the image's root filesystem, for the syslog klib's file output:
   open-or-create, the page-cache writer (sg list data written at a range,
   completion from the loop), sync, truncate, rename, and the filesystem
   figures disk metrics read. The root is a host directory (--root-dir). */
#include <unix_internal.h>
#include <filesystem.h>
#include <storage.h>
#include "host.h"

struct filesystem {
    boolean readonly;
};

static struct filesystem root_fs;

struct pagecache_node {
    fsfile f;
    closure_struct(sg_io, writer);
};

struct fsfile {
    int fd;
    struct pagecache_node node;
};

static char *image_path(sstring s, char *out, bytes size)
{
    if (s.len >= size)
        return 0;
    runtime_memcpy(out, s.ptr, s.len);
    out[s.len] = 0;
    return out;
}

struct write_done {
    status_handler complete;
    status s;
};

static void complete_write(void *arg)
{
    struct write_done *d = arg;
    status_handler complete = d->complete;
    status s = d->s;
    deallocate(host_heap(), d, sizeof(*d));
    apply(complete, s);
}

/* Writes the data of sg (each entry from buf + offset to buf + size) at
   r.start, for range_span(r) bytes, consuming the entries it uses. */
closure_func_basic(sg_io, void, file_writer,
                   sg_list sg, range r, status_handler complete)
{
    struct pagecache_node *pn = struct_from_closure(struct pagecache_node *, writer);
    u64 at = r.start, left = range_span(r);
    status s = STATUS_OK;
    for (bytes i = 0; left && i < sg_list_length(sg); i++) {
        sg_buf sgb = (sg_buf)buffer_ref(sg->b, i * sizeof(struct sg_buf));
        u64 n = MIN((u64)(sgb->size - sgb->offset), left);
        s64 w = host_file_pwrite(pn->f->fd, (u8 *)sgb->buf + sgb->offset, n, at);
        if (w < 0) {
            s = timm("result", "write failed (errno %ld)", -w);
            break;
        }
        sgb->offset += n;
        sg->count -= n;
        at += n;
        left -= n;
    }
    if (is_ok(s) && left)
        s = timm("result", "sg list shorter than the range (%ld bytes missing)", left);
    struct write_done *d = allocate(host_heap(), sizeof(*d));
    d->complete = complete;
    d->s = s;
    host_defer(complete_write, d);
}

fsfile fsfile_open_or_create(sstring file_path, boolean truncate)
{
    char path[1024];
    if (!image_path(file_path, path, sizeof(path)))
        return 0;
    int fd = host_file_open(path, truncate);
    if (fd < 0)
        return 0;
    fsfile f = allocate(host_heap(), sizeof(*f));
    f->fd = fd;
    f->node.f = f;
    init_closure_func(&f->node.writer, sg_io, file_writer);
    return f;
}

u64 fsfile_get_length(fsfile f)
{
    s64 n = host_file_length(f->fd);
    return n < 0 ? 0 : n;
}

pagecache_node fsfile_get_cachenode(fsfile f)
{
    return &f->node;
}

void fsfile_release(fsfile f)
{
    host_file_close(f->fd);
    deallocate(host_heap(), f, sizeof(*f));
}

int fsfile_truncate(fsfile f, u64 len)
{
    return host_file_truncate(f->fd, len) < 0 ? -1 : 0;
}

sysreturn fs_rename(sstring oldpath, sstring newpath)
{
    char from[1024], to[1024];
    if (!image_path(oldpath, from, sizeof(from)) || !image_path(newpath, to, sizeof(to)))
        return -22;             /* EINVAL */
    return host_file_rename(from, to);
}

sg_io pagecache_node_get_writer(pagecache_node pn)
{
    return (sg_io)&pn->writer;
}

void pagecache_sync_node(pagecache_node pn, status_handler complete)
{
    int err = host_file_sync(pn->f->fd);
    struct write_done *d = allocate(host_heap(), sizeof(*d));
    d->complete = complete;
    d->s = err ? timm("result", "sync failed (errno %d)", -err) : STATUS_OK;
    host_defer(complete_write, d);
}

sg_list allocate_sg_list(void)
{
    sg_list sg = allocate(host_heap(), sizeof(*sg));
    if (sg == INVALID_ADDRESS)
        return sg;
    sg->b = allocate_buffer(host_heap(), 4 * sizeof(struct sg_buf));
    if (sg->b == INVALID_ADDRESS) {
        deallocate(host_heap(), sg, sizeof(*sg));
        return INVALID_ADDRESS;
    }
    sg->count = 0;
    list_init_member(&sg->l);
    return sg;
}

void deallocate_sg_list(sg_list sg)
{
    deallocate_buffer(sg->b);
    deallocate(host_heap(), sg, sizeof(*sg));
}

void storage_iterate(volume_handler vh)
{
    apply(vh, 0, ss("root"), &root_fs, 0);
}

boolean filesystem_is_readonly(filesystem fs)
{
    return fs->readonly;
}

u64 fs_blocksize(filesystem fs)
{
    (void)fs;
    unsigned long long size, total, free_blocks;
    host_fs_stats(&size, &total, &free_blocks);
    return size;
}

u64 fs_totalblocks(filesystem fs)
{
    (void)fs;
    unsigned long long size, total, free_blocks;
    host_fs_stats(&size, &total, &free_blocks);
    return total;
}

u64 fs_freeblocks(filesystem fs)
{
    (void)fs;
    unsigned long long size, total, free_blocks;
    host_fs_stats(&size, &total, &free_blocks);
    return free_blocks;
}
