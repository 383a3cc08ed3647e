/* generated from klib-src/logpipe/batch.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/json_escape.h"
#include "ring.h"
#include "words.h"
#include "writer.h"
#include "batch.h"

#define CARRIAGE_RETURN 13
#define REPLACEMENT_BYTES 3

#line 37 "klib-src/logpipe/batch.ts"
boolean logpipe_set_limits(log_pipe p, u32 max_events, u64 max_bytes, u32 event_overhead,
                           u32 max_event_bytes, timestamp max_span)
{
#line 39 "klib-src/logpipe/batch.ts"
    if (p->in_flight || max_events == 0 || max_event_bytes < LOGPIPE_MIN_EVENT_BYTES)
#line 39 "klib-src/logpipe/batch.ts"
        return false;
    if (max_bytes < max_event_bytes || max_bytes - max_event_bytes < event_overhead)
#line 40 "klib-src/logpipe/batch.ts"
        return false;
    p->max_events = max_events;
    p->max_bytes = max_bytes;
    p->event_overhead = event_overhead;
    p->max_event_bytes = max_event_bytes;
    p->max_span = max_span;
    return true;
}

#line 57 "klib-src/logpipe/batch.ts"
u64 logpipe_utf8_measure(u8 *p, bytes start, u32 n, u64 cap)
{
#line 58 "klib-src/logpipe/batch.ts"
    u32 i = 0;
    u64 size = 0;
    while (i < n) {
#line 62 "klib-src/logpipe/batch.ts"
        while (i + 32 <= n && size + 32 <= cap && (((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (start + i), 8)) | (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (start + i + 8), 8)) | (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (start + i + 16), 8)) | (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (start + i + 24), 8))) & LOGPIPE_TOP_BITS) == 0) {
#line 65 "klib-src/logpipe/batch.ts"
            i += 32;
            size += 32;
        }
        if (i >= n)
#line 68 "klib-src/logpipe/batch.ts"
            break;
#line 72 "klib-src/logpipe/batch.ts"
        u32 span = 1;
        u64 high = p[start + i] & 0x80;
        if (i + 8 <= n) {
            span = 8;
            high = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (start + i), 8)) & LOGPIPE_TOP_BITS;
        } else if (n >= 8) {
            span = n - i;
            high = ((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (start + n - 8), 8)) & LOGPIPE_TOP_BITS) >> ((8 - span) * 8);
        }
        u32 ascii = high == 0 ? span : (u32)(lsb(high) >> 3);
        if (ascii > 0) {
            if (size + ascii > cap) {
                i += (u32)(cap - size);
                size = cap;
                break;
            }
            i += ascii;
            size += ascii;
            continue;
        }
#line 93 "klib-src/logpipe/batch.ts"
        s64 length = utf8_sequence_length(p, start + i, start + n);
        u32 raw = length > 0 ? (u32)length : (u32)(-length);
        u32 out = length > 0 ? raw : REPLACEMENT_BYTES;
        if (size + out > cap)
#line 96 "klib-src/logpipe/batch.ts"
            break;
        i += raw;
        size += out;
    }
    return (((u64)i) << 32) | size;
}

#line 104 "klib-src/logpipe/batch.ts"
static void rewind(log_pipe p, log_event e)
{
#line 105 "klib-src/logpipe/batch.ts"
    e->pos = p->tail;
    e->offset = p->tail_offset;
}

#line 119 "klib-src/logpipe/batch.ts"
static u64 next_event(log_pipe p, log_event e, u64 end_pos, u32 end_offset, boolean sized)
{
#line 120 "klib-src/logpipe/batch.ts"
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
#line 137 "klib-src/logpipe/batch.ts"
        u32 line_end = length;
        u32 stop = length;
        if (kind == LOGPIPE_KIND_LINE) {
            line_end = (u32)(logpipe_scan_newline(p->mem, base + e->offset, base + length) - base);
            stop = line_end;
            if (line_end < length && stop > e->offset && p->mem[base + stop - 1] == CARRIAGE_RETURN)
#line 142 "klib-src/logpipe/batch.ts"
                stop--;
            if (stop == e->offset) {
                e->offset = line_end + 1;
                continue;
            }
        }
        u64 start = base + e->offset;
        u32 n = stop - e->offset;
        u64 size = n;
        if (sized || ((u64)n) * REPLACEMENT_BYTES > p->max_event_bytes) {
            u64 measured = logpipe_utf8_measure(p->mem, start, n, p->max_event_bytes);
            n = (u32)(measured >> 32);
            size = measured & 0xffffffff;
        }
        e->data = (p->mem + start);
        e->length = n;
        e->stamp = logpipe_entry_stamp(p, e->pos);
        e->loss = kind != LOGPIPE_KIND_LINE;
        e->offset += n;
        if (e->offset == stop)
#line 161 "klib-src/logpipe/batch.ts"
            e->offset = line_end < length ? line_end + 1 : length;
        if (e->offset == length) {
            e->pos += logpipe_footprint(length);
            e->offset = 0;
        }
        return size;
    }
    return 0;
}

#line 177 "klib-src/logpipe/batch.ts"
boolean logpipe_flush_tick(log_pipe p, boolean force)
{
#line 178 "klib-src/logpipe/batch.ts"
    u64 flags = spin_lock_irq(&p->lock);
#line 180 "klib-src/logpipe/batch.ts"
    if (p->open && p->open_has_lines)
#line 180 "klib-src/logpipe/batch.ts"
        logpipe_split_open_lines(p);
    if (p->open && p->open_length > 0) {
        if (force || p->open_seen)
#line 182 "klib-src/logpipe/batch.ts"
            logpipe_cut_open(p, force);
        else
#line 183 "klib-src/logpipe/batch.ts"
            p->open_seen = true;
    }
    if (!p->open && (p->lost_lines != 0 || p->lost_bytes != 0))
#line 185 "klib-src/logpipe/batch.ts"
        logpipe_report_loss(p, logpipe_stamp(p));
    boolean pending = p->head != p->tail || p->tail_offset != 0;
    spin_unlock_irq(&p->lock, flags);
    return pending;
}

#line 192 "klib-src/logpipe/batch.ts"
static void free_to(log_pipe p, u64 pos, u32 offset)
{
#line 193 "klib-src/logpipe/batch.ts"
    u64 flags = spin_lock_irq(&p->lock);
    p->tail = pos;
    p->tail_offset = offset;
    spin_unlock_irq(&p->lock, flags);
}

#line 204 "klib-src/logpipe/batch.ts"
u32 logpipe_take_batch(log_pipe p)
{
#line 205 "klib-src/logpipe/batch.ts"
    if (p->in_flight)
#line 205 "klib-src/logpipe/batch.ts"
        return p->batch_events;
    u64 flags = spin_lock_irq(&p->lock);
    u64 head = p->head;
    spin_unlock_irq(&p->lock, flags);
#line 210 "klib-src/logpipe/batch.ts"
    log_event e = p->scan;
    rewind(p, e);
    u32 events = 0;
    u64 total = 0;
    timestamp first = 0;
    while (events < p->max_events) {
        u64 pos = e->pos;
        u32 offset = e->offset;
        u64 event_size = next_event(p, e, head, 0, true);
        if (event_size == 0)
#line 219 "klib-src/logpipe/batch.ts"
            break;
        u64 size = event_size + p->event_overhead;
        boolean too_late = events > 0 && p->max_span != 0 && e->stamp - first >= p->max_span;
        if (total + size > p->max_bytes || too_late) {
            e->pos = pos;
            e->offset = offset;
            break;
        }
        if (events == 0)
#line 227 "klib-src/logpipe/batch.ts"
            first = e->stamp;
        events++;
        total += size;
    }
    if (events == 0) {
#line 233 "klib-src/logpipe/batch.ts"
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

#line 246 "klib-src/logpipe/batch.ts"
u64 logpipe_batch_bytes(log_pipe p)
{
#line 247 "klib-src/logpipe/batch.ts"
    return p->in_flight ? p->batch_bytes : 0;
}

#line 251 "klib-src/logpipe/batch.ts"
log_event logpipe_first_event(log_pipe p)
{
#line 252 "klib-src/logpipe/batch.ts"
    if (!p->in_flight)
#line 252 "klib-src/logpipe/batch.ts"
        return 0;
    rewind(p, p->event);
    return logpipe_next_event(p);
}

#line 258 "klib-src/logpipe/batch.ts"
log_event logpipe_next_event(log_pipe p)
{
#line 259 "klib-src/logpipe/batch.ts"
    if (!p->in_flight || next_event(p, p->event, p->batch_end, p->batch_end_offset, false) == 0)
#line 259 "klib-src/logpipe/batch.ts"
        return 0;
    return p->event;
}

#line 267 "klib-src/logpipe/batch.ts"
void logpipe_release(log_pipe p)
{
#line 268 "klib-src/logpipe/batch.ts"
    if (!p->in_flight)
#line 268 "klib-src/logpipe/batch.ts"
        return;
    p->in_flight = false;
    free_to(p, p->batch_end, p->batch_end_offset);
}

#line 274 "klib-src/logpipe/batch.ts"
bytes logpipe_used(log_pipe p)
{
#line 275 "klib-src/logpipe/batch.ts"
    u64 flags = spin_lock_irq(&p->lock);
    bytes used = p->head - p->tail;
    spin_unlock_irq(&p->lock, flags);
    return used;
}
