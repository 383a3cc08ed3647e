/* generated from klib-src/tls/ca_file.ts by klibc - do not edit */
#include <unix_internal.h>
#include <storage.h>
#include "ca_file.h"

/* Reading the file named by the manifest's tls.ca_file, during init. The kernel exports no
 * "read this file" call to klibs, but what it does export is enough (klib-src/nanos/files.d.ts):
 * storage_iterate gives the root filesystem, filesystem_get_node the file, and the file's own
 * reader its contents, into buffers we hand it, completing later from the disk's interrupt.
 * Every way this can fail is one console line naming the key and the path. */

/* The buffer is handed to the disk one page per fragment, as the page cache does: each fragment is
 * then physically contiguous and a multiple of the disk's sector. */
#define PAGE_BYTES 4096

/* filesystem_get_node's errors (Linux's ENOENT and ENOTDIR, which Nanos uses) */
#define NO_SUCH_ENTRY -2

#define NOT_A_DIRECTORY -20

typedef struct ca_file_read {
    heap h;
    buffer path;
    fsfile file;
    sg_list sg;
    buffer contents;
    u64 length;
    buffer_handler done;
} *ca_file_read;

static struct tls_ca_file {
    filesystem root_fs;
} tls_ca_file;

static void say_not_opened(buffer path, s32 kind);
static void out_of_memory(buffer path, buffer_handler done);
static void abandon(ca_file_read r);
static void read_done(ca_file_read r, status s);

closure_function(0, 4, void, read_ca_file_vh,
                 u8 * uuid, sstring label, filesystem fs, u64 mount_dir)
{
    if (tls_ca_file.root_fs == 0)
        tls_ca_file.root_fs = fs;
}

closure_function(1, 1, void, read_ca_file_finished,
                 ca_file_read, r,
                 status s)
{
    read_done(bound(r), s);
    closure_finish();
}

/* Reads the file at path (tls.ca_file) from the image's root filesystem and calls done with its
 * contents followed by a NUL (counted in the buffer's length, as mbedtls's PEM parser wants; the
 * buffer is then done's), or with 0 after a console line saying why it could not. done may be
 * called before this returns (an error found at once, or a read served without the disk). */
void read_ca_file(heap h, buffer path, buffer_handler done)
{
    if (buffer_length(path) == 0) {
        rprintf("tls: tls.ca_file is empty: give the path of a PEM file in the image\n");
        apply(done, 0);
        return;
    }
    /* The root filesystem is the first one storage_iterate reports. */
    storage_iterate(stack_closure(read_ca_file_vh));
    if (tls_ca_file.root_fs == 0) {
        rprintf("tls: tls.ca_file %b: there is no root filesystem to read it from\n", path);
        apply(done, 0);
        return;
    }
    sstring name = buffer_to_sstring(path);
    fsfile file = ({ filesystem __fs = tls_ca_file.root_fs; tuple __n; fsfile __f = 0;
                  if (filesystem_get_node(&__fs, __fs->get_inode(__fs, filesystem_getroot(__fs)),
                  name, FS_NODE_FOLLOW, &__n, 0, &__f) == 0) filesystem_put_node(__fs,
                  __n); else __f = 0; __f; });
    if (file == 0) {
        say_not_opened(path,
                       ({ filesystem __fs = tls_ca_file.root_fs; tuple __n; fsfile __f = 0;
                       int __r = filesystem_get_node(&__fs, __fs->get_inode(__fs,
                       filesystem_getroot(__fs)), name, FS_NODE_FOLLOW, &__n, 0, &__f);
                       if (__r == 0) { filesystem_put_node(__fs, __n);
                       if (__f) fsfile_release(__f); else __r = 1; } __r; }));
        apply(done, 0);
        return;
    }
    u64 length = fsfile_get_length(file);
    if (length == 0 || length > CA_FILE_MAX_BYTES) {
        if (length == 0)
            rprintf("tls: tls.ca_file %b: the file is empty\n", path);
        else
            rprintf("tls: tls.ca_file %b: the file is too large (%lu bytes; at most %lu)\n", path,
                    length, CA_FILE_MAX_BYTES);
        fsfile_release(file);
        apply(done, 0);
        return;
    }
    ca_file_read r = allocate(h, sizeof(struct ca_file_read));
    if (r == INVALID_ADDRESS) {
        fsfile_release(file);
        out_of_memory(path, done);
        return;
    }
    r->h = h;
    r->path = path;
    r->file = file;
    r->length = length;
    r->done = done;
    /* Whole blocks are read: room for the last one, and for the NUL after the contents. */
    u64 block = fs_blocksize(tls_ca_file.root_fs) > PAGE_BYTES
                ? fs_blocksize(tls_ca_file.root_fs)
                : PAGE_BYTES;
    bytes size = (length + block) / block * block;
    r->contents = allocate_buffer(h, size);
    sg_list sg = allocate_sg_list();
    if (r->contents == INVALID_ADDRESS || sg == 0 || sg == INVALID_ADDRESS) {
        if (sg != 0 && sg != INVALID_ADDRESS)
            deallocate_sg_list(sg);
        abandon(r);
        return;
    }
    r->sg = sg;
    for (bytes at = 0; at < size; at += PAGE_BYTES) {
        if (!({ sg_buf __b = sg_list_tail_add(r->sg, PAGE_BYTES);
             if (__b != INVALID_ADDRESS) { __b->buf = (((u8 *)buffer_ref(r->contents, 0)) + at);
             __b->size = PAGE_BYTES; __b->offset = 0;
             __b->refcount = 0; } __b != INVALID_ADDRESS; })) {
            deallocate_sg_list(r->sg);
            abandon(r);
            return;
        }
    }
    status_handler finished = closure(h, read_ca_file_finished, r);
    if (finished == INVALID_ADDRESS) {
        deallocate_sg_list(r->sg);
        abandon(r);
        return;
    }
    apply((r->file)->read, r->sg, irangel(0, length), finished);
}

static void say_not_opened(buffer path, s32 kind)
{
    if (kind == NO_SUCH_ENTRY || kind == NOT_A_DIRECTORY) {
        rprintf("tls: tls.ca_file %b: no such file in the image\n", path);
    } else if (kind == 1) {
        rprintf("tls: tls.ca_file %b: not a regular file (a directory?)\n", path);
    } else {
        rprintf("tls: tls.ca_file %b: the file could not be opened (error %d)\n", path, kind);
    }
}

static void out_of_memory(buffer path, buffer_handler done)
{
    rprintf("tls: tls.ca_file %b: out of memory to read it\n", path);
    apply(done, 0);
}

/* Undoes a read that could not start (out of memory). */
static void abandon(ca_file_read r)
{
    buffer path = r->path;
    buffer_handler done = r->done;
    if (r->contents != INVALID_ADDRESS)
        deallocate_buffer(r->contents);
    fsfile_release(r->file);
    deallocate(r->h, r, sizeof(struct ca_file_read));
    out_of_memory(path, done);
}

static void read_done(ca_file_read r, status s)
{
    deallocate_sg_list(r->sg);
    fsfile_release(r->file);
    buffer path = r->path;
    buffer_handler done = r->done;
    buffer contents = r->contents;
    if (is_ok(s)) {
        ((u8 *)buffer_ref(contents, 0))[r->length] = 0;
        buffer_produce(contents, r->length + 1);
    } else {
        buffer why = get_string(s, sym(result));
        if (why != 0)
            rprintf("tls: tls.ca_file %b: the file could not be read: %b\n", path, why);
        else
            rprintf("tls: tls.ca_file %b: the file could not be read\n", path);
        timm_dealloc(s);
        deallocate_buffer(contents);
        contents = 0;
    }
    deallocate(r->h, r, sizeof(struct ca_file_read));
    apply(done, contents);
}
