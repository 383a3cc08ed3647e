/* generated from klib-src/logpipe/ring.ts by klibc - do not edit */
#pragma once

/* Bytes of an entry header: the stamp word, then the length | kind << 32 word. */
#define LOGPIPE_HEADER 16

/* The smallest ring: room for a few entries of the smallest line cap. */
#define LOGPIPE_MIN_SIZE 1024

/* The smallest line cap: a cap must hold any UTF-8 sequence with room to spare. */
#define LOGPIPE_MIN_LINE_CAP 16

/* Console lines, stored as written: one or more lines separated by newlines, each at most the line
 * cap, the last one ended by a newline the entry does not hold (an empty line is an empty entry).
 * The flush path splits them into events: a CR before a newline (the entry's end counts as one)
 * is not part of its line, and empty lines are skipped. So an entry and the newline after it are
 * exactly the console's bytes (what a reader of whole entries, follower.ts, writes to a file). */
#define LOGPIPE_KIND_LINE 1

/* A report of lost output, shipped as one event of its own. */
#define LOGPIPE_KIND_LOSS 2

/* Fills the end of the region; the next entry is at its start. */
#define LOGPIPE_KIND_PAD 3

/* Console lines as LOGPIPE_KIND_LINE, but cut without a newline after them: a line that waited a
 * flush interval for its newline, or reached the line cap; the next entry continues it. Its last
 * line keeps a CR it ends with (no newline follows it). */
#define LOGPIPE_KIND_CUT 4

/* How many events of a batch have their line's end noted when the batch is taken (8 bytes each),
 * so that reading it (a body is made twice, and again for each retry) need not look for their
 * newlines again: the scans were a tenth of a cloud klib's CPU. Later events are scanned. */
#define LOGPIPE_KNOWN_LINES 4096

/* A cursor over the ring: where the next event starts, and the event read last. */
typedef struct log_event {
    /* The event's bytes (inside the ring; valid until the batch is released). */
    u8 *data;
    u32 length;
    /* REALTIME when the line's first byte was written (never earlier than the event before). */
    timestamp stamp;
    /* The event reports lost output rather than carrying a line. */
    boolean loss;
    /* Position of the entry the cursor is in, and how many of its bytes are behind it. */
    u64 pos;
    u32 offset;
} *log_event;

typedef struct log_pipe {
    /* Orders the console path against the flush path; held only for bounded, allocation-free
     * work. */
    struct spinlock lock;
    /* The heap of the records (this one and its cursors); the region is from ringHeap. */
    heap h;
    heap ring_heap;
    u8 *mem;
    u64 size;
    /* size - 1 when size is a power of two (offsets are then a mask, not a division); else 0. */
    u64 offset_mask;
    /* Longest line an entry holds; a longer line continues in the next entry. */
    u32 line_cap;
    /* Console side. Sealed entries end at head; the open entry (a line waiting for its newline)
     * starts there. headAt is head's offset in the region (head % size, kept without dividing). */
    u64 head;
    u64 head_at;
    boolean open;
    u32 open_length;
    timestamp open_stamp;
    /* A flush tick has seen the open entry: the next tick ships it even without a newline. */
    boolean open_seen;
    /* The open entry may hold whole lines before its open one: a write that ended a continued line
     * stored the rest of it (whole lines, then a partial one) as the open entry, as written. They
     * are sealed with the open line's newline, or split off at the next flush tick or line cap. */
    boolean open_has_lines;
    /* How long the open entry may grow on the console path's shortest way: below the line cap, and
     * within the room the ring had for it when it was last reserved (releases only add room; 0 when
     * unknown). */
    u32 open_room;
    /* The rest of the current line is being dropped (the ring was full). */
    boolean discarding;
    timestamp last_stamp;
    /* Loss not yet reported by a loss entry. */
    u64 lost_lines;
    u64 lost_bytes;
    /* Where the ring's used space starts: the oldest entry a reader still holds (the batch
     * reader's, or the follower's when it is behind). The console path's limit: head - tail bytes
     * are in use. */
    u64 tail;
    /* Flush side (the batch reader). Entries from readPos on are not delivered; readOffset bytes of
     * the entry at readPos were (a long line split over two batches). batchReader: false when only
     * the follower reads the ring (its space then never waits for batches). */
    u64 read_pos;
    u32 read_offset;
    boolean batch_reader;
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
    /* The cursor the klib reads events with, and the one batching scans with. */
    struct log_event *event;
    struct log_event *scan;
    /* The batch's first events (knownCount of them, at most LOGPIPE_KNOWN_LINES): for each, a
     * word with where its bytes start (their offset in the region) in the high half and where
     * its line ends (lineEnd, nextEvent) in the low half; readIndex, the next event to read. */
    u8 *known_lines;
    u32 known_count;
    u32 read_index;
    /* Where the event read last started (for logpipeReleaseBefore). */
    u64 event_pos;
    u32 event_offset;
    /* The follower (follower.ts): a second reader of whole entries, independent of batches
     * (syslog's file output). Entries from followPos on are not read by it yet. */
    boolean following;
    u64 follow_pos;
    /* Totals since creation, for the klib's own reporting: bytes the console path stored (without
     * the newlines that end entries), events taken into batches (once each, however often a batch
     * is retried), and output lost to a full ring. */
    u64 total_bytes;
    u64 total_events;
    u64 total_lost_lines;
    u64 total_lost_bytes;
} *log_pipe;

void logpipe_update_tail(log_pipe p);
log_pipe logpipe_create(heap h, heap ring_heap, u64 size, u32 line_cap);
void logpipe_destroy(log_pipe p);

/* The room an entry of `length` bytes takes: the header and the bytes rounded up to 16. */
static inline __attribute__((always_inline)) u64 logpipe_footprint(u64 length)
{
    return LOGPIPE_HEADER + (((length + 15) >> 4) << 4);
}

/* An entry header's second word. */
static inline __attribute__((always_inline)) u64 logpipe_header_word(u64 kind, u32 length)
{
    return (kind << 32) | length;
}

/* Where position `pos` is in the region (the flush path's reads; the console path keeps headAt).
 * The flush path asks several times per event and pass, and a 64-bit division costs tens of
 * cycles: a ring whose size is a power of two (the default, and any size given in `k` or `m` that
 * is one) masks instead. */
static inline __attribute__((always_inline)) u64 logpipe_offset(log_pipe p, u64 pos)
{
    return p->offset_mask != 0 ? pos & p->offset_mask : pos % p->size;
}

/* The stamp word of the entry at `pos`. */
static inline __attribute__((always_inline)) timestamp logpipe_entry_stamp(log_pipe p, u64 pos)
{
    return (*(u64 *)(p->mem + logpipe_offset(p, pos)));
}

/* The length | kind << 32 word of the entry at `pos`. */
static inline __attribute__((always_inline)) u64 logpipe_entry_word(log_pipe p, u64 pos)
{
    return (*(u64 *)(p->mem + (logpipe_offset(p, pos) + 8)));
}
