/* generated from klib-src/syslog/syslog.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <lwip.h>
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
#include "syslog.h"

/* syslog: ships the console (program output and kernel messages) to a syslog server over UDP,
 * TCP or TLS, in RFC 5424 or RFC 3164, and/or appends it to a file with rotation. The console
 * driver only copies lines into the log pipe (klib-src/logpipe/, lines.ts); a periodic flush timer
 * does everything else. */

#define FLUSH_INTERVAL_MS 200

static struct syslog {
    heap h;
    struct config *config;
    buffer scratch;
    /* Set before the console driver is attached, then only read. */
    struct log_pipe *pipe;
    struct console_watch *watch;
    boolean running;
    struct console_driver driver;
    struct timer flush_timer;
    closure_struct(timer_handler, on_flush);
    closure_struct(shutdown_handler, on_shutdown);
} syslog;

static __attribute__((noinline)) void watched_write(const char *s, bytes count);

closure_func_basic(timer_handler, void, on_flush,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    config c = syslog.config;
    if (c == 0 || syslog.scratch == 0 || !syslog.running)
        return;
    lines_tick(syslog.pipe, false, false);
    file_flush();
    network_flush(c, syslog.pipe, syslog.scratch);
}

closure_func_basic(shutdown_handler, void, on_shutdown,
                   s32 status, merge m)
{
    config c = syslog.config;
    buffer b = syslog.scratch;
    if (c == 0 || b == 0 || !syslog.running)
        return;
    lines_tick(syslog.pipe, true, true);
    status_handler first = apply_merge(m);
    if (c->file != 0)
        file_shutdown(apply_merge(m));
    network_shutdown(syslog.h, c, syslog.pipe, b, apply_merge(m));
    apply(first, STATUS_OK);
}

/* The console write path (under the console lock, any context): copy into the log pipe, nothing
 * else while the watch is quiet, which is nearly always. */
static void syslog_console_write(void *d __attribute__((unused)), const char *s, bytes count)
{
    if (console_watch_quiet(syslog.watch))
        logpipe_write(syslog.pipe, s, count);
    else
        watched_write(s, count);
}

/* The write while the watch is not quiet: the klib's own console line that reports lost lines is
 * left out (the pipe holds that report); once the shutdown has given the merge back, a write arms
 * the timer that flushes at once. */
static __attribute__((noinline)) void watched_write(const char *s, bytes count)
{
    if (lines_is_own_report(s, count))
        return;
    logpipe_write(syslog.pipe, s, count);
    network_console_written();
}

s32 init(status_handler complete __attribute__((unused)))
{
    syslog.h = heap_locked(get_kernel_heaps());
    config c = read_config(syslog.h);
    /* Configuration problems leave the klib inactive and the VM running (the stock klib halted
     * it). */
    if (c == 0)
        return KLIB_INIT_OK;
    /* Kept for the klib's life, whether output starts or not (the flush timer and the shutdown
     * completion exist only once it has). */
    syslog.config = c;
    buffer b = allocate_buffer(syslog.h, c->max_message + 512);
    if (b == INVALID_ADDRESS || !hostname_init(syslog.h, c->hostname)) {
        rprintf("syslog: out of memory: syslog output disabled\n");
        return KLIB_INIT_OK;
    }
    syslog.scratch = b;
    boolean to_file = c->file != 0 && file_output_open(syslog.h, c);
    if (!to_file)
        c->file = 0;
    if (c->server == 0 && c->file == 0) {
        rprintf("syslog: neither a server nor a file to write to: syslog output disabled\n");
        return KLIB_INIT_OK;
    }
    /* The pipe's ring (8 MiB by default) is more than the locked heap (an mcache) gives, one piece
     * of physical memory (2 MiB): it comes from vmem, when the memory is there (lines.ts,
     * lib/large_ranges.ts), and is kept for the VM's life. */
    console_watch w = allocate(syslog.h, sizeof(struct console_watch));
    if (w == INVALID_ADDRESS) {
        rprintf("syslog: out of memory: syslog output disabled\n");
        return KLIB_INIT_OK;
    }
    w->reporting = false;
    w->released = false;
    log_pipe p = lines_create(syslog.h, c, w);
    if (p == 0)
        return KLIB_INIT_OK;
    boolean stream = c->protocol != PROTOCOL_UDP;
    if (c->server != 0 &&
        (!resolve_init(syslog.h, c->server, c->resolve_interval) ||
         (stream && !stream_init(syslog.h, c, p)))) {
        rprintf("syslog: out of memory: syslog output disabled\n");
        return KLIB_INIT_OK;
    }
    if (to_file)
        file_follow(p, c->server != 0);
    shutdown_init(w);
    syslog.watch = w;
    syslog.pipe = p;
    syslog.running = true;
    syslog.driver.write = syslog_console_write;
    syslog.driver.name = ss("syslog");
    attach_console_driver(&syslog.driver);
    register_timer(kernel_timers, &syslog.flush_timer, CLOCK_ID_MONOTONIC,
                   milliseconds(FLUSH_INTERVAL_MS), false, milliseconds(FLUSH_INTERVAL_MS),
                   init_closure_func(&syslog.on_flush, timer_handler, on_flush));
    add_shutdown_completion(init_closure_func(&syslog.on_shutdown, shutdown_handler, on_shutdown));
    return KLIB_INIT_OK;
}
