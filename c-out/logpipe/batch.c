/* generated from klib-src/logpipe/batch.ts by klibc - do not edit */
#include <kernel.h>
#include "ring.h"
#include "utf8.h"
#include "writer.h"
#include "batch.h"

#line 24 "klib-src/logpipe/batch.ts"
boolean logpipe_set_limits(log_pipe p, u32 max_events, u64 max_bytes, u32 event_overhead,
                           u32 max_event_bytes, timestamp max_span)
{
#line 26 "klib-src/logpipe/batch.ts"
    if (p->in_flight || max_events == 0 || max_event_bytes < LOGPIPE_MIN_EVENT_BYTES)
#line 26 "klib-src/logpipe/batch.ts"
        return false;
    if (max_bytes < max_event_bytes || max_bytes - max_event_bytes < event_overhead)
#line 27 "klib-src/logpipe/batch.ts"
        return false;
    p->max_events = max_events;
    p->max_bytes = max_bytes;
    p->event_overhead = event_overhead;
    p->max_event_bytes = max_event_bytes;
    p->max_span = max_span;
    return true;
}

#line 37 "klib-src/logpipe/batch.ts"
static void rewind(log_pipe p, log_event e)
{
#line 38 "klib-src/logpipe/batch.ts"
    e->pos = p->tail;
    e->offset = p->tail_offset;
}

#line 47 "klib-src/logpipe/batch.ts"
static boolean next_event(log_pipe p, log_event e, u64 end_pos, u32 end_offset)
{
#line 48 "klib-src/logpipe/batch.ts"
    while (e->pos < end_pos || (e->pos == end_pos && e->offset < end_offset)) {
        u64 word = logpipe_entry_word(p, e->pos);
        u64 kind = word >> 32;
        u32 length = (u32)(word & 0xffffffff);
        if (kind == LOGPIPE_KIND_PAD) {
            e->pos += p->size - logpipe_offset(p, e->pos);
            e->offset = 0;
            continue;
        }
        if (e->offset >= length) {
            e->pos += logpipe_footprint(length);
            e->offset = 0;
            continue;
        }
        u64 start = logpipe_offset(p, e->pos) + LOGPIPE_HEADER + e->offset;
        u32 left = length - e->offset;
        u32 n = left;
        if (n > p->max_event_bytes) {
            n = logpipe_utf8_cut(p->mem, start, p->max_event_bytes);
            if (n == 0)
#line 67 "klib-src/logpipe/batch.ts"
                n = p->max_event_bytes;
        }
        e->data = (p->mem + start);
        e->length = n;
        e->stamp = logpipe_entry_stamp(p, e->pos);
        e->loss = kind == LOGPIPE_KIND_LOSS;
        e->offset += n;
        if (e->offset == length) {
            e->pos += logpipe_footprint(length);
            e->offset = 0;
        }
        return true;
    }
    return false;
}

#line 89 "klib-src/logpipe/batch.ts"
boolean logpipe_flush_tick(log_pipe p, boolean force)
{
#line 90 "klib-src/logpipe/batch.ts"
    u64 flags = spin_lock_irq(&p->lock);
    if (p->open && p->open_length > 0) {
        if (force || p->open_seen)
#line 92 "klib-src/logpipe/batch.ts"
            logpipe_cut_open(p, force);
        else
#line 93 "klib-src/logpipe/batch.ts"
            p->open_seen = true;
    }
    logpipe_report_loss(p);
    boolean pending = p->head != p->tail || p->tail_offset != 0;
    spin_unlock_irq(&p->lock, flags);
    return pending;
}

#line 106 "klib-src/logpipe/batch.ts"
u32 logpipe_take_batch(log_pipe p)
{
#line 107 "klib-src/logpipe/batch.ts"
    if (p->in_flight)
#line 107 "klib-src/logpipe/batch.ts"
        return p->batch_events;
    u64 flags = spin_lock_irq(&p->lock);
    u64 head = p->head;
    spin_unlock_irq(&p->lock, flags);
#line 112 "klib-src/logpipe/batch.ts"
    log_event e = p->scan;
    rewind(p, e);
    u32 events = 0;
    u64 total = 0;
    timestamp first = 0;
    while (events < p->max_events) {
        u64 pos = e->pos;
        u32 offset = e->offset;
        if (!next_event(p, e, head, 0))
#line 120 "klib-src/logpipe/batch.ts"
            break;
        u64 size = e->length + p->event_overhead;
        boolean too_late = events > 0 && p->max_span != 0 && e->stamp - first >= p->max_span;
        if (total + size > p->max_bytes || too_late) {
            e->pos = pos;
            e->offset = offset;
            break;
        }
        if (events == 0)
#line 128 "klib-src/logpipe/batch.ts"
            first = e->stamp;
        events++;
        total += size;
    }
    p->batch_end = e->pos;
    p->batch_end_offset = e->offset;
    p->batch_events = events;
    p->batch_bytes = total;
    p->in_flight = events > 0;
    return events;
}

#line 141 "klib-src/logpipe/batch.ts"
u64 logpipe_batch_bytes(log_pipe p)
{
#line 142 "klib-src/logpipe/batch.ts"
    return p->in_flight ? p->batch_bytes : 0;
}

#line 146 "klib-src/logpipe/batch.ts"
log_event logpipe_first_event(log_pipe p)
{
#line 147 "klib-src/logpipe/batch.ts"
    if (!p->in_flight)
#line 147 "klib-src/logpipe/batch.ts"
        return 0;
    rewind(p, p->event);
    return logpipe_next_event(p);
}

#line 153 "klib-src/logpipe/batch.ts"
log_event logpipe_next_event(log_pipe p)
{
#line 154 "klib-src/logpipe/batch.ts"
    if (!p->in_flight || !next_event(p, p->event, p->batch_end, p->batch_end_offset))
#line 154 "klib-src/logpipe/batch.ts"
        return 0;
    return p->event;
}

#line 162 "klib-src/logpipe/batch.ts"
void logpipe_release(log_pipe p)
{
#line 163 "klib-src/logpipe/batch.ts"
    if (!p->in_flight)
#line 163 "klib-src/logpipe/batch.ts"
        return;
    u64 flags = spin_lock_irq(&p->lock);
    p->tail = p->batch_end;
    p->tail_offset = p->batch_end_offset;
    p->in_flight = false;
    spin_unlock_irq(&p->lock, flags);
}

#line 172 "klib-src/logpipe/batch.ts"
bytes logpipe_used(log_pipe p)
{
#line 173 "klib-src/logpipe/batch.ts"
    u64 flags = spin_lock_irq(&p->lock);
    bytes used = p->head - p->tail;
    spin_unlock_irq(&p->lock, flags);
    return used;
}
