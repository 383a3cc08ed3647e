/* generated from klib-src/cloudwatch/aws_request.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include <mbedtls/sha256.h>
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_reader.h"
#include "../lib/time_format.h"
#include "credentials.h"
#include "sigv4.h"
#include "aws_request.h"

/* One signed request to an AWS JSON API (awsJson 1.0 / 1.1: POST /, X-Amz-Target, a JSON body) on
 * an endpoint, and what every such API's answers share: the error's code (`__type`) and whether it
 * means throttling, a server error or credentials to renew. */

static boolean begin_signed(aws_api a, sstring target, sstring content_type);

/* Requests to `e` signed for `service` in `region` with `creds`; null when out of memory. */
aws_api aws_api_new(heap h, endpoint e, credentials creds, buffer region, sstring service)
{
    aws_api a = allocate(h, sizeof(struct aws_api));
    if (a == INVALID_ADDRESS)
        return 0;
    sig_v4 sig = sigv4_new(h);
    a->endpoint = e;
    a->creds = creds;
    a->region = region;
    a->service = service;
    a->date = allocate_buffer(h, 32);
    a->auth = allocate_buffer(h, 512);
    a->reader = allocate(h, sizeof(struct json_reader));
    a->value = allocate(h, sizeof(struct json_value));
    if (sig == 0 || a->date == INVALID_ADDRESS || a->auth == INVALID_ADDRESS ||
        a->reader == INVALID_ADDRESS || a->value == INVALID_ADDRESS)
        return 0;
    a->sig = sig;
    return a;
}

/* POSTs `body` with `target` and `done` as its completion; false when the request could not be
 * made (`done` is then not called). */
boolean aws_post(aws_api a, sstring target, sstring content_type, buffer body, timestamp timeout,
                 status_handler done)
{
    if (mbedtls_sha256_ret((u8 *)buffer_ref(body, 0), buffer_length(body),
                           sigv4_payload_hash(a->sig), 0) != 0)
        return false;
    if (!begin_signed(a, target, content_type))
        return false;
    return http_request_send(a->endpoint->client, body, timeout, done);
}

/* awsPost for a body of `length` bytes that `parts` makes while it is sent (httpRequestSendParts),
 * whose SHA-256 the caller has put at awsPayloadHash(a). */
boolean aws_post_parts(aws_api a, sstring target, sstring content_type, bytes length,
                       input_buffer_handler parts, timestamp timeout, status_handler done)
{
    if (!begin_signed(a, target, content_type))
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
static boolean begin_signed(aws_api a, sstring target, sstring content_type)
{
    http_client c = a->endpoint->client;
    credentials creds = a->creds;
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
    if (!sigv4_sign_hashed(s, ss("POST"), ss("/"), (u8 *)buffer_ref(a->date, 0), a->region,
                           a->service, creds->access_key, creds->secret, a->auth))
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

/* Finds the member at `path` of the answer's JSON body (the reader and value of `a` then hold it);
 * false when the body is not JSON or has no such member. */
boolean aws_find(aws_api a, http_client c, const char *path, bytes path_length)
{
    buffer body = http_response_body(c);
    json_reader_init(a->reader, (u8 *)buffer_ref(body, 0), buffer_length(body), 8,
                     buffer_length(body));
    return json_find(a->reader, path, path_length, a->value);
}

/* The string member at `path` of the answer, decoded into `into` (emptied first; at most `cap`
 * bytes). */
boolean aws_string(aws_api a, http_client c, const char *path, bytes path_length, buffer into,
                   bytes cap)
{
    buffer_clear(into);
    if (!aws_find(a, c, path, path_length) || a->value->kind != JSON_KIND_STRING ||
        !buffer_extend(into, cap))
        return false;
    s64 n = json_decode_string(a->reader, a->value, (u8 *)buffer_end(into), cap);
    if (n <= 0)
        return false;
    buffer_produce(into, (bytes)n);
    return true;
}

/* The integer member at `path` of the answer; -1 when there is none. */
s64 aws_integer(aws_api a, http_client c, const char *path, bytes path_length)
{
    if (!aws_find(a, c, path, path_length) || a->value->kind != JSON_KIND_NUMBER)
        return -1;
    return json_integer(a->reader, a->value);
}

/* Reads the answer in `c`: its error code (`__type`, without the namespace some services put before
 * a `#`) into `code`, and what it means for any AWS JSON API. */
enum aws_answer aws_answer_of(aws_api a, http_client c, buffer code)
{
    u32 status = c->response->status;
    buffer_clear(code);
    if (status >= 200 && status < 300)
        return AWS_ANSWER_OK;
    if (aws_string(a, c, "__type", 6, code, 60)) {
        u8 *p = (u8 *)buffer_ref(code, 0);
        bytes hash = buffer_length(code);
        while (hash > 0 && p[hash - 1] != '#')
            hash--;
        if (hash > 0) {
            u64 rest = buffer_length(code) - hash;
            for (bytes i = 0; i < rest; i++)
                p[i] = p[hash + i];
            buffer_clear(code);
            buffer_produce(code, rest);
        }
    }
    if ((buffer_strcmp(code, "ExpiredTokenException") == 0) ||
        (buffer_strcmp(code, "ExpiredToken") == 0) ||
        (buffer_strcmp(code, "UnrecognizedClientException") == 0) ||
        (buffer_strcmp(code, "InvalidClientTokenId") == 0) ||
        (buffer_strcmp(code, "InvalidSignatureException") == 0) ||
        (buffer_strcmp(code, "IncompleteSignature") == 0) ||
        (buffer_strcmp(code, "IncompleteSignatureException") == 0))
        return AWS_ANSWER_RENEW;
    if (status == 429 || status >= 500 || (buffer_strcmp(code, "ThrottlingException") == 0) ||
        (buffer_strcmp(code, "Throttling") == 0) ||
        (buffer_strcmp(code, "ServiceUnavailableException") == 0) ||
        (buffer_strcmp(code, "RequestLimitExceeded") == 0) ||
        (buffer_strcmp(code, "TooManyRequestsException") == 0))
        return AWS_ANSWER_RETRY;
    /* An error we cannot read (not JSON: a proxy's page) is not worth dropping data for. */
    if (buffer_length(code) == 0)
        return AWS_ANSWER_RETRY;
    return AWS_ANSWER_OTHER;
}
