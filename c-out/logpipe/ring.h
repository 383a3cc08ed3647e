/* generated from klib-src/logpipe/ring.ts by klibc - do not edit */
#pragma once

#define LOGPIPE_HEADER 16
#define LOGPIPE_MIN_SIZE 1024
#define LOGPIPE_MIN_LINE_CAP 16
#define LOGPIPE_KIND_LINE 1
#define LOGPIPE_KIND_LOSS 2
#define LOGPIPE_KIND_PAD 3

typedef struct log_event {
    u8 *data;
    u32 length;
    timestamp stamp;
    boolean loss;
    u64 pos;
    u32 offset;
} *log_event;

typedef struct log_pipe {
    struct spinlock lock;
    heap h;
    heap ring_heap;
    u8 *mem;
    u64 size;
    u32 line_cap;
    u64 head;
    u64 head_at;
    boolean open;
    u32 open_length;
    timestamp open_stamp;
    boolean open_seen;
    boolean open_has_lines;
    u32 open_room;
    boolean discarding;
    timestamp last_stamp;
    u64 lost_lines;
    u64 lost_bytes;
    u64 tail;
    u32 tail_offset;
    u32 max_events;
    u64 max_bytes;
    u32 event_overhead;
    u32 max_event_bytes;
    timestamp max_span;
    boolean in_flight;
    u64 batch_end;
    u32 batch_end_offset;
    u32 batch_events;
    u64 batch_bytes;
    struct log_event *event;
    struct log_event *scan;
    u64 total_bytes;
    u64 total_events;
    u64 total_lost_lines;
    u64 total_lost_bytes;
} *log_pipe;

log_pipe logpipe_create(heap h, heap ring_heap, u64 size, u32 line_cap);
void logpipe_destroy(log_pipe p);

#line 119 "klib-src/logpipe/ring.ts"
static inline __attribute__((always_inline)) u64 logpipe_footprint(u64 length)
{
#line 120 "klib-src/logpipe/ring.ts"
    return LOGPIPE_HEADER + (((length + 15) >> 4) << 4);
}

#line 124 "klib-src/logpipe/ring.ts"
static inline __attribute__((always_inline)) u64 logpipe_header_word(u64 kind, u32 length)
{
#line 125 "klib-src/logpipe/ring.ts"
    return (kind << 32) | length;
}

#line 129 "klib-src/logpipe/ring.ts"
static inline __attribute__((always_inline)) u64 logpipe_offset(log_pipe p, u64 pos)
{
#line 130 "klib-src/logpipe/ring.ts"
    return pos % p->size;
}

#line 206 "klib-src/logpipe/ring.ts"
static inline __attribute__((always_inline)) timestamp logpipe_entry_stamp(log_pipe p, u64 pos)
{
#line 207 "klib-src/logpipe/ring.ts"
    return (*(u64 *)(p->mem + logpipe_offset(p, pos)));
}

#line 211 "klib-src/logpipe/ring.ts"
static inline __attribute__((always_inline)) u64 logpipe_entry_word(log_pipe p, u64 pos)
{
#line 212 "klib-src/logpipe/ring.ts"
    return (*(u64 *)(p->mem + logpipe_offset(p, pos) + 8));
}
