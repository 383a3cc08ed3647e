/* generated from klib-src/gcp/logging.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_reader.h"
#include "../lib/large_ranges.h"
#include "../lib/percent.h"
#include "../logpipe/batch.h"
#include "../logpipe/retry.h"
#include "../logpipe/ring.h"
#include "../logpipe/writer.h"
#include "config.h"
#include "endpoint.h"
#include "entry.h"
#include "json_text.h"
#include "metadata.h"
#include "structured.h"
#include "logging.h"

/* The log pipeline: console lines (framed and buffered by the shared logpipe library) shipped to
 * Cloud Logging with entries.write, one request in flight at a time on the logging endpoint's
 * kept-alive TLS connection. 429, 5xx and network failures keep the batch and retry it after a
 * jittered backoff; 401 gets a new token first; other refusals drop that batch with one console
 * line. At shutdown whatever is buffered is sent before the VM may stop. */

/* What each entry's own JSON (timestamp, severity, braces) counts for in a request's budget. */
#define ENTRY_OVERHEAD 128

#define MAX_ENTRIES 10000

/* A server that closes the connection without answering is only noticed by this timeout: the kernel
 * does not report a peer's FIN to the connection's input handler. */
#define REQUEST_TIMEOUT_SECONDS 10

#define RETRY_BASE_MS 500
#define RETRY_CAP_SECONDS 60

/* The request body is made in parts while it is sent (chunked transfer coding), straight from the
 * batch in the ring, so that it is never held whole: up to a megabyte of lines, and escaping can
 * make a byte six. Entries are made whole, one after the other, until a part is full. */
enum body_phase {
    BODY_PHASE_HEAD,
    BODY_PHASE_ENTRIES,
    BODY_PHASE_TAIL,
    BODY_PHASE_DONE,
};

static struct gcp_logging {
    heap h;
    struct gcp_settings *config;
    struct log_pipe *pipe;
    struct endpoint *endpoint;
    struct logpipe_retry *retry;
    struct entry_scratch *scratch;
    buffer log_name;
    buffer resource;
    boolean busy;
    boolean failing;
    struct timer flush_timer;
    struct timer retry_timer;
    status_handler shutdown_done;
    struct json_reader *error_reader;
    struct json_value *error_value;
    /* Totals, for the console report at shutdown and for the tests. */
    u64 entries_sent;
    u64 requests_sent;
    u64 batches_dropped;
    /* Refusals since the last accepted request, and the entries of those not reported one by
     * one. */
    u64 refused_batches;
    u64 refused_entries;
    closure_struct(timer_handler, on_flush);
    closure_struct(timer_handler, on_retry);
    closure_struct(thunk, on_resolved);
    enum body_phase body_phase;
    struct log_event *body_event;
    closure_struct(input_buffer_handler, body_parts);
} gcp_logging = {
    .body_phase = BODY_PHASE_DONE,
};

static void try_send(void);
static boolean write_body_part(buffer b);
static void send_batch(void);
static void retry_later(sstring why, u32 status);
static void answered(status s);
static void finished(log_pipe p);
static void check_shutdown(void);

closure_func_basic(timer_handler, void, on_flush,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    log_pipe p = gcp_logging.pipe;
    if (p != 0 && logpipe_flush_tick(p, false))
        try_send();
}

closure_func_basic(timer_handler, void, on_retry,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    gcp_logging.busy = false;
    try_send();
    check_shutdown();
}

closure_func_basic(thunk, void, on_resolved)
{
    endpoint e = gcp_logging.endpoint;
    if (!e->known) {
        retry_later(ss("the logging endpoint's name could not be resolved"), 0);
        return;
    }
    send_batch();
}

/* The request's body for the HTTP client: null starts it again, a buffer gets its next part. */
closure_func_basic(input_buffer_handler, boolean, body_parts,
                   buffer b)
{
    if (b == 0) {
        gcp_logging.body_phase = BODY_PHASE_HEAD;
        return false;
    }
    return write_body_part(b);
}

/* The console driver's path: copy into the ring and return (no allocation, no I/O). */
void logging_write(const char *s, bytes count)
{
    log_pipe p = gcp_logging.pipe;
    if (p != 0)
        logpipe_write(p, s, count);
}

/* projects/<project>/logs/<percent-encoded log id>, and the gce_instance resource: once known. */
static boolean describe_instance(void)
{
    gcp_settings c = gcp_logging.config;
    buffer name = gcp_logging.log_name;
    buffer r = gcp_logging.resource;
    buffer_clear(name);
    buffer_clear(r);
    buffer project = metadata_project_id();
    buffer_write_cstring(name, "projects/");
    buffer_write(name, ((u8 *)buffer_ref(project, 0)) + 0, buffer_length(project));
    buffer_write_cstring(name, "/logs/");
    buffer id = c->log_id != 0 ? c->log_id : metadata_hostname();
    bytes room = percent_encoded_max_length(buffer_length(id));
    if (!buffer_extend(name, room))
        return false;
    buffer_produce(name,
                   percent_encode((u8 *)buffer_ref(id, 0), 0, buffer_length(id),
                                  (u8 *)buffer_end(name), false));
    buffer_write_cstring(r, "{\"type\":\"gce_instance\",\"labels\":{\"project_id\":");
    json_append_string(r, project);
    buffer_write_cstring(r, ",\"instance_id\":");
    json_append_string(r, metadata_instance_id());
    buffer_write_cstring(r, ",\"zone\":");
    json_append_string(r, metadata_zone());
    buffer_write_cstring(r, "}}");
    return true;
}

/* Starts sending the next batch unless a request is in flight or waits for its retry. */
static void try_send(void)
{
    log_pipe p = gcp_logging.pipe;
    if (p == 0 || gcp_logging.busy || !metadata_ready())
        return;
    if (buffer_length(gcp_logging.log_name) == 0 && !describe_instance())
        return;
    if (logpipe_take_batch(p) == 0)
        return;
    gcp_logging.busy = true;
    endpoint_resolve(gcp_logging.endpoint,
                     init_closure_func(&gcp_logging.on_resolved, thunk, on_resolved));
}

static void write_body_head(buffer b)
{
    gcp_settings c = gcp_logging.config;
    buffer_write_cstring(b, "{\"logName\":");
    json_append_string(b, gcp_logging.log_name);
    buffer_write_cstring(b, ",\"resource\":");
    push_buffer(b, gcp_logging.resource);
    if (c->labels != 0) {
        buffer_write_cstring(b, ",\"labels\":{");
        push_buffer(b, c->labels);
        buffer_write_byte(b, '}');
    }
    buffer_write_cstring(b, ",\"partialSuccess\":true,\"entries\":[");
}

/* Appends the body's next part (about HTTP_BODY_PART bytes, more for one long entry); true at its
 * end. */
static boolean write_body_part(buffer b)
{
    log_pipe p = gcp_logging.pipe;
    gcp_settings c = gcp_logging.config;
    bytes limit = buffer_length(b) + HTTP_BODY_PART;
    while (buffer_length(b) < limit) {
        switch (gcp_logging.body_phase) {
        case BODY_PHASE_HEAD:
            write_body_head(b);
            gcp_logging.body_event = logpipe_first_event(p);
            gcp_logging.body_phase = gcp_logging.body_event == 0
                                     ? BODY_PHASE_TAIL
                                     : BODY_PHASE_ENTRIES;
            break;
        case BODY_PHASE_ENTRIES:
            {
                log_event e = gcp_logging.body_event;
                write_entry(b, gcp_logging.scratch, e->data, 0, e->length, e->stamp, e->loss,
                            c->severity);
                gcp_logging.body_event = logpipe_next_event(p);
                if (gcp_logging.body_event == 0)
                    gcp_logging.body_phase = BODY_PHASE_TAIL;
                else
                    buffer_write_byte(b, ',');
                break;
            }
        case BODY_PHASE_TAIL:
            buffer_write_cstring(b, "]}");
            gcp_logging.body_phase = BODY_PHASE_DONE;
            return true;
        default:
            return true;
        }
    }
    return gcp_logging.body_phase == BODY_PHASE_DONE;
}

closure_function(0, 1, void, send_batch_done,
                 status s)
{
    answered(s);
    closure_finish();
}

static void send_batch(void)
{
    endpoint e = gcp_logging.endpoint;
    http_client c = e->client;
    if (!metadata_ready()) {
        /* A new token is on its way (after a 401, or the old one expired): the metadata
         * completion starts this batch again (see loggingReady). */
        gcp_logging.busy = false;
        return;
    }
    if (!http_request_begin(c, ss("POST"), ss("/v2/entries:write"), false) ||
        !http_request_header(c, ss("Authorization"), buffer_to_sstring(metadata_authorization())) ||
        !http_request_header(c, ss("Content-Type"), ss("application/json")) ||
        !http_request_send_chunked(c,
                                   init_closure_func(&gcp_logging.body_parts, input_buffer_handler,
                                                     body_parts),
                                   seconds(REQUEST_TIMEOUT_SECONDS),
                                   closure(gcp_logging.h, send_batch_done))) {
        retry_later(ss("the request could not be built"), 0);
    }
}

/* Keeps the batch and sends it again after a jittered backoff. */
static void retry_later(sstring why, u32 status)
{
    /* One line per run of failures, not one per retry. */
    if (!gcp_logging.failing) {
        if (status != 0)
            rprintf("gcp: entries.write: HTTP %u (%s); retrying with backoff\n", status, why);
        else
            rprintf("gcp: entries.write: %s; retrying with backoff\n", why);
        gcp_logging.failing = true;
    }
    /* At shutdown the backoff's base only: a long wait would outlast the shutdown deadline. */
    timestamp delay = gcp_logging.shutdown_done != 0
                      ? milliseconds(RETRY_BASE_MS)
                      : logpipe_retry_delay(gcp_logging.retry);
    if (!timer_is_active(&gcp_logging.retry_timer)) {
        register_timer(kernel_timers, &gcp_logging.retry_timer, CLOCK_ID_MONOTONIC, delay, false, 0,
                       init_closure_func(&gcp_logging.on_retry, timer_handler, on_retry));
    }
}

/* The google.rpc.Status message of an error answer, or the start of the body. */
static void report_refusal(u32 status, u32 events)
{
    buffer b = http_response_body(gcp_logging.endpoint->client);
    json_reader r = gcp_logging.error_reader;
    json_value v = gcp_logging.error_value;
    json_reader_init(r, (u8 *)buffer_ref(b, 0), buffer_length(b), 16, buffer_length(b));
    if (json_find(r, "error.message", 13, v) && v->kind == JSON_KIND_STRING) {
        buffer text = allocate_buffer(gcp_logging.h, v->length + 1);
        if (text != INVALID_ADDRESS) {
            buffer_write(text, ((u8 *)buffer_ref(b, 0)) + v->start,
                         v->length > 400 ? 400 : v->length);
            rprintf("gcp: entries.write refused (HTTP %u): %b; %u log entries dropped\n", status,
                    text, events);
            deallocate_buffer(text);
            return;
        }
    }
    rprintf("gcp: entries.write refused (HTTP %u); %u log entries dropped\n", status, events);
}

static void answered(status s)
{
    log_pipe p = gcp_logging.pipe;
    endpoint e = gcp_logging.endpoint;
    if (!is_ok(s)) {
        timm_dealloc(s);
        endpoint_stale(e);
        retry_later(ss("network error or timeout"), 0);
        return;
    }
    gcp_logging.requests_sent++;
    u32 status = e->client->response->status;
    u32 events = p->batch_events;
    if (status == 200) {
        gcp_logging.entries_sent += events;
        if (gcp_logging.refused_batches > 1) {
            rprintf("gcp: entries.write works again; %lu more batches (%lu log entries) were "
                    "refused and dropped meanwhile\n",
                    gcp_logging.refused_batches - 1, gcp_logging.refused_entries);
        }
        gcp_logging.refused_batches = 0;
        gcp_logging.refused_entries = 0;
        finished(p);
        return;
    }
    if (status == 401) {
        /* The token expired or was revoked: normal, so no console line. A new one is on its way. */
        boolean was_failing = gcp_logging.failing;
        gcp_logging.failing = true;
        metadata_token_refused();
        retry_later(ss("token refused"), 0);
        gcp_logging.failing = was_failing;
        return;
    }
    if (logpipe_should_retry(status, false)) {
        retry_later(ss("throttled or unavailable"), status);
        return;
    }
    /* 400 (with partialSuccess the valid entries were written), 403, 404...: sending it again
     * would be refused again. One line for the first refusal of a run: the line is shipped too,
     * and if it were refused in turn, a line per refusal would feed itself forever. */
    if (gcp_logging.refused_batches == 0)
        report_refusal(status, events);
    else
        gcp_logging.refused_entries += events;
    gcp_logging.refused_batches++;
    gcp_logging.batches_dropped++;
    finished(p);
}

static void finished(log_pipe p)
{
    logpipe_release(p);
    logpipe_retry_reset(gcp_logging.retry);
    gcp_logging.failing = false;
    gcp_logging.busy = false;
    try_send();
    check_shutdown();
}

static void check_shutdown(void)
{
    status_handler done = gcp_logging.shutdown_done;
    log_pipe p = gcp_logging.pipe;
    if (done == 0 || p == 0 || gcp_logging.busy)
        return;
    if (logpipe_flush_tick(p, true)) {
        try_send();
        if (gcp_logging.busy)
            return;
        /* Not ready (no token yet): the retry timer or the metadata setup will come back here. */
        return;
    }
    gcp_logging.shutdown_done = 0;
    apply(done, STATUS_OK);
}

/* A console line after the VM's halt was released: send it at once, open or not. */
void logging_flush_now(void)
{
    log_pipe p = gcp_logging.pipe;
    if (p != 0 && logpipe_flush_tick(p, true))
        try_send();
}

/* What the shutdown deadline leaves unshipped: bytes the ring holds (0 when all went out). */
u64 logging_unshipped(void)
{
    return gcp_logging.pipe != 0 ? logpipe_used(gcp_logging.pipe) : 0;
}

/* Why what is left was not shipped, for the shutdown deadline's console line. */
sstring logging_stuck_on(void)
{
    if (!metadata_ready())
        return ss("Cloud Logging was never reached: no metadata or access token yet");
    if (timer_is_active(&gcp_logging.retry_timer))
        return ss("Cloud Logging kept failing");
    if (gcp_logging.busy)
        return ss("a request to Cloud Logging is still unanswered");
    return ss("there was no time left to send it");
}

/* Metadata is known (again): ship what waits. */
void logging_ready(void)
{
    try_send();
    check_shutdown();
}

/* The VM is stopping: send everything buffered, then call `done`. Nothing here gives up: the klib's
 * own deadline (lib/shutdown_deadline.ts) releases the VM's halt if this never ends. */
void logging_shutdown(status_handler done)
{
    gcp_logging.shutdown_done = done;
    if (timer_is_active(&gcp_logging.retry_timer)) {
        /* Waiting out a backoff would outlast the deadline: try once more now. */
        remove_timer(kernel_timers, &gcp_logging.retry_timer, 0);
        gcp_logging.busy = false;
    }
    if (gcp_logging.pipe != 0)
        logpipe_flush_tick(gcp_logging.pipe, true);
    try_send();
    check_shutdown();
}

/* Sets up the ring, the limits and the timers. False (after a console line) when out of memory. */
boolean logging_init(heap klib_heap, gcp_settings c, endpoint e)
{
    gcp_logging.h = klib_heap;
    gcp_logging.config = c;
    gcp_logging.endpoint = e;
    u64 quarter = (c->buffer_size >> 2) - 64;
    u32 line_cap = quarter < MAX_EVENT_BYTES ? (u32)quarter : MAX_EVENT_BYTES;
    /* The ring first, so that when it cannot be had nothing else is taken. It can be larger than
     * the most the locked heap (an mcache) gives, one piece of physical memory (2 MiB): it comes
     * from vmem, when the memory is there (lib/large_ranges.ts). */
    heap ring_heap = large_range_heap(c->buffer_size);
    log_pipe p = ring_heap != 0
                 ? logpipe_create(gcp_logging.h, ring_heap, c->buffer_size, line_cap)
                 : 0;
    if (p == 0) {
        rprintf("gcp: out of memory for 'logging.buffer_size' (%lu bytes): log shipping is off\n",
                c->buffer_size);
        return false;
    }
    gcp_logging.retry = logpipe_retry_create(gcp_logging.h, milliseconds(RETRY_BASE_MS),
                                             seconds(RETRY_CAP_SECONDS));
    entry_scratch s = allocate(gcp_logging.h, sizeof(struct entry_scratch));
    gcp_logging.log_name = allocate_buffer(gcp_logging.h, 256);
    gcp_logging.resource = allocate_buffer(gcp_logging.h, 256);
    gcp_logging.error_reader = allocate(gcp_logging.h, sizeof(struct json_reader));
    gcp_logging.error_value = allocate(gcp_logging.h, sizeof(struct json_value));
    if (gcp_logging.retry == 0 || s == INVALID_ADDRESS || gcp_logging.log_name == INVALID_ADDRESS ||
        gcp_logging.resource == INVALID_ADDRESS || gcp_logging.error_reader == INVALID_ADDRESS ||
        gcp_logging.error_value == INVALID_ADDRESS) {
        rprintf("gcp: out of memory: log shipping is off\n");
        return false;
    }
    s->reader = allocate(gcp_logging.h, sizeof(struct json_reader));
    s->member = allocate(gcp_logging.h, sizeof(struct member));
    s->inner = allocate(gcp_logging.h, sizeof(struct member));
    if (s->reader == INVALID_ADDRESS || s->member == INVALID_ADDRESS ||
        s->inner == INVALID_ADDRESS) {
        rprintf("gcp: out of memory: log shipping is off\n");
        return false;
    }
    gcp_logging.scratch = s;
    logpipe_set_limits(p, MAX_ENTRIES, REQUEST_RAW_BYTES, ENTRY_OVERHEAD, line_cap, 0);
    gcp_logging.pipe = p;
    register_timer(kernel_timers, &gcp_logging.flush_timer, CLOCK_ID_MONOTONIC,
                   milliseconds(c->flush_ms), false, milliseconds(c->flush_ms),
                   init_closure_func(&gcp_logging.on_flush, timer_handler, on_flush));
    return true;
}

/* Totals: entries delivered, requests answered, batches refused for good. */
u64 logging_entries_sent(void)
{
    return gcp_logging.entries_sent;
}

u64 logging_requests(void)
{
    return gcp_logging.requests_sent;
}

u64 logging_batches_dropped(void)
{
    return gcp_logging.batches_dropped;
}
