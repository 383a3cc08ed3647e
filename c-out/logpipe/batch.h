/* generated from klib-src/logpipe/batch.ts by klibc - do not edit */
#pragma once
#include "ring.h"

/* The smallest per-event cap: an event must hold any UTF-8 sequence. */
#define LOGPIPE_MIN_EVENT_BYTES 4

/* Output lost to a full ring: what loss entries report so far, and what waits for room to be
 * reported. */
typedef struct logpipe_loss {
    u64 reported_lines;
    u64 reported_bytes;
    u64 pending_lines;
    u64 pending_bytes;
} *logpipe_loss;

boolean logpipe_set_limits(log_pipe p, u32 max_events, u64 max_bytes, u32 event_overhead,
                           u32 max_event_bytes, timestamp max_span);
u64 logpipe_utf8_measure(u8 *p, bytes start, u32 n, u64 cap);
boolean logpipe_flush_tick(log_pipe p, boolean force);
u32 logpipe_take_batch(log_pipe p);
u64 logpipe_batch_bytes(log_pipe p);
log_event logpipe_first_event(log_pipe p);
log_event logpipe_next_event(log_pipe p);
void logpipe_release(log_pipe p);
void logpipe_release_before(log_pipe p, u32 sent);
boolean logpipe_pending(log_pipe p);
u64 logpipe_undelivered(log_pipe p);
void logpipe_loss_counts(log_pipe p, logpipe_loss out);
bytes logpipe_used(log_pipe p);
timestamp logpipe_oldest_stamp(log_pipe p);
