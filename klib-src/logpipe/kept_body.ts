// A request body made once and read as often as needed. A sink that reads its body twice
// (SinkApi.bodyReadTwice: cloudwatch hashes it for SigV4, which puts the hash in the headers,
// before the HTTP client sends it) gets it from here: the first reading makes the body with the
// shipper's writer and keeps each part in the ring's spare room (spare.ts) as it goes; a later
// reading copies the parts back. A part the console path has written over since (a burst filled
// the ring) is made again: the writer goes back to the body's start and makes the parts read so
// far again without giving them out, then goes on making. Making is deterministic for a batch in
// flight, so the bytes are the same either way, and keeping adds nothing to memory: the parts
// live in ring bytes no entry uses.
import { bytes, closure, u32, u64 } from '../dialect';
import { allocate, Buffer, bufferAt, bufferEnd, bufferExtend, bufferLength, bufferProduce, Heap, INVALID_ADDRESS } from '../nanos';
import { HttpBodyParts } from '../lib/http_client';
import { bufferTruncate } from './bindings';
import { LogPipe } from './ring';
import { LOGPIPE_SPARE_GONE, logpipeSpareCopy, logpipeSpareKeep, logpipeSpareLength, logpipeSpareStart } from './spare';

export interface KeptBody {
    pipe: LogPipe;
    /** Makes the body's parts in order (called with null: from the start again). */
    make: HttpBodyParts;
    /** Reads the body: what the sink and the HTTP client are given. */
    parts: HttpBodyParts;
    /** Spare room to ask for: a little over the body's likely size. */
    want: u64;
    /** A whole reading has made the body: later readings copy kept parts. */
    made: boolean;
    /** The body's parts (once made), and how many of the first of them are kept. */
    count: u32;
    kept: u32;
    /** Where the first part is kept; where the next one made goes (0: no room, no more are kept). */
    keptFrom: u64;
    keepAt: u64;
    /** A later reading: where its next part is, how many it has given, and whether it is making them again. */
    readAt: u64;
    read: u32;
    remaking: boolean;
}

/** Reads that make the body's parts, keeping each while there is room. */
function makePart(k: KeptBody, b: Buffer): boolean {
    const from: bytes = bufferLength(b);
    const last: boolean = k.make(b);
    k.count++;
    if (k.keepAt !== 0) {
        k.keepAt = logpipeSpareKeep(k.pipe, k.keepAt, bufferAt(b, from), bufferLength(b) - from);
        if (k.keepAt !== 0) k.kept++;
    }
    if (last) k.made = true;
    return last;
}

// The part after the k.read given so far is not kept, or was written over: the writer goes back to
// the body's start and makes those again, dropped, so that the next part it makes is this one.
function remakeFromHere(k: KeptBody, b: Buffer): void {
    const from: bytes = bufferLength(b);
    k.make(null);
    for (let i: u32 = 0; i < k.read; i++) {
        k.make(b);
        bufferTruncate(b, from);
    }
    k.remaking = true;
}

/** A later reading: the next part from the ring, or made again when it is not there. */
function readPart(k: KeptBody, b: Buffer): boolean {
    if (!k.remaking && k.read < k.kept) {
        const n: u64 = logpipeSpareLength(k.pipe, k.readAt);
        if (n !== LOGPIPE_SPARE_GONE && bufferExtend(b, n)) {
            const next: u64 = logpipeSpareCopy(k.pipe, k.readAt, bufferEnd(b), n);
            if (next !== 0) {
                bufferProduce(b, n);
                k.readAt = next;
                k.read++;
                return k.read === k.count;
            }
        }
    }
    if (!k.remaking) remakeFromHere(k, b);
    k.read++;
    return k.make(b);
}

/** A kept body for `pipe` whose parts `make` writes; null when out of memory. */
export function keptBodyNew(h: Heap, pipe: LogPipe, make: HttpBodyParts): KeptBody | null {
    const k: KeptBody = allocate<KeptBody>(h);
    if (k === INVALID_ADDRESS) return null;
    k.pipe = pipe;
    k.make = make;
    k.want = 0;
    k.made = false;
    k.count = 0;
    k.kept = 0;
    k.keptFrom = 0;
    k.keepAt = 0;
    k.readAt = 0;
    k.read = 0;
    k.remaking = false;
    k.parts = closure(h, (b: Buffer | null): boolean => {
        if (b !== null) return k.made ? readPart(k, b) : makePart(k, b);
        if (k.made) {
            k.readAt = k.keptFrom;
            k.read = 0;
            k.remaking = false;
            return false;
        }
        // A reading from the start that makes the body (again, if one was cut short).
        k.make(null);
        k.count = 0;
        k.kept = 0;
        k.keptFrom = logpipeSpareStart(k.pipe, k.want);
        k.keepAt = k.keptFrom;
        return false;
    });
    return k.parts === INVALID_ADDRESS ? null : k;
}

/**
 * A new request (a new batch, or the same one with another head): its first reading makes the
 * body, keeping it in about `want` bytes of spare room.
 */
export function keptBodyRenew(k: KeptBody, want: u64): void {
    k.want = want;
    k.made = false;
}
