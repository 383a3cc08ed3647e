/* generated from klib-src/cloudwatch/logs.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include <mbedtls/sha256.h>
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_reader.h"
#include "../logpipe/retry.h"
#include "../logpipe/ring.h"
#include "../logpipe/sink.h"
#include "aws_request.h"
#include "credentials.h"
#include "log_body.h"
#include "metadata.h"
#include "sigv4.h"
#include "logs.h"

/* CloudWatch Logs as a sink of the shipper (logpipe/shipper.ts): the setup requests
 * (CreateLogGroup, PutRetentionPolicy, CreateLogStream; ResourceAlreadyExists is success), the
 * PutLogEvents request (its body hashed for SigV4 in a first pass over the same parts), and what
 * the answers mean: rejectedLogEventsInfo counted per event, DataAlreadyAccepted as delivered,
 * InvalidSequenceToken resent with the expected token, ResourceNotFound setting up again, expired
 * credentials renewed. Timers, pacing, retries, failure lines and counters are the shipper's. */

/* A server that closes mid-request (FIN is not reported to klibs) is noticed through this. */
#define REQUEST_TIMEOUT_SECONDS 10

#define CONTENT_TYPE ss("application/x-amz-json-1.1")

/* An mbedtls_sha256_context is 108 bytes in mbedtls 2.28. */
#define SHA256_CONTEXT_BYTES 128

/* A part, and some room for a piece of JSON that does not fit whole. */
#define PART_BUFFER_BYTES (20 * 1024)

static void setup_done(cloudwatch_logs lg)
{
    if (lg->step == LOGS_STEP_CREATE_GROUP)
        lg->step = lg->retention_days != 0 ? LOGS_STEP_RETENTION : LOGS_STEP_CREATE_STREAM;
    else if (lg->step == LOGS_STEP_RETENTION)
        lg->step = LOGS_STEP_CREATE_STREAM;
    else
        lg->step = LOGS_STEP_READY;
}

static boolean ready(void *sink)
{
    cloudwatch_logs lg = (cloudwatch_logs)sink;
    aws_api a = lg->aws;
    if (a == 0 || lg->stream == 0 || !a->creds->valid)
        return false;
    if (lg->renewing && a->creds->generation == lg->generation_sent)
        return false;
    lg->renewing = false;
    return true;
}

static enum sink_setup_step post(cloudwatch_logs lg, sstring target, status_handler done)
{
    aws_api a = lg->aws;
    lg->generation_sent = a->creds->generation;
    return aws_post(a, target, CONTENT_TYPE, lg->body, seconds(REQUEST_TIMEOUT_SECONDS), done)
           ? SINK_SETUP_STEP_SENT
           : SINK_SETUP_STEP_NOT_SENT;
}

static enum sink_setup_step setup(void *sink, status_handler done)
{
    cloudwatch_logs lg = (cloudwatch_logs)sink;
    buffer b = lg->body;
    buffer_clear(b);
    buffer_write_cstring(b, "{\"logGroupName\":\"");
    write_escaped(b, lg->group);
    switch (lg->step) {
    case LOGS_STEP_CREATE_GROUP:
        buffer_write_cstring(b, "\"}");
        return post(lg, ss("Logs_20140328.CreateLogGroup"), done);
    case LOGS_STEP_RETENTION:
        bprintf(b, "\",\"retentionInDays\":%u}", lg->retention_days);
        return post(lg, ss("Logs_20140328.PutRetentionPolicy"), done);
    case LOGS_STEP_CREATE_STREAM:
        buffer_write_cstring(b, "\",\"logStreamName\":\"");
        write_escaped(b, lg->stream);
        buffer_write_cstring(b, "\"}");
        return post(lg, ss("Logs_20140328.CreateLogStream"), done);
    default:
        return SINK_SETUP_STEP_DONE;
    }
}

static void write_head(void *sink, buffer b)
{
    cloudwatch_logs lg = (cloudwatch_logs)sink;
    log_body_head(b, lg->group, lg->stream, lg->token);
}

static boolean write_event(void *sink, buffer b, log_event e, body_cursor at, bytes room)
{
    return log_body_event(b, e, at, room, ((cloudwatch_logs)sink)->opening);
}

static void write_tail(void *sink __attribute__((unused)), buffer b)
{
    log_body_tail(b);
}

/* Hashes the body (made in parts into `part`, the same parts the request will send), then sends
 * it in parts: the body is never held whole. The shipper keeps the parts the hashing makes in the
 * ring's spare room (bodyReadTwice), so sending copies them rather than making them again. */
static boolean send(void *sink, input_buffer_handler parts, status_handler done)
{
    cloudwatch_logs lg = (cloudwatch_logs)sink;
    aws_api a = lg->aws;
    u8 *ctx = lg->hash;
    buffer b = lg->part;
    buffer_clear(lg->sent_token);
    buffer_write(lg->sent_token, ((u8 *)buffer_ref(lg->token, 0)) + 0, buffer_length(lg->token));
    apply(parts, 0);
    bytes length = 0;
    boolean last = false;
    boolean hashed = ({ mbedtls_sha256_init((mbedtls_sha256_context *)ctx);
                     mbedtls_sha256_starts_ret((mbedtls_sha256_context *)ctx, 0); }) == 0;
    while (hashed && !last) {
        buffer_clear(b);
        last = apply(parts, b);
        length += buffer_length(b);
        hashed = mbedtls_sha256_update_ret((mbedtls_sha256_context *)ctx, (u8 *)buffer_ref(b, 0),
                                           buffer_length(b)) == 0;
    }
    if (!hashed ||
        mbedtls_sha256_finish_ret((mbedtls_sha256_context *)ctx, aws_payload_hash(a)) != 0)
        return false;
    lg->generation_sent = a->creds->generation;
    return aws_post_parts(a, ss("Logs_20140328.PutLogEvents"), CONTENT_TYPE, length, parts,
                          seconds(REQUEST_TIMEOUT_SECONDS), done);
}

/* The events rejectedLogEventsInfo names: a refused prefix (too old, expired) and a refused suffix
 * (too new), of the batch's `lines` events. */
static u32 count_rejected(aws_api a, http_client c, u32 lines)
{
    s64 prefix = aws_integer(a, c, "rejectedLogEventsInfo.tooOldLogEventEndIndex", 44);
    s64 expired = aws_integer(a, c, "rejectedLogEventsInfo.expiredLogEventEndIndex", 44);
    if (expired > prefix)
        prefix = expired;
    if (prefix < 0)
        prefix = 0;
    s64 new_from = aws_integer(a, c, "rejectedLogEventsInfo.tooNewLogEventStartIndex", 45);
    s64 suffix = new_from >= 0 && new_from < lines ? lines - new_from : 0;
    s64 total = prefix + suffix;
    return total > lines ? lines : (u32)total;
}

static enum sink_outcome renew(cloudwatch_logs lg)
{
    lg->renewing = true;
    imds_renew_credentials(lg->imds);
    return SINK_OUTCOME_RENEW;
}

static enum sink_outcome classify(void *sink, http_client c, sink_answer answer)
{
    cloudwatch_logs lg = (cloudwatch_logs)sink;
    aws_api a = lg->aws;
    buffer code = answer->code;
    enum aws_answer kind = aws_answer_of(a, c, code);
    if (kind == AWS_ANSWER_RENEW)
        return renew(lg);
    if (kind == AWS_ANSWER_RETRY)
        return SINK_OUTCOME_RETRY;
    if (lg->step != LOGS_STEP_READY) {
        /* A setup request. A refused one (a role that may write to a group but not create one)
         * is passed over: a group or stream that is really missing shows up as ResourceNotFound. */
        if ((buffer_strcmp(code, "ResourceNotFoundException") == 0)) {
            lg->step = LOGS_STEP_CREATE_GROUP;
            return SINK_OUTCOME_SETUP;
        }
        setup_done(lg);
        return kind == AWS_ANSWER_OK || (buffer_strcmp(code, "ResourceAlreadyExistsException") == 0)
               ? SINK_OUTCOME_DELIVERED
               : SINK_OUTCOME_REFUSED;
    }
    if (kind == AWS_ANSWER_OK) {
        /* The deprecated nextSequenceToken, for servers that still want sequence tokens. */
        aws_string(a, c, "nextSequenceToken", 17, lg->token, TOKEN_CAP);
        answer->refused = count_rejected(a, c, answer->lines);
        if (answer->refused == 0)
            return SINK_OUTCOME_DELIVERED;
        buffer_write_cstring(code, "rejectedLogEventsInfo");
        return SINK_OUTCOME_PARTIAL;
    }
    if ((buffer_strcmp(code, "DataAlreadyAcceptedException") == 0)) {
        /* A resend of a batch the service had stored (its answer was lost): delivered. */
        aws_string(a, c, "expectedSequenceToken", 21, lg->token, TOKEN_CAP);
        return SINK_OUTCOME_DELIVERED;
    }
    if ((buffer_strcmp(code, "InvalidSequenceTokenException") == 0)) {
        /* Sent again at once with the token the service expects; the same token asked for twice
         * would loop: then it waits as a retry does. */
        aws_string(a, c, "expectedSequenceToken", 21, lg->token, TOKEN_CAP);
        return buffer_compare_with_sstring(lg->token, buffer_to_sstring(lg->sent_token)) == 0
               ? SINK_OUTCOME_RETRY
               : SINK_OUTCOME_RESEND;
    }
    if ((buffer_strcmp(code, "ResourceNotFoundException") == 0)) {
        /* The group or stream was deleted: create them again, then send the batch again. */
        lg->step = LOGS_STEP_CREATE_GROUP;
        return SINK_OUTCOME_SETUP;
    }
    return SINK_OUTCOME_REFUSED;
}

/* The sink for log group `group` (the stream, when not configured, and the endpoint come once the
 * metadata is known: logsConnect), and its SinkApi; null when out of memory. */
sink_api logs_new(heap h, buffer group, buffer stream, u32 retention_days)
{
    cloudwatch_logs lg = allocate(h, sizeof(struct cloudwatch_logs));
    if (lg == INVALID_ADDRESS)
        return 0;
    lg->aws = 0;
    lg->imds = 0;
    lg->group = group;
    lg->stream = stream;
    lg->retention_days = retention_days;
    lg->step = LOGS_STEP_CREATE_GROUP;
    lg->renewing = false;
    lg->generation_sent = 0;
    lg->body = allocate_buffer(h, 1024);
    lg->part = allocate_buffer(h, PART_BUFFER_BYTES);
    lg->hash = (u8 *)allocate(h, SHA256_CONTEXT_BYTES);
    lg->token = allocate_buffer(h, 128);
    lg->sent_token = allocate_buffer(h, 128);
    event_opening opening = event_opening_new(h);
    sink_api api = sink_api_new(h, lg);
    if (lg->body == INVALID_ADDRESS || lg->part == INVALID_ADDRESS || lg->hash == INVALID_ADDRESS ||
        lg->token == INVALID_ADDRESS || lg->sent_token == INVALID_ADDRESS || opening == 0 ||
        api == 0)
        return 0;
    lg->opening = opening;
    api->operation = ss("PutLogEvents");
    api->setup_operation = ss("CreateLogGroup/CreateLogStream");
    api->service = ss("CloudWatch Logs");
    api->ready = ready;
    api->setup = setup;
    api->write_head = write_head;
    api->write_event = write_event;
    api->write_tail = write_tail;
    api->send = send;
    api->classify = classify;
    api->body_read_twice = true;
    return api;
}

/* The metadata is known: requests go to `a`, to `stream` when none was configured. */
void logs_connect(sink_api api, aws_api a, imds metadata, buffer stream)
{
    cloudwatch_logs lg = (cloudwatch_logs)api->sink;
    lg->aws = a;
    lg->imds = metadata;
    if (lg->stream == 0)
        lg->stream = stream;
}
