/* generated from klib-src/webhook/webhook.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <lwip.h>
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../logpipe/batch.h"
#include "../logpipe/kept_body.h"
#include "../logpipe/retry.h"
#include "../logpipe/ring.h"
#include "../logpipe/shipper.h"
#include "../logpipe/sink.h"
#include "../logpipe/sink_klib.h"
#include "../logpipe/stats.h"
#include "../tls/tls.h"
#include "config.h"
#include "post.h"

/* webhook: ships the console (program output and kernel messages) as JSON batches POSTed to an
 * HTTPS url (README.md). The log shipper (logpipe/shipper.ts) owns the console driver, the flush
 * path, pacing, retries, failure lines, counters and the drain at shutdown; this module makes the
 * ring, the endpoint and the sink (post.ts) and hands them to it. docs/adding-a-sink.md walks
 * through it as the example of a new sink. */

struct tls_trust;

/* A batch: at most this many lines, and this many bytes of text with OBJECT_OVERHEAD per line
 * (README.md). */
#define MAX_LINES 10000

#define MAX_BATCH_BYTES 1048576

/* Longer lines are split into events of this many bytes (nothing is lost). */
#define MAX_EVENT_BYTES 262144

/* Room for the server's answer: only its status is read. */
#define HEAD_CAP 8192

#define BODY_CAP 16384

static struct webhook {
    /* The klib's trust (ca_cert), kept for its life: the tls klib frees none. */
    struct tls_trust *trust;
} webhook;

/* The ring (allocated now), the endpoint, the sink and the shipper on them; null after a console
 * line. */
static shipper shipper_for(heap h, webhook_settings c)
{
    log_pipe p = sink_ring_create(h, ss("webhook"), ss("buffer_size"), c->buffer_size,
                                  MAX_EVENT_BYTES);
    if (p == 0)
        return 0;
    endpoint e = endpoint_new(h, ss("webhook"), c->host, 443, ss(""), true, webhook.trust, HEAD_CAP,
                              BODY_CAP);
    sink_api api = e != 0 ? webhook_sink_new(h, c, e) : 0;
    shipper s = api != 0 &&
                logpipe_set_limits(p, MAX_LINES, MAX_BATCH_BYTES, OBJECT_OVERHEAD, p->line_cap, 0)
                ? shipper_new(h, ss("webhook"), p, api, milliseconds(c->flush_ms),
                              seconds(c->stats_interval))
                : 0;
    if (s == 0 || !shipper_connect(s, e) || !sink_shutdown_register(h, s, c->shutdown_timeout)) {
        logpipe_destroy(p);
        rprintf("webhook: out of memory: the webhook klib is off\n");
        return 0;
    }
    return s;
}

s32 init(status_handler complete __attribute__((unused)))
{
    heap h = heap_locked(get_kernel_heaps());
    /* Absent or invalid configuration (said already): the klib stays off, the VM keeps running. */
    webhook_settings c = read_config(h);
    if (c == 0)
        return KLIB_INIT_OK;
    buffer pem = c->ca_cert;
    if (pem != 0) {
        webhook.trust = tls_trust_create((u8 *)buffer_ref(pem, 0), buffer_length(pem));
        if (webhook.trust == 0) {
            rprintf("webhook: invalid configuration: 'ca_cert' holds no certificate the tls klib "
                    "can use; the webhook klib is off\n");
            config_free(h, c);
            return KLIB_INIT_OK;
        }
    }
    shipper s = shipper_for(h, c);
    if (s == 0)
        config_free(h, c);
    else
        shipper_start(s);
    return KLIB_INIT_OK;
}
