/* generated from klib-src/gcp/gcp.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <lwip.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/shutdown_deadline.h"
#include "config.h"
#include "endpoint.h"
#include "logging.h"
#include "metadata.h"
#include "metrics.h"
#include "gcp.h"

struct tls_trust;

static struct gcp {
    heap h;
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

#line 36 "klib-src/gcp/gcp.ts"
closure_func_basic(thunk, void, on_metadata)
{
#line 37 "klib-src/gcp/gcp.ts"
    if (gcp.logging)
#line 37 "klib-src/gcp/gcp.ts"
        logging_ready();
    if (gcp.metrics)
#line 38 "klib-src/gcp/gcp.ts"
        metrics_ready();
}

#line 41 "klib-src/gcp/gcp.ts"
closure_func_basic(status_handler, void, on_part_done,
                   status s)
{
    (void)s;
#line 42 "klib-src/gcp/gcp.ts"
    shutdown_part_done();
}

#line 46 "klib-src/gcp/gcp.ts"
closure_func_basic(thunk, void, on_shutdown_deadline)
{
#line 47 "klib-src/gcp/gcp.ts"
    u64 limit = gcp.config->shutdown_timeout;
    u64 left = gcp.logging ? logging_unshipped() : 0;
    if (left > 0) {
        rprintf("gcp: shutdown_timeout (%lu s) passed: %lu bytes of console output not shipped (%s); letting the VM halt\n",
                limit, left, logging_stuck_on());
    } else if (gcp.metrics && metrics_pending()) {
#line 52 "klib-src/gcp/gcp.ts"
        rprintf("gcp: shutdown_timeout (%lu s) passed: the last metrics sample is still unanswered; letting the VM halt\n",
                limit);
    } else {
#line 54 "klib-src/gcp/gcp.ts"
        rprintf("gcp: shutdown_timeout (%lu s) passed; letting the VM halt\n", limit);
    }
}

#line 59 "klib-src/gcp/gcp.ts"
closure_func_basic(thunk, void, on_late_line)
{
#line 60 "klib-src/gcp/gcp.ts"
    logging_flush_now();
}

#line 66 "klib-src/gcp/gcp.ts"
closure_func_basic(shutdown_handler, void, on_shutdown,
                   s32 status, merge m)
{
    (void)status;
#line 67 "klib-src/gcp/gcp.ts"
    u32 parts = (gcp.logging ? 1 : 0) + (gcp.metrics ? 1 : 0);
    shutdown_begin(apply_merge(m), parts, seconds(gcp.config->shutdown_timeout),
                   init_closure_func(&gcp.on_shutdown_deadline, thunk, on_shutdown_deadline));
#line 69 "klib-src/gcp/gcp.ts"
    if (gcp.logging)
#line 69 "klib-src/gcp/gcp.ts"
        logging_shutdown(init_closure_func(&gcp.on_part_done, status_handler, on_part_done));
    if (gcp.metrics)
#line 70 "klib-src/gcp/gcp.ts"
        metrics_shutdown(init_closure_func(&gcp.on_part_done, status_handler, on_part_done));
}

#line 31 "klib-src/gcp/gcp.ts"
static void gcp_console_write(void *d, const char *s, bytes count)
{
    (void)d;
#line 32 "klib-src/gcp/gcp.ts"
    logging_write(s, count);
    shutdown_console_written();
}

#line 73 "klib-src/gcp/gcp.ts"
static endpoint endpoint_for(gcp_settings c, struct tls_trust *trust, boolean for_logging)
{
#line 74 "klib-src/gcp/gcp.ts"
    endpoint e = endpoint_new(gcp.h, for_logging ? c->logging_endpoint : c->metrics_endpoint,
                              trust);
#line 75 "klib-src/gcp/gcp.ts"
    if (e == 0)
#line 75 "klib-src/gcp/gcp.ts"
        rprintf("gcp: out of memory: the gcp klib is off\n");
    return e;
}

#line 79 "klib-src/gcp/gcp.ts"
s32 init(status_handler complete)
{
    (void)complete;
#line 80 "klib-src/gcp/gcp.ts"
    gcp.h = heap_locked(get_kernel_heaps());
    gcp_settings c = read_config(gcp.h);
#line 83 "klib-src/gcp/gcp.ts"
    if (c == 0 || (!c->logging && !c->metrics))
#line 83 "klib-src/gcp/gcp.ts"
        return KLIB_INIT_OK;
    gcp.config = c;
    struct tls_trust *trust = 0;
    if (c->ca_cert != 0) {
        trust = ({ extern struct tls_trust *tls_trust_create(void *, u64); tls_trust_create(((u8 *)buffer_ref(c->ca_cert, 0)), buffer_length(c->ca_cert)); });
        if (trust == 0) {
            rprintf("gcp: invalid configuration: 'ca_cert' holds no certificate the tls klib can use; the gcp klib is off\n");
            return KLIB_INIT_OK;
        }
    }
    if (!metadata_init(gcp.h, c->logging && c->log_id == 0,
                       init_closure_func(&gcp.on_metadata, thunk, on_metadata))) {
#line 94 "klib-src/gcp/gcp.ts"
        rprintf("gcp: out of memory: the gcp klib is off\n");
        return KLIB_INIT_OK;
    }
    if (c->logging) {
        endpoint e = endpoint_for(c, trust, true);
        if (e == 0)
#line 99 "klib-src/gcp/gcp.ts"
            return KLIB_INIT_OK;
#line 101 "klib-src/gcp/gcp.ts"
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
#line 111 "klib-src/gcp/gcp.ts"
            gcp.metrics = true;
    }
    if (!gcp.logging && !gcp.metrics)
#line 113 "klib-src/gcp/gcp.ts"
        return KLIB_INIT_OK;
    add_shutdown_completion(init_closure_func(&gcp.on_shutdown, shutdown_handler, on_shutdown));
    metadata_setup();
    return KLIB_INIT_OK;
}
