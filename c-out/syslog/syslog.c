/* generated from klib-src/syslog/syslog.ts by klibc - do not edit */
#include <unix_internal.h>
#include <drivers/console.h>
#include <lwip.h>
#include "../lib/failures.h"
#include "../logpipe/batch.h"
#include "../logpipe/follower.h"
#include "../logpipe/retry.h"
#include "../logpipe/ring.h"
#include "../logpipe/writer.h"
#include "config.h"
#include "console_watch.h"
#include "file.h"
#include "hostname.h"
#include "lines.h"
#include "network.h"
#include "resolve.h"
#include "shutdown.h"
#include "stream.h"
#include "tls_bridge.h"
#include "udp.h"
#include "syslog.h"

/* syslog: ships the console (program output and kernel messages) to a syslog server over UDP,
 * TCP or TLS, in RFC 5424 or RFC 3164, and/or appends it to a file with rotation. The console
 * driver only copies lines into the log pipe (klib-src/logpipe/, lines.ts); a periodic flush timer
 * does everything else. */

#define FLUSH_INTERVAL_MS 200

/* The klib: its configuration and the parts it runs, made once at init. */
typedef struct syslog_klib {
    /* The console driver, first: the kernel calls its write with the driver's address, which is
     * then the record's (syslogConsoleWrite). */
    struct console_driver driver;
    /* What the console write path reads: the watch's two flags, then the pipe. */
    struct console_watch *watch;
    struct log_pipe *pipe;
    struct config *config;
    /* One message's text, formatted before it is sent. */
    buffer scratch;
    struct hostname_field *host;
    struct shutdown_hold *hold;
    struct console_lines *lines;
    /* Null without a server. */
    struct network_output *network;
    /* Null without a file. */
    struct file_writer *file;
    struct timer flush_timer;
    timer_handler on_flush;
} *syslog_klib;

static struct syslog {
    /* The klib's one piece of module state: its record, reachable for as long as the klib lives
     * (the kernel holds only the driver and the closures it was given). Everything else is passed
     * explicitly. */
    struct syslog_klib *klib;
} syslog;

static __attribute__((noinline)) void watched_write(syslog_klib k, const char *s, bytes count);

/* The console write path (under the console lock, any context): copy into the log pipe, nothing
 * else while the watch is quiet, which is nearly always. */
static void syslog_console_write(void *d, const char *s, bytes count)
{
    /* The driver is the record's first field: its address is the record's. */
    syslog_klib k = (syslog_klib)d;
    if (console_watch_quiet(k->watch))
        logpipe_write(k->pipe, s, count);
    else
        watched_write(k, s, count);
}

/* The write while the watch is not quiet: the klib's own console line that reports lost lines is
 * left out (the pipe holds that report); once the shutdown has given the merge back, a write arms
 * the timer that flushes at once. */
static __attribute__((noinline)) void watched_write(syslog_klib k, const char *s, bytes count)
{
    if (lines_is_own_report(k->lines, s, count))
        return;
    logpipe_write(k->pipe, s, count);
    if (k->network != 0)
        network_console_written(k->network);
}

/* The flush timer: the tick, the file, the network. */
static void syslog_flush(syslog_klib k)
{
    lines_tick(k->lines, false, false);
    if (k->file != 0)
        file_flush(k->file);
    if (k->network != 0)
        network_flush(k->network);
}

/* The shutdown completion: every output holds the merge until it is done. */
static void syslog_shutdown(syslog_klib k, merge m)
{
    lines_tick(k->lines, true, true);
    status_handler first = apply_merge(m);
    if (k->file != 0)
        file_shutdown(k->file, apply_merge(m));
    if (k->network != 0)
        network_shutdown(k->network, apply_merge(m));
    apply(first, STATUS_OK);
}

/* Out of memory at init: one console line, and the klib stays off. */
static s32 out_of_memory(void)
{
    rprintf("syslog: out of memory: syslog output disabled\n");
    return KLIB_INIT_OK;
}

closure_function(1, 2, void, init_on_flush,
                 syslog_klib, k,
                 u64 expiry, u64 overruns)
{
    if (overruns != timer_disabled)
        syslog_flush(bound(k));
}

closure_function(0, 2, void, init_on_shutdown,
                 s32 status, merge m)
{
    syslog_klib running = syslog.klib;
    if (running != 0)
        syslog_shutdown(running, m);
}

s32 init(status_handler complete __attribute__((unused)))
{
    heap h = heap_locked(get_kernel_heaps());
    config c = read_config(h);
    /* Configuration problems leave the klib inactive and the VM running (the stock klib halted
     * it). */
    if (c == 0)
        return KLIB_INIT_OK;
    syslog_klib k = allocate(h, sizeof(struct syslog_klib));
    if (k == INVALID_ADDRESS)
        return out_of_memory();
    /* Kept for the klib's life, whether output starts or not (the console driver, the flush timer
     * and the shutdown completion exist only once it has). */
    syslog.klib = k;
    k->config = c;
    k->network = 0;
    k->file = 0;
    buffer scratch = allocate_buffer(h, c->max_message + 512);
    hostname_field host = hostname_new(h, c->hostname);
    if (scratch == INVALID_ADDRESS || host == 0)
        return out_of_memory();
    k->scratch = scratch;
    k->host = host;
    if (c->file != 0) {
        k->file = file_writer_new(h, c);
        if (k->file == 0)
            c->file = 0;
    }
    if (c->server == 0 && c->file == 0) {
        rprintf("syslog: neither a server nor a file to write to: syslog output disabled\n");
        return KLIB_INIT_OK;
    }
    /* The pipe's ring (8 MiB by default) is more than the locked heap (an mcache) gives, one piece
     * of physical memory (2 MiB): it comes from vmem, when the memory is there (lines.ts,
     * lib/large_ranges.ts), and is kept for the VM's life. */
    console_watch w = allocate(h, sizeof(struct console_watch));
    if (w == INVALID_ADDRESS)
        return out_of_memory();
    w->reporting = false;
    w->released = false;
    k->watch = w;
    console_lines l = lines_new(h, c, w);
    if (l == 0)
        return KLIB_INIT_OK;
    k->lines = l;
    k->pipe = l->pipe;
    shutdown_hold hold = shutdown_hold_new(h, w);
    if (hold == 0)
        return out_of_memory();
    k->hold = hold;
    if (c->server != 0) {
        k->network = network_new(h, c, c->server, l, scratch, host, hold);
        if (k->network == 0)
            return out_of_memory();
    }
    if (k->file != 0)
        file_follow(k->file, l->pipe, c->server != 0);
    init_timer(&k->flush_timer);
    k->on_flush = closure(h, init_on_flush, k);
    shutdown_handler on_shutdown = closure(h, init_on_shutdown);
    if (k->on_flush == INVALID_ADDRESS || on_shutdown == INVALID_ADDRESS)
        return out_of_memory();
    /* The record comes from a heap, not zeroed: every field the kernel reads is set. */
    k->driver.write = syslog_console_write;
    k->driver.config = 0;
    k->driver.name = ss("syslog");
    k->driver.disabled = false;
    attach_console_driver(&k->driver);
    register_timer(kernel_timers, &k->flush_timer, CLOCK_ID_MONOTONIC,
                   milliseconds(FLUSH_INTERVAL_MS), false, milliseconds(FLUSH_INTERVAL_MS),
                   k->on_flush);
    add_shutdown_completion(on_shutdown);
    return KLIB_INIT_OK;
}
