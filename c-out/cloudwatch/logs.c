/* generated from klib-src/cloudwatch/logs.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include <mbedtls/sha256.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_escape.h"
#include "../lib/json_reader.h"
#include "../logpipe/batch.h"
#include "../logpipe/retry.h"
#include "../logpipe/ring.h"
#include "aws_request.h"
#include "config.h"
#include "credentials.h"
#include "endpoint.h"
#include "log_body.h"
#include "metadata.h"
#include "sigv4.h"
#include "logs.h"

/* Log shipping to CloudWatch Logs: CreateLogGroup / PutRetentionPolicy / CreateLogStream at start
 * and again after ResourceNotFound (ResourceAlreadyExists is success), then PutLogEvents batches
 * taken from the log pipe, one request in flight on the endpoint's kept-alive TLS connection.
 * Throttling, 5xx and network errors back off (full jitter, capped) and resend the same batch;
 * expired credentials are renewed and the batch resent; other refusals drop that batch with one
 * console line. rejectedLogEventsInfo is counted. No sequence tokens. */

/* A server that closes mid-request (FIN is not reported to klibs) is noticed through this. */
#define REQUEST_TIMEOUT_SECONDS 10

#define RETRY_BASE_MS 500
#define RETRY_CAP_SECONDS 60

/* While waiting for renewed credentials, look again this often. */
#define CREDENTIALS_WAIT_MS 200

#define CONTENT_TYPE ss("application/x-amz-json-1.1")

/* An mbedtls_sha256_context is 108 bytes in mbedtls 2.28. */
#define SHA256_CONTEXT_BYTES 128

/* A part, and some room for a piece of JSON that does not fit whole. */
#define PART_BUFFER_BYTES (20 * 1024)

static struct cloudwatch_logs {
    heap h;
    struct config *config;
    struct log_pipe *pipe;
    struct aws_api *api;
    struct credentials *creds;
    buffer region;
    buffer group;
    buffer stream;
    /* The body of the setup requests (small: names and a number). */
    buffer body;
    /* Where the hashing pass makes each part of a PutLogEvents body. */
    buffer part;
    /* The SHA-256 of a body being hashed in parts (an mbedtls_sha256_context). */
    u8 *hash_context;
    struct logpipe_retry *retry;
    enum logs_step step;
    boolean started;
    boolean in_flight;
    u32 batch_events;
    struct timer retry_timer;
    u32 generation_sent;
    status_handler shutdown_done;
    /* After one refusal message, later refusals are only counted until a batch is accepted: the
     * message is shipped too, and were it refused as well, messages would feed on themselves. */
    boolean refusals_quiet;
    boolean setup_refusal_reported;
    u64 quiet_batches;
    u64 quiet_events;
    struct logs_stats *stats;
    closure_struct(input_buffer_handler, body_parts);
    boolean renewing;
    closure_struct(timer_handler, on_retry);
    closure_struct(status_handler, on_response);
} cloudwatch_logs = {
    .step = LOGS_STEP_CREATE_GROUP,
};

static void finish_shutdown_if_idle(void);
static void write_escaped(u8 *p, bytes n);
static void send_batch(log_pipe p);
static void back_off(void);
static u64 count_rejected(void);
static sstring operation_name(void);
static void setup_done(void);

/* The request's body, made in parts as the HTTP client sends it. */
closure_func_basic(input_buffer_handler, boolean, body_parts,
                   buffer b)
{
    if (b == 0) {
        log_body_rewind();
        return false;
    }
    return log_body_part(b, HTTP_BODY_PART);
}

closure_func_basic(timer_handler, void, on_retry,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    logs_pump();
}

closure_func_basic(status_handler, void, on_response,
                   status s)
{
    cloudwatch_logs.in_flight = false;
    aws_api a = cloudwatch_logs.api;
    enum aws_outcome outcome = aws_outcome(a, s);
    logs_stats st = cloudwatch_logs.stats;
    switch (outcome) {
    case AWS_OUTCOME_OK:
    case AWS_OUTCOME_EXISTS:
        logpipe_retry_reset(cloudwatch_logs.retry);
        if (cloudwatch_logs.step != LOGS_STEP_READY) {
            setup_done();
        } else {
            u64 rejected = count_rejected();
            if (rejected > 0) {
                st->rejected += rejected;
                rprintf("cloudwatch: CloudWatch refused %lu of %u events (too old or too new)\n",
                        rejected, cloudwatch_logs.batch_events);
            }
            st->batches++;
            st->events += cloudwatch_logs.batch_events;
            logpipe_release(cloudwatch_logs.pipe);
            if (cloudwatch_logs.quiet_batches > 0) {
                rprintf("cloudwatch: %lu more batches refused: %lu events dropped\n",
                        cloudwatch_logs.quiet_batches, cloudwatch_logs.quiet_events);
            }
            cloudwatch_logs.refusals_quiet = false;
            cloudwatch_logs.quiet_batches = 0;
            cloudwatch_logs.quiet_events = 0;
        }
        break;
    case AWS_OUTCOME_NOT_FOUND:
        /* The group or stream was deleted: create them again, then resend the batch. */
        cloudwatch_logs.step = LOGS_STEP_CREATE_GROUP;
        back_off();
        break;
    case AWS_OUTCOME_RENEW:
        cloudwatch_logs.renewing = true;
        metadata_renew_credentials();
        back_off();
        break;
    case AWS_OUTCOME_RETRY:
        back_off();
        break;
    default:
        if (cloudwatch_logs.step == LOGS_STEP_READY) {
            if (!cloudwatch_logs.refusals_quiet) {
                rprintf("cloudwatch: %s refused (HTTP %u %b): %u events dropped\n",
                        operation_name(), a->endpoint->client->response->status, a->error,
                        cloudwatch_logs.batch_events);
            } else {
                cloudwatch_logs.quiet_batches++;
                cloudwatch_logs.quiet_events += cloudwatch_logs.batch_events;
            }
            cloudwatch_logs.refusals_quiet = true;
            st->dropped += cloudwatch_logs.batch_events;
            logpipe_release(cloudwatch_logs.pipe);
        } else {
            /* E.g. a role allowed to write to an existing group but not to create one: say so
             * once and go on; a missing group or stream shows up as ResourceNotFound later. */
            if (!cloudwatch_logs.setup_refusal_reported) {
                rprintf("cloudwatch: %s refused (HTTP %u %b); going on\n", operation_name(),
                        a->endpoint->client->response->status, a->error);
            }
            cloudwatch_logs.setup_refusal_reported = true;
            setup_done();
        }
        break;
    }
    logs_pump();
    finish_shutdown_if_idle();
}

/* Prepares shipping; nothing is sent before logsStart. False when out of memory. */
boolean logs_init(heap from_heap, config c, log_pipe p, credentials k)
{
    cloudwatch_logs.h = from_heap;
    cloudwatch_logs.config = c;
    cloudwatch_logs.pipe = p;
    cloudwatch_logs.creds = k;
    cloudwatch_logs.body = allocate_buffer(cloudwatch_logs.h, 1024);
    cloudwatch_logs.part = allocate_buffer(cloudwatch_logs.h, PART_BUFFER_BYTES);
    cloudwatch_logs.hash_context = (u8 *)allocate(cloudwatch_logs.h, SHA256_CONTEXT_BYTES);
    cloudwatch_logs.retry = logpipe_retry_create(cloudwatch_logs.h, milliseconds(RETRY_BASE_MS),
                                                 seconds(RETRY_CAP_SECONDS));
    cloudwatch_logs.stats = allocate(cloudwatch_logs.h, sizeof(struct logs_stats));
    if (cloudwatch_logs.body == INVALID_ADDRESS || cloudwatch_logs.part == INVALID_ADDRESS ||
        cloudwatch_logs.hash_context == INVALID_ADDRESS || cloudwatch_logs.retry == 0 ||
        cloudwatch_logs.stats == INVALID_ADDRESS)
        return false;
    cloudwatch_logs.stats->batches = 0;
    cloudwatch_logs.stats->events = 0;
    cloudwatch_logs.stats->rejected = 0;
    cloudwatch_logs.stats->dropped = 0;
    cloudwatch_logs.stats->retries = 0;
    return true;
}

/* Starts shipping once the group, stream and region are known. */
void logs_start(aws_api a, buffer log_group, buffer log_stream, buffer aws_region)
{
    cloudwatch_logs.api = a;
    cloudwatch_logs.group = log_group;
    cloudwatch_logs.stream = log_stream;
    cloudwatch_logs.region = aws_region;
    cloudwatch_logs.step = LOGS_STEP_CREATE_GROUP;
    cloudwatch_logs.started = true;
    logs_pump();
}

/* At shutdown: send what is left, then apply `done`. Nothing here gives up: the klib's own deadline
 * (lib/shutdown_deadline.ts) releases the VM's halt if this never ends. */
void logs_shutdown(status_handler done)
{
    cloudwatch_logs.shutdown_done = done;
    if (cloudwatch_logs.started && timer_is_active(&cloudwatch_logs.retry_timer)) {
        /* Waiting out a backoff would miss the deadline: try once more now. */
        remove_timer(kernel_timers, &cloudwatch_logs.retry_timer, 0);
    }
    logs_pump();
    finish_shutdown_if_idle();
}

/* One console line saying what the shutdown deadline leaves unshipped, and why it was not shipped.
 * Printed before the halt is released: the klib's console driver copies it into the ring too. */
void logs_report_unshipped(u64 limit_seconds)
{
    bytes left = cloudwatch_logs.pipe != 0 ? logpipe_used(cloudwatch_logs.pipe) : 0;
    sstring why = ss("nothing was left");
    if (left > 0) {
        if (!cloudwatch_logs.started)
            why = ss("CloudWatch Logs was never reached: no instance metadata or credentials yet");
        else if (cloudwatch_logs.in_flight)
            why = ss("a request to CloudWatch Logs is still unanswered");
        else if (timer_is_active(&cloudwatch_logs.retry_timer))
            why = ss("CloudWatch Logs kept failing");
        else if (cloudwatch_logs.step != LOGS_STEP_READY)
            why = ss("the log group and stream were still being set up");
        else
            why = ss("there was no time left to send it");
    }
    rprintf("cloudwatch: shutdown_timeout (%lu s) passed: %lu bytes of console output not shipped "
            "(%s); letting the VM halt\n",
            limit_seconds, left, why);
}

/* Completes the shutdown once everything written has been delivered (or refused for good). */
static void finish_shutdown_if_idle(void)
{
    status_handler done = cloudwatch_logs.shutdown_done;
    if (done == 0 || cloudwatch_logs.in_flight)
        return;
    if (!cloudwatch_logs.started) {
        if (logpipe_used(cloudwatch_logs.pipe) > 0)
            return;
    } else if (cloudwatch_logs.step != LOGS_STEP_READY ||
               timer_is_active(&cloudwatch_logs.retry_timer) ||
               logpipe_take_batch(cloudwatch_logs.pipe) > 0) {
        return;
    }
    cloudwatch_logs.shutdown_done = 0;
    apply(done, STATUS_OK);
}

/* Writes "name":"<escaped buffer>" into the body. */
static void write_name_member(sstring name, buffer value)
{
    buffer b = cloudwatch_logs.body;
    bprintf(b, "\"%s\":\"", name);
    write_escaped((u8 *)buffer_ref(value, 0), buffer_length(value));
    buffer_write_byte(b, '"');
}

static void write_escaped(u8 *p, bytes n)
{
    buffer b = cloudwatch_logs.body;
    bytes room = n * JSON_ESCAPE_MAX_EXPANSION;
    buffer_extend(b, room);
    s64 written = json_escape(p, 0, n, (u8 *)buffer_end(b), room);
    if (written > 0)
        buffer_produce(b, (bytes)written);
}

static void send(sstring target)
{
    cloudwatch_logs.in_flight = true;
    cloudwatch_logs.generation_sent = cloudwatch_logs.creds->generation;
    if (!aws_post(cloudwatch_logs.api, cloudwatch_logs.creds, cloudwatch_logs.region, ss("logs"),
                  target, CONTENT_TYPE, cloudwatch_logs.body, seconds(REQUEST_TIMEOUT_SECONDS),
                  init_closure_func(&cloudwatch_logs.on_response, status_handler, on_response))) {
        cloudwatch_logs.in_flight = false;
        rprintf("cloudwatch: could not build a request; retrying\n");
        back_off();
    }
}

/* Sends the next request if none is in flight and none is waiting for its backoff. */
void logs_pump(void)
{
    if (!cloudwatch_logs.started || cloudwatch_logs.in_flight ||
        timer_is_active(&cloudwatch_logs.retry_timer))
        return;
    credentials k = cloudwatch_logs.creds;
    if (!k->valid)
        return;
    if (k->generation == cloudwatch_logs.generation_sent && cloudwatch_logs.renewing) {
        register_timer(kernel_timers, &cloudwatch_logs.retry_timer, CLOCK_ID_MONOTONIC,
                       milliseconds(CREDENTIALS_WAIT_MS), false, 0,
                       init_closure_func(&cloudwatch_logs.on_retry, timer_handler, on_retry));
        return;
    }
    cloudwatch_logs.renewing = false;
    buffer b = cloudwatch_logs.body;
    buffer_clear(b);
    buffer_write_byte(b, '{');
    write_name_member(ss("logGroupName"), cloudwatch_logs.group);
    switch (cloudwatch_logs.step) {
    case LOGS_STEP_CREATE_GROUP:
        buffer_write_byte(b, '}');
        send(ss("Logs_20140328.CreateLogGroup"));
        return;
    case LOGS_STEP_RETENTION:
        bprintf(b, ",\"retentionInDays\":%lu}", cloudwatch_logs.config->retention_days);
        send(ss("Logs_20140328.PutRetentionPolicy"));
        return;
    case LOGS_STEP_CREATE_STREAM:
        buffer_write_byte(b, ',');
        write_name_member(ss("logStreamName"), cloudwatch_logs.stream);
        buffer_write_byte(b, '}');
        send(ss("Logs_20140328.CreateLogStream"));
        return;
    default:
        break;
    }
    log_pipe p = cloudwatch_logs.pipe;
    u32 n = logpipe_take_batch(p);
    /* At shutdown no flush tick may come again: close any open line and write a pending loss
     * report (the ring may have had no room for it before this batch was released). */
    if (n == 0 && cloudwatch_logs.shutdown_done != 0 && logpipe_flush_tick(p, true))
        n = logpipe_take_batch(p);
    if (n == 0) {
        finish_shutdown_if_idle();
        return;
    }
    cloudwatch_logs.batch_events = n;
    send_batch(p);
}

/* Hashes the batch's body (made in parts into `part`, the same parts the request will send), then
 * sends it in parts: the body is never held whole. */
static void send_batch(log_pipe p)
{
    aws_api a = cloudwatch_logs.api;
    u8 *ctx = cloudwatch_logs.hash_context;
    buffer b = cloudwatch_logs.part;
    log_body_begin(p, cloudwatch_logs.group, cloudwatch_logs.stream);
    bytes length = 0;
    boolean last = false;
    boolean hashed = ({ mbedtls_sha256_init((mbedtls_sha256_context *)ctx);
                     mbedtls_sha256_starts_ret((mbedtls_sha256_context *)ctx, 0); }) == 0;
    while (hashed && !last) {
        buffer_clear(b);
        last = log_body_part(b, HTTP_BODY_PART);
        length += buffer_length(b);
        hashed = mbedtls_sha256_update_ret((mbedtls_sha256_context *)ctx, (u8 *)buffer_ref(b, 0),
                                           buffer_length(b)) == 0;
    }
    hashed = hashed &&
             mbedtls_sha256_finish_ret((mbedtls_sha256_context *)ctx, aws_payload_hash(a)) == 0;
    cloudwatch_logs.in_flight = true;
    cloudwatch_logs.generation_sent = cloudwatch_logs.creds->generation;
    if (!hashed ||
        !aws_post_parts(a, cloudwatch_logs.creds, cloudwatch_logs.region, ss("logs"),
                        ss("Logs_20140328.PutLogEvents"), CONTENT_TYPE, length,
                        init_closure_func(&cloudwatch_logs.body_parts, input_buffer_handler,
                                          body_parts),
                        seconds(REQUEST_TIMEOUT_SECONDS),
                        init_closure_func(&cloudwatch_logs.on_response, status_handler,
                                          on_response))) {
        cloudwatch_logs.in_flight = false;
        rprintf("cloudwatch: could not build a request; retrying\n");
        back_off();
    }
}

static void back_off(void)
{
    cloudwatch_logs.stats->retries++;
    timestamp wait = cloudwatch_logs.shutdown_done != 0
                     ? milliseconds(RETRY_BASE_MS)
                     : logpipe_retry_delay(cloudwatch_logs.retry);
    register_timer(kernel_timers, &cloudwatch_logs.retry_timer, CLOCK_ID_MONOTONIC, wait, false, 0,
                   init_closure_func(&cloudwatch_logs.on_retry, timer_handler, on_retry));
}

/* Counts the events of rejectedLogEventsInfo: a refused prefix (too old, expired) and a refused
 * suffix (too new). */
static u64 count_rejected(void)
{
    aws_api a = cloudwatch_logs.api;
    buffer answer = http_response_body(a->endpoint->client);
    json_reader r = a->reader;
    json_value v = a->value;
    u64 prefix = 0;
    u64 suffix = 0;
    json_reader_init(r, (u8 *)buffer_ref(answer, 0), buffer_length(answer), 8,
                     buffer_length(answer));
    if (json_find(r, "rejectedLogEventsInfo.tooOldLogEventEndIndex", 44, v)) {
        s64 n = json_integer(r, v);
        if (n > 0)
            prefix = (u64)n;
    }
    if (json_find(r, "rejectedLogEventsInfo.expiredLogEventEndIndex", 44, v)) {
        s64 n = json_integer(r, v);
        if (n > 0 && (u64)n > prefix)
            prefix = (u64)n;
    }
    if (json_find(r, "rejectedLogEventsInfo.tooNewLogEventStartIndex", 45, v)) {
        s64 n = json_integer(r, v);
        if (n >= 0 && (u64)n < cloudwatch_logs.batch_events)
            suffix = cloudwatch_logs.batch_events - (u64)n;
    }
    u64 total = prefix + suffix;
    return total > cloudwatch_logs.batch_events ? cloudwatch_logs.batch_events : total;
}

static sstring operation_name(void)
{
    switch (cloudwatch_logs.step) {
    case LOGS_STEP_CREATE_GROUP:
        return ss("CreateLogGroup");
    case LOGS_STEP_RETENTION:
        return ss("PutRetentionPolicy");
    case LOGS_STEP_CREATE_STREAM:
        return ss("CreateLogStream");
    default:
        return ss("PutLogEvents");
    }
}

static void setup_done(void)
{
    if (cloudwatch_logs.step == LOGS_STEP_CREATE_GROUP)
        cloudwatch_logs.step = cloudwatch_logs.config->retention_days != 0
                               ? LOGS_STEP_RETENTION
                               : LOGS_STEP_CREATE_STREAM;
    else if (cloudwatch_logs.step == LOGS_STEP_RETENTION)
        cloudwatch_logs.step = LOGS_STEP_CREATE_STREAM;
    else
        cloudwatch_logs.step = LOGS_STEP_READY;
}

logs_stats logs_statistics(void)
{
    return cloudwatch_logs.stats;
}
