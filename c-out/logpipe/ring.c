/* generated from klib-src/logpipe/ring.ts by klibc - do not edit */
#include <kernel.h>
#include "ring.h"

/* The log pipe's ring: one preallocated region holding entries back to back, written by the console
 * path (writer.ts) and released by the flush path (batch.ts). An entry is a 16-byte header (the
 * stamp; then the length and the kind) followed by its bytes, padded to 16, and never wraps: an
 * entry that would cross the end of the region is preceded by a pad entry that fills the rest of
 * it. Positions are byte counts since creation (never reset), so used space is head - tail; the
 * console path keeps the head's offset in the region beside it (headAt), the flush path computes
 * offsets with logpipeOffset. */

/* A pipe with a ring of about `size` bytes (rounded down to 16) and lines capped at `lineCap`
 * bytes, allocated from `h`; null when `h` fails or the sizes are out of range. Batch limits
 * start unlimited but for one event of lineCap: set them with logpipeSetLimits. */
log_pipe logpipe_create(heap h, u64 size, u32 line_cap)
{
    u64 ring_size = (size >> 4) << 4;
    if (ring_size < LOGPIPE_MIN_SIZE || line_cap < LOGPIPE_MIN_LINE_CAP)
        return 0;
    /* A full-length entry must fit with room to spare, or one long line could stall the ring. */
    if (logpipe_footprint(line_cap) > ring_size >> 2)
        return 0;
    log_pipe p = allocate(h, sizeof(struct log_pipe));
    if (p == INVALID_ADDRESS)
        return 0;
    log_event event = allocate(h, sizeof(struct log_event));
    log_event scan = allocate(h, sizeof(struct log_event));
    u8 *mem = (u8 *)allocate(h, ring_size);
    if (event == INVALID_ADDRESS || scan == INVALID_ADDRESS || mem == INVALID_ADDRESS) {
        if (event != INVALID_ADDRESS)
            deallocate(h, event, sizeof(struct log_event));
        if (scan != INVALID_ADDRESS)
            deallocate(h, scan, sizeof(struct log_event));
        if (mem != INVALID_ADDRESS)
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

void logpipe_destroy(log_pipe p)
{
    heap h = p->h;
    deallocate(h, p->mem, p->size);
    deallocate(h, p->event, sizeof(struct log_event));
    deallocate(h, p->scan, sizeof(struct log_event));
    deallocate(h, p, sizeof(struct log_pipe));
}
