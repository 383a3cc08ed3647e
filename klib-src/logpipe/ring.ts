// The log pipe's ring: one preallocated region holding entries back to back, written by the console
// path and released by the flush path. An entry is a 16-byte header (the stamp; then the length
// and the kind) followed by its bytes, padded to 16, and never wraps: an entry that would cross
// the end of the region is preceded by a pad entry that fills the rest of it. Positions are byte
// counts since creation (never reset), so used space is head - tail and the offset in the region
// is position % size.
import { bytes, timestamp, u32, u64 } from '../dialect';
import {
    allocate, allocateBytes, byteOffset, BytePtr, ClockId, copyBytes, deallocate, deallocateBytes, Heap,
    INVALID_ADDRESS, kernNow, Spinlock,
} from '../nanos';
import { loadWord, spinLockInit, storeWord } from './bindings';
import { LOGPIPE_LOSS_TEXT_MAX, logpipeFormatLoss } from './loss_text';

/** Bytes of an entry header: the stamp word, then the length | kind << 32 word. */
export const LOGPIPE_HEADER: u32 = 16;
/** The smallest ring: room for a few entries of the smallest line cap. */
export const LOGPIPE_MIN_SIZE: u64 = 1024;
/** The smallest line cap: a cap must hold any UTF-8 sequence with room to spare. */
export const LOGPIPE_MIN_LINE_CAP: u32 = 16;

export const LOGPIPE_KIND_LINE: u64 = 1;
export const LOGPIPE_KIND_LOSS: u64 = 2;
export const LOGPIPE_KIND_PAD: u64 = 3;

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
    h: Heap;
    mem: BytePtr;
    size: u64;
    /** Longest entry the framing makes; a longer line continues in the next entry. */
    lineCap: u32;

    // Console side. Sealed entries end at head; the open entry (a line waiting for its newline)
    // starts there.
    head: u64;
    open: boolean;
    openLength: u32;
    openStamp: timestamp;
    /** A flush tick has seen the open entry: the next tick ships it even without a newline. */
    openSeen: boolean;
    /** The rest of the current line is being dropped (the ring was full). */
    discarding: boolean;
    lastStamp: timestamp;
    /** Loss not yet reported by a loss entry. */
    lostLines: u64;
    lostBytes: u64;

    // Flush side. Entries from tail on are not released; tailOffset bytes of the entry at tail were
    // already delivered (a long line split over two batches).
    tail: u64;
    tailOffset: u32;
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

    // Totals since creation, for the klib's own reporting.
    totalLines: u64;
    totalBytes: u64;
    totalLostLines: u64;
    totalLostBytes: u64;
}

/** The room an entry of `length` bytes takes: the header and the bytes rounded up to 16. */
export function logpipeFootprint(length: u64): u64 {
    return LOGPIPE_HEADER + (((length + 15) >> 4) << 4);
}

/** An entry header's second word. */
function headerWord(kind: u64, length: u32): u64 {
    return (kind << 32) | length;
}

/** Where position `pos` is in the region. */
export function logpipeOffset(p: LogPipe, pos: u64): u64 {
    return pos % p.size;
}

/**
 * A pipe with a ring of about `size` bytes (rounded down to 16) and lines capped at `lineCap`
 * bytes, allocated from `h`; null when `h` fails or the sizes are out of range. Batch limits
 * start unlimited but for one event of lineCap: set them with logpipeSetLimits.
 */
export function logpipeCreate(h: Heap, size: u64, lineCap: u32): LogPipe | null {
    const ringSize: u64 = (size >> 4) << 4;
    if (ringSize < LOGPIPE_MIN_SIZE || lineCap < LOGPIPE_MIN_LINE_CAP) return null;
    // A full-length entry must fit with room to spare, or one long line could stall the ring.
    if (logpipeFootprint(lineCap) > ringSize >> 2) return null;
    const p: LogPipe = allocate<LogPipe>(h);
    if (p === INVALID_ADDRESS) return null;
    const event: LogEvent = allocate<LogEvent>(h);
    const scan: LogEvent = allocate<LogEvent>(h);
    const mem: BytePtr = allocateBytes(h, ringSize);
    if (event === INVALID_ADDRESS || scan === INVALID_ADDRESS || mem === INVALID_ADDRESS) {
        if (event !== INVALID_ADDRESS) deallocate(h, event);
        if (scan !== INVALID_ADDRESS) deallocate(h, scan);
        if (mem !== INVALID_ADDRESS) deallocateBytes(h, mem, ringSize);
        deallocate(h, p);
        return null;
    }
    spinLockInit(p.lock);
    p.h = h;
    p.mem = mem;
    p.size = ringSize;
    p.lineCap = lineCap;
    p.head = 0;
    p.open = false;
    p.openLength = 0;
    p.openStamp = 0;
    p.openSeen = false;
    p.discarding = false;
    p.lastStamp = 0;
    p.lostLines = 0;
    p.lostBytes = 0;
    p.tail = 0;
    p.tailOffset = 0;
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
    p.totalLines = 0;
    p.totalBytes = 0;
    p.totalLostLines = 0;
    p.totalLostBytes = 0;
    return p;
}

export function logpipeDestroy(p: LogPipe): void {
    const h: Heap = p.h;
    deallocateBytes(h, p.mem, p.size);
    deallocate(h, p.event);
    deallocate(h, p.scan);
    deallocate(h, p);
}

/** REALTIME now, but never before the last stamp: batches must be chronological even if the clock steps back. */
export function logpipeStamp(p: LogPipe): timestamp {
    let t: timestamp = kernNow(ClockId.Realtime);
    if (t < p.lastStamp) t = p.lastStamp;
    p.lastStamp = t;
    return t;
}

/**
 * Makes room for the entry at head (the open one, if any) to take `footprint` bytes in one piece.
 * When it would cross the end of the region, a pad entry fills the rest and the open entry's bytes
 * move to the start (at most lineCap of them, once per entry). False when the ring is too full.
 * Called with the lock held.
 */
export function logpipeReserve(p: LogPipe, footprint: u64): boolean {
    const used: u64 = p.head - p.tail;
    const at: u64 = logpipeOffset(p, p.head);
    if (at + footprint <= p.size) return used + footprint <= p.size;
    const pad: u64 = p.size - at;
    if (used + pad + footprint > p.size) return false;
    // The destination [0, footprint) is free and below the open entry, so the copy cannot overlap.
    if (p.open) copyBytes(p.mem, byteOffset(p.mem, at), LOGPIPE_HEADER + p.openLength);
    storeWord(p.mem, at + 8, headerWord(LOGPIPE_KIND_PAD, 0));
    p.head += pad;
    return true;
}

/** Closes the open entry at `length` bytes (at most its length) and moves head past it. */
export function logpipeSealOpen(p: LogPipe, length: u32): void {
    const at: u64 = logpipeOffset(p, p.head);
    storeWord(p.mem, at + 8, headerWord(LOGPIPE_KIND_LINE, length));
    p.head += logpipeFootprint(length);
    p.open = false;
    p.openLength = 0;
    p.totalLines++;
}

/** Starts an open entry stamped `stamp` with room for `first` bytes; false when the ring is full. */
export function logpipeStartOpen(p: LogPipe, stamp: timestamp, first: u32): boolean {
    if (!logpipeReserve(p, logpipeFootprint(first))) return false;
    storeWord(p.mem, logpipeOffset(p, p.head), stamp);
    p.open = true;
    p.openLength = 0;
    p.openStamp = stamp;
    p.openSeen = false;
    return true;
}

/**
 * Appends the entry that reports pending loss, if there is any and room for it (the ring has
 * freed space). Only between lines: the report must not land inside the open entry.
 */
export function logpipeReportLoss(p: LogPipe): void {
    if (p.open || (p.lostLines === 0 && p.lostBytes === 0)) return;
    if (!logpipeReserve(p, logpipeFootprint(LOGPIPE_LOSS_TEXT_MAX))) return;
    const at: u64 = logpipeOffset(p, p.head);
    const length: u32 = logpipeFormatLoss(p.mem, at + LOGPIPE_HEADER, p.lostLines, p.lostBytes);
    storeWord(p.mem, at, logpipeStamp(p));
    storeWord(p.mem, at + 8, headerWord(LOGPIPE_KIND_LOSS, length));
    p.head += logpipeFootprint(length);
    p.lostLines = 0;
    p.lostBytes = 0;
}

/** The stamp word of the entry at `pos`. */
export function logpipeEntryStamp(p: LogPipe, pos: u64): timestamp {
    return loadWord(p.mem, logpipeOffset(p, pos));
}

/** The length | kind << 32 word of the entry at `pos`. */
export function logpipeEntryWord(p: LogPipe, pos: u64): u64 {
    return loadWord(p.mem, logpipeOffset(p, pos) + 8);
}
