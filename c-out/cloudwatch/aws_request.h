/* generated from klib-src/cloudwatch/aws_request.ts by klibc - do not edit */
#pragma once
#include "../lib/json_reader.h"
#include "credentials.h"
#include "endpoint.h"
#include "sigv4.h"

/* What an answer means for the request that got it. */
enum aws_outcome {
    AWS_OUTCOME_OK,
    /* ResourceAlreadyExistsException: what a Create call wanted is there. */
    AWS_OUTCOME_EXISTS,
    /* ResourceNotFoundException: the log group or stream is gone. */
    AWS_OUTCOME_NOT_FOUND,
    /* Expired or unknown credentials: renew them, then repeat. */
    AWS_OUTCOME_RENEW,
    /* Throttling, 5xx, a network error or a timeout: repeat later, data kept. */
    AWS_OUTCOME_RETRY,
    /* Any other refusal: repeating would not help. */
    AWS_OUTCOME_REFUSED,
};

typedef struct aws_api {
    heap h;
    struct endpoint *endpoint;
    struct sig_v4 *sig;
    buffer date;
    buffer auth;
    struct json_reader *reader;
    struct json_value *value;
    /* The last error's text (type: message), for console messages. */
    buffer error;
} *aws_api;

aws_api aws_api_new(heap h, endpoint e);
boolean aws_post(aws_api a, credentials creds, buffer region, sstring service, sstring target,
                 sstring content_type, buffer body, timestamp timeout, status_handler done);
boolean aws_post_parts(aws_api a, credentials creds, buffer region, sstring service, sstring target,
                       sstring content_type, bytes length, input_buffer_handler parts,
                       timestamp timeout, status_handler done);
u8 *aws_payload_hash(aws_api a);
enum aws_outcome aws_outcome(aws_api a, status s);
