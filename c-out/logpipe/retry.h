/* generated from klib-src/logpipe/retry.ts by klibc - do not edit */
#pragma once

typedef struct logpipe_retry {
    timestamp base;
    timestamp cap;
    /* Failures since the last success. */
    u32 attempt;
} *logpipe_retry;

logpipe_retry logpipe_retry_create(heap h, timestamp base, timestamp cap);
void logpipe_retry_destroy(heap h, logpipe_retry r);
timestamp logpipe_retry_delay(logpipe_retry r);
timestamp logpipe_retry_ceiling(logpipe_retry r);
void logpipe_retry_reset(logpipe_retry r);
boolean logpipe_should_retry(u32 status, boolean throttled);
