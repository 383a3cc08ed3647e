// The flush path: ship sealed entries in batches under the klib's API limits. A batch is taken from
// the oldest unreleased entry, split into events (a line longer than the per-event cap becomes
// several events, cut on UTF-8 boundaries), and stays in the ring until the klib releases it: after
// a failure the klib takes it again and gets exactly the same events. One batch at a time; these
// functions are called from one context at a time (the klib's flush path).
//
// Sizes are counted as the API sees the text: the klibs' JSON escaper sends each ill-formed UTF-8
// subpart as U+FFFD (3 bytes, for as little as 1 byte in the ring), so an event's size is its
// length after that replacement (escapes are transport and do not count). The count is made in
// the same scan that finds where a long event is cut, with the escaper's own reading of a UTF-8
// sequence, so a batch fills up to the API's limit and never passes it.
import { bytes, timestamp, u32, u64 } from '../dialect';
import { BytePtr, byteOffset, spinLockIrq, spinUnlockIrq } from '../nanos';
import {
    LOGPIPE_HEADER, LOGPIPE_KIND_LINE, LOGPIPE_KIND_LOSS, LOGPIPE_KIND_PAD, LOGPIPE_KNOWN_LINES, logpipeEntryStamp, logpipeEntryWord,
    logpipeFootprint, logpipeOffset, logpipeUpdateTail, LogEvent, LogPipe,
} from './ring';
import { utf8SequenceLength } from '../lib/json_escape';
import { loadBytes8, loadWord, lsb, storeWord } from './bindings';
import { logpipeScanNewline, LOGPIPE_TOP_BITS } from './words';
import { logpipeCutOpen, logpipeReportLoss, logpipeSplitOpenLines, logpipeStamp } from './writer';

const CARRIAGE_RETURN = '\r'.charCodeAt(0);
/** What U+FFFD takes in UTF-8: the size of any ill-formed subpart once replaced. */
const REPLACEMENT_BYTES: u32 = 3;

/** The smallest per-event cap: an event must hold any UTF-8 sequence. */
export const LOGPIPE_MIN_EVENT_BYTES: u32 = 4;

/**
 * The klib's API limits: at most `maxEvents` events and `maxBytes` bytes per batch, counting each
 * event as its size plus `eventOverhead`; events of at most `maxEventBytes` bytes; the stamps of
 * one batch less than `maxSpan` apart (0: no limit). Sizes are after invalid UTF-8 is replaced
 * (logpipeUtf8Measure). False (and nothing changed) when one event of the largest size could not
 * fit in a batch. Not while a batch is in flight: it would change it.
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

/**
 * Reads the `n` bytes at p[start] as the JSON escaper sends them (a well-formed sequence as it is,
 * each maximal ill-formed subpart as U+FFFD) and finds the longest prefix of whole units whose
 * size after that replacement is at most `cap` (cap >= 4 always takes at least one unit). Returns
 * that prefix's length in bytes times 2^32 plus its size; a prefix of n means all of it fits.
 * Cutting between units keeps every unit of the pieces what it was in the whole, so the pieces'
 * replacements put together are the whole's.
 */
export function logpipeUtf8Measure(p: BytePtr, start: bytes, n: u32, cap: u64): u64 {
    let i: u32 = 0;
    let size: u64 = 0;
    while (i < n) {
        // ASCII counts 1 for 1. Long runs (most log text) go 32 bytes at a time while they fit.
        while (i + 32 <= n && size + 32 <= cap &&
               ((loadBytes8(p, start + i) | loadBytes8(p, start + i + 8) | loadBytes8(p, start + i + 16) |
                 loadBytes8(p, start + i + 24)) & LOGPIPE_TOP_BITS) === 0) {
            i += 32;
            size += 32;
        }
        if (i >= n) break;
        // The top bits of the next `span` bytes, from one word: the word at i; near the end, the
        // last word of the bytes with the bytes before i shifted out; a byte at a time when the
        // bytes are shorter than a word. The ASCII bytes before the first top bit go at once.
        let span: u32 = 1;
        let high: u64 = p[start + i] & 0x80;
        if (i + 8 <= n) {
            span = 8;
            high = loadBytes8(p, start + i) & LOGPIPE_TOP_BITS;
        } else if (n >= 8) {
            span = n - i;
            high = (loadBytes8(p, start + n - 8) & LOGPIPE_TOP_BITS) >> ((8 - span) * 8);
        }
        const ascii: u32 = high === 0 ? span : (lsb(high) >> 3) as u32;
        if (ascii > 0) {
            if (size + ascii > cap) {
                i += (cap - size) as u32;
                size = cap;
                break;
            }
            i += ascii;
            size += ascii;
            continue;
        }
        // A byte of 0x80 or more: a UTF-8 sequence as it is, or an ill-formed subpart as U+FFFD.
        const length = utf8SequenceLength(p, start + i, start + n);
        const raw: u32 = length > 0 ? length as u32 : -length as u32;
        const out: u32 = length > 0 ? raw : REPLACEMENT_BYTES;
        if (size + out > cap) break;
        i += raw;
        size += out;
    }
    return ((i as u64) << 32) | size;
}

/** Puts cursor `e` at the oldest undelivered byte. */
function rewind(p: LogPipe, e: LogEvent): void {
    e.pos = p.readPos;
    e.offset = p.readOffset;
}

/** nextEvent's `index` for a reader that is not reading the batch in flight. */
const NO_INDEX: u32 = 0xffffffff;

// Where the line that starts (or goes on) at region offset `at`, in the entry whose bytes start at
// `base` and are `length` long, ends: noted for event `index` of the batch when it was taken, or
// looked for.
function lineEndOf(p: LogPipe, index: u32, at: u64, base: u64, length: u32): u32 {
    if (index < p.knownCount) {
        const known: u64 = loadWord(p.knownLines, (index as u64) * 8);
        if ((known >> 32) === at) return (known & 0xffffffff) as u32;
    }
    return (logpipeScanNewline(p.mem, at, base + length) - base) as u32;
}

/**
 * Reads the event at cursor `e` into it and moves the cursor past it, if the event starts before
 * (endPos, endOffset); 0 at the end. Pad entries and empty lines are skipped. The only place
 * events are cut, so taking a batch and reading it agree: an event is one line of a line entry (the
 * entry's lines end at its newlines and at its end, less a CR before a newline, or at the end of
 * an entry a newline followed: not a cut one), or a loss report;
 * either cut into pieces of at most maxEventBytes after replacement, between UTF-8 units.
 * Returns the event's size after replacement when `sized` (batching); readers pass false and only
 * test for 0: then the bytes are scanned only when they could pass the cap (3 bytes each), so
 * the cut is the same either way. `index`: the event's place in the batch in flight (NO_INDEX for
 * other readers): taking the batch notes where its line ends, and reading it uses the note.
 */
function nextEvent(p: LogPipe, e: LogEvent, endPos: u64, endOffset: u32, sized: boolean, index: u32): u64 {
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
        // stop (less a CR before a newline, the one after the entry included).
        let lineEnd: u32 = length;
        let stop: u32 = length;
        const loss: boolean = kind === LOGPIPE_KIND_LOSS;
        if (!loss) {
            lineEnd = lineEndOf(p, index, base + e.offset, base, length);
            stop = lineEnd;
            const newline: boolean = lineEnd < length || kind === LOGPIPE_KIND_LINE;
            if (newline && stop > e.offset && p.mem[base + stop - 1] === CARRIAGE_RETURN) stop--;
            if (stop === e.offset) {
                e.offset = lineEnd + 1; // an empty line: no event (past the end: the entry is done)
                continue;
            }
        }
        const start: u64 = base + e.offset;
        let n: u32 = stop - e.offset;
        let size: u64 = n;
        if (sized || (n as u64) * REPLACEMENT_BYTES > p.maxEventBytes) {
            const measured: u64 = logpipeUtf8Measure(p.mem, start, n, p.maxEventBytes);
            n = (measured >> 32) as u32;
            size = measured & 0xffffffff;
        }
        // Taking a batch notes where the line of each of its first events ends, for its readers
        // (a loss report's too, so that no note of an earlier batch is left among them).
        if (sized && index < LOGPIPE_KNOWN_LINES) {
            storeWord(p.knownLines, (index as u64) * 8, (start << 32) | lineEnd);
        }
        e.data = byteOffset(p.mem, start);
        e.length = n;
        e.stamp = logpipeEntryStamp(p, e.pos);
        e.loss = loss;
        e.offset += n;
        if (e.offset === stop) e.offset = lineEnd < length ? lineEnd + 1 : length;
        if (e.offset === length) {
            e.pos += logpipeFootprint(length);
            e.offset = 0;
        }
        return size;
    }
    return 0;
}

/**
 * The flush timer's work before taking a batch: splits off the whole lines the open entry holds
 * (openHasLines), ships a line that has waited a whole flush interval without its newline (seen
 * open by the previous tick), or any open line with `force` (shutdown), and writes the pending loss
 * report if there is room. True when there is anything to send (sealed entries not yet delivered).
 */
export function logpipeFlushTick(p: LogPipe, force: boolean): boolean {
    const flags = spinLockIrq(p.lock);
    // Whole lines the open entry holds before its open line go now (they are complete).
    if (p.open && p.openHasLines) logpipeSplitOpenLines(p);
    if (p.open && p.openLength > 0) {
        if (force || p.openSeen) logpipeCutOpen(p, force);
        else p.openSeen = true;
    }
    if (!p.open && (p.lostLines !== 0 || p.lostBytes !== 0)) logpipeReportLoss(p, logpipeStamp(p));
    const pending: boolean = p.batchReader && (p.head !== p.readPos || p.readOffset !== 0);
    spinUnlockIrq(p.lock, flags);
    return pending;
}

/** The batch reader is done up to (pos, offset): that space returns unless the follower still holds it. */
function freeTo(p: LogPipe, pos: u64, offset: u32): void {
    const flags = spinLockIrq(p.lock);
    p.readPos = pos;
    p.readOffset = offset;
    logpipeUpdateTail(p);
    spinUnlockIrq(p.lock, flags);
}

/**
 * Takes the next batch: as many events from the oldest undelivered one as the limits allow, in
 * order. Returns its number of events (0: nothing to send). While a batch is in flight (taken, not
 * released) it returns that same batch again, unchanged: the retry after a failure.
 */
export function logpipeTakeBatch(p: LogPipe): u32 {
    if (p.inFlight) return p.batchEvents;
    // The notes of the batch before are of bytes the ring may have taken again since.
    p.knownCount = 0;
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
        const eventSize: u64 = nextEvent(p, e, head, 0, true, events);
        if (eventSize === 0) break;
        const size: u64 = eventSize + p.eventOverhead;
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
    p.knownCount = events < LOGPIPE_KNOWN_LINES ? events : LOGPIPE_KNOWN_LINES;
    p.batchBytes = total;
    p.inFlight = true;
    p.totalEvents += events;
    return events;
}

/** The batch's size as the limits count it: event sizes after replacement plus the per-event overhead. */
export function logpipeBatchBytes(p: LogPipe): u64 {
    return p.inFlight ? p.batchBytes : 0;
}

/** The first event of the batch in flight (the pipe's event record), or null when there is none. */
export function logpipeFirstEvent(p: LogPipe): LogEvent | null {
    if (!p.inFlight) return null;
    rewind(p, p.event);
    p.readIndex = 0;
    return logpipeNextEvent(p);
}

/** The next event of the batch in flight, or null after its last one. */
export function logpipeNextEvent(p: LogPipe): LogEvent | null {
    if (!p.inFlight) return null;
    const pos: u64 = p.event.pos;
    const offset: u32 = p.event.offset;
    if (nextEvent(p, p.event, p.batchEnd, p.batchEndOffset, false, p.readIndex) === 0) return null;
    p.readIndex++;
    p.eventPos = pos;
    p.eventOffset = offset;
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

/**
 * Ends the batch in flight part way: the events before the one read last were delivered (`sent`
 * of them), that one and the rest were not, and come first in the next batch. For a klib that
 * sends events one at a time and can fail in the middle (syslog over UDP).
 */
export function logpipeReleaseBefore(p: LogPipe, sent: u32): void {
    if (!p.inFlight) return;
    p.inFlight = false;
    if (sent < p.batchEvents) p.totalEvents -= p.batchEvents - sent;
    if (sent > 0) freeTo(p, p.eventPos, p.eventOffset);
}

/** True while something waits for the batches: entries not delivered yet, or a line still open. */
export function logpipePending(p: LogPipe): boolean {
    const flags = spinLockIrq(p.lock);
    const pending: boolean = p.head !== p.readPos || p.readOffset !== 0 || (p.open && p.openLength > 0);
    spinUnlockIrq(p.lock, flags);
    return pending;
}

/** How many events the sealed entries hold that are not delivered yet (the batch in flight's too). */
export function logpipeUndelivered(p: LogPipe): u64 {
    const flags = spinLockIrq(p.lock);
    const head: u64 = p.head;
    spinUnlockIrq(p.lock, flags);
    const e: LogEvent = p.scan;
    rewind(p, e);
    let n: u64 = 0;
    while (nextEvent(p, e, head, 0, false, NO_INDEX) !== 0) n++;
    return n;
}

/** Output lost to a full ring: what loss entries report so far, and what waits for room to be reported. */
export interface LogpipeLoss {
    reportedLines: u64;
    reportedBytes: u64;
    pendingLines: u64;
    pendingBytes: u64;
}

/** Reads the loss counts into `out`, all at one instant. */
export function logpipeLossCounts(p: LogPipe, out: LogpipeLoss): void {
    const flags = spinLockIrq(p.lock);
    out.pendingLines = p.lostLines;
    out.pendingBytes = p.lostBytes;
    out.reportedLines = p.totalLostLines - p.lostLines;
    out.reportedBytes = p.totalLostBytes - p.lostBytes;
    spinUnlockIrq(p.lock, flags);
}

/** Bytes of the ring in use (sealed entries not released, pads included), for the klib's reports. */
export function logpipeUsed(p: LogPipe): bytes {
    const flags = spinLockIrq(p.lock);
    const used: bytes = p.head - p.tail;
    spinUnlockIrq(p.lock, flags);
    return used;
}

/**
 * When (REALTIME) the oldest line not yet delivered was written: the first entry from the tail, or
 * the open line when nothing older waits; 0 when there is none. For the klib's reports.
 */
export function logpipeOldestStamp(p: LogPipe): timestamp {
    const flags = spinLockIrq(p.lock);
    const head: u64 = p.head;
    const open: boolean = p.open && p.openLength > 0;
    const openStamp: timestamp = p.openStamp;
    spinUnlockIrq(p.lock, flags);
    // Entries before head are sealed: read without the lock, as the batches are.
    let pos: u64 = p.tail;
    while (pos < head) {
        if ((logpipeEntryWord(p, pos) >> 32) !== LOGPIPE_KIND_PAD) return logpipeEntryStamp(p, pos);
        pos += p.size - logpipeOffset(p, pos);
    }
    return open ? openStamp : 0;
}
