/* generated from klib-src/logpipe/ring.ts by klibc - do not edit */
#include <kernel.h>
#include "ring.h"

#line 141 "klib-src/logpipe/ring.ts"
log_pipe logpipe_create(heap h, heap ring_heap, u64 size, u32 line_cap)
{
#line 142 "klib-src/logpipe/ring.ts"
    u64 ring_size = (size >> 4) << 4;
    if (ring_size < LOGPIPE_MIN_SIZE || line_cap < LOGPIPE_MIN_LINE_CAP)
#line 143 "klib-src/logpipe/ring.ts"
        return 0;
#line 145 "klib-src/logpipe/ring.ts"
    if (logpipe_footprint(line_cap) > ring_size >> 2)
#line 145 "klib-src/logpipe/ring.ts"
        return 0;
    log_pipe p = allocate(h, sizeof(struct log_pipe));
    if (p == INVALID_ADDRESS)
#line 147 "klib-src/logpipe/ring.ts"
        return 0;
    log_event event = allocate(h, sizeof(struct log_event));
    log_event scan = allocate(h, sizeof(struct log_event));
    boolean records = event != INVALID_ADDRESS && scan != INVALID_ADDRESS;
    u8 *mem = records ? ((u8 *)allocate(ring_heap, ring_size)) : INVALID_ADDRESS;
    if (mem == INVALID_ADDRESS) {
        if (event != INVALID_ADDRESS)
#line 153 "klib-src/logpipe/ring.ts"
            deallocate(h, event, sizeof(struct log_event));
        if (scan != INVALID_ADDRESS)
#line 154 "klib-src/logpipe/ring.ts"
            deallocate(h, scan, sizeof(struct log_event));
        deallocate(h, p, sizeof(struct log_pipe));
        return 0;
    }
    spin_lock_init(&p->lock);
    p->h = h;
    p->ring_heap = ring_heap;
    p->mem = mem;
    p->size = ring_size;
    p->line_cap = line_cap;
    p->head = 0;
    p->head_at = 0;
    p->open = false;
    p->open_length = 0;
    p->open_stamp = 0;
    p->open_seen = false;
    p->open_has_lines = false;
    p->open_room = 0;
    p->discarding = false;
    p->last_stamp = 0;
    p->lost_lines = 0;
    p->lost_bytes = 0;
    p->tail = 0;
    p->tail_offset = 0;
    p->max_events = 0xffffffff;
    p->max_bytes = 0xffffffffffffffffull;
    p->event_overhead = 0;
    p->max_event_bytes = line_cap;
    p->max_span = 0;
    p->in_flight = false;
    p->batch_end = 0;
    p->batch_end_offset = 0;
    p->batch_events = 0;
    p->batch_bytes = 0;
    p->event = event;
    p->scan = scan;
    p->total_bytes = 0;
    p->total_events = 0;
    p->total_lost_lines = 0;
    p->total_lost_bytes = 0;
    return p;
}

#line 197 "klib-src/logpipe/ring.ts"
void logpipe_destroy(log_pipe p)
{
#line 198 "klib-src/logpipe/ring.ts"
    heap h = p->h;
    deallocate(p->ring_heap, p->mem, p->size);
    deallocate(h, p->event, sizeof(struct log_event));
    deallocate(h, p->scan, sizeof(struct log_event));
    deallocate(h, p, sizeof(struct log_pipe));
}
