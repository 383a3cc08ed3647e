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

static struct syslog_file {
    /* Set at init, then only read. */
    heap heap;
    struct config *config;
    struct log_pipe *pipe;
    /* The follower's entry record (used by the claim's holder). */
    struct log_entry *entry;
    buffer from_name;
    buffer to_name;
    /* Used only by the holder of the claim (`writing`, see claim()). */
    fsfile file;
    u64 offset;
    buffer batch;
    sg_list batch_sg;
    u64 batch_end;
    /* Bytes of the entry at the follower's position already in the file (its first lines went
     * before a rotation), and the same for the batch in flight's end. */
    bytes entry_done;
    bytes batch_end_done;
    boolean rotate_due;
    boolean reported_error;
    struct spinlock guard;
    boolean writing;
    /* The shutdown completion: applied once everything is written and synced. */
    status_handler finishing;
    closure_struct(status_handler, on_written);
} syslog_file;

static boolean release(void);
static void finish(void);

closure_func_basic(status_handler, void, on_written,
                   status s)
{
    if (!is_ok(s)) {
        if (!syslog_file.reported_error)
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
    if (syslog_file.pipe != 0)
        logpipe_follow_release(syslog_file.pipe, syslog_file.batch_end);
    syslog_file.entry_done = syslog_file.batch_end_done;
    if (release())
        file_flush();
}

/* Opens (or creates) the file for appending; false (after saying so) when it cannot. */
boolean file_output_open(heap h, config c)
{
    syslog_file.heap = h;
    syslog_file.config = c;
    if (c->file == 0)
        return false;
    buffer from = allocate_buffer(h, buffer_length(c->file) + 4);
    buffer to = allocate_buffer(h, buffer_length(c->file) + 4);
    log_entry e = allocate(h, sizeof(struct log_entry));
    if (from == INVALID_ADDRESS || to == INVALID_ADDRESS || e == INVALID_ADDRESS)
        return false;
    syslog_file.from_name = from;
    syslog_file.to_name = to;
    syslog_file.entry = e;
    syslog_file.file = fsfile_open_or_create(buffer_to_sstring(c->file), false);
    if (syslog_file.file == 0) {
        rprintf("syslog: cannot open or create the file '%b': file output disabled\n", c->file);
        return false;
    }
    syslog_file.offset = fsfile_get_length(syslog_file.file);
    return true;
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
void file_follow(log_pipe p, boolean network)
{
    syslog_file.pipe = p;
    logpipe_follow_start(p, network);
}

/* File output ends (the console keeps going to the network, if any). */
static void stop(sstring what)
{
    syslog_file.file = 0;
    if (syslog_file.pipe != 0)
        logpipe_follow_stop(syslog_file.pipe);
    rprintf("syslog: %s the output file: file output stopped\n", what);
}

static void rotate(config c, buffer path, buffer from, buffer to)
{
    syslog_file.rotate_due = false;
    if (syslog_file.file == 0)
        return;
    if (c->file_rotate == 0) {
        if (fsfile_truncate(syslog_file.file, 0) == 0)
            syslog_file.offset = 0;
        else
            stop(ss("cannot truncate"));
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
        stop(ss("cannot rotate"));
        return;
    }
    fsfile_release(syslog_file.file);
    syslog_file.file = fsfile_open_or_create(buffer_to_sstring(path), true);
    syslog_file.offset = 0;
    if (syslog_file.file == 0)
        stop(ss("cannot create a new"));
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
static u64 fill_batch(config c, log_pipe p, log_entry e, buffer b)
{
    u64 end = logpipe_sealed_end(p);
    u64 pos = logpipe_follow_pos(p);
    bytes done = syslog_file.entry_done;
    while (buffer_length(b) < BATCH_BYTES) {
        u64 next = logpipe_follow_read(p, pos, end, e);
        if (next == 0)
            break;
        u64 used = syslog_file.offset + buffer_length(b);
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
        syslog_file.rotate_due = true;
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
    syslog_file.batch_end_done = done;
    return pos;
}

/* One flush or write at a time: the flush timer, the shutdown completion and a write's completion
 * can run on different CPUs. `writing` is the claim, taken and given back under the guard; the
 * variables listed above the guard are used only by its holder (fileOutputOpen runs before any).
 * `finishing` is set and taken under the guard too, so a shutdown that comes while another context
 * holds the claim is never missed: either the shutdown claims and finishes itself, or the holder
 * sees it when it gives the claim back (release) and flushes once more. */
static boolean claim(void)
{
    spin_lock(&syslog_file.guard);
    boolean free = !syslog_file.writing;
    if (free)
        syslog_file.writing = true;
    spin_unlock(&syslog_file.guard);
    return free;
}

/* Gives the claim back; true when a shutdown is waiting for the file to be finished. */
static boolean release(void)
{
    spin_lock(&syslog_file.guard);
    syslog_file.writing = false;
    boolean due = syslog_file.finishing != 0;
    spin_unlock(&syslog_file.guard);
    return due;
}

/* Writes the next batch of entries, unless a write is in flight; at shutdown, until all are
 * written. */
void file_flush(void)
{
    config c = syslog_file.config;
    log_pipe p = syslog_file.pipe;
    log_entry e = syslog_file.entry;
    if (c == 0 || c->file == 0 || syslog_file.from_name == 0 || syslog_file.to_name == 0 ||
        p == 0 || e == 0)
        return;
    if (!claim())
        return;
    if (syslog_file.rotate_due)
        rotate(c, c->file, syslog_file.from_name, syslog_file.to_name);
    fsfile f = syslog_file.file;
    if (f == 0) {
        finish();
        if (release())
            file_flush();
        return;
    }
    /* Out of memory: the next flush (the timer's, also during shutdown) tries again. */
    buffer b = allocate_buffer(syslog_file.heap, BATCH_BYTES + c->max_message + 1);
    if (b == INVALID_ADDRESS) {
        release();
        return;
    }
    u64 end = fill_batch(c, p, e, b);
    if (buffer_length(b) == 0) {
        deallocate_buffer(b);
        logpipe_follow_release(p, end);
        syslog_file.entry_done = syslog_file.batch_end_done;
        boolean rotate_next = syslog_file.rotate_due;
        if (!rotate_next)
            finish();
        if (release() || rotate_next)
            file_flush();
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
        release();
        return;
    }
    syslog_file.batch = b;
    syslog_file.batch_sg = sg;
    syslog_file.batch_end = end;
    /* The claim is given back by onWritten. */
    apply(pagecache_node_get_writer(fsfile_get_cachenode(f)), sg,
          irangel(syslog_file.offset, buffer_length(b)),
          init_closure_func(&syslog_file.on_written, status_handler, on_written));
}

/* At shutdown, once nothing is left to write: sync the file, then complete. Called with the claim
 * held (so `file` stays as it is); the completion is taken under the guard, so it is applied
 * once. */
static void finish(void)
{
    spin_lock(&syslog_file.guard);
    status_handler done = syslog_file.finishing;
    syslog_file.finishing = 0;
    spin_unlock(&syslog_file.guard);
    if (done == 0)
        return;
    if (syslog_file.file == 0)
        apply(done, STATUS_OK);
    else
        pagecache_sync_node(fsfile_get_cachenode(syslog_file.file), done);
}

/* At shutdown: writes everything the pipe holds, syncs, then applies `done`. */
void file_shutdown(status_handler done)
{
    spin_lock(&syslog_file.guard);
    syslog_file.finishing = done;
    spin_unlock(&syslog_file.guard);
    file_flush();
}
