// The flush path: ship sealed entries in batches under the klib's API limits. A batch is taken from
// the oldest unreleased entry, split into events (a line longer than the per-event cap becomes
// several events, cut on UTF-8 boundaries), and stays in the ring until the klib releases it: after
// a failure the klib takes it again and gets exactly the same events. One batch at a time; these
// functions are called from one context at a time (the klib's flush path).
import { bytes, timestamp, u32, u64 } from '../dialect';
import { byteOffset, spinLockIrq, spinUnlockIrq } from '../nanos';
import {
    LOGPIPE_HEADER, LOGPIPE_KIND_LINE, LOGPIPE_KIND_PAD, logpipeEntryStamp, logpipeEntryWord, logpipeFootprint,
    logpipeOffset, LogEvent, LogPipe,
} from './ring';
import { logpipeUtf8Cut } from './utf8';
import { logpipeScanNewline } from './words';
import { logpipeCutOpen, logpipeReportLoss, logpipeStamp } from './writer';

const CARRIAGE_RETURN = 13;

/** The smallest per-event cap: an event must hold any UTF-8 sequence. */
export const LOGPIPE_MIN_EVENT_BYTES: u32 = 4;

/**
 * The klib's API limits: at most `maxEvents` events and `maxBytes` bytes per batch, counting each
 * event as its length plus `eventOverhead`; events of at most `maxEventBytes` bytes; the stamps of
 * one batch less than `maxSpan` apart (0: no limit). False (and nothing changed) when one event of
 * the largest size could not fit in a batch. Not while a batch is in flight: it would change it.
 */
export function logpipeSetLimits(p: LogPipe, maxEvents: u32, maxBytes: u64, eventOverhead: u32,
                                 maxEventBytes: u32, maxSpan: timestamp): boolean {
    if (p.inFlight || maxEvents === 0 || maxEventBytes < LOGPIPE_MIN_EVENT_BYTES) return false;
    if (maxBytes < maxEventBytes || maxBytes - maxEventBytes < eventOverhead) return false;
    p.maxEvents = maxEvents;
    p.maxBytes = maxBytes;
    p.eventOverhead = eventOverhead;
    p.maxEventBytes = maxEventBytes;
    p.maxSpan = maxSpan;
    return true;
}

/** Puts cursor `e` at the oldest undelivered byte. */
function rewind(p: LogPipe, e: LogEvent): void {
    e.pos = p.tail;
    e.offset = p.tailOffset;
}

/**
 * Reads the event at cursor `e` into it and moves the cursor past it, if the event starts before
 * (endPos, endOffset); false at the end. Pad entries and empty lines are skipped. The only place
 * events are cut, so taking a batch and reading it agree: an event is one line of a line entry (the
 * entry's lines end at its newlines, less a CR before one, and at its end), or a loss report;
 * either cut into pieces of at most maxEventBytes on UTF-8 boundaries.
 */
function nextEvent(p: LogPipe, e: LogEvent, endPos: u64, endOffset: u32): boolean {
    while (e.pos < endPos || (e.pos === endPos && e.offset < endOffset)) {
        const word: u64 = logpipeEntryWord(p, e.pos);
        const kind: u64 = word >> 32;
        const length: u32 = (word & 0xffffffff) as u32;
        if (kind === LOGPIPE_KIND_PAD) {
            e.pos += p.size - logpipeOffset(p, e.pos);
            e.offset = 0;
            continue;
        }
        if (e.offset >= length) {
            e.pos += logpipeFootprint(length);
            e.offset = 0;
            continue;
        }
        const base: u64 = logpipeOffset(p, e.pos) + LOGPIPE_HEADER;
        // The line the cursor is in ends at lineEnd (a newline, or the entry's end); its bytes at
        // stop (less a CR before that newline).
        let lineEnd: u32 = length;
        let stop: u32 = length;
        if (kind === LOGPIPE_KIND_LINE) {
            lineEnd = (logpipeScanNewline(p.mem, base + e.offset, base + length) - base) as u32;
            stop = lineEnd;
            if (lineEnd < length && stop > e.offset && p.mem[base + stop - 1] === CARRIAGE_RETURN) stop--;
            if (stop === e.offset) {
                e.offset = lineEnd + 1; // an empty line: no event
                continue;
            }
        }
        const start: u64 = base + e.offset;
        let n: u32 = stop - e.offset;
        if (n > p.maxEventBytes) {
            n = logpipeUtf8Cut(p.mem, start, p.maxEventBytes);
            if (n === 0) n = p.maxEventBytes;
        }
        e.data = byteOffset(p.mem, start);
        e.length = n;
        e.stamp = logpipeEntryStamp(p, e.pos);
        e.loss = kind !== LOGPIPE_KIND_LINE;
        e.offset += n;
        if (e.offset === stop) e.offset = lineEnd < length ? lineEnd + 1 : length;
        if (e.offset === length) {
            e.pos += logpipeFootprint(length);
            e.offset = 0;
        }
        return true;
    }
    return false;
}

/**
 * The flush timer's work before taking a batch: ships a line that has waited a whole flush
 * interval without its newline (seen open by the previous tick), or any open line with `force`
 * (shutdown), and writes the pending loss report if there is room. True when there is anything to
 * send (sealed entries not yet delivered).
 */
export function logpipeFlushTick(p: LogPipe, force: boolean): boolean {
    const flags = spinLockIrq(p.lock);
    if (p.open && p.openLength > 0) {
        if (force || p.openSeen) logpipeCutOpen(p, force);
        else p.openSeen = true;
    }
    if (!p.open && (p.lostLines !== 0 || p.lostBytes !== 0)) logpipeReportLoss(p, logpipeStamp(p));
    const pending: boolean = p.head !== p.tail || p.tailOffset !== 0;
    spinUnlockIrq(p.lock, flags);
    return pending;
}

/** Gives the ring up to (pos, offset) back to the console path. */
function freeTo(p: LogPipe, pos: u64, offset: u32): void {
    const flags = spinLockIrq(p.lock);
    p.tail = pos;
    p.tailOffset = offset;
    spinUnlockIrq(p.lock, flags);
}

/**
 * Takes the next batch: as many events from the oldest undelivered one as the limits allow, in
 * order. Returns its number of events (0: nothing to send). While a batch is in flight (taken, not
 * released) it returns that same batch again, unchanged: the retry after a failure.
 */
export function logpipeTakeBatch(p: LogPipe): u32 {
    if (p.inFlight) return p.batchEvents;
    const flags = spinLockIrq(p.lock);
    const head: u64 = p.head;
    spinUnlockIrq(p.lock, flags);
    // Entries before head are sealed: the console path no longer writes them, so no lock is needed.
    const e: LogEvent = p.scan;
    rewind(p, e);
    let events: u32 = 0;
    let total: u64 = 0;
    let first: timestamp = 0;
    while (events < p.maxEvents) {
        const pos: u64 = e.pos;
        const offset: u32 = e.offset;
        if (!nextEvent(p, e, head, 0)) break;
        const size: u64 = e.length + p.eventOverhead;
        const tooLate: boolean = events > 0 && p.maxSpan !== 0 && e.stamp - first >= p.maxSpan;
        if (total + size > p.maxBytes || tooLate) {
            e.pos = pos;
            e.offset = offset;
            break;
        }
        if (events === 0) first = e.stamp;
        events++;
        total += size;
    }
    if (events === 0) {
        // Nothing to send, but what the scan went past (pads, entries of empty lines) is done with.
        freeTo(p, e.pos, e.offset);
        return 0;
    }
    p.batchEnd = e.pos;
    p.batchEndOffset = e.offset;
    p.batchEvents = events;
    p.batchBytes = total;
    p.inFlight = true;
    p.totalEvents += events;
    return events;
}

/** The batch's size as the limits count it: event bytes plus the per-event overhead. */
export function logpipeBatchBytes(p: LogPipe): u64 {
    return p.inFlight ? p.batchBytes : 0;
}

/** The first event of the batch in flight (the pipe's event record), or null when there is none. */
export function logpipeFirstEvent(p: LogPipe): LogEvent | null {
    if (!p.inFlight) return null;
    rewind(p, p.event);
    return logpipeNextEvent(p);
}

/** The next event of the batch in flight, or null after its last one. */
export function logpipeNextEvent(p: LogPipe): LogEvent | null {
    if (!p.inFlight || !nextEvent(p, p.event, p.batchEnd, p.batchEndOffset)) return null;
    return p.event;
}

/**
 * Frees the batch in flight: call it when the batch was delivered, or when the klib gives it up
 * (a request the API refuses for good). Its space goes back to the console path.
 */
export function logpipeRelease(p: LogPipe): void {
    if (!p.inFlight) return;
    p.inFlight = false;
    freeTo(p, p.batchEnd, p.batchEndOffset);
}

/** Bytes of the ring in use (sealed entries not released, pads included), for the klib's reports. */
export function logpipeUsed(p: LogPipe): bytes {
    const flags = spinLockIrq(p.lock);
    const used: bytes = p.head - p.tail;
    spinUnlockIrq(p.lock, flags);
    return used;
}
