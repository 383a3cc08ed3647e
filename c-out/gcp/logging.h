/* generated from klib-src/gcp/logging.ts by klibc - do not edit */
#pragma once
#include "config.h"
#include "endpoint.h"

#define MAX_EVENT_BYTES 43008
#define REQUEST_RAW_BYTES (1 << 20)

void logging_write(const char *s, bytes count);
void logging_flush_now(void);
u64 logging_unshipped(void);
sstring logging_stuck_on(void);
void logging_ready(void);
void logging_shutdown(status_handler done);
boolean logging_init(heap klib_heap, gcp_settings c, endpoint e);
u64 logging_entries_sent(void);
u64 logging_requests(void);
u64 logging_batches_dropped(void);
