/* generated from klib-src/gcp/gcp.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <lwip.h>
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_reader.h"
#include "../lib/large_ranges.h"
#include "../lib/shutdown_deadline.h"
#include "../logpipe/batch.h"
#include "../logpipe/kept_body.h"
#include "../logpipe/retry.h"
#include "../logpipe/ring.h"
#include "../logpipe/shipper.h"
#include "../logpipe/sink.h"
#include "../logpipe/stats.h"
#include "../tls/tls.h"
#include "config.h"
#include "entry.h"
#include "logging.h"
#include "metadata.h"
#include "metrics.h"
#include "structured.h"

/* gcp: console output to Cloud Logging and memory metrics to Cloud Monitoring, for a Nanos VM on
 * Google Compute Engine. Drop-in for the stock klib's manifest (`gcp.logging.log_id`,
 * `gcp.metrics.interval`, ...): see README.md. The log shipper (logpipe/shipper.ts) owns the
 * console driver, the ring's flush path and the drain at shutdown; this module wires it to the
 * Cloud Logging sink (logging.ts) and the metadata server (metadata.ts). */

struct tls_trust;

/* Cloud Logging takes LogEntries of up to 256 KiB; 4 KiB of it is kept for the entry's own JSON.
 * A line's bytes can grow up to 6 times when escaped (a control byte is \u00XX), so an event of at
 * most this many bytes always fits an entry; longer lines are split on UTF-8 boundaries. */
#define MAX_EVENT_BYTES 43008

/* Raw bytes per request: escaped and with each entry's JSON this stays under 8 MB (the API takes 10
 * MB). */
#define REQUEST_RAW_BYTES (1 << 20)

/* What each entry's own JSON (timestamp, severity, braces) counts for in a request's budget. */
#define ENTRY_OVERHEAD 128

#define MAX_ENTRIES 10000

/* Room for an API answer (an error with per-entry details can be long). */
#define HEAD_CAP (16 * 1024)

#define BODY_CAP (256 * 1024)

/* The klib: its configuration and the parts it runs. */
typedef struct gcp_klib {
    struct gcp_settings *config;
    /* The klib's own trust (ca_cert); null: the tls klib's default. */
    struct tls_trust *trust;
    struct gcp_metadata *metadata;
    /* The APIs' endpoints; null when that part is off. */
    struct endpoint *logging_endpoint;
    struct endpoint *metrics_endpoint;
    /* Null when that part is off. */
    struct shipper *shipper;
    struct gcp_metrics *metrics;
    status_handler on_part_done;
    thunk on_deadline;
} *gcp_klib;

static struct gcp {
    /* The klib's one piece of module state: its record, reachable for as long as the klib lives
     * (the kernel holds only the closures it was given). Everything else is passed explicitly. */
    struct gcp_klib *klib;
} gcp;

static endpoint endpoint_for(heap h, gcp_klib g, struct tls_trust *trust, boolean for_logging)
{
    gcp_settings c = g->config;
    endpoint e = endpoint_new(h, ss("gcp"), for_logging ? c->logging_endpoint : c->metrics_endpoint,
                              443, ss(""), true, trust, HEAD_CAP, BODY_CAP);
    if (e == 0)
        rprintf("gcp: out of memory: the gcp klib is off\n");
    return e;
}

/* The ring, its limits and the shipper; null (after a console line) when there is no memory for
 * them: metrics may still run. */
static shipper start_logging(heap h, gcp_klib g, endpoint e)
{
    gcp_settings c = g->config;
    u64 quarter = (c->buffer_size >> 2) - 64;
    u32 line_cap = quarter < MAX_EVENT_BYTES ? (u32)quarter : MAX_EVENT_BYTES;
    /* The ring first, so that when it cannot be had nothing else is taken. It can be larger than
     * the most the locked heap (an mcache) gives, one piece of physical memory (2 MiB): it comes
     * from vmem, when the memory is there (lib/large_ranges.ts). */
    heap ring_heap = large_range_heap(c->buffer_size);
    log_pipe p = ring_heap != 0 ? logpipe_create(h, ring_heap, c->buffer_size, line_cap) : 0;
    if (p == 0) {
        rprintf("gcp: out of memory for 'logging.buffer_size' (%lu bytes): log shipping is off\n",
                c->buffer_size);
        return 0;
    }
    sink_api api = logging_new(h, c, g->metadata, e);
    shipper s = api != 0 &&
                logpipe_set_limits(p, MAX_ENTRIES, REQUEST_RAW_BYTES, ENTRY_OVERHEAD, line_cap, 0)
                ? shipper_new(h, ss("gcp"), p, api, milliseconds(c->flush_ms),
                              seconds(c->stats_interval))
                : 0;
    if (s == 0 || !shipper_connect(s, e)) {
        rprintf("gcp: out of memory: log shipping is off\n");
        return 0;
    }
    shipper_start(s);
    return s;
}

/* What the deadline leaves behind, in one console line (printed before the halt is released). */
static void deadline_passed(gcp_klib g)
{
    u64 limit = g->config->shutdown_timeout;
    shipper s = g->shipper;
    gcp_metrics m = g->metrics;
    if (s != 0 && (shipper_unshipped(s) > 0 || m == 0 || !metrics_pending(m))) {
        shipper_deadline_passed(s, limit);
    } else if (m != 0 && metrics_pending(m)) {
        rprintf("gcp: shutdown_timeout (%lu s) passed: the last metrics sample is still "
                "unanswered; letting the VM halt\n",
                limit);
    }
}

/* At shutdown: no metrics sample starts any more; what the ring holds is sent and a sample in
 * flight is waited for. The VM's halt waits for both, but never longer than shutdown_timeout (the
 * kernel itself would wait forever). */
static void shutdown(gcp_klib g, status_handler done)
{
    shipper s = g->shipper;
    gcp_metrics m = g->metrics;
    u32 parts = (s != 0 ? 1 : 0) + (m != 0 ? 1 : 0);
    shutdown_begin(done, parts, seconds(g->config->shutdown_timeout), g->on_deadline);
    if (s != 0)
        shipper_shutdown(s, g->on_part_done);
    if (m != 0)
        metrics_shutdown(m, g->on_part_done);
}

closure_function(1, 0, void, init_changed,
                 gcp_klib, g)
{
    shipper s = bound(g)->shipper;
    if (s != 0)
        shipper_kick(s);
    gcp_metrics m = bound(g)->metrics;
    if (m != 0)
        metrics_ready(m);
}

closure_function(0, 1, void, init_on_part_done,
                 status st)
{
    shutdown_part_done();
}

closure_function(1, 0, void, init_on_deadline,
                 gcp_klib, g)
{
    deadline_passed(bound(g));
}

closure_function(0, 2, void, init_h,
                 s32 status, merge m)
{
    gcp_klib k = gcp.klib;
    if (k != 0)
        shutdown(k, apply_merge(m));
}

s32 init(status_handler complete __attribute__((unused)))
{
    heap h = heap_locked(get_kernel_heaps());
    gcp_settings c = read_config(h);
    /* No configuration, or one that is not valid (already said): the klib stays off, the VM
     * runs. */
    if (c == 0 || (!c->logging && !c->metrics))
        return KLIB_INIT_OK;
    gcp_klib g = allocate(h, sizeof(struct gcp_klib));
    if (g == INVALID_ADDRESS) {
        rprintf("gcp: out of memory: the gcp klib is off\n");
        return KLIB_INIT_OK;
    }
    gcp.klib = g;
    g->config = c;
    g->trust = 0;
    g->shipper = 0;
    g->metrics = 0;
    g->logging_endpoint = 0;
    g->metrics_endpoint = 0;
    if (c->ca_cert != 0) {
        g->trust = tls_trust_create((u8 *)buffer_ref(c->ca_cert, 0), buffer_length(c->ca_cert));
        if (g->trust == 0) {
            rprintf("gcp: invalid configuration: 'ca_cert' holds no certificate the tls klib can "
                    "use; the gcp klib is off\n");
            return KLIB_INIT_OK;
        }
    }
    struct tls_trust *trust = g->trust;
    /* After each successful metadata setup (a new token): ship what waits, start the samples. */
    thunk changed = closure(h, init_changed, g);
    g->on_part_done = closure(h, init_on_part_done);
    g->on_deadline = closure(h, init_on_deadline, g);
    gcp_metadata metadata = changed != INVALID_ADDRESS
                            ? metadata_new(h, c->logging && c->log_id == 0, changed)
                            : 0;
    if (metadata == 0 || g->on_part_done == INVALID_ADDRESS || g->on_deadline == INVALID_ADDRESS) {
        rprintf("gcp: out of memory: the gcp klib is off\n");
        return KLIB_INIT_OK;
    }
    g->metadata = metadata;
    if (c->logging) {
        endpoint e = endpoint_for(h, g, trust, true);
        if (e == 0)
            return KLIB_INIT_OK;
        g->logging_endpoint = e;
        /* Without log shipping (no memory for the ring, said already) metrics may still run. */
        g->shipper = start_logging(h, g, e);
    }
    if (c->metrics) {
        endpoint e = endpoint_for(h, g, trust, false);
        g->metrics_endpoint = e;
        if (e != 0)
            g->metrics = metrics_new(h, c, metadata, e, g->shipper);
    }
    if (g->shipper == 0 && g->metrics == 0)
        return KLIB_INIT_OK;
    add_shutdown_completion(closure(h, init_h));
    metadata_setup(metadata);
    return KLIB_INIT_OK;
}
