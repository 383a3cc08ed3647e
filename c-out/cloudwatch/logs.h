/* generated from klib-src/cloudwatch/logs.ts by klibc - do not edit */
#pragma once
#include "../logpipe/ring.h"
#include "aws_request.h"
#include "config.h"
#include "credentials.h"

enum logs_step {
    LOGS_STEP_CREATE_GROUP,
    LOGS_STEP_RETENTION,
    LOGS_STEP_CREATE_STREAM,
    LOGS_STEP_READY,
};

typedef struct logs_stats {
    u64 batches;
    u64 events;
    /* Events CloudWatch refused in rejectedLogEventsInfo (too old, too new, expired). */
    u64 rejected;
    /* Events dropped with a batch CloudWatch refused for good. */
    u64 dropped;
    u64 retries;
} *logs_stats;

boolean logs_init(heap from_heap, config c, log_pipe p, credentials k);
void logs_start(aws_api a, buffer log_group, buffer log_stream, buffer aws_region);
void logs_shutdown(status_handler done);
void logs_report_unshipped(u64 limit_seconds);
void logs_pump(void);
logs_stats logs_statistics(void);
