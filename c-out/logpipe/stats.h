/* generated from klib-src/logpipe/stats.ts by klibc - do not edit */
#pragma once
#include "ring.h"

typedef struct shipper_stats {
    /* Batch requests sent (resends included). */
    u64 requests;
    /* Lines the service stored, and the bytes of the batches they went in (as the API counts
     * them). */
    u64 lines_shipped;
    u64 bytes_shipped;
    /* Lines sent again (each resend of a batch counts its lines). */
    u64 lines_retried;
    /* Lines the service refused (dropped). */
    u64 lines_refused;
} *shipper_stats;

shipper_stats shipper_stats_new(heap h);
u64 shipper_backlog_age_ms(log_pipe p);
void shipper_stats_print(sstring klib, shipper_stats st, log_pipe p);
