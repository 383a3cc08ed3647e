/* generated from klib-src/gcp/metrics.ts by klibc - do not edit */
#pragma once
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "../lib/json_reader.h"
#include "../logpipe/shipper.h"
#include "config.h"
#include "metadata.h"

typedef struct gcp_metrics {
    struct gcp_settings *config;
    struct gcp_metadata *metadata;
    struct endpoint *endpoint;
    /* The log shipper whose series go too; null without log shipping. */
    struct shipper *shipper;
    /* When the klib started (REALTIME): the start of the log shipper's cumulative series. */
    timestamp started;
    buffer body;
    buffer path;
    buffer device_name;
    /* Series written into the body being built. */
    u32 series;
    boolean warned_series;
    boolean pending;
    status_handler shutdown_done;
    struct failure_run *failures;
    buffer reason;
    buffer code;
    struct json_reader *reader;
    struct json_value *value;
    struct timer tick;
    timer_handler on_tick;
    status_handler on_answer;
} *gcp_metrics;

void metrics_ready(gcp_metrics g);
void metrics_shutdown(gcp_metrics g, status_handler done);
boolean metrics_pending(gcp_metrics g);
gcp_metrics metrics_new(heap h, gcp_settings c, gcp_metadata metadata, endpoint e, shipper s);
