/* generated from klib-src/logpipe/batch.ts by klibc - do not edit */
#pragma once
#include "ring.h"

/* The smallest per-event cap: an event must hold any UTF-8 sequence. */
#define LOGPIPE_MIN_EVENT_BYTES 4

boolean logpipe_set_limits(log_pipe p, u32 max_events, u64 max_bytes, u32 event_overhead,
                           u32 max_event_bytes, timestamp max_span);
u64 logpipe_utf8_measure(u8 *p, bytes start, u32 n, u64 cap);
boolean logpipe_flush_tick(log_pipe p, boolean force);
u32 logpipe_take_batch(log_pipe p);
u64 logpipe_batch_bytes(log_pipe p);
log_event logpipe_first_event(log_pipe p);
log_event logpipe_next_event(log_pipe p);
void logpipe_release(log_pipe p);
bytes logpipe_used(log_pipe p);
timestamp logpipe_oldest_stamp(log_pipe p);
