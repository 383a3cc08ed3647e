/* generated from klib-src/gcp/metrics.ts by klibc - do not edit */
#pragma once
#include "config.h"
#include "endpoint.h"

void metrics_ready(void);
void metrics_shutdown(status_handler done);
boolean metrics_init(heap klib_heap, gcp_settings c, endpoint e);
boolean metrics_pending(void);
u64 metrics_samples_sent(void);
