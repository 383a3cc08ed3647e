// AWS Signature Version 4 (the Authorization header) for the JSON APIs the klib calls. Headers are
// canonicalized as they are added (name lowercased, value trimmed, inner runs of spaces collapsed),
// sorted by name when signing, and every one added is signed: callers add exactly the headers
// they send (host, x-amz-date, x-amz-target, content-type, x-amz-security-token ...).
import { bytes, Fixed, s32, u8, u32 } from '../dialect';
import { allocateBytes, byteOffset, copyBytes, deallocateBytes } from '../nanos/memory';
import {
    allocate, allocateBuffer, Buffer, bufferData, bufferLength,
    bufferReset, bufferWriteByte, bufferWriteFrom, bufferWriteSString, bufferWriteText, BytePtr, deallocate,
    deallocateBuffer, Heap, INVALID_ADDRESS, SString,
} from '../nanos';
import { hexEncode } from '../lib/hex';
import { hmacSha256Of, sha256Of, sstringData, sstringSize } from './bindings';

/** The most headers one request signs. */
export const SIGV4_MAX_HEADERS: u32 = 12;
/** Length of the x-amz-date value, 20261125T090735Z. */
export const SIGV4_DATE_LENGTH: bytes = 16;

export interface SigV4 {
    h: Heap;
    /** The canonical header lines ("name:value"), in the order added, back to back. */
    headers: Buffer;
    start: Fixed<u32, 12>;
    nameEnd: Fixed<u32, 12>;
    end: Fixed<u32, 12>;
    order: Fixed<u32, 12>;
    count: u32;
    overflow: boolean;
    canonical: Buffer;
    toSign: Buffer;
    /** 32 bytes: a hash or HMAC result. */
    digest: BytePtr;
    /** 32 bytes: the signing key being derived. */
    key: BytePtr;
    /** 64 bytes: the hex of a digest. */
    hex: BytePtr;
    /** 32 bytes: the payload's SHA-256 (sigv4Sign computes it; sigv4SignHashed is given it here). */
    payloadHash: BytePtr;
    scratch: BytePtr;
}

const SCRATCH_BYTES: bytes = 160;

export function sigv4New(h: Heap): SigV4 | null {
    const s: SigV4 = allocate<SigV4>(h);
    if (s === INVALID_ADDRESS) return null;
    s.h = h;
    s.headers = allocateBuffer(h, 4096);
    s.canonical = allocateBuffer(h, 4096);
    s.toSign = allocateBuffer(h, 256);
    s.scratch = allocateBytes(h, SCRATCH_BYTES);
    s.digest = s.scratch;
    s.key = byteOffset(s.scratch, 32);
    s.hex = byteOffset(s.scratch, 64);
    s.payloadHash = byteOffset(s.scratch, 128);
    if (s.scratch === INVALID_ADDRESS || s.headers === INVALID_ADDRESS || s.canonical === INVALID_ADDRESS || s.toSign === INVALID_ADDRESS) {
        sigv4Free(s);
        return null;
    }
    sigv4Begin(s);
    return s;
}

export function sigv4Free(s: SigV4): void {
    if (s.headers !== INVALID_ADDRESS) deallocateBuffer(s.headers);
    if (s.canonical !== INVALID_ADDRESS) deallocateBuffer(s.canonical);
    if (s.toSign !== INVALID_ADDRESS) deallocateBuffer(s.toSign);
    if (s.scratch !== INVALID_ADDRESS) deallocateBytes(s.h, s.scratch, SCRATCH_BYTES);
    deallocate(s.h, s);
}

/** Forgets the headers of the previous request. */
export function sigv4Begin(s: SigV4): void {
    bufferReset(s.headers);
    s.count = 0;
    s.overflow = false;
}

function isSpace(c: u32): boolean {
    return c === ' '.charCodeAt(0) || c === '\t'.charCodeAt(0);
}

/** Adds a header: `nameLength` bytes at `name`, `valueLength` bytes at `value`. */
export function sigv4Header(s: SigV4, name: BytePtr, nameLength: bytes, value: BytePtr, valueLength: bytes): void {
    if (s.count >= SIGV4_MAX_HEADERS) {
        s.overflow = true;
        return;
    }
    const i = s.count;
    s.start[i] = bufferLength(s.headers) as u32;
    for (let k: bytes = 0; k < nameLength; k++) {
        const c: u32 = name[k];
        bufferWriteByte(s.headers, (c >= 'A'.charCodeAt(0) && c <= 'Z'.charCodeAt(0) ? c + 32 : c) as u8);
    }
    s.nameEnd[i] = bufferLength(s.headers) as u32;
    bufferWriteByte(s.headers, ':'.charCodeAt(0));
    let from: bytes = 0;
    let to: bytes = valueLength;
    while (from < to && isSpace(value[from])) from++;
    while (to > from && isSpace(value[to - 1])) to--;
    let space: boolean = false;
    for (let k: bytes = from; k < to; k++) {
        const c: u32 = value[k];
        if (isSpace(c)) {
            space = true;
            continue;
        }
        if (space) bufferWriteByte(s.headers, ' '.charCodeAt(0));
        space = false;
        bufferWriteByte(s.headers, c as u8);
    }
    s.end[i] = bufferLength(s.headers) as u32;
    s.count++;
}

/** sigv4Header with a literal name and value. */
export function sigv4HeaderText(s: SigV4, name: SString, value: SString): void {
    sigv4Header(s, sstringData(name), sstringSize(name), sstringData(value), sstringSize(value));
}

/** sigv4Header with a literal name and a buffer's contents as the value. */
export function sigv4HeaderBuffer(s: SigV4, name: SString, value: Buffer): void {
    sigv4Header(s, sstringData(name), sstringSize(name), bufferData(value), bufferLength(value));
}

// Compares the names of headers a and b bytewise; negative, 0 or positive.
function compareNames(s: SigV4, a: u32, b: u32): s32 {
    const p = bufferData(s.headers);
    let i: bytes = s.start[a];
    let j: bytes = s.start[b];
    const ie: bytes = s.nameEnd[a];
    const je: bytes = s.nameEnd[b];
    while (i < ie && j < je) {
        const d = (p[i] as s32) - (p[j] as s32);
        if (d !== 0) return d;
        i++;
        j++;
    }
    return ((ie - i) as s32) - ((je - j) as s32);
}

function sortHeaders(s: SigV4): void {
    for (let i: u32 = 0; i < s.count; i++) {
        let k: u32 = i;
        const x: u32 = i;
        while (k > 0 && compareNames(s, s.order[k - 1], x) > 0) {
            s.order[k] = s.order[k - 1];
            k--;
        }
        s.order[k] = x;
    }
}

function writeSignedHeaders(s: SigV4, b: Buffer): void {
    const p = bufferData(s.headers);
    for (let i: u32 = 0; i < s.count; i++) {
        const k = s.order[i];
        if (i > 0) bufferWriteByte(b, ';'.charCodeAt(0));
        bufferWriteFrom(b, p, s.start[k], s.nameEnd[k] - s.start[k]);
    }
}

// Appends the lowercase hex of the 32 bytes in s.digest.
function writeDigestHex(s: SigV4, b: Buffer): void {
    hexEncode(s.digest, 0, 32, s.hex);
    bufferWriteFrom(b, s.hex, 0, 64);
}

function hashInto(s: SigV4, data: BytePtr, length: bytes): boolean {
    return sha256Of(data, length, s.digest) === 0;
}

// s.key = HMAC(s.key (32 bytes), data); through s.digest, so that no call writes what it reads.
function chain(s: SigV4, data: BytePtr, length: bytes): boolean {
    if (hmacSha256Of(s.key, 32, data, length, s.digest) !== 0) return false;
    copyBytes(s.key, s.digest, 32);
    return true;
}

/**
 * Writes the Authorization value for a request into `out` (emptied first): `method` and `path`
 * (already URI-encoded; query empty), the payload, `date` the 16-byte x-amz-date value (which the
 * caller also added as a header). False when a header did not fit or hashing failed.
 */
export function sigv4Sign(s: SigV4, method: SString, path: SString, payload: BytePtr, payloadLength: bytes,
                          date: BytePtr, region: Buffer, service: SString, accessKey: Buffer, secret: Buffer,
                          out: Buffer): boolean {
    if (sha256Of(payload, payloadLength, s.payloadHash) !== 0) return false;
    return sigv4SignHashed(s, method, path, date, region, service, accessKey, secret, out);
}

/** The 32 bytes where sigv4SignHashed reads the payload's SHA-256 (the caller hashed it in parts). */
export function sigv4PayloadHash(s: SigV4): BytePtr {
    return s.payloadHash;
}

/** sigv4Sign for a payload whose SHA-256 the caller has put at sigv4PayloadHash(s). */
export function sigv4SignHashed(s: SigV4, method: SString, path: SString, date: BytePtr, region: Buffer,
                                service: SString, accessKey: Buffer, secret: Buffer, out: Buffer): boolean {
    if (s.overflow) return false;
    sortHeaders(s);
    const c = s.canonical;
    bufferReset(c);
    bufferWriteSString(c, method);
    bufferWriteByte(c, '\n'.charCodeAt(0));
    bufferWriteSString(c, path);
    bufferWriteText(c, '\n\n');
    const p = bufferData(s.headers);
    for (let i: u32 = 0; i < s.count; i++) {
        const k = s.order[i];
        bufferWriteFrom(c, p, s.start[k], s.end[k] - s.start[k]);
        bufferWriteByte(c, '\n'.charCodeAt(0));
    }
    bufferWriteByte(c, '\n'.charCodeAt(0));
    writeSignedHeaders(s, c);
    bufferWriteByte(c, '\n'.charCodeAt(0));
    hexEncode(s.payloadHash, 0, 32, s.hex);
    bufferWriteFrom(c, s.hex, 0, 64);

    // The scope: date/region/service/aws4_request
    const t = s.toSign;
    bufferReset(t);
    bufferWriteText(t, 'AWS4-HMAC-SHA256\n');
    bufferWriteFrom(t, date, 0, SIGV4_DATE_LENGTH);
    bufferWriteByte(t, '\n'.charCodeAt(0));
    const scopeStart = bufferLength(t);
    bufferWriteFrom(t, date, 0, 8);
    bufferWriteByte(t, '/'.charCodeAt(0));
    bufferWriteFrom(t, bufferData(region), 0, bufferLength(region));
    bufferWriteByte(t, '/'.charCodeAt(0));
    bufferWriteSString(t, service);
    bufferWriteText(t, '/aws4_request');
    const scopeEnd = bufferLength(t);
    bufferWriteByte(t, '\n'.charCodeAt(0));
    if (!hashInto(s, bufferData(c), bufferLength(c))) return false;
    writeDigestHex(s, t);

    // The signing key: HMAC chained over date, region, service, "aws4_request", keyed "AWS4" + secret.
    bufferReset(c);
    bufferWriteText(c, 'AWS4');
    bufferWriteFrom(c, bufferData(secret), 0, bufferLength(secret));
    if (hmacSha256Of(bufferData(c), bufferLength(c), date, 8, s.digest) !== 0) return false;
    copyBytes(s.key, s.digest, 32);
    bufferReset(c);
    if (!chain(s, bufferData(region), bufferLength(region))) return false;
    if (!chain(s, sstringData(service), sstringSize(service))) return false;
    bufferWriteText(c, 'aws4_request');
    if (!chain(s, bufferData(c), bufferLength(c))) return false;
    if (hmacSha256Of(s.key, 32, bufferData(t), bufferLength(t), s.digest) !== 0) return false;

    bufferReset(out);
    bufferWriteText(out, 'AWS4-HMAC-SHA256 Credential=');
    bufferWriteFrom(out, bufferData(accessKey), 0, bufferLength(accessKey));
    bufferWriteByte(out, '/'.charCodeAt(0));
    bufferWriteFrom(out, bufferData(t), scopeStart, scopeEnd - scopeStart);
    bufferWriteText(out, ', SignedHeaders=');
    writeSignedHeaders(s, out);
    bufferWriteText(out, ', Signature=');
    writeDigestHex(s, out);
    return true;
}
