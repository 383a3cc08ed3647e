/* generated from klib-src/gcp/gcp.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <lwip.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
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
    closure_struct(shutdown_handler, on_shutdown);
} gcp;

closure_func_basic(thunk, void, on_metadata)
{
    if (gcp.logging)
        logging_ready();
    if (gcp.metrics)
        metrics_ready();
}

closure_func_basic(shutdown_handler, void, on_shutdown,
                   s32 status, merge m)
{
    if (gcp.logging)
        logging_shutdown(apply_merge(m));
    if (gcp.metrics)
        metrics_shutdown(apply_merge(m));
}

/* The console write path (any context, console lock held): copy into the ring, nothing else. */
static void gcp_console_write(void *d __attribute__((unused)), const char *s, bytes count)
{
    logging_write(s, count);
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
        if (e == 0 || !logging_init(gcp.h, c, e))
            return KLIB_INIT_OK;
        gcp.logging = true;
        gcp.driver.write = gcp_console_write;
        gcp.driver.name = ss("gcp");
        attach_console_driver(&gcp.driver);
    }
    if (c->metrics) {
        endpoint e = endpoint_for(c, trust, false);
        if (e != 0 && metrics_init(gcp.h, c, e))
            gcp.metrics = true;
    }
    if (gcp.logging || gcp.metrics)
        add_shutdown_completion(init_closure_func(&gcp.on_shutdown, shutdown_handler, on_shutdown));
    metadata_setup();
    return KLIB_INIT_OK;
}
