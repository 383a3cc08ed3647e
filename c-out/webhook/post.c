/* generated from klib-src/webhook/post.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/time_format.h"
#include "../logpipe/event_json.h"
#include "../logpipe/ring.h"
#include "../logpipe/sink.h"
#include "config.h"
#include "post.h"

/* The webhook as a sink of the shipper (logpipe/shipper.ts): a batch is a JSON array with one
 * object per line, written straight from the ring in parts and POSTed with chunked transfer coding.
 * What an answer means: 2xx delivered; 408, 429, 5xx retried; any other status refused (the batch
 * is dropped). Timers, pacing, retries, failure lines and counters are the shipper's.
 *
 *   [{"time":"2026-11-25T09:07:35.123Z","message":"..."},
 *    {"time":"...","message":"...","loss":true}] */

/* A server that closes the connection without answering is only noticed by this timeout. */
#define REQUEST_TIMEOUT_SECONDS 10

typedef struct webhook {
    struct webhook_settings *config;
    struct endpoint *endpoint;
} *webhook;

static void write_head(void *sink __attribute__((unused)), buffer b)
{
    buffer_write_byte(b, '[');
}

/* A kernel REALTIME stamp (2^32 units per second) as a quoted RFC 3339 time with milliseconds. */
static void write_time(buffer b, timestamp t)
{
    u64 s = t >> 32;
    if (s >= TIME_FORMAT_LIMIT)
        s = TIME_FORMAT_LIMIT - 1;
    u64 millis = ((t & 0xffffffff) * 1000) >> 32;
    buffer_write_byte(b, '"');
    if (buffer_extend(b, RFC3339_MILLIS_LENGTH))
        buffer_produce(b, format_rfc3339_millis(s, (u32)millis, (u8 *)buffer_end(b)));
    buffer_write_byte(b, '"');
}

/* As much of event `e` as `room` holds; a long line's message is escaped over several parts. */
static boolean write_event(void *sink __attribute__((unused)), buffer b, log_event e,
                           body_cursor at, bytes room)
{
    bytes start = buffer_length(b);
    if (!at->begun) {
        if (at->index > 0)
            buffer_write_byte(b, ',');
        buffer_write_cstring(b, "{\"time\":");
        write_time(b, e->stamp);
        buffer_write_cstring(b, ",\"message\":\"");
        at->begun = true;
    }
    if (at->offset < e->length) {
        bytes used = buffer_length(b) - start;
        at->offset = logpipe_escape_text(b, e->data, at->offset, e->length,
                                         room > used ? room - used : 0);
    }
    if (at->offset < e->length)
        return false;
    if (e->loss)
        buffer_write_cstring(b, "\",\"loss\":true}");
    else
        buffer_write_cstring(b, "\"}");
    return true;
}

static void write_tail(void *sink __attribute__((unused)), buffer b)
{
    buffer_write_byte(b, ']');
}

static boolean send(void *sink, input_buffer_handler parts, status_handler done)
{
    webhook w = (webhook)sink;
    http_client c = w->endpoint->client;
    buffer auth = w->config->authorization;
    return http_request_begin(c, ss("POST"), buffer_to_sstring(w->config->path), false) &&
           http_request_header(c, ss("Content-Type"), ss("application/json")) &&
           (auth == 0 || http_request_header(c, ss("Authorization"), buffer_to_sstring(auth))) &&
           http_request_send_chunked(c, parts, seconds(REQUEST_TIMEOUT_SECONDS), done);
}

static enum sink_outcome classify(void *sink __attribute__((unused)), http_client c,
                                  sink_answer answer __attribute__((unused)))
{
    u32 status = c->response->status;
    if (status >= 200 && status < 300)
        return SINK_OUTCOME_DELIVERED;
    if (status == 408 || status == 429 || status >= 500)
        return SINK_OUTCOME_RETRY;
    return SINK_OUTCOME_REFUSED;
}

/* The webhook sink (its SinkApi) for the url of `config`, reached through `e`; null when out of
 * memory. */
sink_api webhook_sink_new(heap h, webhook_settings config, endpoint e)
{
    webhook w = allocate(h, sizeof(struct webhook));
    if (w == INVALID_ADDRESS)
        return 0;
    w->config = config;
    w->endpoint = e;
    sink_api api = sink_api_new(h, w);
    if (api == 0)
        return 0;
    api->operation = ss("POST");
    api->service = ss("the webhook");
    api->write_head = write_head;
    api->write_event = write_event;
    api->write_tail = write_tail;
    api->send = send;
    api->classify = classify;
    return api;
}
