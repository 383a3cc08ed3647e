/* generated from klib-src/logpipe/ring.ts by klibc - do not edit */
#include <kernel.h>
#include "ring.h"

/* The log pipe's ring: one preallocated region holding entries back to back, written by the console
 * path (writer.ts) and released by the flush path (batch.ts). An entry is a 16-byte header (the
 * stamp; then the length and the kind) followed by its bytes, padded to 16, and never wraps: an
 * entry that would cross the end of the region is preceded by a pad entry that fills the rest of
 * it. Positions are byte counts since creation (never reset), so used space is head - tail; the
 * console path keeps the head's offset in the region beside it (headAt), the flush path computes
 * offsets with logpipeOffset.
 *
 * The region is one allocation, from a heap of its own (`ringHeap`): the klibs pass the kernel's
 * vmem heap (when the memory is there: lib/large_ranges.ts), because the heaps records come from
 * (locked, general) are mcaches that give nothing larger than one piece of physical memory (2 MiB;
 * 1 MiB under 64 MiB of memory), and a ring of the default 4 MiB or more would fail on a real
 * kernel. vmem maps physical pieces into one
 * virtually contiguous range, so the console path keeps indexing one flat region (a ring made of
 * pieces would add a piece lookup, or a split copy, to every write that crosses a piece). */

/* Moves tail to the oldest position a reader still holds (the batch reader's, the follower's), or
 * to head when nothing reads. With the lock held; called whenever a reader moves. */
void logpipe_update_tail(log_pipe p)
{
    u64 oldest = p->batch_reader ? p->read_pos : p->head;
    if (p->following && p->follow_pos < oldest)
        oldest = p->follow_pos;
    p->tail = oldest;
}

/* A pipe with a ring of about `size` bytes (rounded down to 16) from `ringHeap` (the klibs pass the
 * kernel's vmem heap: see the top of this file) and lines capped at `lineCap` bytes, its records
 * from `h`; null when a heap fails or the sizes are out of range. The region is allocated
 * last, so nothing is ever given back to `ringHeap` on a failure (the kernel's vmem heap unmaps
 * what it is given back but does not free its physical pages). Batch limits start unlimited but
 * for one event of lineCap: set them with logpipeSetLimits. */
log_pipe logpipe_create(heap h, heap ring_heap, u64 size, u32 line_cap)
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
    u8 *known = (u8 *)allocate(h, (u64)LOGPIPE_KNOWN_LINES * 8);
    boolean records = event != INVALID_ADDRESS && scan != INVALID_ADDRESS &&
                      known != INVALID_ADDRESS;
    u8 *mem = records ? (u8 *)allocate(ring_heap, ring_size) : INVALID_ADDRESS;
    if (mem == INVALID_ADDRESS) {
        if (event != INVALID_ADDRESS)
            deallocate(h, event, sizeof(struct log_event));
        if (scan != INVALID_ADDRESS)
            deallocate(h, scan, sizeof(struct log_event));
        if (known != INVALID_ADDRESS)
            deallocate(h, known, (u64)LOGPIPE_KNOWN_LINES * 8);
        deallocate(h, p, sizeof(struct log_pipe));
        return 0;
    }
    spin_lock_init(&p->lock);
    p->h = h;
    p->ring_heap = ring_heap;
    p->mem = mem;
    p->size = ring_size;
    p->offset_mask = (ring_size & (ring_size - 1)) == 0 ? ring_size - 1 : 0;
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
    p->read_pos = 0;
    p->read_offset = 0;
    p->batch_reader = true;
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
    p->known_lines = known;
    p->known_count = 0;
    p->read_index = 0;
    p->event_pos = 0;
    p->event_offset = 0;
    p->following = false;
    p->follow_pos = 0;
    p->total_bytes = 0;
    p->total_events = 0;
    p->total_lost_lines = 0;
    p->total_lost_bytes = 0;
    return p;
}

void logpipe_destroy(log_pipe p)
{
    heap h = p->h;
    deallocate(p->ring_heap, p->mem, p->size);
    deallocate(h, p->event, sizeof(struct log_event));
    deallocate(h, p->scan, sizeof(struct log_event));
    deallocate(h, p->known_lines, (u64)LOGPIPE_KNOWN_LINES * 8);
    deallocate(h, p, sizeof(struct log_pipe));
}
