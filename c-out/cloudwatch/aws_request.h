/* generated from klib-src/cloudwatch/aws_request.ts by klibc - do not edit */
#pragma once
#include "../lib/endpoint.h"
#include "../lib/http_client.h"
#include "../lib/json_reader.h"
#include "credentials.h"
#include "sigv4.h"

/* What an answer means, as every AWS JSON API says it. */
enum aws_answer {
    AWS_ANSWER_OK,
    /* Throttling, 429 or 5xx: repeat later, data kept. */
    AWS_ANSWER_RETRY,
    /* Expired or unknown credentials, or a signature refused: renew them, then repeat. */
    AWS_ANSWER_RENEW,
    /* Anything else: the API's own error (its code is known). */
    AWS_ANSWER_OTHER,
};

typedef struct aws_api {
    struct endpoint *endpoint;
    struct credentials *creds;
    buffer region;
    /* The service's name in the signature's scope (logs, monitoring). */
    sstring service;
    struct sig_v4 *sig;
    buffer date;
    buffer auth;
    struct json_reader *reader;
    struct json_value *value;
} *aws_api;

aws_api aws_api_new(heap h, endpoint e, credentials creds, buffer region, sstring service);
boolean aws_post(aws_api a, sstring target, sstring content_type, buffer body, timestamp timeout,
                 status_handler done);
boolean aws_post_parts(aws_api a, sstring target, sstring content_type, bytes length,
                       input_buffer_handler parts, timestamp timeout, status_handler done);
u8 *aws_payload_hash(aws_api a);
boolean aws_find(aws_api a, http_client c, const char *path, bytes path_length);
boolean aws_string(aws_api a, http_client c, const char *path, bytes path_length, buffer into,
                   bytes cap);
s64 aws_integer(aws_api a, http_client c, const char *path, bytes path_length);
enum aws_answer aws_answer_of(aws_api a, http_client c, buffer code);
