/* generated from klib-src/logpipe/stats.ts by klibc - do not edit */
#include <kernel.h>
#include "batch.h"
#include "ring.h"
#include "stats.h"

/* A shipper's counters, and the one console line that reports them (at shutdown, and every
 * stats_interval when the klib has it). Lines are events as the API counts them: a console line,
 * or one piece of a line longer than an event may be, or a loss report. */

shipper_stats shipper_stats_new(heap h)
{
    shipper_stats st = allocate(h, sizeof(struct shipper_stats));
    if (st == INVALID_ADDRESS)
        return 0;
    st->requests = 0;
    st->lines_shipped = 0;
    st->bytes_shipped = 0;
    st->lines_retried = 0;
    st->lines_refused = 0;
    return st;
}

/* How long the oldest line not yet delivered has waited, in milliseconds (0: none waits). */
u64 shipper_backlog_age_ms(log_pipe p)
{
    timestamp oldest = logpipe_oldest_stamp(p);
    timestamp now = kern_now(CLOCK_ID_REALTIME);
    if (oldest == 0 || now <= oldest)
        return 0;
    timestamp waited = now - oldest;
    return (waited >> 32) * 1000 + (((waited & 0xffffffff) * 1000) >> 32);
}

/* `<klib>: stats: shipped N lines, B bytes in R requests; retried N lines; dropped N lines, B bytes
 * (buffer full); refused N lines; backlog B bytes, oldest unsent line T ms`. */
void shipper_stats_print(sstring klib, shipper_stats st, log_pipe p)
{
    u64 backlog = logpipe_used(p);
    u64 age = shipper_backlog_age_ms(p);
    rprintf("%s: stats: shipped %lu lines, %lu bytes in %lu requests; retried %lu lines; dropped "
            "%lu lines, %lu bytes (buffer full); refused %lu lines; backlog %lu bytes, oldest "
            "unsent line %lu ms\n",
            klib, st->lines_shipped, st->bytes_shipped, st->requests, st->lines_retried,
            p->total_lost_lines, p->total_lost_bytes, st->lines_refused, backlog, age);
}
