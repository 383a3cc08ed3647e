/* generated from klib-src/gcp/gcp.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <lwip.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
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
    closure_struct(shutdown_handler, on_shutdown);
} gcp;

#line 29 "klib-src/gcp/gcp.ts"
closure_func_basic(thunk, void, on_metadata)
{
#line 30 "klib-src/gcp/gcp.ts"
    if (gcp.logging)
#line 30 "klib-src/gcp/gcp.ts"
        logging_ready();
    if (gcp.metrics)
#line 31 "klib-src/gcp/gcp.ts"
        metrics_ready();
}

#line 34 "klib-src/gcp/gcp.ts"
closure_func_basic(shutdown_handler, void, on_shutdown,
                   s32 status, merge m)
{
    (void)status;
#line 35 "klib-src/gcp/gcp.ts"
    if (gcp.logging)
#line 35 "klib-src/gcp/gcp.ts"
        logging_shutdown(apply_merge(m));
    if (gcp.metrics)
#line 36 "klib-src/gcp/gcp.ts"
        metrics_shutdown(apply_merge(m));
}

#line 25 "klib-src/gcp/gcp.ts"
static void gcp_console_write(void *d, const char *s, bytes count)
{
    (void)d;
#line 26 "klib-src/gcp/gcp.ts"
    logging_write(s, count);
}

#line 39 "klib-src/gcp/gcp.ts"
static endpoint endpoint_for(gcp_settings c, struct tls_trust *trust, boolean for_logging)
{
#line 40 "klib-src/gcp/gcp.ts"
    endpoint e = endpoint_new(gcp.h, for_logging ? c->logging_endpoint : c->metrics_endpoint,
                              trust);
#line 41 "klib-src/gcp/gcp.ts"
    if (e == 0)
#line 41 "klib-src/gcp/gcp.ts"
        rprintf("gcp: out of memory: the gcp klib is off\n");
    return e;
}

#line 45 "klib-src/gcp/gcp.ts"
s32 init(status_handler complete)
{
    (void)complete;
#line 46 "klib-src/gcp/gcp.ts"
    gcp.h = heap_locked(get_kernel_heaps());
    gcp_settings c = read_config(gcp.h);
#line 49 "klib-src/gcp/gcp.ts"
    if (c == 0 || (!c->logging && !c->metrics))
#line 49 "klib-src/gcp/gcp.ts"
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
#line 60 "klib-src/gcp/gcp.ts"
        rprintf("gcp: out of memory: the gcp klib is off\n");
        return KLIB_INIT_OK;
    }
    if (c->logging) {
        endpoint e = endpoint_for(c, trust, true);
        if (e == 0 || !logging_init(gcp.h, c, e))
#line 65 "klib-src/gcp/gcp.ts"
            return KLIB_INIT_OK;
        gcp.logging = true;
        gcp.driver.write = gcp_console_write;
        gcp.driver.name = ss("gcp");
        attach_console_driver(&gcp.driver);
    }
    if (c->metrics) {
        endpoint e = endpoint_for(c, trust, false);
        if (e != 0 && metrics_init(gcp.h, c, e))
#line 73 "klib-src/gcp/gcp.ts"
            gcp.metrics = true;
    }
    if (gcp.logging || gcp.metrics)
#line 75 "klib-src/gcp/gcp.ts"
        add_shutdown_completion(init_closure_func(&gcp.on_shutdown, shutdown_handler, on_shutdown));
    metadata_setup();
    return KLIB_INIT_OK;
}
