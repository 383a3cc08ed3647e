/* generated from klib-src/cloudwatch/metrics.ts by klibc - do not edit */
#pragma once
#include "../lib/failures.h"
#include "../logpipe/shipper.h"
#include "aws_request.h"
#include "metadata.h"

typedef struct cloudwatch_metrics {
    struct aws_api *aws;
    struct imds *imds;
    buffer host;
    buffer body;
    /* The log shipper whose counters go in our namespace; null without log shipping. */
    struct shipper *shipper;
    /* The counters as last sent (the samples carry what changed since). */
    u64 last_shipped;
    u64 last_bytes;
    u64 last_retried;
    u64 last_dropped;
    u64 last_refused;
    boolean in_flight;
    /* The request in flight carries the log shipper's sample (the second of a tick). */
    boolean ours;
    struct failure_run *failures;
    buffer reason;
    buffer code;
    struct timer tick;
    timer_handler on_tick;
    status_handler on_answer;
} *cloudwatch_metrics;

cloudwatch_metrics metrics_start(heap h, aws_api a, imds metadata, u64 interval, buffer host_name,
                                 shipper s);
void metrics_shutdown(cloudwatch_metrics m);
