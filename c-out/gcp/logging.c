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

#define ENTRY_OVERHEAD 128
#define MAX_ENTRIES 10000
#define REQUEST_TIMEOUT_SECONDS 10
#define RETRY_BASE_MS 500
#define RETRY_CAP_SECONDS 60

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
    u64 entries_sent;
    u64 requests_sent;
    u64 batches_dropped;
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

#line 84 "klib-src/gcp/logging.ts"
closure_func_basic(timer_handler, void, on_flush,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 85 "klib-src/gcp/logging.ts"
    if (overruns == timer_disabled)
#line 85 "klib-src/gcp/logging.ts"
        return;
    log_pipe p = gcp_logging.pipe;
    if (p != 0 && logpipe_flush_tick(p, false))
#line 87 "klib-src/gcp/logging.ts"
        try_send();
}

#line 90 "klib-src/gcp/logging.ts"
closure_func_basic(timer_handler, void, on_retry,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 91 "klib-src/gcp/logging.ts"
    if (overruns == timer_disabled)
#line 91 "klib-src/gcp/logging.ts"
        return;
    gcp_logging.busy = false;
    try_send();
    check_shutdown();
}

#line 97 "klib-src/gcp/logging.ts"
closure_func_basic(thunk, void, on_resolved)
{
#line 98 "klib-src/gcp/logging.ts"
    endpoint e = gcp_logging.endpoint;
    if (!e->known) {
        retry_later(ss("the logging endpoint's name could not be resolved"), 0);
        return;
    }
    send_batch();
}

#line 194 "klib-src/gcp/logging.ts"
closure_func_basic(input_buffer_handler, boolean, body_parts,
                   buffer b)
{
#line 195 "klib-src/gcp/logging.ts"
    if (b == 0) {
        gcp_logging.body_phase = BODY_PHASE_HEAD;
        return false;
    }
    return write_body_part(b);
}

#line 79 "klib-src/gcp/logging.ts"
void logging_write(const char *s, bytes count)
{
#line 80 "klib-src/gcp/logging.ts"
    log_pipe p = gcp_logging.pipe;
    if (p != 0)
#line 81 "klib-src/gcp/logging.ts"
        logpipe_write(p, s, count);
}

#line 107 "klib-src/gcp/logging.ts"
static boolean describe_instance(void)
{
#line 108 "klib-src/gcp/logging.ts"
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
#line 119 "klib-src/gcp/logging.ts"
        return false;
    buffer_produce(name,
                   percent_encode(((u8 *)buffer_ref(id, 0)), 0, buffer_length(id), ((u8 *)buffer_end(name)), false));
#line 121 "klib-src/gcp/logging.ts"
    buffer_write_cstring(r, "{\"type\":\"gce_instance\",\"labels\":{\"project_id\":");
    json_append_string(r, project);
    buffer_write_cstring(r, ",\"instance_id\":");
    json_append_string(r, metadata_instance_id());
    buffer_write_cstring(r, ",\"zone\":");
    json_append_string(r, metadata_zone());
    buffer_write_cstring(r, "}}");
    return true;
}

#line 132 "klib-src/gcp/logging.ts"
static void try_send(void)
{
#line 133 "klib-src/gcp/logging.ts"
    log_pipe p = gcp_logging.pipe;
    if (p == 0 || gcp_logging.busy || !metadata_ready())
#line 134 "klib-src/gcp/logging.ts"
        return;
    if (buffer_length(gcp_logging.log_name) == 0 && !describe_instance())
#line 135 "klib-src/gcp/logging.ts"
        return;
    if (logpipe_take_batch(p) == 0)
#line 136 "klib-src/gcp/logging.ts"
        return;
    gcp_logging.busy = true;
    endpoint_resolve(gcp_logging.endpoint,
                     init_closure_func(&gcp_logging.on_resolved, thunk, on_resolved));
}

#line 148 "klib-src/gcp/logging.ts"
static void write_body_head(buffer b)
{
#line 149 "klib-src/gcp/logging.ts"
    gcp_settings c = gcp_logging.config;
    buffer_write_cstring(b, "{\"logName\":");
    json_append_string(b, gcp_logging.log_name);
    buffer_write_cstring(b, ",\"resource\":");
    push_buffer(b, gcp_logging.resource);
    if (c->labels != 0) {
        buffer_write_cstring(b, ",\"labels\":{");
        push_buffer(b, c->labels);
        buffer_write_byte(b, 125);
    }
    buffer_write_cstring(b, ",\"partialSuccess\":true,\"entries\":[");
}

#line 163 "klib-src/gcp/logging.ts"
static boolean write_body_part(buffer b)
{
#line 164 "klib-src/gcp/logging.ts"
    log_pipe p = gcp_logging.pipe;
    gcp_settings c = gcp_logging.config;
    bytes limit = buffer_length(b) + HTTP_BODY_PART;
    while (buffer_length(b) < limit) {
        switch (gcp_logging.body_phase) {
        case BODY_PHASE_HEAD:
            write_body_head(b);
            gcp_logging.body_event = logpipe_first_event(p);
            gcp_logging.body_phase = gcp_logging.body_event == 0 ? BODY_PHASE_TAIL : BODY_PHASE_ENTRIES;
            break;
        case BODY_PHASE_ENTRIES:
#line 174 "klib-src/gcp/logging.ts"
            {
                log_event e = gcp_logging.body_event;
                write_entry(b, gcp_logging.scratch, e->data, 0, e->length, e->stamp, e->loss,
                            c->severity);
#line 177 "klib-src/gcp/logging.ts"
                gcp_logging.body_event = logpipe_next_event(p);
                if (gcp_logging.body_event == 0)
#line 178 "klib-src/gcp/logging.ts"
                    gcp_logging.body_phase = BODY_PHASE_TAIL;
                else
#line 179 "klib-src/gcp/logging.ts"
                    buffer_write_byte(b, 44);
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

#line 214 "klib-src/gcp/logging.ts"
closure_function(0, 1, void, send_batch_done,
                 status s)
{
#line 215 "klib-src/gcp/logging.ts"
    answered(s);
    closure_finish();
}

#line 202 "klib-src/gcp/logging.ts"
static void send_batch(void)
{
#line 203 "klib-src/gcp/logging.ts"
    endpoint e = gcp_logging.endpoint;
    http_client c = e->client;
    if (!metadata_ready()) {
#line 208 "klib-src/gcp/logging.ts"
        gcp_logging.busy = false;
        return;
    }
    if (!http_request_begin(c, ss("POST"), ss("/v2/entries:write"), false) || !http_request_header(c, ss("Authorization"), buffer_to_sstring(metadata_authorization())) || !http_request_header(c, ss("Content-Type"), ss("application/json")) || !http_request_send_chunked(c,
                                                                                                                                                                                                                                                                             init_closure_func(&gcp_logging.body_parts, input_buffer_handler, body_parts),
                                                                                                                                                                                                                                                                             seconds(REQUEST_TIMEOUT_SECONDS),
                                                                                                                                                                                                                                                                             closure(gcp_logging.h, send_batch_done))) {
#line 217 "klib-src/gcp/logging.ts"
        retry_later(ss("the request could not be built"), 0);
    }
}

#line 222 "klib-src/gcp/logging.ts"
static void retry_later(sstring why, u32 status)
{
#line 224 "klib-src/gcp/logging.ts"
    if (!gcp_logging.failing) {
        if (status != 0)
#line 225 "klib-src/gcp/logging.ts"
            rprintf("gcp: entries.write: HTTP %u (%s); retrying with backoff\n", status, why);
        else
#line 226 "klib-src/gcp/logging.ts"
            rprintf("gcp: entries.write: %s; retrying with backoff\n", why);
        gcp_logging.failing = true;
    }
#line 230 "klib-src/gcp/logging.ts"
    timestamp delay = gcp_logging.shutdown_done != 0 ? milliseconds(RETRY_BASE_MS) : logpipe_retry_delay(gcp_logging.retry);
    if (!timer_is_active(&gcp_logging.retry_timer)) {
        register_timer(kernel_timers, &gcp_logging.retry_timer, CLOCK_ID_MONOTONIC, delay, false, 0,
                       init_closure_func(&gcp_logging.on_retry, timer_handler, on_retry));
    }
}

#line 237 "klib-src/gcp/logging.ts"
static void report_refusal(u32 status, u32 events)
{
#line 238 "klib-src/gcp/logging.ts"
    buffer b = http_response_body(gcp_logging.endpoint->client);
    json_reader r = gcp_logging.error_reader;
    json_value v = gcp_logging.error_value;
    json_reader_init(r, ((u8 *)buffer_ref(b, 0)), buffer_length(b), 16, buffer_length(b));
    if (json_find(r, "error.message", 13, v) && v->kind == JSON_KIND_STRING) {
        buffer text = allocate_buffer(gcp_logging.h, v->length + 1);
        if (text != INVALID_ADDRESS) {
            buffer_write(text, ((u8 *)buffer_ref(b, 0)) + v->start,
                         v->length > 400 ? 400 : v->length);
#line 246 "klib-src/gcp/logging.ts"
            rprintf("gcp: entries.write refused (HTTP %u): %b; %u log entries dropped\n", status,
                    text, events);
#line 247 "klib-src/gcp/logging.ts"
            deallocate_buffer(text);
            return;
        }
    }
    rprintf("gcp: entries.write refused (HTTP %u); %u log entries dropped\n", status, events);
}

#line 254 "klib-src/gcp/logging.ts"
static void answered(status s)
{
#line 255 "klib-src/gcp/logging.ts"
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
            rprintf("gcp: entries.write works again; %lu more batches (%lu log entries) were refused and dropped meanwhile\n",
                    gcp_logging.refused_batches - 1, gcp_logging.refused_entries);
        }
#line 271 "klib-src/gcp/logging.ts"
        gcp_logging.refused_batches = 0;
        gcp_logging.refused_entries = 0;
        finished(p);
        return;
    }
    if (status == 401) {
#line 278 "klib-src/gcp/logging.ts"
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
#line 292 "klib-src/gcp/logging.ts"
    if (gcp_logging.refused_batches == 0)
#line 292 "klib-src/gcp/logging.ts"
        report_refusal(status, events);
    else
#line 293 "klib-src/gcp/logging.ts"
        gcp_logging.refused_entries += events;
    gcp_logging.refused_batches++;
    gcp_logging.batches_dropped++;
    finished(p);
}

#line 299 "klib-src/gcp/logging.ts"
static void finished(log_pipe p)
{
#line 300 "klib-src/gcp/logging.ts"
    logpipe_release(p);
    logpipe_retry_reset(gcp_logging.retry);
    gcp_logging.failing = false;
    gcp_logging.busy = false;
    try_send();
    check_shutdown();
}

#line 308 "klib-src/gcp/logging.ts"
static void check_shutdown(void)
{
#line 309 "klib-src/gcp/logging.ts"
    status_handler done = gcp_logging.shutdown_done;
    log_pipe p = gcp_logging.pipe;
    if (done == 0 || p == 0 || gcp_logging.busy)
#line 311 "klib-src/gcp/logging.ts"
        return;
    if (logpipe_flush_tick(p, true)) {
        try_send();
        if (gcp_logging.busy)
#line 314 "klib-src/gcp/logging.ts"
            return;
#line 316 "klib-src/gcp/logging.ts"
        return;
    }
    gcp_logging.shutdown_done = 0;
    apply(done, STATUS_OK);
}

#line 323 "klib-src/gcp/logging.ts"
void logging_flush_now(void)
{
#line 324 "klib-src/gcp/logging.ts"
    log_pipe p = gcp_logging.pipe;
    if (p != 0 && logpipe_flush_tick(p, true))
#line 325 "klib-src/gcp/logging.ts"
        try_send();
}

#line 329 "klib-src/gcp/logging.ts"
u64 logging_unshipped(void)
{
#line 330 "klib-src/gcp/logging.ts"
    return gcp_logging.pipe != 0 ? logpipe_used(gcp_logging.pipe) : 0;
}

#line 334 "klib-src/gcp/logging.ts"
sstring logging_stuck_on(void)
{
#line 335 "klib-src/gcp/logging.ts"
    if (!metadata_ready())
#line 335 "klib-src/gcp/logging.ts"
        return ss("Cloud Logging was never reached: no metadata or access token yet");
    if (timer_is_active(&gcp_logging.retry_timer))
#line 336 "klib-src/gcp/logging.ts"
        return ss("Cloud Logging kept failing");
    if (gcp_logging.busy)
#line 337 "klib-src/gcp/logging.ts"
        return ss("a request to Cloud Logging is still unanswered");
    return ss("there was no time left to send it");
}

#line 342 "klib-src/gcp/logging.ts"
void logging_ready(void)
{
#line 343 "klib-src/gcp/logging.ts"
    try_send();
    check_shutdown();
}

#line 351 "klib-src/gcp/logging.ts"
void logging_shutdown(status_handler done)
{
#line 352 "klib-src/gcp/logging.ts"
    gcp_logging.shutdown_done = done;
    if (timer_is_active(&gcp_logging.retry_timer)) {
#line 355 "klib-src/gcp/logging.ts"
        remove_timer(kernel_timers, &gcp_logging.retry_timer, 0);
        gcp_logging.busy = false;
    }
    if (gcp_logging.pipe != 0)
#line 358 "klib-src/gcp/logging.ts"
        logpipe_flush_tick(gcp_logging.pipe, true);
    try_send();
    check_shutdown();
}

#line 364 "klib-src/gcp/logging.ts"
boolean logging_init(heap klib_heap, gcp_settings c, endpoint e)
{
#line 365 "klib-src/gcp/logging.ts"
    gcp_logging.h = klib_heap;
    gcp_logging.config = c;
    gcp_logging.endpoint = e;
    u64 quarter = (c->buffer_size >> 2) - 64;
    u32 line_cap = quarter < MAX_EVENT_BYTES ? (u32)quarter : MAX_EVENT_BYTES;
#line 373 "klib-src/gcp/logging.ts"
    heap ring_heap = large_range_heap(c->buffer_size);
    log_pipe p = ring_heap != 0 ? logpipe_create(gcp_logging.h, ring_heap, c->buffer_size, line_cap) : 0;
    if (p == 0) {
        rprintf("gcp: out of memory for 'logging.buffer_size' (%lu bytes): log shipping is off\n",
                c->buffer_size);
#line 377 "klib-src/gcp/logging.ts"
        return false;
    }
    gcp_logging.retry = logpipe_retry_create(gcp_logging.h, milliseconds(RETRY_BASE_MS),
                                             seconds(RETRY_CAP_SECONDS));
#line 380 "klib-src/gcp/logging.ts"
    entry_scratch s = allocate(gcp_logging.h, sizeof(struct entry_scratch));
    gcp_logging.log_name = allocate_buffer(gcp_logging.h, 256);
    gcp_logging.resource = allocate_buffer(gcp_logging.h, 256);
    gcp_logging.error_reader = allocate(gcp_logging.h, sizeof(struct json_reader));
    gcp_logging.error_value = allocate(gcp_logging.h, sizeof(struct json_value));
    if (gcp_logging.retry == 0 || s == INVALID_ADDRESS || gcp_logging.log_name == INVALID_ADDRESS || gcp_logging.resource == INVALID_ADDRESS || gcp_logging.error_reader == INVALID_ADDRESS || gcp_logging.error_value == INVALID_ADDRESS) {
#line 387 "klib-src/gcp/logging.ts"
        rprintf("gcp: out of memory: log shipping is off\n");
        return false;
    }
    s->reader = allocate(gcp_logging.h, sizeof(struct json_reader));
    s->member = allocate(gcp_logging.h, sizeof(struct member));
    s->inner = allocate(gcp_logging.h, sizeof(struct member));
    if (s->reader == INVALID_ADDRESS || s->member == INVALID_ADDRESS || s->inner == INVALID_ADDRESS) {
        rprintf("gcp: out of memory: log shipping is off\n");
        return false;
    }
    gcp_logging.scratch = s;
    logpipe_set_limits(p, MAX_ENTRIES, REQUEST_RAW_BYTES, ENTRY_OVERHEAD, line_cap, 0);
    gcp_logging.pipe = p;
    register_timer(kernel_timers, &gcp_logging.flush_timer, CLOCK_ID_MONOTONIC,
                   seconds(c->flush_interval), false, seconds(c->flush_interval),
                   init_closure_func(&gcp_logging.on_flush, timer_handler, on_flush));
#line 402 "klib-src/gcp/logging.ts"
    return true;
}

#line 406 "klib-src/gcp/logging.ts"
u64 logging_entries_sent(void)
{
#line 407 "klib-src/gcp/logging.ts"
    return gcp_logging.entries_sent;
}

#line 409 "klib-src/gcp/logging.ts"
u64 logging_requests(void)
{
#line 410 "klib-src/gcp/logging.ts"
    return gcp_logging.requests_sent;
}

#line 412 "klib-src/gcp/logging.ts"
u64 logging_batches_dropped(void)
{
#line 413 "klib-src/gcp/logging.ts"
    return gcp_logging.batches_dropped;
}
