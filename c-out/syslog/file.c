/* generated from klib-src/syslog/file.ts by klibc - do not edit */
#include <unix_internal.h>
#include <filesystem.h>
#include "config.h"
#include "ring.h"
#include "text.h"
#include "file.h"

#define BATCH_BYTES (64 * 1024)

static struct syslog_file {
    heap heap;
    struct config *config;
    buffer from_name;
    buffer to_name;
    fsfile file;
    u64 offset;
    buffer batch;
    sg_list batch_sg;
    u64 batch_end;
    boolean rotate_due;
    boolean reported_error;
    struct spinlock guard;
    boolean writing;
    status_handler finishing;
    closure_struct(status_handler, on_written);
} syslog_file;

static boolean release(void);
static void finish(void);

#line 119 "klib-src/syslog/file.ts"
closure_func_basic(status_handler, void, on_written,
                   status s)
{
#line 120 "klib-src/syslog/file.ts"
    if (!is_ok(s)) {
        if (!syslog_file.reported_error)
#line 121 "klib-src/syslog/file.ts"
            rprintf("syslog: writing the output file failed\n");
        syslog_file.reported_error = true;
        timm_dealloc(s);
    }
    if (syslog_file.batch != 0) {
        syslog_file.offset += buffer_length(syslog_file.batch);
        deallocate_buffer(syslog_file.batch);
        syslog_file.batch = 0;
    }
    if (syslog_file.batch_sg != 0) {
        deallocate_sg_list(syslog_file.batch_sg);
        syslog_file.batch_sg = 0;
    }
    ring_release(READER_FILE, syslog_file.batch_end);
    if (release())
#line 135 "klib-src/syslog/file.ts"
        file_flush();
}

#line 42 "klib-src/syslog/file.ts"
boolean file_output_open(heap h, config c)
{
#line 43 "klib-src/syslog/file.ts"
    syslog_file.heap = h;
    syslog_file.config = c;
    if (c->file == 0)
#line 45 "klib-src/syslog/file.ts"
        return false;
    buffer from = allocate_buffer(h, buffer_length(c->file) + 4);
    buffer to = allocate_buffer(h, buffer_length(c->file) + 4);
    if (from == INVALID_ADDRESS || to == INVALID_ADDRESS)
#line 48 "klib-src/syslog/file.ts"
        return false;
    syslog_file.from_name = from;
    syslog_file.to_name = to;
    syslog_file.file = fsfile_open_or_create(buffer_to_sstring(c->file), false);
    if (syslog_file.file == 0) {
        rprintf("syslog: cannot open or create the file '%b': file output disabled\n", c->file);
        return false;
    }
    syslog_file.offset = fsfile_get_length(syslog_file.file);
    return true;
}

#line 61 "klib-src/syslog/file.ts"
static void name_of(buffer b, buffer path, u32 n)
{
#line 62 "klib-src/syslog/file.ts"
    buffer_clear(b);
    push_buffer(b, path);
    if (n == 0)
#line 64 "klib-src/syslog/file.ts"
        return;
    buffer_write_byte(b, 46);
    write_decimal(b, n, 1, 48);
}

#line 70 "klib-src/syslog/file.ts"
static void stop(sstring what)
{
#line 71 "klib-src/syslog/file.ts"
    syslog_file.file = 0;
    ring_stop_reader(READER_FILE);
    rprintf("syslog: %s the output file: file output stopped\n", what);
}

#line 76 "klib-src/syslog/file.ts"
static void rotate(config c, buffer path, buffer from, buffer to)
{
#line 77 "klib-src/syslog/file.ts"
    syslog_file.rotate_due = false;
    if (syslog_file.file == 0)
#line 78 "klib-src/syslog/file.ts"
        return;
    if (c->file_rotate == 0) {
        if (fsfile_truncate(syslog_file.file, 0) == 0)
#line 80 "klib-src/syslog/file.ts"
            syslog_file.offset = 0;
        else
#line 81 "klib-src/syslog/file.ts"
            stop(ss("cannot truncate"));
        return;
    }
    for (u32 n = c->file_rotate; n >= 2; n--) {
        name_of(from, path, n - 1);
        name_of(to, path, n);
        fs_rename(buffer_to_sstring(from), buffer_to_sstring(to));
    }
    name_of(from, path, 0);
    name_of(to, path, 1);
    if (fs_rename(buffer_to_sstring(from), buffer_to_sstring(to)) != 0) {
        stop(ss("cannot rotate"));
        return;
    }
    fsfile_release(syslog_file.file);
    syslog_file.file = fsfile_open_or_create(buffer_to_sstring(path), true);
    syslog_file.offset = 0;
    if (syslog_file.file == 0)
#line 98 "klib-src/syslog/file.ts"
        stop(ss("cannot create a new"));
}

#line 102 "klib-src/syslog/file.ts"
static u64 fill_batch(config c, buffer b)
{
#line 103 "klib-src/syslog/file.ts"
    u64 end = ring_head();
    u64 pos = ring_tail(READER_FILE);
    while (pos < end && buffer_length(b) < BATCH_BYTES) {
        u64 newline = (record_flags(pos) & RECORD_NEWLINE) != 0 ? 1 : 0;
        u64 size = record_length(pos) + newline;
        if (syslog_file.offset + buffer_length(b) + size > c->file_max_size && syslog_file.offset + buffer_length(b) > 0) {
            syslog_file.rotate_due = true;
            break;
        }
        record_copy(pos, b, record_length(pos));
        if (newline != 0)
#line 113 "klib-src/syslog/file.ts"
            buffer_write_byte(b, 10);
        pos = record_next(pos);
    }
    return pos;
}

#line 144 "klib-src/syslog/file.ts"
static boolean claim(void)
{
#line 145 "klib-src/syslog/file.ts"
    spin_lock(&syslog_file.guard);
    boolean free = !syslog_file.writing;
    if (free)
#line 147 "klib-src/syslog/file.ts"
        syslog_file.writing = true;
    spin_unlock(&syslog_file.guard);
    return free;
}

#line 153 "klib-src/syslog/file.ts"
static boolean release(void)
{
#line 154 "klib-src/syslog/file.ts"
    spin_lock(&syslog_file.guard);
    syslog_file.writing = false;
    boolean due = syslog_file.finishing != 0;
    spin_unlock(&syslog_file.guard);
    return due;
}

#line 162 "klib-src/syslog/file.ts"
void file_flush(void)
{
#line 163 "klib-src/syslog/file.ts"
    config c = syslog_file.config;
    if (c == 0 || c->file == 0 || syslog_file.from_name == 0 || syslog_file.to_name == 0)
#line 164 "klib-src/syslog/file.ts"
        return;
    if (!claim())
#line 165 "klib-src/syslog/file.ts"
        return;
    if (syslog_file.rotate_due)
#line 166 "klib-src/syslog/file.ts"
        rotate(c, c->file, syslog_file.from_name, syslog_file.to_name);
    fsfile f = syslog_file.file;
    if (f == 0) {
        finish();
        if (release())
#line 170 "klib-src/syslog/file.ts"
            file_flush();
        return;
    }
#line 174 "klib-src/syslog/file.ts"
    buffer b = allocate_buffer(syslog_file.heap, BATCH_BYTES + c->max_message + 1);
    if (b == INVALID_ADDRESS) {
        release();
        return;
    }
    u64 end = fill_batch(c, b);
    if (buffer_length(b) == 0) {
        deallocate_buffer(b);
        ring_release(READER_FILE, end);
        boolean rotate_next = syslog_file.rotate_due;
        if (!rotate_next)
#line 184 "klib-src/syslog/file.ts"
            finish();
        if (release() || rotate_next)
#line 185 "klib-src/syslog/file.ts"
            file_flush();
        return;
    }
    sg_list sg = allocate_sg_list();
    if (sg == 0 || !({ sg_buf __b = sg_list_tail_add(sg, (u32)buffer_length(b)); if (__b != INVALID_ADDRESS) { __b->buf = ((u8 *)buffer_ref(b, 0)); __b->size = (u32)buffer_length(b); __b->offset = 0; __b->refcount = 0; } __b != INVALID_ADDRESS; })) {
        if (sg != 0)
#line 190 "klib-src/syslog/file.ts"
            deallocate_sg_list(sg);
        deallocate_buffer(b);
        release();
        return;
    }
    syslog_file.batch = b;
    syslog_file.batch_sg = sg;
    syslog_file.batch_end = end;
#line 199 "klib-src/syslog/file.ts"
    apply(pagecache_node_get_writer(fsfile_get_cachenode(f)), sg,
          irangel(syslog_file.offset, buffer_length(b)),
          init_closure_func(&syslog_file.on_written, status_handler, on_written));
}

#line 204 "klib-src/syslog/file.ts"
static void finish(void)
{
#line 205 "klib-src/syslog/file.ts"
    spin_lock(&syslog_file.guard);
    status_handler done = syslog_file.finishing;
    syslog_file.finishing = 0;
    spin_unlock(&syslog_file.guard);
    if (done == 0)
#line 209 "klib-src/syslog/file.ts"
        return;
    if (syslog_file.file == 0)
#line 210 "klib-src/syslog/file.ts"
        apply(done, STATUS_OK);
    else
#line 211 "klib-src/syslog/file.ts"
        pagecache_sync_node(fsfile_get_cachenode(syslog_file.file), done);
}

#line 215 "klib-src/syslog/file.ts"
void file_shutdown(status_handler done)
{
#line 216 "klib-src/syslog/file.ts"
    spin_lock(&syslog_file.guard);
    syslog_file.finishing = done;
    spin_unlock(&syslog_file.guard);
    file_flush();
}
