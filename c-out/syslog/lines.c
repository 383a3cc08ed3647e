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
 * which can run on different CPUs: one at a time, under `guard` (spinTry: a tick that finds it
 * taken is skipped; the next comes soon). The console driver reads the watch's `reporting` and
 * `report` without a lock: they are set before the report is printed and cleared after it, on the
 * CPU that prints (the console's own lock orders its write with them); another CPU that reads them
 * while they change at worst compares its write with the report's text and finds it different. */

/* The default buffer: a burst of 50,000 console lines of 100 bytes, each written on its own (128
 * bytes in the pipe: header and padding), is 6.4 MB; it fits whole, whatever the network does. */
#define DEFAULT_BUFFER_SIZE (8 << 20)

/* Halving the default for a VM short of memory stops here (or at what max_message_size needs). */
#define SMALLEST_DEFAULT (256 << 10)

/* How often a flush tick looks at the open line: one it has seen open before is shipped without
 * its newline, so a line waits 0.5 to 1 s for it (50 to 100 ms during the shutdown). */
#define TICK_MS 500

#define SHUTDOWN_TICK_MS 50

static struct syslog_lines {
    struct spinlock guard;
    timestamp last_tick;
    struct logpipe_loss *loss;
    /* Lines and bytes the console has been told of. */
    u64 printed_lines;
    u64 printed_bytes;
    buffer report;
    struct console_watch *watch;
} syslog_lines;

static void report_loss(log_pipe p, boolean all);

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

/* Makes the pipe (lines cut at max_message_size): `buffer_size` bytes, or the default, halved
 * while it would take more than half of the free memory. Null, after a console line, when it
 * cannot be made. */
log_pipe lines_create(heap h, config c, console_watch w)
{
    u64 line_cap = c->max_message;
    u64 smallest = smallest_for(line_cap);
    logpipe_loss r = allocate(h, sizeof(struct logpipe_loss));
    buffer text = allocate_buffer(h, 96);
    if (r == INVALID_ADDRESS || text == INVALID_ADDRESS) {
        rprintf("syslog: out of memory: syslog output disabled\n");
        return 0;
    }
    syslog_lines.loss = r;
    syslog_lines.report = text;
    syslog_lines.watch = w;
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
void lines_tick(log_pipe p, boolean force, boolean shutdown)
{
    if (!spin_try(&syslog_lines.guard))
        return;
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    timestamp interval = milliseconds(shutdown ? SHUTDOWN_TICK_MS : TICK_MS);
    if (force || now - syslog_lines.last_tick >= interval) {
        syslog_lines.last_tick = now;
        logpipe_flush_tick(p, force);
    }
    report_loss(p, false);
    spin_unlock(&syslog_lines.guard);
}

/* At the shutdown's deadline: lost lines whose report never found room in the pipe are told on
 * the console (the destinations will not get that report). */
void lines_final_report(log_pipe p)
{
    if (!spin_try(&syslog_lines.guard))
        return;
    report_loss(p, true);
    spin_unlock(&syslog_lines.guard);
}

/* Prints the losses the console has not been told of: those the pipe reports (its loss entries
 * are written), and with `all` also those still waiting for room. Under the guard. */
static void report_loss(log_pipe p, boolean all)
{
    logpipe_loss r = syslog_lines.loss;
    buffer text = syslog_lines.report;
    console_watch w = syslog_lines.watch;
    if (r == 0 || text == 0 || w == 0)
        return;
    logpipe_loss_counts(p, r);
    u64 lines = r->reported_lines;
    u64 bytes_lost = r->reported_bytes;
    if (all) {
        lines += r->pending_lines;
        bytes_lost += r->pending_bytes;
    }
    if (lines <= syslog_lines.printed_lines)
        return;
    /* The words of logpipe's loss entry (loss_text.ts), with the klib's name, as message.ts sends
     * it. */
    buffer_clear(text);
    bprintf(text, "syslog: %lu lines, %lu bytes dropped (log buffer full)\n",
            lines - syslog_lines.printed_lines, bytes_lost - syslog_lines.printed_bytes);
    syslog_lines.printed_lines = lines;
    syslog_lines.printed_bytes = bytes_lost;
    w->reporting = true;
    rprintf("%b", text);
    w->reporting = false;
}

/* For the console driver, while the watch says a report is printed: true when this write is the
 * loss report being printed (linesTick), which the pipe holds already. */
boolean lines_is_own_report(const char *s, bytes count)
{
    buffer text = syslog_lines.report;
    console_watch w = syslog_lines.watch;
    if (w == 0 || !w->reporting || text == 0 || buffer_length(text) != count)
        return false;
    u8 *p = (u8 *)(s);
    for (bytes i = 0; i < count; i++)
        if (p[i] != byte(text, i))
            return false;
    return true;
}
