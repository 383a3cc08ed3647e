/* generated from klib-src/sample/sample.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include "count.h"
#include "sample.h"

#define REPORT_INTERVAL_SECONDS 10

static struct sample {
    heap h;
    u64 total_bytes;
    u64 total_lines;
    struct timer tick;
    struct console_driver driver;
    closure_struct(timer_handler, on_tick);
} sample;

#line 25 "klib-src/sample/sample.ts"
closure_func_basic(timer_handler, void, on_tick,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 26 "klib-src/sample/sample.ts"
    if (overruns == timer_disabled)
#line 26 "klib-src/sample/sample.ts"
        return;
    rprintf("sample: %lu bytes, %lu lines\n", sample.total_bytes, sample.total_lines);
}

#line 20 "klib-src/sample/sample.ts"
static void sample_console_write(void *d, const char *s, bytes count)
{
    (void)d;
#line 21 "klib-src/sample/sample.ts"
    sample.total_bytes += count;
    sample.total_lines += count_newlines(s, count);
}

#line 38 "klib-src/sample/sample.ts"
closure_function(1, 1, void, init_report,
                 u64, started,
                 status s)
{
    (void)s;
#line 39 "klib-src/sample/sample.ts"
    rprintf("sample: attached after %lu bytes\n", bound(started));
    closure_finish();
}

#line 30 "klib-src/sample/sample.ts"
s32 init(status_handler complete)
{
    (void)complete;
#line 31 "klib-src/sample/sample.ts"
    sample.h = heap_locked(get_kernel_heaps());
    sample.driver.write = sample_console_write;
    sample.driver.name = ss("sample");
    attach_console_driver(&sample.driver);
    register_timer(kernel_timers, &sample.tick, CLOCK_ID_MONOTONIC,
                   seconds(REPORT_INTERVAL_SECONDS), false, seconds(REPORT_INTERVAL_SECONDS),
                   init_closure_func(&sample.on_tick, timer_handler, on_tick));
#line 37 "klib-src/sample/sample.ts"
    u64 started = sample.total_bytes;
    status_handler report = closure(sample.h, init_report, started);
#line 41 "klib-src/sample/sample.ts"
    apply(report, STATUS_OK);
    return KLIB_INIT_OK;
}
