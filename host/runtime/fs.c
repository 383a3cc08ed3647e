/* Files on the image's root filesystem. The root is a host directory
   (--root-dir; files.c does the Linux side).

   Writing, for the syslog klib's file output: open-or-create, the
   page-cache writer (sg list data written at a range, completion from the
   loop), sync, truncate, rename, and the filesystem figures disk metrics
   read.

   Reading, for the tls klib's tls.ca_file, with the kernel's (b9c3671d)
   exported path: storage_iterate gives the root filesystem, its get_inode
   field the root's inode, filesystem_get_node resolves a path from it
   (FS_NODE_FOLLOW; a regular file comes with a reserved fsfile, anything
   else with none) and leaves the filesystem locked until
   filesystem_put_node; the fsfile's read field is the filesystem's reader.
   What the kernel does and a klib could get wrong is checked here and
   halts klibhost with a message:
   - reading while a node is held (the kernel's reader takes the
     filesystem lock: a deadlock), or putting a node never got;
   - the reader reads whole blocks (fs_blocksize) of [start, end), clamped
     to the file length, into the fragments already in the sg list, and
     zeroes the rest of the last block: the list must hold that many bytes,
     and each fragment a multiple of 512 bytes (the disk driver asserts it);
   - the completion comes later, from the loop (the kernel's from the
     disk interrupt), never inside the call. */
#include <unix_internal.h>
#include <filesystem.h>
#include <storage.h>
#include "host.h"

/* The disk's sector: every fragment the kernel's disk driver gets must be
   a multiple of it. */
#define HOST_SECTOR_SIZE 512

struct pagecache_node {
    fsfile f;
    closure_struct(sg_io, writer);
};

/* An open file: the kernel's public fields first (what klibs read), then
   ours. An fsfile points at .f. */
struct host_file {
    struct fsfile f;
    int fd;
    struct pagecache_node node;
    closure_struct(sg_io, reader);
};

static struct {
    struct filesystem root_fs;
    tuple root;                 /* the root directory's node */
    tuple node;                 /* what filesystem_get_node returns for any other node */
    int held;                   /* nodes got and not yet put: the filesystem lock */
} fs_state;

#define host_file_of(fsf) struct_from_field(fsf, struct host_file *, f)

static char *image_path(sstring s, char *out, bytes size)
{
    if (s.len >= size)
        return 0;
    runtime_memcpy(out, s.ptr, s.len);
    out[s.len] = 0;
    return out;
}

struct io_done {
    status_handler complete;
    status s;
};

static void complete_io(void *arg)
{
    struct io_done *d = arg;
    status_handler complete = d->complete;
    status s = d->s;
    deallocate(host_heap(), d, sizeof(*d));
    apply(complete, s);
}

/* complete(s) from the loop, as a disk completion comes after the call. */
static void complete_later(status_handler complete, status s)
{
    struct io_done *d = allocate(host_heap(), sizeof(*d));
    d->complete = complete;
    d->s = s;
    host_defer(complete_io, d);
}

/* Writes the data of sg (each entry from buf + offset to buf + size) at
   r.start, for range_span(r) bytes, consuming the entries it uses. */
closure_func_basic(sg_io, void, file_writer,
                   sg_list sg, range r, status_handler complete)
{
    struct pagecache_node *pn = struct_from_closure(struct pagecache_node *, writer);
    int fd = host_file_of(pn->f)->fd;
    u64 at = r.start, left = range_span(r);
    status s = STATUS_OK;
    for (bytes i = 0; left && i < sg_list_length(sg); i++) {
        sg_buf sgb = (sg_buf)buffer_ref(sg->b, i * sizeof(struct sg_buf));
        u64 n = MIN((u64)(sgb->size - sgb->offset), left);
        s64 w = host_file_pwrite(fd, (u8 *)sgb->buf + sgb->offset, n, at);
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
    complete_later(complete, s);
}

/* The filesystem's reader (struct fsfile.read): whole blocks of r, clamped
   to the file length, into the fragments of sg, consuming them. */
closure_func_basic(sg_io, void, file_reader,
                   sg_list sg, range r, status_handler complete)
{
    struct host_file *hf = struct_from_closure(struct host_file *, reader);
    if (fs_state.held)
        halt("fsfile read while a filesystem node is held: call filesystem_put_node first "
             "(the kernel's reader takes the filesystem lock and would deadlock)\n");
    u64 block = fs_blocksize(&fs_state.root_fs);
    u64 length = fsfile_get_length(&hf->f);
    u64 end = MIN(r.end, length);
    u64 start = MIN(r.start, end) & ~(block - 1);
    u64 total = end > start ? pad(end, block) - start : 0;   /* bytes the disk delivers */
    u64 need = total, have = 0;
    for (bytes i = 0; i < sg_list_length(sg); i++) {
        sg_buf sgb = (sg_buf)buffer_ref(sg->b, i * sizeof(struct sg_buf));
        if (need && ((sgb->size - sgb->offset) % HOST_SECTOR_SIZE))
            halt("sg fragment %ld is %d bytes, not a multiple of the disk's %d-byte sector "
                 "(the kernel's disk driver asserts it)\n", i, sgb->size - sgb->offset, HOST_SECTOR_SIZE);
        have += sgb->size - sgb->offset;
    }
    if (have < need)
        halt("sg list holds %ld bytes, the read of [%ld, %ld) needs %ld (whole %ld-byte blocks): "
             "the kernel would run past it\n", have, r.start, r.end, need, block);
    status s = STATUS_OK;
    u64 at = start;
    for (bytes i = 0; need && i < sg_list_length(sg); i++) {
        sg_buf sgb = (sg_buf)buffer_ref(sg->b, i * sizeof(struct sg_buf));
        u64 n = MIN((u64)(sgb->size - sgb->offset), need);
        u8 *p = (u8 *)sgb->buf + sgb->offset;
        u64 data = at < end ? MIN(n, end - at) : 0;
        s64 got = data ? host_file_pread(hf->fd, p, data, at) : 0;
        if (got < 0) {
            s = timm("result", "read failed (errno %ld)", -got);
            break;
        }
        runtime_memset(p + got, 0, n - got);     /* past the file's end, or a file that shrank */
        sgb->offset += n;
        sg->count -= n;
        at += n;
        need -= n;
    }
    complete_later(complete, s);
}

static fsfile new_file(int fd)
{
    struct host_file *hf = allocate(host_heap(), sizeof(*hf));
    runtime_memset((u8 *)hf, 0, sizeof(*hf));
    hf->fd = fd;
    hf->f.fs = &fs_state.root_fs;
    hf->f.cache_node = &hf->node;
    hf->f.length = fsfile_get_length(&hf->f);
    hf->f.read = init_closure_func(&hf->reader, sg_io, file_reader);
    hf->node.f = &hf->f;
    init_closure_func(&hf->node.writer, sg_io, file_writer);
    return &hf->f;
}

fsfile fsfile_open_or_create(sstring file_path, boolean truncate)
{
    char path[1024];
    if (!image_path(file_path, path, sizeof(path)))
        return 0;
    int fd = host_file_open(path, truncate);
    if (fd < 0)
        return 0;
    return new_file(fd);
}

u64 fsfile_get_length(fsfile f)
{
    s64 n = host_file_length(host_file_of(f)->fd);
    return n < 0 ? 0 : n;
}

pagecache_node fsfile_get_cachenode(fsfile f)
{
    return f->cache_node;
}

void fsfile_release(fsfile f)
{
    struct host_file *hf = host_file_of(f);
    host_file_close(hf->fd);
    deallocate(host_heap(), hf, sizeof(*hf));
}

int fsfile_truncate(fsfile f, u64 len)
{
    return host_file_truncate(host_file_of(f)->fd, len) < 0 ? -1 : 0;
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
    int err = host_file_sync(host_file_of(pn->f)->fd);
    complete_later(complete, err ? timm("result", "sync failed (errno %d)", -err) : STATUS_OK);
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

/* ---- the root filesystem and path lookups ---- */

static inode host_get_inode(filesystem fs, tuple md)
{
    (void)fs;
    return u64_from_pointer(md);
}

static filesystem root_fs(void)
{
    if (!fs_state.root) {
        fs_state.root = allocate_tuple();
        fs_state.node = allocate_tuple();
        fs_state.root_fs.get_inode = host_get_inode;
        fs_state.root_fs.ro = false;
    }
    return &fs_state.root_fs;
}

void storage_iterate(volume_handler vh)
{
    apply(vh, 0, ss("root"), root_fs(), 0);
}

tuple filesystem_getroot(filesystem fs)
{
    if (fs != root_fs())
        halt("filesystem_getroot: not the root filesystem (the only one emulated)\n");
    return fs_state.root;
}

int filesystem_get_node(filesystem *fs, inode cwd, sstring path, u8 flags, tuple *n,
                        tuple *parent, fsfile *f)
{
    if (*fs != root_fs())
        halt("filesystem_get_node: not the root filesystem (the only one emulated)\n");
    if (flags != FS_NODE_FOLLOW)
        halt("filesystem_get_node: flags 0x%x not emulated (only FS_NODE_FOLLOW)\n", flags);
    if (cwd != host_get_inode(*fs, fs_state.root))
        return -2;              /* ENOENT: the kernel finds no such directory inode */
    char p[1024];
    if (!image_path(path, p, sizeof(p)))
        return -36;             /* ENAMETOOLONG */
    int kind = host_file_lookup(p);
    if (kind < 0)
        return kind;
    fsfile file = 0;
    if (kind == 0 && f) {
        int fd = host_file_open_read(p);
        if (fd < 0)
            return fd;
        file = new_file(fd);
    }
    if (f)
        *f = file;
    *n = fs_state.node;
    if (parent)
        *parent = fs_state.root;
    fs_state.held++;
    return 0;
}

void filesystem_put_node(filesystem fs, tuple n)
{
    (void)fs;
    (void)n;
    if (!fs_state.held)
        halt("filesystem_put_node without a node got from filesystem_get_node\n");
    fs_state.held--;
}

boolean filesystem_is_readonly(filesystem fs)
{
    return fs->ro;
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
