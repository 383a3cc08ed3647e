/* generated from klib-src/syslog/syslog.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <lwip.h>
#include "../lib/large_ranges.h"
#include "config.h"
#include "file.h"
#include "hostname.h"
#include "network.h"
#include "resolve.h"
#include "ring.h"
#include "stream.h"
#include "syslog.h"

#define FLUSH_INTERVAL_MS 200
#define PARTIAL_LINE_WAIT_MS 1000
#define MIN_RING_BYTES (256 * 1024)

static struct syslog {
    heap h;
    struct config *config;
    buffer scratch;
    struct console_driver driver;
    struct timer flush_timer;
    closure_struct(timer_handler, on_flush);
    closure_struct(shutdown_handler, on_shutdown);
} syslog;

#line 38 "klib-src/syslog/syslog.ts"
closure_func_basic(timer_handler, void, on_flush,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 39 "klib-src/syslog/syslog.ts"
    if (overruns == timer_disabled)
#line 39 "klib-src/syslog/syslog.ts"
        return;
    config c = syslog.config;
    if (c == 0 || syslog.scratch == 0)
#line 41 "klib-src/syslog/syslog.ts"
        return;
    ring_commit_stale(milliseconds(PARTIAL_LINE_WAIT_MS));
    file_flush();
    network_flush(c, syslog.scratch);
}

#line 47 "klib-src/syslog/syslog.ts"
closure_func_basic(shutdown_handler, void, on_shutdown,
                   s32 status, merge m)
{
    (void)status;
#line 48 "klib-src/syslog/syslog.ts"
    config c = syslog.config;
    buffer b = syslog.scratch;
    if (c == 0 || b == 0)
#line 50 "klib-src/syslog/syslog.ts"
        return;
    ring_commit_stale(0);
    status_handler first = apply_merge(m);
    if (c->file != 0)
#line 53 "klib-src/syslog/syslog.ts"
        file_shutdown(apply_merge(m));
    network_shutdown(syslog.h, c, b, apply_merge(m));
    apply(first, STATUS_OK);
}

#line 33 "klib-src/syslog/syslog.ts"
static void syslog_console_write(void *d, const char *s, bytes count)
{
    (void)d;
#line 34 "klib-src/syslog/syslog.ts"
    ring_write(s, count);
    network_console_written();
}

#line 58 "klib-src/syslog/syslog.ts"
s32 init(status_handler complete)
{
    (void)complete;
#line 59 "klib-src/syslog/syslog.ts"
    syslog.h = heap_locked(get_kernel_heaps());
    config c = read_config(syslog.h);
#line 62 "klib-src/syslog/syslog.ts"
    if (c == 0)
#line 62 "klib-src/syslog/syslog.ts"
        return KLIB_INIT_OK;
#line 65 "klib-src/syslog/syslog.ts"
    syslog.config = c;
    buffer b = allocate_buffer(syslog.h, c->max_message + 512);
    if (b == INVALID_ADDRESS || !hostname_init(syslog.h, c->hostname)) {
        rprintf("syslog: out of memory: syslog output disabled\n");
        return KLIB_INIT_OK;
    }
    syslog.scratch = b;
    boolean to_file = c->file != 0 && file_output_open(syslog.h, c);
    if (!to_file)
#line 73 "klib-src/syslog/syslog.ts"
        c->file = 0;
    if (c->server == 0 && c->file == 0) {
        rprintf("syslog: neither a server nor a file to write to: syslog output disabled\n");
        return KLIB_INIT_OK;
    }
    u64 ring_bytes = 64 * c->max_message > MIN_RING_BYTES ? 64 * c->max_message : MIN_RING_BYTES;
#line 82 "klib-src/syslog/syslog.ts"
    heap ring_heap = large_range_heap(ring_bytes);
    if (ring_heap == 0 || !ring_init(ring_heap, ring_bytes, c->max_message, c->server != 0,
                                     to_file)) {
#line 84 "klib-src/syslog/syslog.ts"
        rprintf("syslog: out of memory: syslog output disabled\n");
        return KLIB_INIT_OK;
    }
    if (c->server != 0 && !resolve_init(syslog.h, c->server, c->resolve_interval)) {
        rprintf("syslog: out of memory: syslog output disabled\n");
        return KLIB_INIT_OK;
    }
    stream_init(syslog.h, c);
    syslog.driver.write = syslog_console_write;
    syslog.driver.name = ss("syslog");
    attach_console_driver(&syslog.driver);
    register_timer(kernel_timers, &syslog.flush_timer, CLOCK_ID_MONOTONIC,
                   milliseconds(FLUSH_INTERVAL_MS), false, milliseconds(FLUSH_INTERVAL_MS),
                   init_closure_func(&syslog.on_flush, timer_handler, on_flush));
#line 97 "klib-src/syslog/syslog.ts"
    add_shutdown_completion(init_closure_func(&syslog.on_shutdown, shutdown_handler, on_shutdown));
    return KLIB_INIT_OK;
}
