/* generated from klib-src/logpipe/batch.ts by klibc - do not edit */
#include <kernel.h>
#include "ring.h"
#include "utf8.h"
#include "words.h"
#include "writer.h"
#include "batch.h"

#define CARRIAGE_RETURN 13

#line 27 "klib-src/logpipe/batch.ts"
boolean logpipe_set_limits(log_pipe p, u32 max_events, u64 max_bytes, u32 event_overhead,
                           u32 max_event_bytes, timestamp max_span)
{
#line 29 "klib-src/logpipe/batch.ts"
    if (p->in_flight || max_events == 0 || max_event_bytes < LOGPIPE_MIN_EVENT_BYTES)
#line 29 "klib-src/logpipe/batch.ts"
        return false;
    if (max_bytes < max_event_bytes || max_bytes - max_event_bytes < event_overhead)
#line 30 "klib-src/logpipe/batch.ts"
        return false;
    p->max_events = max_events;
    p->max_bytes = max_bytes;
    p->event_overhead = event_overhead;
    p->max_event_bytes = max_event_bytes;
    p->max_span = max_span;
    return true;
}

#line 40 "klib-src/logpipe/batch.ts"
static void rewind(log_pipe p, log_event e)
{
#line 41 "klib-src/logpipe/batch.ts"
    e->pos = p->tail;
    e->offset = p->tail_offset;
}

#line 52 "klib-src/logpipe/batch.ts"
static boolean next_event(log_pipe p, log_event e, u64 end_pos, u32 end_offset)
{
#line 53 "klib-src/logpipe/batch.ts"
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
        u64 base = logpipe_offset(p, e->pos) + LOGPIPE_HEADER;
#line 70 "klib-src/logpipe/batch.ts"
        u32 line_end = length;
        u32 stop = length;
        if (kind == LOGPIPE_KIND_LINE) {
            line_end = (u32)(logpipe_scan_newline(p->mem, base + e->offset, base + length) - base);
            stop = line_end;
            if (line_end < length && stop > e->offset && p->mem[base + stop - 1] == CARRIAGE_RETURN)
#line 75 "klib-src/logpipe/batch.ts"
                stop--;
            if (stop == e->offset) {
                e->offset = line_end + 1;
                continue;
            }
        }
        u64 start = base + e->offset;
        u32 n = stop - e->offset;
        if (n > p->max_event_bytes) {
            n = logpipe_utf8_cut(p->mem, start, p->max_event_bytes);
            if (n == 0)
#line 85 "klib-src/logpipe/batch.ts"
                n = p->max_event_bytes;
        }
        e->data = (p->mem + start);
        e->length = n;
        e->stamp = logpipe_entry_stamp(p, e->pos);
        e->loss = kind != LOGPIPE_KIND_LINE;
        e->offset += n;
        if (e->offset == stop)
#line 92 "klib-src/logpipe/batch.ts"
            e->offset = line_end < length ? line_end + 1 : length;
        if (e->offset == length) {
            e->pos += logpipe_footprint(length);
            e->offset = 0;
        }
        return true;
    }
    return false;
}

#line 108 "klib-src/logpipe/batch.ts"
boolean logpipe_flush_tick(log_pipe p, boolean force)
{
#line 109 "klib-src/logpipe/batch.ts"
    u64 flags = spin_lock_irq(&p->lock);
    if (p->open && p->open_length > 0) {
        if (force || p->open_seen)
#line 111 "klib-src/logpipe/batch.ts"
            logpipe_cut_open(p, force);
        else
#line 112 "klib-src/logpipe/batch.ts"
            p->open_seen = true;
    }
    if (!p->open && (p->lost_lines != 0 || p->lost_bytes != 0))
#line 114 "klib-src/logpipe/batch.ts"
        logpipe_report_loss(p, logpipe_stamp(p));
    boolean pending = p->head != p->tail || p->tail_offset != 0;
    spin_unlock_irq(&p->lock, flags);
    return pending;
}

#line 121 "klib-src/logpipe/batch.ts"
static void free_to(log_pipe p, u64 pos, u32 offset)
{
#line 122 "klib-src/logpipe/batch.ts"
    u64 flags = spin_lock_irq(&p->lock);
    p->tail = pos;
    p->tail_offset = offset;
    spin_unlock_irq(&p->lock, flags);
}

#line 133 "klib-src/logpipe/batch.ts"
u32 logpipe_take_batch(log_pipe p)
{
#line 134 "klib-src/logpipe/batch.ts"
    if (p->in_flight)
#line 134 "klib-src/logpipe/batch.ts"
        return p->batch_events;
    u64 flags = spin_lock_irq(&p->lock);
    u64 head = p->head;
    spin_unlock_irq(&p->lock, flags);
#line 139 "klib-src/logpipe/batch.ts"
    log_event e = p->scan;
    rewind(p, e);
    u32 events = 0;
    u64 total = 0;
    timestamp first = 0;
    while (events < p->max_events) {
        u64 pos = e->pos;
        u32 offset = e->offset;
        if (!next_event(p, e, head, 0))
#line 147 "klib-src/logpipe/batch.ts"
            break;
        u64 size = e->length + p->event_overhead;
        boolean too_late = events > 0 && p->max_span != 0 && e->stamp - first >= p->max_span;
        if (total + size > p->max_bytes || too_late) {
            e->pos = pos;
            e->offset = offset;
            break;
        }
        if (events == 0)
#line 155 "klib-src/logpipe/batch.ts"
            first = e->stamp;
        events++;
        total += size;
    }
    if (events == 0) {
#line 161 "klib-src/logpipe/batch.ts"
        free_to(p, e->pos, e->offset);
        return 0;
    }
    p->batch_end = e->pos;
    p->batch_end_offset = e->offset;
    p->batch_events = events;
    p->batch_bytes = total;
    p->in_flight = true;
    p->total_events += events;
    return events;
}

#line 174 "klib-src/logpipe/batch.ts"
u64 logpipe_batch_bytes(log_pipe p)
{
#line 175 "klib-src/logpipe/batch.ts"
    return p->in_flight ? p->batch_bytes : 0;
}

#line 179 "klib-src/logpipe/batch.ts"
log_event logpipe_first_event(log_pipe p)
{
#line 180 "klib-src/logpipe/batch.ts"
    if (!p->in_flight)
#line 180 "klib-src/logpipe/batch.ts"
        return 0;
    rewind(p, p->event);
    return logpipe_next_event(p);
}

#line 186 "klib-src/logpipe/batch.ts"
log_event logpipe_next_event(log_pipe p)
{
#line 187 "klib-src/logpipe/batch.ts"
    if (!p->in_flight || !next_event(p, p->event, p->batch_end, p->batch_end_offset))
#line 187 "klib-src/logpipe/batch.ts"
        return 0;
    return p->event;
}

#line 195 "klib-src/logpipe/batch.ts"
void logpipe_release(log_pipe p)
{
#line 196 "klib-src/logpipe/batch.ts"
    if (!p->in_flight)
#line 196 "klib-src/logpipe/batch.ts"
        return;
    p->in_flight = false;
    free_to(p, p->batch_end, p->batch_end_offset);
}

#line 202 "klib-src/logpipe/batch.ts"
bytes logpipe_used(log_pipe p)
{
#line 203 "klib-src/logpipe/batch.ts"
    u64 flags = spin_lock_irq(&p->lock);
    bytes used = p->head - p->tail;
    spin_unlock_irq(&p->lock, flags);
    return used;
}
