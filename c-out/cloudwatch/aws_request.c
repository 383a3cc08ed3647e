/* generated from klib-src/cloudwatch/aws_request.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include <mbedtls/sha256.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_reader.h"
#include "../lib/time_format.h"
#include "credentials.h"
#include "endpoint.h"
#include "sigv4.h"
#include "aws_request.h"

/* One signed request to an AWS JSON API (awsJson 1.0 / 1.1: POST /, X-Amz-Target, a JSON body),
 * and the classification of its answer into what the caller does next. */

static boolean begin_signed(aws_api a, credentials creds, buffer region, sstring service,
                            sstring target, sstring content_type);

aws_api aws_api_new(heap h, endpoint e)
{
    aws_api a = allocate(h, sizeof(struct aws_api));
    if (a == INVALID_ADDRESS)
        return 0;
    a->h = h;
    a->endpoint = e;
    sig_v4 sig = sigv4_new(h);
    a->date = allocate_buffer(h, 32);
    a->auth = allocate_buffer(h, 512);
    a->error = allocate_buffer(h, 256);
    a->reader = allocate(h, sizeof(struct json_reader));
    a->value = allocate(h, sizeof(struct json_value));
    if (sig == 0 || a->date == INVALID_ADDRESS || a->auth == INVALID_ADDRESS ||
        a->error == INVALID_ADDRESS || a->reader == INVALID_ADDRESS ||
        a->value == INVALID_ADDRESS) {
        deallocate(h, a, sizeof(struct aws_api));
        return 0;
    }
    a->sig = sig;
    return a;
}

/* POSTs `body` with `target` to the endpoint, signed for `service` in `region` with `creds`;
 * `done` gets the transport's status (the answer is then read with awsOutcome). False when the
 * request could not be made (`done` is then not called). */
boolean aws_post(aws_api a, credentials creds, buffer region, sstring service, sstring target,
                 sstring content_type, buffer body, timestamp timeout, status_handler done)
{
    if (mbedtls_sha256_ret((u8 *)buffer_ref(body, 0), buffer_length(body),
                           sigv4_payload_hash(a->sig), 0) != 0)
        return false;
    if (!begin_signed(a, creds, region, service, target, content_type))
        return false;
    return http_request_send(a->endpoint->client, body, timeout, done);
}

/* awsPost for a body of `length` bytes that `parts` makes while it is sent (httpRequestSendParts),
 * whose SHA-256 the caller has put at awsPayloadHash(a). */
boolean aws_post_parts(aws_api a, credentials creds, buffer region, sstring service, sstring target,
                       sstring content_type, bytes length, input_buffer_handler parts,
                       timestamp timeout, status_handler done)
{
    if (!begin_signed(a, creds, region, service, target, content_type))
        return false;
    return http_request_send_parts(a->endpoint->client, length, parts, timeout, done);
}

/* Where awsPostParts reads the payload's SHA-256 (32 bytes). */
u8 *aws_payload_hash(aws_api a)
{
    return sigv4_payload_hash(a->sig);
}

/* Signs the request whose payload hash is at sigv4PayloadHash(a.sig) and writes its request line
 * and headers; the body follows. */
static boolean begin_signed(aws_api a, credentials creds, buffer region, sstring service,
                            sstring target, sstring content_type)
{
    http_client c = a->endpoint->client;
    buffer_clear(a->date);
    buffer_extend(a->date, 16);
    bytes n = format_amz_date(sec_from_timestamp(kern_now(CLOCK_ID_REALTIME)),
                              (u8 *)buffer_ref(a->date, 0));
    if (n == 0)
        return false;
    buffer_produce(a->date, n);
    sig_v4 s = a->sig;
    sigv4_begin(s);
    sigv4_header_buffer(s, ss("host"), endpoint_host(a->endpoint));
    sigv4_header_buffer(s, ss("x-amz-date"), a->date);
    sigv4_header_text(s, ss("x-amz-target"), target);
    sigv4_header_text(s, ss("content-type"), content_type);
    boolean has_token = buffer_length(creds->token) > 0;
    if (has_token)
        sigv4_header_buffer(s, ss("x-amz-security-token"), creds->token);
    if (!sigv4_sign_hashed(s, ss("POST"), ss("/"), (u8 *)buffer_ref(a->date, 0), region, service,
                           creds->access_key, creds->secret, a->auth))
        return false;
    if (!http_request_begin(c, ss("POST"), ss("/"), false))
        return false;
    boolean ok = http_request_header(c, ss("X-Amz-Date"), buffer_to_sstring(a->date)) &&
                 http_request_header(c, ss("X-Amz-Target"), target) &&
                 http_request_header(c, ss("Content-Type"), content_type);
    if (ok && has_token)
        ok = http_request_header(c, ss("X-Amz-Security-Token"), buffer_to_sstring(creds->token));
    return ok && http_request_header(c, ss("Authorization"), buffer_to_sstring(a->auth));
}

static boolean body_has(buffer body, sstring text)
{
    return buffer_strstr(body, text) >= 0;
}

/* Copies a string member of the error document into a.error (up to its capacity). */
static void append_member(aws_api a, const char *name, bytes name_length)
{
    buffer body = http_response_body(a->endpoint->client);
    json_reader_init(a->reader, (u8 *)buffer_ref(body, 0), buffer_length(body), 8,
                     buffer_length(body));
    json_value v = a->value;
    if (!json_find(a->reader, name, name_length, v) || v->kind != JSON_KIND_STRING)
        return;
    bytes room = 200 - buffer_length(a->error);
    buffer_extend(a->error, room);
    s64 n = json_decode_string(a->reader, v, (u8 *)buffer_end(a->error), room);
    if (n > 0)
        buffer_produce(a->error, (bytes)n);
}

/* Classifies the answer to the last request; for errors, a.error says what it was. */
enum aws_outcome aws_outcome(aws_api a, status s)
{
    buffer_clear(a->error);
    if (!is_ok(s))
        return AWS_OUTCOME_RETRY;
    http_client c = a->endpoint->client;
    u32 status = c->response->status;
    if (status >= 200 && status < 300)
        return AWS_OUTCOME_OK;
    buffer body = http_response_body(c);
    append_member(a, "__type", 6);
    buffer_write_cstring(a->error, ": ");
    append_member(a, "message", 7);
    if (buffer_length(a->error) == 2)
        append_member(a, "Message", 7);
    if (body_has(body, ss("ResourceAlreadyExistsException")))
        return AWS_OUTCOME_EXISTS;
    if (body_has(body, ss("ResourceNotFoundException")))
        return AWS_OUTCOME_NOT_FOUND;
    if (body_has(body, ss("ExpiredToken")) || body_has(body, ss("UnrecognizedClient")) ||
        body_has(body, ss("InvalidClientTokenId")) ||
        body_has(body, ss("InvalidSignatureException")) ||
        body_has(body, ss("IncompleteSignature")))
        return AWS_OUTCOME_RENEW;
    if (status == 429 || status >= 500 || body_has(body, ss("Throttling")) ||
        body_has(body, ss("ServiceUnavailable")) || body_has(body, ss("RequestLimitExceeded")) ||
        body_has(body, ss("TooManyRequests")))
        return AWS_OUTCOME_RETRY;
    return AWS_OUTCOME_REFUSED;
}
