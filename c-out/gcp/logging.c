/* generated from klib-src/gcp/logging.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_reader.h"
#include "../lib/percent.h"
#include "../lib/time_format.h"
#include "../logpipe/retry.h"
#include "../logpipe/ring.h"
#include "../logpipe/sink.h"
#include "config.h"
#include "entry.h"
#include "json_text.h"
#include "metadata.h"
#include "structured.h"
#include "logging.h"

/* Cloud Logging as a sink of the shipper (logpipe/shipper.ts): the entries.write body (logName,
 * the gce_instance resource, labels, partialSuccess, one LogEntry per line: entry.ts), sent with
 * chunked transfer coding as the shipper makes it, and what the answers mean: 401 renews the token,
 * 429 and 5xx are retried, partial errors (WriteLogEntriesPartialErrors: the other entries were
 * written) are counted per entry, any other refusal drops the batch. Timers, pacing, retries,
 * failure lines and counters are the shipper's. */

/* A server that closes the connection without answering is only noticed by this timeout: the kernel
 * does not report a peer's FIN to the connection's input handler. */
#define REQUEST_TIMEOUT_SECONDS 10

static boolean describe_instance(gcp_logging g)
{
    gcp_metadata m = g->metadata;
    buffer name = g->log_name;
    buffer r = g->resource;
    buffer_clear(name);
    buffer_clear(r);
    buffer_write_cstring(name, "projects/");
    push_buffer(name, m->project_id);
    buffer_write_cstring(name, "/logs/");
    buffer id = g->config->log_id != 0 ? g->config->log_id : m->hostname;
    bytes room = percent_encoded_max_length(buffer_length(id));
    if (!buffer_extend(name, room))
        return false;
    buffer_produce(name,
                   percent_encode((u8 *)buffer_ref(id, 0), 0, buffer_length(id),
                                  (u8 *)buffer_end(name), false));
    buffer_write_cstring(r, "{\"type\":\"gce_instance\",\"labels\":{\"project_id\":");
    json_append_string(r, m->project_id);
    buffer_write_cstring(r, ",\"instance_id\":");
    json_append_string(r, m->instance_id);
    buffer_write_cstring(r, ",\"zone\":");
    json_append_string(r, m->zone);
    buffer_write_cstring(r, "}}");
    return true;
}

static boolean ready(void *sink)
{
    gcp_logging g = (gcp_logging)sink;
    if (!metadata_ready(g->metadata))
        return false;
    return buffer_length(g->log_name) > 0 || describe_instance(g);
}

static void write_head(void *sink, buffer b)
{
    gcp_logging g = (gcp_logging)sink;
    buffer_write_cstring(b, "{\"logName\":");
    json_append_string(b, g->log_name);
    buffer_write_cstring(b, ",\"resource\":");
    push_buffer(b, g->resource);
    buffer labels = g->config->labels;
    if (labels != 0) {
        buffer_write_cstring(b, ",\"labels\":{");
        push_buffer(b, labels);
        buffer_write_byte(b, '}');
    }
    buffer_write_cstring(b, ",\"partialSuccess\":true,\"entries\":[");
}

/* Entries are made whole, one after the other (an entry is at most 256 KiB). */
static boolean write_event(void *sink, buffer b, log_event e, body_cursor at,
                           bytes room __attribute__((unused)))
{
    gcp_logging g = (gcp_logging)sink;
    if (at->index > 0)
        buffer_write_byte(b, ',');
    write_entry(b, g->scratch, e->data, 0, e->length, e->stamp, e->loss, g->config->severity);
    return true;
}

static void write_tail(void *sink __attribute__((unused)), buffer b)
{
    buffer_write_cstring(b, "]}");
}

static boolean send(void *sink, input_buffer_handler parts, status_handler done)
{
    gcp_logging g = (gcp_logging)sink;
    http_client c = g->endpoint->client;
    return http_request_begin(c, ss("POST"), ss("/v2/entries:write"), false) &&
           http_request_header(c, ss("Authorization"),
                               buffer_to_sstring(g->metadata->authorization)) &&
           http_request_header(c, ss("Content-Type"), ss("application/json")) &&
           http_request_send_chunked(c, parts, seconds(REQUEST_TIMEOUT_SECONDS), done);
}

/* The entries a WriteLogEntriesPartialErrors detail names (logEntryErrors), in the first
 * details. */
static s64 partial_errors(gcp_logging g, const char *path, bytes n)
{
    return json_find(g->reader, path, n, g->value) ? json_count(g->reader, g->value) : -1;
}

static enum sink_outcome classify(void *sink, http_client c, sink_answer answer)
{
    gcp_logging g = (gcp_logging)sink;
    u32 status = c->response->status;
    if (status >= 200 && status < 300)
        return SINK_OUTCOME_DELIVERED;
    buffer body = http_response_body(c);
    json_reader r = g->reader;
    json_value v = g->value;
    /* The google.rpc.Status's code name (RESOURCE_EXHAUSTED, PERMISSION_DENIED) for the line. */
    json_reader_init(r, (u8 *)buffer_ref(body, 0), buffer_length(body), 16, buffer_length(body));
    buffer code = answer->code;
    if (json_find(r, "error.status", 12, v) && v->kind == JSON_KIND_STRING &&
        buffer_extend(code, 48)) {
        s64 n = json_decode_string(r, v, (u8 *)buffer_end(code), 48);
        if (n > 0)
            buffer_produce(code, (bytes)n);
    }
    if (status == 401) {
        /* The token expired or was revoked: a new one is on its way. */
        metadata_token_refused(g->metadata);
        return SINK_OUTCOME_RENEW;
    }
    /* Unreadable (not Google's JSON: a proxy's page) is not worth dropping data for. */
    if (status == 429 || status >= 500 || buffer_length(code) == 0)
        return SINK_OUTCOME_RETRY;
    /* With partialSuccess the valid entries were written: only those named were refused. */
    s64 refused = partial_errors(g, "error.details.0.logEntryErrors", 30);
    if (refused < 0)
        refused = partial_errors(g, "error.details.1.logEntryErrors", 30);
    if (refused > 0 && refused < answer->lines) {
        answer->refused = (u32)refused;
        return SINK_OUTCOME_PARTIAL;
    }
    return SINK_OUTCOME_REFUSED;
}

/* The Cloud Logging sink (its SinkApi), to `e`, with the metadata's project and token; null when
 * out of memory. */
sink_api logging_new(heap h, gcp_settings c, gcp_metadata metadata, endpoint e)
{
    gcp_logging g = allocate(h, sizeof(struct gcp_logging));
    entry_scratch s = allocate(h, sizeof(struct entry_scratch));
    if (g == INVALID_ADDRESS || s == INVALID_ADDRESS)
        return 0;
    s->reader = allocate(h, sizeof(struct json_reader));
    s->member = allocate(h, sizeof(struct member));
    s->inner = allocate(h, sizeof(struct member));
    s->second = 0;
    s->second_text = allocate_buffer(h, RFC3339_NANOS_LENGTH);
    g->config = c;
    g->metadata = metadata;
    g->endpoint = e;
    g->scratch = s;
    g->log_name = allocate_buffer(h, 256);
    g->resource = allocate_buffer(h, 256);
    g->reader = allocate(h, sizeof(struct json_reader));
    g->value = allocate(h, sizeof(struct json_value));
    sink_api api = sink_api_new(h, g);
    if (s->reader == INVALID_ADDRESS || s->member == INVALID_ADDRESS ||
        s->inner == INVALID_ADDRESS || s->second_text == INVALID_ADDRESS ||
        g->log_name == INVALID_ADDRESS || g->resource == INVALID_ADDRESS ||
        g->reader == INVALID_ADDRESS || g->value == INVALID_ADDRESS || api == 0)
        return 0;
    api->operation = ss("entries.write");
    api->service = ss("Cloud Logging");
    api->ready = ready;
    api->write_head = write_head;
    api->write_event = write_event;
    api->write_tail = write_tail;
    api->send = send;
    api->classify = classify;
    return api;
}
