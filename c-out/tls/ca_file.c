/* generated from klib-src/tls/ca_file.ts by klibc - do not edit */
#include <unix_internal.h>
#include <storage.h>
#include "ca_file.h"

#define PAGE_BYTES 4096
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

#line 54 "klib-src/tls/ca_file.ts"
closure_function(0, 4, void, read_ca_file_vh,
                 u8 * uuid, sstring label, filesystem fs, u64 mount_dir)
{
    (void)uuid;
    (void)label;
    (void)mount_dir;
#line 55 "klib-src/tls/ca_file.ts"
    if (tls_ca_file.root_fs == 0)
#line 55 "klib-src/tls/ca_file.ts"
        tls_ca_file.root_fs = fs;
}

#line 106 "klib-src/tls/ca_file.ts"
closure_function(1, 1, void, read_ca_file_finished,
                 ca_file_read, r,
                 status s)
{
#line 106 "klib-src/tls/ca_file.ts"
    read_done(bound(r), s);
    closure_finish();
}

#line 47 "klib-src/tls/ca_file.ts"
void read_ca_file(heap h, buffer path, buffer_handler done)
{
#line 48 "klib-src/tls/ca_file.ts"
    if (buffer_length(path) == 0) {
        rprintf("tls: tls.ca_file is empty: give the path of a PEM file in the image\n");
        apply(done, 0);
        return;
    }
#line 54 "klib-src/tls/ca_file.ts"
    storage_iterate(stack_closure(read_ca_file_vh));
#line 57 "klib-src/tls/ca_file.ts"
    if (tls_ca_file.root_fs == 0) {
        rprintf("tls: tls.ca_file %b: there is no root filesystem to read it from\n", path);
        apply(done, 0);
        return;
    }
    sstring name = buffer_to_sstring(path);
    fsfile file = ({ filesystem __fs = tls_ca_file.root_fs; tuple __n; fsfile __f = 0; if (filesystem_get_node(&__fs, __fs->get_inode(__fs, filesystem_getroot(__fs)), name, FS_NODE_FOLLOW, &__n, 0, &__f) == 0) filesystem_put_node(__fs, __n); else __f = 0; __f; });
    if (file == 0) {
        say_not_opened(path,
                       ({ filesystem __fs = tls_ca_file.root_fs; tuple __n; fsfile __f = 0; int __r = filesystem_get_node(&__fs, __fs->get_inode(__fs, filesystem_getroot(__fs)), name, FS_NODE_FOLLOW, &__n, 0, &__f); if (__r == 0) { filesystem_put_node(__fs, __n); if (__f) fsfile_release(__f); else __r = 1; } __r; }));
#line 66 "klib-src/tls/ca_file.ts"
        apply(done, 0);
        return;
    }
    u64 length = fsfile_get_length(file);
    if (length == 0 || length > CA_FILE_MAX_BYTES) {
        if (length == 0)
#line 71 "klib-src/tls/ca_file.ts"
            rprintf("tls: tls.ca_file %b: the file is empty\n", path);
        else
#line 72 "klib-src/tls/ca_file.ts"
            rprintf("tls: tls.ca_file %b: the file is too large (%lu bytes; at most %lu)\n", path,
                    length, CA_FILE_MAX_BYTES);
#line 73 "klib-src/tls/ca_file.ts"
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
#line 89 "klib-src/tls/ca_file.ts"
    u64 block = fs_blocksize(tls_ca_file.root_fs) > PAGE_BYTES ? fs_blocksize(tls_ca_file.root_fs) : PAGE_BYTES;
    bytes size = (length + block) / block * block;
    r->contents = allocate_buffer(h, size);
    sg_list sg = allocate_sg_list();
    if (r->contents == INVALID_ADDRESS || sg == 0 || sg == INVALID_ADDRESS) {
        if (sg != 0 && sg != INVALID_ADDRESS)
#line 94 "klib-src/tls/ca_file.ts"
            deallocate_sg_list(sg);
        abandon(r);
        return;
    }
    r->sg = sg;
    for (bytes at = 0; at < size; at += PAGE_BYTES) {
        if (!({ sg_buf __b = sg_list_tail_add(r->sg, PAGE_BYTES); if (__b != INVALID_ADDRESS) { __b->buf = (((u8 *)buffer_ref(r->contents, 0)) + at); __b->size = PAGE_BYTES; __b->offset = 0; __b->refcount = 0; } __b != INVALID_ADDRESS; })) {
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

#line 115 "klib-src/tls/ca_file.ts"
static void say_not_opened(buffer path, s32 kind)
{
#line 116 "klib-src/tls/ca_file.ts"
    if (kind == NO_SUCH_ENTRY || kind == NOT_A_DIRECTORY) {
        rprintf("tls: tls.ca_file %b: no such file in the image\n", path);
    } else if (kind == 1) {
        rprintf("tls: tls.ca_file %b: not a regular file (a directory?)\n", path);
    } else {
        rprintf("tls: tls.ca_file %b: the file could not be opened (error %d)\n", path, kind);
    }
}

#line 125 "klib-src/tls/ca_file.ts"
static void out_of_memory(buffer path, buffer_handler done)
{
#line 126 "klib-src/tls/ca_file.ts"
    rprintf("tls: tls.ca_file %b: out of memory to read it\n", path);
    apply(done, 0);
}

#line 131 "klib-src/tls/ca_file.ts"
static void abandon(ca_file_read r)
{
#line 132 "klib-src/tls/ca_file.ts"
    buffer path = r->path;
    buffer_handler done = r->done;
    if (r->contents != INVALID_ADDRESS)
#line 134 "klib-src/tls/ca_file.ts"
        deallocate_buffer(r->contents);
    fsfile_release(r->file);
    deallocate(r->h, r, sizeof(struct ca_file_read));
    out_of_memory(path, done);
}

#line 140 "klib-src/tls/ca_file.ts"
static void read_done(ca_file_read r, status s)
{
#line 141 "klib-src/tls/ca_file.ts"
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
#line 151 "klib-src/tls/ca_file.ts"
            rprintf("tls: tls.ca_file %b: the file could not be read: %b\n", path, why);
        else
#line 152 "klib-src/tls/ca_file.ts"
            rprintf("tls: tls.ca_file %b: the file could not be read\n", path);
        timm_dealloc(s);
        deallocate_buffer(contents);
        contents = 0;
    }
    deallocate(r->h, r, sizeof(struct ca_file_read));
    apply(done, contents);
}
