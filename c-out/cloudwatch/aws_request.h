/* generated from klib-src/cloudwatch/aws_request.ts by klibc - do not edit */
#pragma once
#include "../lib/json_reader.h"
#include "credentials.h"
#include "endpoint.h"
#include "sigv4.h"

enum aws_outcome {
    AWS_OUTCOME_OK,
    AWS_OUTCOME_EXISTS,
    AWS_OUTCOME_NOT_FOUND,
    AWS_OUTCOME_RENEW,
    AWS_OUTCOME_RETRY,
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
    buffer error;
} *aws_api;

aws_api aws_api_new(heap h, endpoint e);
boolean aws_post(aws_api a, credentials creds, buffer region, sstring service, sstring target, sstring content_type, buffer body, timestamp timeout, status_handler done);
boolean aws_post_parts(aws_api a, credentials creds, buffer region, sstring service, sstring target, sstring content_type, bytes length, input_buffer_handler parts, timestamp timeout, status_handler done);
u8 *aws_payload_hash(aws_api a);
enum aws_outcome aws_outcome(aws_api a, status s);
