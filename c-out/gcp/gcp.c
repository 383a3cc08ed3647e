/* generated from klib-src/gcp/gcp.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <lwip.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/shutdown_deadline.h"
#include "../tls/tls.h"
#include "config.h"
#include "endpoint.h"
#include "logging.h"
#include "metadata.h"
#include "metrics.h"

/* gcp: console output to Cloud Logging and memory metrics to Cloud Monitoring, for a Nanos VM on
 * Google Compute Engine. Drop-in for the stock klib's manifest (`gcp.logging.log_id`,
 * `gcp.metrics.interval`, ...): see README.md. The console driver only copies lines into a
 * preallocated ring; timers and connection handlers do everything else. */

struct tls_trust;

static struct gcp {
    heap h;
    /* Kept for the life of the klib (its buffers are referenced by the modules). */
    struct gcp_settings *config;
    boolean logging;
    boolean metrics;
    struct console_driver driver;
    closure_struct(thunk, on_metadata);
    closure_struct(status_handler, on_part_done);
    closure_struct(thunk, on_shutdown_deadline);
    closure_struct(thunk, on_late_line);
    closure_struct(shutdown_handler, on_shutdown);
} gcp;

closure_func_basic(thunk, void, on_metadata)
{
    if (gcp.logging)
        logging_ready();
    if (gcp.metrics)
        metrics_ready();
}

closure_func_basic(status_handler, void, on_part_done,
                   status s)
{
    shutdown_part_done();
}

/* What the deadline leaves behind, in one console line (printed before the halt is released). */
closure_func_basic(thunk, void, on_shutdown_deadline)
{
    u64 limit = gcp.config->shutdown_timeout;
    u64 left = gcp.logging ? logging_unshipped() : 0;
    if (left > 0) {
        rprintf("gcp: shutdown_timeout (%lu s) passed: %lu bytes of console output not shipped "
                "(%s); letting the VM halt\n",
                limit, left, logging_stuck_on());
    } else if (gcp.metrics && metrics_pending()) {
        rprintf("gcp: shutdown_timeout (%lu s) passed: the last metrics sample is still "
                "unanswered; letting the VM halt\n",
                limit);
    } else {
        rprintf("gcp: shutdown_timeout (%lu s) passed; letting the VM halt\n", limit);
    }
}

/* A console line after the halt was released (the kernel's last lines): sent at once. */
closure_func_basic(thunk, void, on_late_line)
{
    logging_flush_now();
}

/* At shutdown: no metrics sample starts any more; what the ring holds is sent and a sample in
 * flight is waited for. The VM's halt waits for both, but never longer than shutdown_timeout (the
 * kernel itself would wait forever). */
closure_func_basic(shutdown_handler, void, on_shutdown,
                   s32 status, merge m)
{
    u32 parts = (gcp.logging ? 1 : 0) + (gcp.metrics ? 1 : 0);
    shutdown_begin(apply_merge(m), parts, seconds(gcp.config->shutdown_timeout),
                   init_closure_func(&gcp.on_shutdown_deadline, thunk, on_shutdown_deadline));
    if (gcp.logging)
        logging_shutdown(init_closure_func(&gcp.on_part_done, status_handler, on_part_done));
    if (gcp.metrics)
        metrics_shutdown(init_closure_func(&gcp.on_part_done, status_handler, on_part_done));
}

/* The console write path (any context, console lock held): copy into the ring, nothing else (after
 * the shutdown, also arm the timer that sends the line at once). */
static void gcp_console_write(void *d __attribute__((unused)), const char *s, bytes count)
{
    logging_write(s, count);
    shutdown_console_written();
}

static endpoint endpoint_for(gcp_settings c, struct tls_trust *trust, boolean for_logging)
{
    endpoint e = endpoint_new(gcp.h, for_logging ? c->logging_endpoint : c->metrics_endpoint,
                              trust);
    if (e == 0)
        rprintf("gcp: out of memory: the gcp klib is off\n");
    return e;
}

s32 init(status_handler complete __attribute__((unused)))
{
    gcp.h = heap_locked(get_kernel_heaps());
    gcp_settings c = read_config(gcp.h);
    /* No configuration, or one that is not valid (already said): the klib stays off, the VM
     * runs. */
    if (c == 0 || (!c->logging && !c->metrics))
        return KLIB_INIT_OK;
    gcp.config = c;
    struct tls_trust *trust = 0;
    if (c->ca_cert != 0) {
        trust = tls_trust_create((u8 *)buffer_ref(c->ca_cert, 0), buffer_length(c->ca_cert));
        if (trust == 0) {
            rprintf("gcp: invalid configuration: 'ca_cert' holds no certificate the tls klib can "
                    "use; the gcp klib is off\n");
            return KLIB_INIT_OK;
        }
    }
    if (!metadata_init(gcp.h, c->logging && c->log_id == 0,
                       init_closure_func(&gcp.on_metadata, thunk, on_metadata))) {
        rprintf("gcp: out of memory: the gcp klib is off\n");
        return KLIB_INIT_OK;
    }
    if (c->logging) {
        endpoint e = endpoint_for(c, trust, true);
        if (e == 0)
            return KLIB_INIT_OK;
        /* Without log shipping (no memory for the ring, said already) metrics may still run. */
        if (logging_init(gcp.h, c, e)) {
            gcp.logging = true;
            gcp.driver.write = gcp_console_write;
            gcp.driver.name = ss("gcp");
            attach_console_driver(&gcp.driver);
            shutdown_set_late_flush(init_closure_func(&gcp.on_late_line, thunk, on_late_line));
        }
    }
    if (c->metrics) {
        endpoint e = endpoint_for(c, trust, false);
        if (e != 0 && metrics_init(gcp.h, c, e))
            gcp.metrics = true;
    }
    if (!gcp.logging && !gcp.metrics)
        return KLIB_INIT_OK;
    add_shutdown_completion(init_closure_func(&gcp.on_shutdown, shutdown_handler, on_shutdown));
    metadata_setup();
    return KLIB_INIT_OK;
}
