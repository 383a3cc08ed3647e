/* generated from klib-src/logpipe/retry.ts by klibc - do not edit */
#pragma once

typedef struct logpipe_retry {
    timestamp base;
    timestamp cap;
    /* Failures since the last success. */
    u32 attempt;
    /* When the first of them happened (monotonic). */
    timestamp since;
} *logpipe_retry;

logpipe_retry logpipe_retry_create(heap h, timestamp base, timestamp cap);
timestamp logpipe_retry_delay(logpipe_retry r);
void logpipe_retry_reset(logpipe_retry r);
boolean logpipe_should_retry(u32 status, boolean throttled);
