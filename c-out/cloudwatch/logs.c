/* generated from klib-src/cloudwatch/logs.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
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

#define REQUEST_TIMEOUT_SECONDS 10
#define RETRY_BASE_MS 500
#define RETRY_CAP_SECONDS 60
#define CREDENTIALS_WAIT_MS 200
#define CONTENT_TYPE ss("application/x-amz-json-1.1")
#define SHA256_CONTEXT_BYTES 128
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
    buffer body;
    buffer part;
    u8 *hash_context;
    struct logpipe_retry *retry;
    enum logs_step step;
    boolean started;
    boolean in_flight;
    u32 batch_events;
    struct timer retry_timer;
    u32 generation_sent;
    status_handler shutdown_done;
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

#line 256 "klib-src/cloudwatch/logs.ts"
closure_func_basic(input_buffer_handler, boolean, body_parts,
                   buffer b)
{
#line 257 "klib-src/cloudwatch/logs.ts"
    if (b == 0) {
        log_body_rewind();
        return false;
    }
    return log_body_part(b, HTTP_BODY_PART);
}

#line 266 "klib-src/cloudwatch/logs.ts"
closure_func_basic(timer_handler, void, on_retry,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 267 "klib-src/cloudwatch/logs.ts"
    if (overruns == timer_disabled)
#line 267 "klib-src/cloudwatch/logs.ts"
        return;
    logs_pump();
}

#line 318 "klib-src/cloudwatch/logs.ts"
closure_func_basic(status_handler, void, on_response,
                   status s)
{
#line 319 "klib-src/cloudwatch/logs.ts"
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
#line 335 "klib-src/cloudwatch/logs.ts"
            st->batches++;
            st->events += cloudwatch_logs.batch_events;
            logpipe_release(cloudwatch_logs.pipe);
            if (cloudwatch_logs.quiet_batches > 0) {
                rprintf("cloudwatch: %lu more batches refused: %lu events dropped\n",
                        cloudwatch_logs.quiet_batches, cloudwatch_logs.quiet_events);
            }
#line 341 "klib-src/cloudwatch/logs.ts"
            cloudwatch_logs.refusals_quiet = false;
            cloudwatch_logs.quiet_batches = 0;
            cloudwatch_logs.quiet_events = 0;
        }
        break;
    case AWS_OUTCOME_NOT_FOUND:
#line 348 "klib-src/cloudwatch/logs.ts"
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
#line 364 "klib-src/cloudwatch/logs.ts"
                cloudwatch_logs.quiet_batches++;
                cloudwatch_logs.quiet_events += cloudwatch_logs.batch_events;
            }
            cloudwatch_logs.refusals_quiet = true;
            st->dropped += cloudwatch_logs.batch_events;
            logpipe_release(cloudwatch_logs.pipe);
        } else {
#line 373 "klib-src/cloudwatch/logs.ts"
            if (!cloudwatch_logs.setup_refusal_reported) {
                rprintf("cloudwatch: %s refused (HTTP %u %b); going on\n", operation_name(),
                        a->endpoint->client->response->status, a->error);
            }
#line 376 "klib-src/cloudwatch/logs.ts"
            cloudwatch_logs.setup_refusal_reported = true;
            setup_done();
        }
        break;
    }
    logs_pump();
    finish_shutdown_if_idle();
}

#line 82 "klib-src/cloudwatch/logs.ts"
boolean logs_init(heap from_heap, config c, log_pipe p, credentials k)
{
#line 83 "klib-src/cloudwatch/logs.ts"
    cloudwatch_logs.h = from_heap;
    cloudwatch_logs.config = c;
    cloudwatch_logs.pipe = p;
    cloudwatch_logs.creds = k;
    cloudwatch_logs.body = allocate_buffer(cloudwatch_logs.h, 1024);
    cloudwatch_logs.part = allocate_buffer(cloudwatch_logs.h, PART_BUFFER_BYTES);
    cloudwatch_logs.hash_context = ((u8 *)allocate(cloudwatch_logs.h, SHA256_CONTEXT_BYTES));
    cloudwatch_logs.retry = logpipe_retry_create(cloudwatch_logs.h, milliseconds(RETRY_BASE_MS),
                                                 seconds(RETRY_CAP_SECONDS));
#line 91 "klib-src/cloudwatch/logs.ts"
    cloudwatch_logs.stats = allocate(cloudwatch_logs.h, sizeof(struct logs_stats));
    if (cloudwatch_logs.body == INVALID_ADDRESS || cloudwatch_logs.part == INVALID_ADDRESS || cloudwatch_logs.hash_context == INVALID_ADDRESS || cloudwatch_logs.retry == 0 || cloudwatch_logs.stats == INVALID_ADDRESS)
        return false;
    cloudwatch_logs.stats->batches = 0;
    cloudwatch_logs.stats->events = 0;
    cloudwatch_logs.stats->rejected = 0;
    cloudwatch_logs.stats->dropped = 0;
    cloudwatch_logs.stats->retries = 0;
    return true;
}

#line 103 "klib-src/cloudwatch/logs.ts"
void logs_start(aws_api a, buffer log_group, buffer log_stream, buffer aws_region)
{
#line 104 "klib-src/cloudwatch/logs.ts"
    cloudwatch_logs.api = a;
    cloudwatch_logs.group = log_group;
    cloudwatch_logs.stream = log_stream;
    cloudwatch_logs.region = aws_region;
    cloudwatch_logs.step = LOGS_STEP_CREATE_GROUP;
    cloudwatch_logs.started = true;
    logs_pump();
}

#line 117 "klib-src/cloudwatch/logs.ts"
void logs_shutdown(status_handler done)
{
#line 118 "klib-src/cloudwatch/logs.ts"
    cloudwatch_logs.shutdown_done = done;
    if (cloudwatch_logs.started && timer_is_active(&cloudwatch_logs.retry_timer)) {
#line 121 "klib-src/cloudwatch/logs.ts"
        remove_timer(kernel_timers, &cloudwatch_logs.retry_timer, 0);
    }
    logs_pump();
    finish_shutdown_if_idle();
}

#line 131 "klib-src/cloudwatch/logs.ts"
void logs_report_unshipped(u64 limit_seconds)
{
#line 132 "klib-src/cloudwatch/logs.ts"
    bytes left = cloudwatch_logs.pipe != 0 ? logpipe_used(cloudwatch_logs.pipe) : 0;
    sstring why = ss("nothing was left");
    if (left > 0) {
        if (!cloudwatch_logs.started)
#line 135 "klib-src/cloudwatch/logs.ts"
            why = ss("CloudWatch Logs was never reached: no instance metadata or credentials yet");
        else
#line 136 "klib-src/cloudwatch/logs.ts"
            if (cloudwatch_logs.in_flight)
#line 136 "klib-src/cloudwatch/logs.ts"
                why = ss("a request to CloudWatch Logs is still unanswered");
            else
#line 137 "klib-src/cloudwatch/logs.ts"
                if (timer_is_active(&cloudwatch_logs.retry_timer))
#line 137 "klib-src/cloudwatch/logs.ts"
                    why = ss("CloudWatch Logs kept failing");
                else
#line 138 "klib-src/cloudwatch/logs.ts"
                    if (cloudwatch_logs.step != LOGS_STEP_READY)
#line 138 "klib-src/cloudwatch/logs.ts"
                        why = ss("the log group and stream were still being set up");
                    else
#line 139 "klib-src/cloudwatch/logs.ts"
                        why = ss("there was no time left to send it");
    }
    rprintf("cloudwatch: shutdown_timeout (%lu s) passed: %lu bytes of console output not shipped (%s); letting the VM halt\n",
            limit_seconds, left, why);
}

#line 145 "klib-src/cloudwatch/logs.ts"
static void finish_shutdown_if_idle(void)
{
#line 146 "klib-src/cloudwatch/logs.ts"
    status_handler done = cloudwatch_logs.shutdown_done;
    if (done == 0 || cloudwatch_logs.in_flight)
#line 147 "klib-src/cloudwatch/logs.ts"
        return;
    if (!cloudwatch_logs.started) {
        if (logpipe_used(cloudwatch_logs.pipe) > 0)
#line 149 "klib-src/cloudwatch/logs.ts"
            return;
    } else if (cloudwatch_logs.step != LOGS_STEP_READY || timer_is_active(&cloudwatch_logs.retry_timer) || logpipe_take_batch(cloudwatch_logs.pipe) > 0) {
        return;
    }
    cloudwatch_logs.shutdown_done = 0;
    apply(done, STATUS_OK);
}

#line 158 "klib-src/cloudwatch/logs.ts"
static void write_name_member(sstring name, buffer value)
{
#line 159 "klib-src/cloudwatch/logs.ts"
    buffer b = cloudwatch_logs.body;
    bprintf(b, "\"%s\":\"", name);
    write_escaped(((u8 *)buffer_ref(value, 0)), buffer_length(value));
    buffer_write_byte(b, 34);
}

#line 165 "klib-src/cloudwatch/logs.ts"
static void write_escaped(u8 *p, bytes n)
{
#line 166 "klib-src/cloudwatch/logs.ts"
    buffer b = cloudwatch_logs.body;
    bytes room = n * JSON_ESCAPE_MAX_EXPANSION;
    buffer_extend(b, room);
    s64 written = json_escape(p, 0, n, ((u8 *)buffer_end(b)), room);
    if (written > 0)
#line 170 "klib-src/cloudwatch/logs.ts"
        buffer_produce(b, (bytes)written);
}

#line 173 "klib-src/cloudwatch/logs.ts"
static void send(sstring target)
{
#line 174 "klib-src/cloudwatch/logs.ts"
    cloudwatch_logs.in_flight = true;
    cloudwatch_logs.generation_sent = cloudwatch_logs.creds->generation;
    if (!aws_post(cloudwatch_logs.api, cloudwatch_logs.creds, cloudwatch_logs.region, ss("logs"),
                  target, CONTENT_TYPE, cloudwatch_logs.body, seconds(REQUEST_TIMEOUT_SECONDS),
                  init_closure_func(&cloudwatch_logs.on_response, status_handler, on_response))) {
#line 177 "klib-src/cloudwatch/logs.ts"
        cloudwatch_logs.in_flight = false;
        rprintf("cloudwatch: could not build a request; retrying\n");
        back_off();
    }
}

#line 184 "klib-src/cloudwatch/logs.ts"
void logs_pump(void)
{
#line 185 "klib-src/cloudwatch/logs.ts"
    if (!cloudwatch_logs.started || cloudwatch_logs.in_flight || timer_is_active(&cloudwatch_logs.retry_timer))
#line 185 "klib-src/cloudwatch/logs.ts"
        return;
    credentials k = cloudwatch_logs.creds;
    if (!k->valid)
#line 187 "klib-src/cloudwatch/logs.ts"
        return;
    if (k->generation == cloudwatch_logs.generation_sent && cloudwatch_logs.renewing) {
        register_timer(kernel_timers, &cloudwatch_logs.retry_timer, CLOCK_ID_MONOTONIC,
                       milliseconds(CREDENTIALS_WAIT_MS), false, 0,
                       init_closure_func(&cloudwatch_logs.on_retry, timer_handler, on_retry));
#line 190 "klib-src/cloudwatch/logs.ts"
        return;
    }
    cloudwatch_logs.renewing = false;
    buffer b = cloudwatch_logs.body;
    buffer_clear(b);
    buffer_write_byte(b, 123);
    write_name_member(ss("logGroupName"), cloudwatch_logs.group);
    switch (cloudwatch_logs.step) {
    case LOGS_STEP_CREATE_GROUP:
        buffer_write_byte(b, 125);
        send(ss("Logs_20140328.CreateLogGroup"));
        return;
    case LOGS_STEP_RETENTION:
        bprintf(b, ",\"retentionInDays\":%u}", cloudwatch_logs.config->retention_days);
        send(ss("Logs_20140328.PutRetentionPolicy"));
        return;
    case LOGS_STEP_CREATE_STREAM:
        buffer_write_byte(b, 44);
        write_name_member(ss("logStreamName"), cloudwatch_logs.stream);
        buffer_write_byte(b, 125);
        send(ss("Logs_20140328.CreateLogStream"));
        return;
    default:
        break;
    }
    log_pipe p = cloudwatch_logs.pipe;
    u32 n = logpipe_take_batch(p);
#line 219 "klib-src/cloudwatch/logs.ts"
    if (n == 0 && cloudwatch_logs.shutdown_done != 0 && logpipe_flush_tick(p, true))
#line 219 "klib-src/cloudwatch/logs.ts"
        n = logpipe_take_batch(p);
    if (n == 0) {
        finish_shutdown_if_idle();
        return;
    }
    cloudwatch_logs.batch_events = n;
    send_batch(p);
}

#line 230 "klib-src/cloudwatch/logs.ts"
static void send_batch(log_pipe p)
{
#line 231 "klib-src/cloudwatch/logs.ts"
    aws_api a = cloudwatch_logs.api;
    u8 *ctx = cloudwatch_logs.hash_context;
    buffer b = cloudwatch_logs.part;
    log_body_begin(p, cloudwatch_logs.group, cloudwatch_logs.stream);
    bytes length = 0;
    boolean last = false;
    boolean hashed = ({ extern void mbedtls_sha256_init(void *); extern int mbedtls_sha256_starts_ret(void *, int); mbedtls_sha256_init(ctx); mbedtls_sha256_starts_ret(ctx, 0); }) == 0;
    while (hashed && !last) {
        buffer_clear(b);
        last = log_body_part(b, HTTP_BODY_PART);
        length += buffer_length(b);
        hashed = ({ extern int mbedtls_sha256_update_ret(void *, const unsigned char *, unsigned long); mbedtls_sha256_update_ret(ctx, ((u8 *)buffer_ref(b, 0)), buffer_length(b)); }) == 0;
    }
    hashed = hashed && ({ extern int mbedtls_sha256_finish_ret(void *, unsigned char *); mbedtls_sha256_finish_ret(ctx, aws_payload_hash(a)); }) == 0;
    cloudwatch_logs.in_flight = true;
    cloudwatch_logs.generation_sent = cloudwatch_logs.creds->generation;
    if (!hashed || !aws_post_parts(a, cloudwatch_logs.creds, cloudwatch_logs.region, ss("logs"),
                                   ss("Logs_20140328.PutLogEvents"), CONTENT_TYPE, length,
                                   init_closure_func(&cloudwatch_logs.body_parts, input_buffer_handler, body_parts),
                                   seconds(REQUEST_TIMEOUT_SECONDS),
                                   init_closure_func(&cloudwatch_logs.on_response, status_handler, on_response))) {
#line 249 "klib-src/cloudwatch/logs.ts"
        cloudwatch_logs.in_flight = false;
        rprintf("cloudwatch: could not build a request; retrying\n");
        back_off();
    }
}

#line 271 "klib-src/cloudwatch/logs.ts"
static void back_off(void)
{
#line 272 "klib-src/cloudwatch/logs.ts"
    cloudwatch_logs.stats->retries++;
    timestamp wait = cloudwatch_logs.shutdown_done != 0 ? milliseconds(RETRY_BASE_MS) : logpipe_retry_delay(cloudwatch_logs.retry);
    register_timer(kernel_timers, &cloudwatch_logs.retry_timer, CLOCK_ID_MONOTONIC, wait, false, 0,
                   init_closure_func(&cloudwatch_logs.on_retry, timer_handler, on_retry));
}

#line 279 "klib-src/cloudwatch/logs.ts"
static u64 count_rejected(void)
{
#line 280 "klib-src/cloudwatch/logs.ts"
    aws_api a = cloudwatch_logs.api;
    buffer answer = http_response_body(a->endpoint->client);
    json_reader r = a->reader;
    json_value v = a->value;
    u64 prefix = 0;
    u64 suffix = 0;
    json_reader_init(r, ((u8 *)buffer_ref(answer, 0)), buffer_length(answer), 8,
                     buffer_length(answer));
#line 287 "klib-src/cloudwatch/logs.ts"
    if (json_find(r, "rejectedLogEventsInfo.tooOldLogEventEndIndex", 44, v)) {
        s64 n = json_integer(r, v);
        if (n > 0)
#line 289 "klib-src/cloudwatch/logs.ts"
            prefix = (u64)n;
    }
    if (json_find(r, "rejectedLogEventsInfo.expiredLogEventEndIndex", 44, v)) {
        s64 n = json_integer(r, v);
        if (n > 0 && ((u64)n) > prefix)
#line 293 "klib-src/cloudwatch/logs.ts"
            prefix = (u64)n;
    }
    if (json_find(r, "rejectedLogEventsInfo.tooNewLogEventStartIndex", 45, v)) {
        s64 n = json_integer(r, v);
        if (n >= 0 && ((u64)n) < cloudwatch_logs.batch_events)
#line 297 "klib-src/cloudwatch/logs.ts"
            suffix = cloudwatch_logs.batch_events - ((u64)n);
    }
    u64 total = prefix + suffix;
    return total > cloudwatch_logs.batch_events ? cloudwatch_logs.batch_events : total;
}

#line 303 "klib-src/cloudwatch/logs.ts"
static sstring operation_name(void)
{
#line 304 "klib-src/cloudwatch/logs.ts"
    switch (cloudwatch_logs.step) {
    case LOGS_STEP_CREATE_GROUP:
#line 305 "klib-src/cloudwatch/logs.ts"
        return ss("CreateLogGroup");
    case LOGS_STEP_RETENTION:
#line 306 "klib-src/cloudwatch/logs.ts"
        return ss("PutRetentionPolicy");
    case LOGS_STEP_CREATE_STREAM:
#line 307 "klib-src/cloudwatch/logs.ts"
        return ss("CreateLogStream");
    default:
#line 308 "klib-src/cloudwatch/logs.ts"
        return ss("PutLogEvents");
    }
}

#line 312 "klib-src/cloudwatch/logs.ts"
static void setup_done(void)
{
#line 313 "klib-src/cloudwatch/logs.ts"
    if (cloudwatch_logs.step == LOGS_STEP_CREATE_GROUP)
#line 313 "klib-src/cloudwatch/logs.ts"
        cloudwatch_logs.step = cloudwatch_logs.config->retention_days != 0 ? LOGS_STEP_RETENTION : LOGS_STEP_CREATE_STREAM;
    else
#line 314 "klib-src/cloudwatch/logs.ts"
        if (cloudwatch_logs.step == LOGS_STEP_RETENTION)
#line 314 "klib-src/cloudwatch/logs.ts"
            cloudwatch_logs.step = LOGS_STEP_CREATE_STREAM;
        else
#line 315 "klib-src/cloudwatch/logs.ts"
            cloudwatch_logs.step = LOGS_STEP_READY;
}

#line 385 "klib-src/cloudwatch/logs.ts"
logs_stats logs_statistics(void)
{
#line 386 "klib-src/cloudwatch/logs.ts"
    return cloudwatch_logs.stats;
}
