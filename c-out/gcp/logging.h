/* generated from klib-src/gcp/logging.ts by klibc - do not edit */
#pragma once
#include "config.h"
#include "endpoint.h"

/* Cloud Logging takes LogEntries of up to 256 KiB; 4 KiB of it is kept for the entry's own JSON.
 * A line's bytes can grow up to 6 times when escaped (a control byte is \u00XX), so an event of at
 * most this many bytes always fits an entry; longer lines are split on UTF-8 boundaries. */
#define MAX_EVENT_BYTES 43008

/* Raw bytes per request: escaped and with each entry's JSON this stays under 8 MB (the API takes 10
 * MB). */
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
