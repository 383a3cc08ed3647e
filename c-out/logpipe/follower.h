/* generated from klib-src/logpipe/follower.ts by klibc - do not edit */
#pragma once
#include "ring.h"

/* One entry, as the follower reads it. */
typedef struct log_entry {
    /* The entry's bytes (inside the ring; valid until the follower moves past it). */
    u8 *data;
    u32 length;
    /* A newline followed these bytes on the console (false: the next entry continues the line). */
    boolean newline;
    /* A report of lost output (logpipe's text), not console bytes. */
    boolean loss;
    timestamp stamp;
} *log_entry;

void logpipe_follow_start(log_pipe p, boolean batches);
void logpipe_follow_stop(log_pipe p);
u64 logpipe_follow_pos(log_pipe p);
u64 logpipe_sealed_end(log_pipe p);
u64 logpipe_follow_read(log_pipe p, u64 pos, u64 end, log_entry e);
void logpipe_follow_release(log_pipe p, u64 pos);
