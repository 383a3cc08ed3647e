/* generated from klib-src/logpipe/ring.ts by klibc - do not edit */
#include <kernel.h>
#include "loss_text.h"
#include "ring.h"

#line 90 "klib-src/logpipe/ring.ts"
u64 logpipe_footprint(u64 length)
{
#line 91 "klib-src/logpipe/ring.ts"
    return LOGPIPE_HEADER + (((length + 15) >> 4) << 4);
}

#line 95 "klib-src/logpipe/ring.ts"
static u64 header_word(u64 kind, u32 length)
{
#line 96 "klib-src/logpipe/ring.ts"
    return (kind << 32) | length;
}

#line 100 "klib-src/logpipe/ring.ts"
u64 logpipe_offset(log_pipe p, u64 pos)
{
#line 101 "klib-src/logpipe/ring.ts"
    return pos % p->size;
}

#line 109 "klib-src/logpipe/ring.ts"
log_pipe logpipe_create(heap h, u64 size, u32 line_cap)
{
#line 110 "klib-src/logpipe/ring.ts"
    u64 ring_size = (size >> 4) << 4;
    if (ring_size < LOGPIPE_MIN_SIZE || line_cap < LOGPIPE_MIN_LINE_CAP)
#line 111 "klib-src/logpipe/ring.ts"
        return 0;
#line 113 "klib-src/logpipe/ring.ts"
    if (logpipe_footprint(line_cap) > ring_size >> 2)
#line 113 "klib-src/logpipe/ring.ts"
        return 0;
    log_pipe p = allocate(h, sizeof(struct log_pipe));
    if (p == INVALID_ADDRESS)
#line 115 "klib-src/logpipe/ring.ts"
        return 0;
    log_event event = allocate(h, sizeof(struct log_event));
    log_event scan = allocate(h, sizeof(struct log_event));
    u8 *mem = ((u8 *)allocate(h, ring_size));
    if (event == INVALID_ADDRESS || scan == INVALID_ADDRESS || mem == INVALID_ADDRESS) {
        if (event != INVALID_ADDRESS)
#line 120 "klib-src/logpipe/ring.ts"
            deallocate(h, event, sizeof(struct log_event));
        if (scan != INVALID_ADDRESS)
#line 121 "klib-src/logpipe/ring.ts"
            deallocate(h, scan, sizeof(struct log_event));
        if (mem != INVALID_ADDRESS)
#line 122 "klib-src/logpipe/ring.ts"
            deallocate(h, mem, ring_size);
        deallocate(h, p, sizeof(struct log_pipe));
        return 0;
    }
    spin_lock_init(&p->lock);
    p->h = h;
    p->mem = mem;
    p->size = ring_size;
    p->line_cap = line_cap;
    p->head = 0;
    p->open = false;
    p->open_length = 0;
    p->open_stamp = 0;
    p->open_seen = false;
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
    p->total_lines = 0;
    p->total_bytes = 0;
    p->total_lost_lines = 0;
    p->total_lost_bytes = 0;
    return p;
}

#line 161 "klib-src/logpipe/ring.ts"
void logpipe_destroy(log_pipe p)
{
#line 162 "klib-src/logpipe/ring.ts"
    heap h = p->h;
    deallocate(h, p->mem, p->size);
    deallocate(h, p->event, sizeof(struct log_event));
    deallocate(h, p->scan, sizeof(struct log_event));
    deallocate(h, p, sizeof(struct log_pipe));
}

#line 170 "klib-src/logpipe/ring.ts"
timestamp logpipe_stamp(log_pipe p)
{
#line 171 "klib-src/logpipe/ring.ts"
    timestamp t = kern_now(CLOCK_ID_REALTIME);
    if (t < p->last_stamp)
#line 172 "klib-src/logpipe/ring.ts"
        t = p->last_stamp;
    p->last_stamp = t;
    return t;
}

#line 183 "klib-src/logpipe/ring.ts"
boolean logpipe_reserve(log_pipe p, u64 footprint)
{
#line 184 "klib-src/logpipe/ring.ts"
    u64 used = p->head - p->tail;
    u64 at = logpipe_offset(p, p->head);
    if (at + footprint <= p->size)
#line 186 "klib-src/logpipe/ring.ts"
        return used + footprint <= p->size;
    u64 pad = p->size - at;
    if (used + pad + footprint > p->size)
#line 188 "klib-src/logpipe/ring.ts"
        return false;
#line 190 "klib-src/logpipe/ring.ts"
    if (p->open)
#line 190 "klib-src/logpipe/ring.ts"
        runtime_memcpy(p->mem, (p->mem + at), LOGPIPE_HEADER + p->open_length);
    (*(u64 *)(p->mem + at + 8) = (header_word(LOGPIPE_KIND_PAD, 0)));
    p->head += pad;
    return true;
}

#line 197 "klib-src/logpipe/ring.ts"
void logpipe_seal_open(log_pipe p, u32 length)
{
#line 198 "klib-src/logpipe/ring.ts"
    u64 at = logpipe_offset(p, p->head);
    (*(u64 *)(p->mem + at + 8) = (header_word(LOGPIPE_KIND_LINE, length)));
    p->head += logpipe_footprint(length);
    p->open = false;
    p->open_length = 0;
    p->total_lines++;
}

#line 207 "klib-src/logpipe/ring.ts"
boolean logpipe_start_open(log_pipe p, timestamp stamp, u32 first)
{
#line 208 "klib-src/logpipe/ring.ts"
    if (!logpipe_reserve(p, logpipe_footprint(first)))
#line 208 "klib-src/logpipe/ring.ts"
        return false;
    (*(u64 *)(p->mem + logpipe_offset(p, p->head)) = (stamp));
    p->open = true;
    p->open_length = 0;
    p->open_stamp = stamp;
    p->open_seen = false;
    return true;
}

#line 221 "klib-src/logpipe/ring.ts"
void logpipe_report_loss(log_pipe p)
{
#line 222 "klib-src/logpipe/ring.ts"
    if (p->open || (p->lost_lines == 0 && p->lost_bytes == 0))
#line 222 "klib-src/logpipe/ring.ts"
        return;
    if (!logpipe_reserve(p, logpipe_footprint(LOGPIPE_LOSS_TEXT_MAX)))
#line 223 "klib-src/logpipe/ring.ts"
        return;
    u64 at = logpipe_offset(p, p->head);
    u32 length = logpipe_format_loss(p->mem, at + LOGPIPE_HEADER, p->lost_lines, p->lost_bytes);
    (*(u64 *)(p->mem + at) = (logpipe_stamp(p)));
    (*(u64 *)(p->mem + at + 8) = (header_word(LOGPIPE_KIND_LOSS, length)));
    p->head += logpipe_footprint(length);
    p->lost_lines = 0;
    p->lost_bytes = 0;
}

#line 234 "klib-src/logpipe/ring.ts"
timestamp logpipe_entry_stamp(log_pipe p, u64 pos)
{
#line 235 "klib-src/logpipe/ring.ts"
    return (*(u64 *)(p->mem + logpipe_offset(p, pos)));
}

#line 239 "klib-src/logpipe/ring.ts"
u64 logpipe_entry_word(log_pipe p, u64 pos)
{
#line 240 "klib-src/logpipe/ring.ts"
    return (*(u64 *)(p->mem + logpipe_offset(p, pos) + 8));
}
