/* generated from klib-src/cloudwatch/logs.ts by klibc - do not edit */
#pragma once
#include "../logpipe/sink.h"
#include "aws_request.h"
#include "log_body.h"
#include "metadata.h"

enum logs_step {
    LOGS_STEP_CREATE_GROUP,
    LOGS_STEP_RETENTION,
    LOGS_STEP_CREATE_STREAM,
    LOGS_STEP_READY,
};

typedef struct cloudwatch_logs {
    /* Signed requests to the logs endpoint, and the metadata that renews their credentials: null
     * until known. */
    struct aws_api *aws;
    struct imds *imds;
    buffer group;
    /* The stream: configured, or the instance id once known. */
    buffer stream;
    /* Days for PutRetentionPolicy; 0: leave the group's retention alone. */
    u32 retention_days;
    enum logs_step step;
    /* The body of a setup request (small: names and a number). */
    buffer body;
    /* Where the hashing pass makes each part of a PutLogEvents body, and its SHA-256 context. */
    buffer part;
    u8 *hash;
    /* The last event opening written (both passes write the same events). */
    struct event_opening *opening;
    /* The sequence token to send (InvalidSequenceToken's expected one, or the last
     * nextSequenceToken); empty: none. */
    buffer token;
    buffer sent_token;
    /* Credentials were refused: wait for ones newer than those the refused request was signed
     * with. */
    boolean renewing;
    u32 generation_sent;
} *cloudwatch_logs;

sink_api logs_new(heap h, buffer group, buffer stream, u32 retention_days);
void logs_connect(sink_api api, aws_api a, imds metadata, buffer stream);
