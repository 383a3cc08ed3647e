/* generated from klib-src/syslog/file.ts by klibc - do not edit */
#include <unix_internal.h>
#include <filesystem.h>
#include "../logpipe/follower.h"
#include "../logpipe/ring.h"
#include "../logpipe/words.h"
#include "config.h"
#include "message.h"
#include "text.h"
#include "file.h"

/* File output through the kernel's page cache: the console's bytes appended at the end of the file
 * (across boots too), one write in flight at a time. They are read from the log pipe by its
 * follower (logpipe/follower.ts), which reads whole entries as the console wrote them, each with
 * the newline that followed it (none after a cut line: the next entry continues it), beside the
 * network's batches. Before a batch would take the file past file_max_size the file is rotated
 * (path -> path.1 -> ... -> path.N), so every file ends at an entry's end and no line is split or
 * lost at rotation; with file_rotate 0 it is truncated instead. */

#define BATCH_BYTES (64 * 1024)

static void written(file_writer w, status s);
static boolean release(file_writer w);
static void finish(file_writer w);

closure_function(1, 1, void, file_writer_new_on_written,
                 file_writer, w,
                 status s)
{
    written(bound(w), s);
}

/* Opens (or creates) the file `c.file` for appending: the writer, or null (after saying so) when
 * it cannot. */
file_writer file_writer_new(heap h, config c)
{
    buffer path = c->file;
    if (path == 0)
        return 0;
    file_writer w = allocate(h, sizeof(struct file_writer));
    buffer from = allocate_buffer(h, buffer_length(path) + 4);
    buffer to = allocate_buffer(h, buffer_length(path) + 4);
    log_entry e = allocate(h, sizeof(struct log_entry));
    if (w == INVALID_ADDRESS || from == INVALID_ADDRESS || to == INVALID_ADDRESS ||
        e == INVALID_ADDRESS) {
        return 0;
    }
    w->h = h;
    w->config = c;
    w->path = path;
    w->pipe = 0;
    w->entry = e;
    w->from_name = from;
    w->to_name = to;
    w->offset = 0;
    w->batch = 0;
    w->batch_sg = 0;
    w->batch_end = 0;
    w->entry_done = 0;
    w->batch_end_done = 0;
    w->rotate_due = false;
    w->reported_error = false;
    spin_lock_init(&w->guard);
    w->writing = false;
    w->finishing = 0;
    w->file = fsfile_open_or_create(buffer_to_sstring(path), false);
    if (w->file == 0) {
        rprintf("syslog: cannot open or create the file '%b': file output disabled\n", path);
        deallocate_buffer(from);
        deallocate_buffer(to);
        deallocate(h, e, sizeof(struct log_entry));
        deallocate(h, w, sizeof(struct file_writer));
        return 0;
    }
    w->offset = fsfile_get_length(w->file);
    w->on_written = closure(h, file_writer_new_on_written, w);
    return w->on_written != INVALID_ADDRESS ? w : 0;
}

/* path, or path.n for n > 0 */
static void name_of(buffer b, buffer path, u32 n)
{
    buffer_clear(b);
    push_buffer(b, path);
    if (n == 0)
        return;
    buffer_write_byte(b, '.');
    write_decimal(b, n, 1, '0');
}

/* Starts reading the pipe `p` (before anything is written to it); `network`: its batches are read
 * too (the file's reading then holds space only while it is behind them). */
void file_follow(file_writer w, log_pipe p, boolean network)
{
    w->pipe = p;
    logpipe_follow_start(p, network);
}

/* File output ends (the console keeps going to the network, if any). */
static void stop(file_writer w, sstring what)
{
    w->file = 0;
    if (w->pipe != 0)
        logpipe_follow_stop(w->pipe);
    rprintf("syslog: %s the output file: file output stopped\n", what);
}

static void rotate(file_writer w, config c, buffer path, buffer from, buffer to)
{
    w->rotate_due = false;
    fsfile f = w->file;
    if (f == 0)
        return;
    if (c->file_rotate == 0) {
        if (fsfile_truncate(f, 0) == 0)
            w->offset = 0;
        else
            stop(w, ss("cannot truncate"));
        return;
    }
    for (u32 n = c->file_rotate; n >= 2; n--) {
        name_of(from, path, n - 1);
        name_of(to, path, n);
        /* a missing older file is fine */
        fs_rename(buffer_to_sstring(from), buffer_to_sstring(to));
    }
    name_of(from, path, 0);
    name_of(to, path, 1);
    if (fs_rename(buffer_to_sstring(from), buffer_to_sstring(to)) != 0) {
        stop(w, ss("cannot rotate"));
        return;
    }
    fsfile_release(f);
    w->file = fsfile_open_or_create(buffer_to_sstring(path), true);
    w->offset = 0;
    if (w->file == 0)
        stop(w, ss("cannot create a new"));
}

/* The bytes an entry puts in the file: its own (a loss report in the klib's words: "syslog: " for
 * logpipe's "logpipe: ", one byte less, message.ts) and its newline. */
static u64 entry_size(log_entry e)
{
    u64 shorter = e->loss ? 1 : 0;
    return e->length - shorter + (e->newline ? 1 : 0);
}

/* Appends the next entries to a batch, stopping where the file would pass its size limit: an
 * entry of several lines (one console write) may go in part, its whole lines that fit, and the
 * rest after the rotation. Returns the position of the first entry not all in the batch; how much
 * of it is goes to batchEndDone. */
static u64 fill_batch(file_writer w, config c, log_pipe p, log_entry e, buffer b)
{
    u64 end = logpipe_sealed_end(p);
    u64 pos = logpipe_follow_pos(p);
    bytes done = w->entry_done;
    while (buffer_length(b) < BATCH_BYTES) {
        u64 next = logpipe_follow_read(p, pos, end, e);
        if (next == 0)
            break;
        u64 used = w->offset + buffer_length(b);
        u64 room = c->file_max_size > used ? c->file_max_size - used : 0;
        u64 rest = e->loss ? entry_size(e) : e->length - done + (e->newline ? 1 : 0);
        if (rest <= room || (used == 0 && e->loss)) {
            if (e->loss)
                write_line_text(b, e->data, e->length, true);
            else
                buffer_write(b, e->data + done, e->length - done);
            if (e->newline)
                buffer_write_byte(b, '\n');
            pos = next;
            done = 0;
            continue;
        }
        w->rotate_due = true;
        if (e->loss)
            break;
        /* Its whole lines that fit (a file ends at a line's end); in an empty file, a line longer
         * than the limit, which makes a file of its own. */
        bytes take = logpipe_after_last_newline(e->data, done, done + room) - done;
        if (take == 0 && used == 0)
            take = logpipe_scan_newline(e->data, done, e->length) + 1 - done;
        if (done + take > e->length) {
            /* That line is the entry's last: all of it, and its newline if it has one. */
            buffer_write(b, e->data + done, e->length - done);
            if (e->newline)
                buffer_write_byte(b, '\n');
            pos = next;
            done = 0;
            break;
        }
        buffer_write(b, e->data + done, take);
        done += take;
        break;
    }
    w->batch_end_done = done;
    return pos;
}

/* A batch's write has completed (the writer's onWritten): the claim is given back. */
static void written(file_writer w, status s)
{
    if (!is_ok(s)) {
        if (!w->reported_error)
            rprintf("syslog: writing the output file failed\n");
        w->reported_error = true;
        timm_dealloc(s);
    }
    buffer b = w->batch;
    if (b != 0) {
        w->offset += buffer_length(b);
        deallocate_buffer(b);
        w->batch = 0;
    }
    sg_list sg = w->batch_sg;
    if (sg != 0) {
        deallocate_sg_list(sg);
        w->batch_sg = 0;
    }
    if (w->pipe != 0)
        logpipe_follow_release(w->pipe, w->batch_end);
    w->entry_done = w->batch_end_done;
    if (release(w))
        file_flush(w);
}

/* One flush or write at a time: the flush timer, the shutdown completion and a write's completion
 * can run on different CPUs. `writing` is the claim, taken and given back under the guard; the
 * fields listed above the guard are used only by its holder (fileWriterNew runs before any).
 * `finishing` is set and taken under the guard too, so a shutdown that comes while another context
 * holds the claim is never missed: either the shutdown claims and finishes itself, or the holder
 * sees it when it gives the claim back (release) and flushes once more. */
static boolean claim(file_writer w)
{
    spin_lock(&w->guard);
    boolean free = !w->writing;
    if (free)
        w->writing = true;
    spin_unlock(&w->guard);
    return free;
}

/* Gives the claim back; true when a shutdown is waiting for the file to be finished. */
static boolean release(file_writer w)
{
    spin_lock(&w->guard);
    w->writing = false;
    boolean due = w->finishing != 0;
    spin_unlock(&w->guard);
    return due;
}

/* Writes the next batch of entries, unless a write is in flight; at shutdown, until all are
 * written. */
void file_flush(file_writer w)
{
    config c = w->config;
    log_pipe p = w->pipe;
    log_entry e = w->entry;
    if (p == 0)
        return;
    if (!claim(w))
        return;
    if (w->rotate_due)
        rotate(w, c, w->path, w->from_name, w->to_name);
    fsfile f = w->file;
    if (f == 0) {
        finish(w);
        if (release(w))
            file_flush(w);
        return;
    }
    /* Out of memory: the next flush (the timer's, also during shutdown) tries again. */
    buffer b = allocate_buffer(w->h, BATCH_BYTES + c->max_message + 1);
    if (b == INVALID_ADDRESS) {
        release(w);
        return;
    }
    u64 end = fill_batch(w, c, p, e, b);
    if (buffer_length(b) == 0) {
        deallocate_buffer(b);
        logpipe_follow_release(p, end);
        w->entry_done = w->batch_end_done;
        boolean rotate_next = w->rotate_due;
        if (!rotate_next)
            finish(w);
        if (release(w) || rotate_next)
            file_flush(w);
        return;
    }
    sg_list sg = allocate_sg_list();
    if (sg == 0 ||
        !({ sg_buf __b = sg_list_tail_add(sg, (u32)buffer_length(b));
         if (__b != INVALID_ADDRESS) { __b->buf = (u8 *)buffer_ref(b, 0);
         __b->size = (u32)buffer_length(b); __b->offset = 0;
         __b->refcount = 0; } __b != INVALID_ADDRESS; })) {
        if (sg != 0)
            deallocate_sg_list(sg);
        deallocate_buffer(b);
        release(w);
        return;
    }
    w->batch = b;
    w->batch_sg = sg;
    w->batch_end = end;
    /* The claim is given back by onWritten. */
    apply(pagecache_node_get_writer(fsfile_get_cachenode(f)), sg,
          irangel(w->offset, buffer_length(b)), w->on_written);
}

/* At shutdown, once nothing is left to write: sync the file, then complete. Called with the claim
 * held (so `file` stays as it is); the completion is taken under the guard, so it is applied
 * once. */
static void finish(file_writer w)
{
    spin_lock(&w->guard);
    status_handler done = w->finishing;
    w->finishing = 0;
    spin_unlock(&w->guard);
    if (done == 0)
        return;
    fsfile f = w->file;
    if (f == 0)
        apply(done, STATUS_OK);
    else
        pagecache_sync_node(fsfile_get_cachenode(f), done);
}

/* At shutdown: writes everything the pipe holds, syncs, then applies `done`. */
void file_shutdown(file_writer w, status_handler done)
{
    spin_lock(&w->guard);
    w->finishing = done;
    spin_unlock(&w->guard);
    file_flush(w);
}
