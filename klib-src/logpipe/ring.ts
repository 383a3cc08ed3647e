// The log pipe's ring: one preallocated region holding entries back to back, written by the console
// path (writer.ts) and released by the flush path (batch.ts). An entry is a 16-byte header (the
// stamp; then the length and the kind) followed by its bytes, padded to 16, and never wraps: an
// entry that would cross the end of the region is preceded by a pad entry that fills the rest of
// it. Positions are byte counts since creation (never reset), so used space is head - tail; the
// console path keeps the head's offset in the region beside it (headAt), the flush path computes
// offsets with logpipeOffset.
//
// The region is one allocation, from a heap of its own (`ringHeap`): the klibs pass the kernel's
// vmem heap (when the memory is there: lib/large_ranges.ts), because the heaps records come from
// (locked, general) are mcaches that give nothing larger than one piece of physical memory (2 MiB;
// 1 MiB under 64 MiB of memory), and a ring of the default 4 MiB or more would fail on a real
// kernel. vmem maps physical pieces into one
// virtually contiguous range, so the console path keeps indexing one flat region (a ring made of
// pieces would add a piece lookup, or a split copy, to every write that crosses a piece).
import { bytes, timestamp, u32, u64 } from '../dialect';
import { allocate, allocateBytes, BytePtr, deallocate, deallocateBytes, Heap, INVALID_ADDRESS, Spinlock } from '../nanos';
import { loadWord, spinLockInit } from './bindings';

/** Bytes of an entry header: the stamp word, then the length | kind << 32 word. */
export const LOGPIPE_HEADER: u32 = 16;
/** The smallest ring: room for a few entries of the smallest line cap. */
export const LOGPIPE_MIN_SIZE: u64 = 1024;
/** The smallest line cap: a cap must hold any UTF-8 sequence with room to spare. */
export const LOGPIPE_MIN_LINE_CAP: u32 = 16;

/**
 * Console lines, stored as written: one or more lines separated by newlines, each at most the line
 * cap, the last one ended by a newline the entry does not hold (an empty line is an empty entry).
 * The flush path splits them into events: a CR before a newline (the entry's end counts as one)
 * is not part of its line, and empty lines are skipped. So an entry and the newline after it are
 * exactly the console's bytes (what a reader of whole entries, follower.ts, writes to a file).
 */
export const LOGPIPE_KIND_LINE: u64 = 1;
/** A report of lost output, shipped as one event of its own. */
export const LOGPIPE_KIND_LOSS: u64 = 2;
/** Fills the end of the region; the next entry is at its start. */
export const LOGPIPE_KIND_PAD: u64 = 3;
/**
 * Console lines as LOGPIPE_KIND_LINE, but cut without a newline after them: a line that waited a
 * flush interval for its newline, or reached the line cap; the next entry continues it. Its last
 * line keeps a CR it ends with (no newline follows it).
 */
export const LOGPIPE_KIND_CUT: u64 = 4;

/**
 * How many events of a batch have their line's end noted when the batch is taken (8 bytes each),
 * so that reading it (a body is made twice, and again for each retry) need not look for their
 * newlines again: the scans were a tenth of a cloud klib's CPU. Later events are scanned.
 */
export const LOGPIPE_KNOWN_LINES: u32 = 4096;

/** A cursor over the ring: where the next event starts, and the event read last. */
export interface LogEvent {
    /** The event's bytes (inside the ring; valid until the batch is released). */
    data: BytePtr;
    length: u32;
    /** REALTIME when the line's first byte was written (never earlier than the event before). */
    stamp: timestamp;
    /** The event reports lost output rather than carrying a line. */
    loss: boolean;
    /** Position of the entry the cursor is in, and how many of its bytes are behind it. */
    pos: u64;
    offset: u32;
}

export interface LogPipe {
    /** Orders the console path against the flush path; held only for bounded, allocation-free work. */
    lock: Spinlock;
    /** The heap of the records (this one and its cursors); the region is from ringHeap. */
    h: Heap;
    ringHeap: Heap;
    mem: BytePtr;
    size: u64;
    /** size - 1 when size is a power of two (offsets are then a mask, not a division); else 0. */
    offsetMask: u64;
    /** Longest line an entry holds; a longer line continues in the next entry. */
    lineCap: u32;

    // Console side. Sealed entries end at head; the open entry (a line waiting for its newline)
    // starts there. headAt is head's offset in the region (head % size, kept without dividing).
    head: u64;
    headAt: u64;
    open: boolean;
    openLength: u32;
    openStamp: timestamp;
    /** A flush tick has seen the open entry: the next tick ships it even without a newline. */
    openSeen: boolean;
    /**
     * The open entry may hold whole lines before its open one: a write that ended a continued line
     * stored the rest of it (whole lines, then a partial one) as the open entry, as written. They
     * are sealed with the open line's newline, or split off at the next flush tick or line cap.
     */
    openHasLines: boolean;
    /**
     * How long the open entry may grow on the console path's shortest way: below the line cap, and
     * within the room the ring had for it when it was last reserved (releases only add room; 0 when
     * unknown).
     */
    openRoom: u32;
    /** The rest of the current line is being dropped (the ring was full). */
    discarding: boolean;
    lastStamp: timestamp;
    /** Loss not yet reported by a loss entry. */
    lostLines: u64;
    lostBytes: u64;

    /**
     * Where the ring's used space starts: the oldest entry a reader still holds (the batch reader's,
     * or the follower's when it is behind). The console path's limit: head - tail bytes are in use.
     */
    tail: u64;

    // Flush side (the batch reader). Entries from readPos on are not delivered; readOffset bytes of
    // the entry at readPos were (a long line split over two batches). batchReader: false when only
    // the follower reads the ring (its space then never waits for batches).
    readPos: u64;
    readOffset: u32;
    batchReader: boolean;
    maxEvents: u32;
    maxBytes: u64;
    eventOverhead: u32;
    maxEventBytes: u32;
    maxSpan: timestamp;
    inFlight: boolean;
    batchEnd: u64;
    batchEndOffset: u32;
    batchEvents: u32;
    batchBytes: u64;
    /** The cursor the klib reads events with, and the one batching scans with. */
    event: LogEvent;
    scan: LogEvent;
    /**
     * The batch's first events (knownCount of them, at most LOGPIPE_KNOWN_LINES): for each, a
     * word with where its bytes start (their offset in the region) in the high half and where
     * its line ends (lineEnd, nextEvent) in the low half; readIndex, the next event to read.
     */
    knownLines: BytePtr;
    knownCount: u32;
    readIndex: u32;
    /** Where the event read last started (for logpipeReleaseBefore). */
    eventPos: u64;
    eventOffset: u32;

    // The follower (follower.ts): a second reader of whole entries, independent of batches (syslog's
    // file output). Entries from followPos on are not read by it yet.
    following: boolean;
    followPos: u64;

    // Totals since creation, for the klib's own reporting: bytes the console path stored (without
    // the newlines that end entries), events taken into batches (once each, however often a batch
    // is retried), and output lost to a full ring.
    totalBytes: u64;
    totalEvents: u64;
    totalLostLines: u64;
    totalLostBytes: u64;
}

/** The room an entry of `length` bytes takes: the header and the bytes rounded up to 16. @inline */
export function logpipeFootprint(length: u64): u64 {
    return LOGPIPE_HEADER + (((length + 15) >> 4) << 4);
}

/** An entry header's second word. @inline */
export function logpipeHeaderWord(kind: u64, length: u32): u64 {
    return (kind << 32) | length;
}

/**
 * Moves tail to the oldest position a reader still holds (the batch reader's, the follower's), or
 * to head when nothing reads. With the lock held; called whenever a reader moves.
 */
export function logpipeUpdateTail(p: LogPipe): void {
    let oldest: u64 = p.batchReader ? p.readPos : p.head;
    if (p.following && p.followPos < oldest) oldest = p.followPos;
    p.tail = oldest;
}

/**
 * Where position `pos` is in the region (the flush path's reads; the console path keeps headAt).
 * The flush path asks several times per event and pass, and a 64-bit division costs tens of
 * cycles: a ring whose size is a power of two (the default, and any size given in `k` or `m` that
 * is one) masks instead. @inline
 */
export function logpipeOffset(p: LogPipe, pos: u64): u64 {
    return p.offsetMask !== 0 ? pos & p.offsetMask : pos % p.size;
}

/**
 * A pipe with a ring of about `size` bytes (rounded down to 16) from `ringHeap` (the klibs pass the
 * kernel's vmem heap: see the top of this file) and lines capped at `lineCap` bytes, its records
 * from `h`; null when a heap fails or the sizes are out of range. The region is allocated
 * last, so nothing is ever given back to `ringHeap` on a failure (the kernel's vmem heap unmaps
 * what it is given back but does not free its physical pages). Batch limits start unlimited but
 * for one event of lineCap: set them with logpipeSetLimits.
 */
export function logpipeCreate(h: Heap, ringHeap: Heap, size: u64, lineCap: u32): LogPipe | null {
    const ringSize: u64 = (size >> 4) << 4;
    if (ringSize < LOGPIPE_MIN_SIZE || lineCap < LOGPIPE_MIN_LINE_CAP) return null;
    // A full-length entry must fit with room to spare, or one long line could stall the ring.
    if (logpipeFootprint(lineCap) > ringSize >> 2) return null;
    const p: LogPipe = allocate<LogPipe>(h);
    if (p === INVALID_ADDRESS) return null;
    const event: LogEvent = allocate<LogEvent>(h);
    const scan: LogEvent = allocate<LogEvent>(h);
    const known: BytePtr = allocateBytes(h, (LOGPIPE_KNOWN_LINES as u64) * 8);
    const records: boolean = event !== INVALID_ADDRESS && scan !== INVALID_ADDRESS && known !== INVALID_ADDRESS;
    const mem: BytePtr = records ? allocateBytes(ringHeap, ringSize) : INVALID_ADDRESS;
    if (mem === INVALID_ADDRESS) {
        if (event !== INVALID_ADDRESS) deallocate(h, event);
        if (scan !== INVALID_ADDRESS) deallocate(h, scan);
        if (known !== INVALID_ADDRESS) deallocateBytes(h, known, (LOGPIPE_KNOWN_LINES as u64) * 8);
        deallocate(h, p);
        return null;
    }
    spinLockInit(p.lock);
    p.h = h;
    p.ringHeap = ringHeap;
    p.mem = mem;
    p.size = ringSize;
    p.offsetMask = (ringSize & (ringSize - 1)) === 0 ? ringSize - 1 : 0;
    p.lineCap = lineCap;
    p.head = 0;
    p.headAt = 0;
    p.open = false;
    p.openLength = 0;
    p.openStamp = 0;
    p.openSeen = false;
    p.openHasLines = false;
    p.openRoom = 0;
    p.discarding = false;
    p.lastStamp = 0;
    p.lostLines = 0;
    p.lostBytes = 0;
    p.tail = 0;
    p.readPos = 0;
    p.readOffset = 0;
    p.batchReader = true;
    p.maxEvents = 0xffffffff;
    p.maxBytes = 0xffffffffffffffffn;
    p.eventOverhead = 0;
    p.maxEventBytes = lineCap;
    p.maxSpan = 0;
    p.inFlight = false;
    p.batchEnd = 0;
    p.batchEndOffset = 0;
    p.batchEvents = 0;
    p.batchBytes = 0;
    p.event = event;
    p.scan = scan;
    p.knownLines = known;
    p.knownCount = 0;
    p.readIndex = 0;
    p.eventPos = 0;
    p.eventOffset = 0;
    p.following = false;
    p.followPos = 0;
    p.totalBytes = 0;
    p.totalEvents = 0;
    p.totalLostLines = 0;
    p.totalLostBytes = 0;
    return p;
}

export function logpipeDestroy(p: LogPipe): void {
    const h: Heap = p.h;
    deallocateBytes(p.ringHeap, p.mem, p.size);
    deallocate(h, p.event);
    deallocate(h, p.scan);
    deallocateBytes(h, p.knownLines, (LOGPIPE_KNOWN_LINES as u64) * 8);
    deallocate(h, p);
}

/** The stamp word of the entry at `pos`. @inline */
export function logpipeEntryStamp(p: LogPipe, pos: u64): timestamp {
    return loadWord(p.mem, logpipeOffset(p, pos));
}

/** The length | kind << 32 word of the entry at `pos`. @inline */
export function logpipeEntryWord(p: LogPipe, pos: u64): u64 {
    return loadWord(p.mem, logpipeOffset(p, pos) + 8);
}
