/* generated from klib-src/sample/sample.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include "count.h"

/* sample: a small klib that shows the dialect. It registers a console driver that counts the bytes
 * and lines written to the console, and prints the totals every 10 seconds and at each init. */

#define REPORT_INTERVAL_SECONDS 10

static struct sample {
    heap h;
    u64 total_bytes;
    u64 total_lines;
    struct timer tick;
    struct console_driver driver;
    closure_struct(timer_handler, on_tick);
} sample;

closure_func_basic(timer_handler, void, on_tick,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    rprintf("sample: %lu bytes, %lu lines\n", sample.total_bytes, sample.total_lines);
}

/* Runs under the console lock for every write: count and return, nothing else. */
static void sample_console_write(void *d __attribute__((unused)), const char *s, bytes count)
{
    sample.total_bytes += count;
    sample.total_lines += count_newlines(s, count);
}

closure_function(1, 1, void, init_report,
                 u64, started,
                 status s)
{
    rprintf("sample: attached after %lu bytes\n", bound(started));
    closure_finish();
}

s32 init(status_handler complete __attribute__((unused)))
{
    sample.h = heap_locked(get_kernel_heaps());
    sample.driver.write = sample_console_write;
    sample.driver.name = ss("sample");
    attach_console_driver(&sample.driver);
    register_timer(kernel_timers, &sample.tick, CLOCK_ID_MONOTONIC,
                   seconds(REPORT_INTERVAL_SECONDS), false, seconds(REPORT_INTERVAL_SECONDS),
                   init_closure_func(&sample.on_tick, timer_handler, on_tick));
    u64 started = sample.total_bytes;
    status_handler report = closure(sample.h, init_report, started);
    apply(report, STATUS_OK);
    return KLIB_INIT_OK;
}
