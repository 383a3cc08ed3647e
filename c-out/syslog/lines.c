/* generated from klib-src/syslog/lines.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/large_ranges.h"
#include "../logpipe/batch.h"
#include "../logpipe/ring.h"
#include "config.h"
#include "console_watch.h"
#include "lines.h"

/* The console's lines: one log pipe (klib-src/logpipe/) that the console driver writes into and
 * both outputs read, the network through batches and the file through the pipe's follower; its
 * size; the flush tick that cuts a line waiting too long for its newline; and the console line
 * that reports lines lost to a full buffer (once per run of losses, with its counts, as the
 * destinations get it from the pipe).
 *
 * The console line of a loss report is not taken into the pipe again: the pipe holds that report
 * already (its loss entry, which the destinations get, in the same words), so the console driver
 * leaves out the one write that prints it (linesIsOwnReport).
 *
 * Locking: the tick and the report run in the flush timer, the shutdown ticker or the late flush,
 * which can run on different CPUs: one at a time, under the record's `guard` (spinTry: a tick that
 * finds it taken is skipped; the next comes soon). The console driver reads the watch's `reporting`
 * and the record's `report` without a lock: they are set before the report is printed and cleared
 * after it, on the CPU that prints (the console's own lock orders its write with them); another CPU
 * that reads them while they change at worst compares its write with the report's text and finds it
 * different. */

/* The default buffer: a burst of 50,000 console lines of 100 bytes, each written on its own (128
 * bytes in the pipe: header and padding), is 6.4 MB; it fits whole, whatever the network does. */
#define DEFAULT_BUFFER_SIZE (8 << 20)

/* Halving the default for a VM short of memory stops here (or at what max_message_size needs). */
#define SMALLEST_DEFAULT (256 << 10)

/* How often a flush tick looks at the open line: one it has seen open before is shipped without
 * its newline, so a line waits 0.5 to 1 s for it (50 to 100 ms during the shutdown). */
#define TICK_MS 500

#define SHUTDOWN_TICK_MS 50

static log_pipe pipe_for(heap h, config c);
static void report_loss(console_lines l, boolean all);

/* The smallest ring logpipe accepts for lines of `lineCap` bytes: four of the longest entries. */
static u64 smallest_for(u64 line_cap)
{
    return logpipe_footprint(line_cap) * 4;
}

/* The pipe, with its ring from the kernel's vmem heap when the memory is there
 * (lib/large_ranges.ts); null when it cannot be made. */
static log_pipe pipe_of(heap h, u64 size, u64 line_cap)
{
    heap ring_heap = large_range_heap(size);
    return ring_heap != 0 ? logpipe_create(h, ring_heap, size, (u32)line_cap) : 0;
}

/* Makes the lines' record and its pipe (lines cut at max_message_size): `buffer_size` bytes, or
 * the default, halved while it would take more than half of the free memory. Null, after a console
 * line, when they cannot be made. */
console_lines lines_new(heap h, config c, console_watch w)
{
    log_pipe p = pipe_for(h, c);
    if (p == 0)
        return 0;
    console_lines l = allocate(h, sizeof(struct console_lines));
    logpipe_loss r = allocate(h, sizeof(struct logpipe_loss));
    buffer text = allocate_buffer(h, 96);
    if (l == INVALID_ADDRESS || r == INVALID_ADDRESS || text == INVALID_ADDRESS) {
        logpipe_destroy(p);
        rprintf("syslog: out of memory: syslog output disabled\n");
        return 0;
    }
    l->pipe = p;
    l->watch = w;
    spin_lock_init(&l->guard);
    l->last_tick = 0;
    l->loss = r;
    l->printed_lines = 0;
    l->printed_bytes = 0;
    l->report = text;
    return l;
}

/* The pipe, of `buffer_size` or the default size (see linesNew); null after a console line. */
static log_pipe pipe_for(heap h, config c)
{
    u64 line_cap = c->max_message;
    u64 smallest = smallest_for(line_cap);
    if (c->buffer_size != 0) {
        if (c->buffer_size < smallest) {
            rprintf("syslog: invalid configuration: 'buffer_size' must be at least %lu bytes with "
                    "max_message_size %lu\n",
                    smallest, line_cap);
            rprintf("syslog: syslog output disabled\n");
            return 0;
        }
        log_pipe p = pipe_of(h, c->buffer_size, line_cap);
        if (p == 0)
            rprintf("syslog: out of memory for 'buffer_size' (%lu bytes): syslog output disabled\n",
                    c->buffer_size);
        return p;
    }
    u64 floor = smallest > SMALLEST_DEFAULT ? smallest : SMALLEST_DEFAULT;
    for (u64 size = DEFAULT_BUFFER_SIZE; size >= floor; size = size >> 1) {
        log_pipe p = pipe_of(h, size, line_cap);
        if (p == 0)
            continue;
        if (size < DEFAULT_BUFFER_SIZE) {
            rprintf("syslog: a buffer of %lu bytes: the default %lu would take more than half of "
                    "the free memory\n",
                    size, DEFAULT_BUFFER_SIZE);
        }
        return p;
    }
    rprintf("syslog: out of memory for the buffer: syslog output disabled\n");
    return 0;
}

/* The flush tick, when due: whole lines waiting in the open entry are split off, a line that has
 * waited a tick for its newline is shipped as it is (`force`: any open line, at once), and lost
 * lines reported on the console once their report is in the pipe. `shutdown`: ticks come faster. */
void lines_tick(console_lines l, boolean force, boolean shutdown)
{
    if (!spin_try(&l->guard))
        return;
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    timestamp interval = milliseconds(shutdown ? SHUTDOWN_TICK_MS : TICK_MS);
    if (force || now - l->last_tick >= interval) {
        l->last_tick = now;
        logpipe_flush_tick(l->pipe, force);
    }
    report_loss(l, false);
    spin_unlock(&l->guard);
}

/* At the shutdown's deadline: lost lines whose report never found room in the pipe are told on
 * the console (the destinations will not get that report). */
void lines_final_report(console_lines l)
{
    if (!spin_try(&l->guard))
        return;
    report_loss(l, true);
    spin_unlock(&l->guard);
}

/* Prints the losses the console has not been told of: those the pipe reports (its loss entries
 * are written), and with `all` also those still waiting for room. Under the guard. */
static void report_loss(console_lines l, boolean all)
{
    logpipe_loss r = l->loss;
    buffer text = l->report;
    logpipe_loss_counts(l->pipe, r);
    u64 lines = r->reported_lines;
    u64 bytes_lost = r->reported_bytes;
    if (all) {
        lines += r->pending_lines;
        bytes_lost += r->pending_bytes;
    }
    if (lines <= l->printed_lines)
        return;
    /* The words of logpipe's loss entry (loss_text.ts), with the klib's name, as message.ts sends
     * it. */
    buffer_clear(text);
    bprintf(text, "syslog: %lu lines, %lu bytes dropped (log buffer full)\n",
            lines - l->printed_lines, bytes_lost - l->printed_bytes);
    l->printed_lines = lines;
    l->printed_bytes = bytes_lost;
    l->watch->reporting = true;
    rprintf("%b", text);
    l->watch->reporting = false;
}

/* For the console driver, while the watch says a report is printed: true when this write is the
 * loss report being printed (linesTick), which the pipe holds already. */
boolean lines_is_own_report(console_lines l, const char *s, bytes count)
{
    buffer text = l->report;
    if (!l->watch->reporting || buffer_length(text) != count)
        return false;
    u8 *p = (u8 *)(s);
    for (bytes i = 0; i < count; i++)
        if (p[i] != byte(text, i))
            return false;
    return true;
}
