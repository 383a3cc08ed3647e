/* generated from klib-src/webhook/webhook.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <lwip.h>
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/large_ranges.h"
#include "../lib/shutdown_deadline.h"
#include "../logpipe/batch.h"
#include "../logpipe/retry.h"
#include "../logpipe/ring.h"
#include "../logpipe/shipper.h"
#include "../logpipe/sink.h"
#include "../logpipe/stats.h"
#include "../tls/tls.h"
#include "config.h"
#include "post.h"

/* webhook: ships the console (program output and kernel messages) as JSON batches POSTed to an
 * HTTPS url (README.md). The log shipper (logpipe/shipper.ts) owns the console driver, the ring's
 * flush path, pacing, retries, failure lines, counters and the drain at shutdown; this module makes
 * the ring, the endpoint and the sink (post.ts) and hands them to it. docs/adding-a-sink.md walks
 * through it as the example of a new sink. */

struct tls_trust;

/* A batch: at most this many lines, and this many bytes of line text with OBJECT_OVERHEAD per line
 * (README.md). */
#define MAX_LINES 10000

#define MAX_BATCH_BYTES 1048576

/* Longer lines are split into events of this many bytes (nothing is lost). */
#define MAX_EVENT_BYTES 262144

/* Room for the server's answer: only its status is read. */
#define HEAD_CAP 8192

#define BODY_CAP 16384

static struct webhook {
    /* The klib's module state: its shipper, for the shutdown completion, and its trust (ca_cert;
     * the tls klib frees none). */
    struct shipper *shipper;
    struct tls_trust *trust;
} webhook;

/* The ring (the klib's whole log memory, allocated now), its batch limits, and the shipper on it;
 * null after a console line when there is no memory for them. */
static shipper shipper_for(heap h, webhook_settings c)
{
    u64 line_cap = c->buffer_size >> 3 < MAX_EVENT_BYTES ? c->buffer_size >> 3 : MAX_EVENT_BYTES;
    /* Larger than the locked heap gives at once: from vmem, when the memory is there
     * (lib/large_ranges.ts). */
    heap ring_heap = large_range_heap(c->buffer_size);
    log_pipe p = ring_heap != 0 ? logpipe_create(h, ring_heap, c->buffer_size, (u32)line_cap) : 0;
    if (p == 0) {
        rprintf("webhook: out of memory for 'buffer_size' (%lu bytes): the webhook klib is off\n",
                c->buffer_size);
        return 0;
    }
    endpoint e = endpoint_new(h, ss("webhook"), c->host, 443, ss(""), true, webhook.trust, HEAD_CAP,
                              BODY_CAP);
    sink_api api = e != 0 ? webhook_sink_new(h, c, e) : 0;
    shipper s = api != 0 &&
                logpipe_set_limits(p, MAX_LINES, MAX_BATCH_BYTES, OBJECT_OVERHEAD, (u32)line_cap, 0)
                ? shipper_new(h, ss("webhook"), p, api, milliseconds(c->flush_ms),
                              seconds(c->stats_interval))
                : 0;
    if (s == 0 || !shipper_connect(s, e)) {
        logpipe_destroy(p);
        rprintf("webhook: out of memory: the webhook klib is off\n");
        return 0;
    }
    return s;
}

closure_function(0, 1, void, init_part_done,
                 status st)
{
    shutdown_part_done();
}

closure_function(2, 0, void, init_deadline,
                 shipper, s, webhook_settings, c)
{
    shipper_deadline_passed(bound(s), bound(c)->shutdown_timeout);
}

closure_function(3, 2, void, init_h,
                 webhook_settings, c, thunk, deadline, status_handler, part_done,
                 s32 status, merge m)
{
    shipper k = webhook.shipper;
    if (k == 0)
        return;
    status_handler done = apply_merge(m);
    shutdown_begin(done, 1, seconds(bound(c)->shutdown_timeout), bound(deadline));
    shipper_shutdown(k, bound(part_done));
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
    if (s == 0) {
        config_free(h, c);
        return KLIB_INIT_OK;
    }
    status_handler part_done = closure(h, init_part_done);
    thunk deadline = closure(h, init_deadline, s, c);
    if (part_done == INVALID_ADDRESS || deadline == INVALID_ADDRESS) {
        rprintf("webhook: out of memory: the webhook klib is off\n");
        return KLIB_INIT_OK;
    }
    webhook.shipper = s;
    shipper_start(s);
    /* At shutdown what the ring holds is sent; the VM's halt waits for it, but never longer than
     * shutdown_timeout (the kernel itself would wait forever). */
    add_shutdown_completion(closure(h, init_h, c, deadline, part_done));
    return KLIB_INIT_OK;
}
