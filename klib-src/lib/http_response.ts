// An incremental HTTP/1.1 response parser (RFC 9112). It is a byte-driven state machine, so any
// split of the input gives the same result. The owner sets caps for the header block and the body
// (a response whose headers or body exceed them is an error, as is anything malformed) and gives
// storage for them that may be smaller than the caps and grow on demand: when a byte must be
// stored and the room given is full, the parser stops (HTTP_HEAD_ROOM, HTTP_BODY_ROOM) before that
// byte; the owner gives more room and feeds the rest of the input (`received` says how much was
// taken). Results do not depend on the rooms or how they grow. The parser never reads or writes
// outside the rooms it is given. Pure: runs under Node in tests.
//
// The header block is kept as "name:value\n" lines, names lowercased and values trimmed, for
// httpHeaderFind. Interim 1xx responses are skipped; 204, 304 and responses to HEAD have no body;
// otherwise the body is chunked, Content-Length long, or runs until the server closes.
import { bytes, s32, s64, u32, u64 } from '../dialect';
import { BytePtr, CString } from '../nanos';
import { equalsIgnoringCase, equalsText, hexDigitValue, isDigit, isTokenChar, lowerCase } from './ascii.ts';

/** Results of httpResponseParse and httpResponseEnd. */
export const HTTP_MORE = 0;
export const HTTP_DONE = 1;
export const HTTP_E_SYNTAX = -1;
export const HTTP_E_HEADERS_TOO_LARGE = -2;
export const HTTP_E_BODY_TOO_LARGE = -3;
export const HTTP_E_TRUNCATED = -4;
export const HTTP_E_UNSUPPORTED = -5;
/**
 * Not final: the header (HTTP_HEAD_ROOM) or body (HTTP_BODY_ROOM) room is full and below its cap.
 * The input was taken up to the byte that did not fit; `roomWanted` is the room that would take
 * what is known to come (at least one byte more, at most the cap). Give more room, then feed the
 * rest of the input.
 */
export const HTTP_HEAD_ROOM = 2;
export const HTTP_BODY_ROOM = 3;

// Body lengths above this are refused before any arithmetic could overflow (also in TypeScript).
const MAX_LENGTH_DIGITS = 15;
const MAX_CHUNK_SIZE_DIGITS = 12;
// Chunk extensions are skipped, up to this many bytes per chunk line.
const MAX_CHUNK_EXTENSION = 1024;

/** Where the parser is in a response (internal to the parser). */
export const enum HttpParseState {
    StatusLine, HeaderLine, LineFeed, Body, BodyUntilClose, ChunkSize, ChunkExtension, ChunkSizeLineFeed,
    ChunkData, ChunkDataEnd, ChunkDataLineFeed, Trailer, TrailerLineFeed, Done, Failed,
}

export interface HttpResponse {
    /* Set by the owner before httpResponseReset: the storage, its room (<= the cap, may grow
       between calls, keeping what it holds), and the caps (limits of a response). */
    head: BytePtr;
    headRoom: bytes;
    headCap: bytes;
    body: BytePtr;
    bodyRoom: bytes;
    bodyCap: bytes;
    /* Results. */
    roomWanted: bytes;
    status: u32;
    headLength: bytes;
    bodyLength: bytes;
    keepAlive: boolean;
    received: bytes;
    /* Parser state. */
    noBody: boolean;
    state: HttpParseState;
    afterLine: HttpParseState;
    lineStart: bytes;
    contentLength: u64;
    hasContentLength: boolean;
    chunked: boolean;
    identityCoding: boolean;
    remaining: u64;
    digits: u32;
    extension: u32;
    trailerBytes: bytes;
    error: s32;
}

/** Prepares for a new response; `noBody` when the request was HEAD. */
export function httpResponseReset(p: HttpResponse, noBody: boolean): void {
    p.status = 0;
    p.headLength = 0;
    p.bodyLength = 0;
    p.keepAlive = true;
    p.received = 0;
    p.roomWanted = 0;
    p.noBody = noBody;
    p.state = HttpParseState.StatusLine;
    p.afterLine = HttpParseState.StatusLine;
    p.lineStart = 0;
    p.contentLength = 0;
    p.hasContentLength = false;
    p.chunked = false;
    p.identityCoding = false;
    p.remaining = 0;
    p.digits = 0;
    p.extension = 0;
    p.trailerBytes = 0;
    p.error = HTTP_MORE;
}

function fail(p: HttpResponse, error: s32): s32 {
    p.state = HttpParseState.Failed;
    p.error = error;
    return error;
}

// The byte at hand must be stored and the room is full (but below the cap): nothing changes, the
// owner gives more room and the same byte comes again.
function needRoom(p: HttpResponse, result: s32, wanted: bytes): s32 {
    p.roomWanted = wanted;
    return result;
}

// "HTTP/1.x DDD[ reason]" in head[lineStart, headLength).
function parseStatusLine(p: HttpResponse): s32 {
    const at: bytes = p.lineStart;
    const n: bytes = p.headLength - at;
    if (n < 12 || !equalsText(p.head, at, 7, 'HTTP/1.', 7) || !isDigit(p.head[at + 7]) ||
        p.head[at + 8] !== ' '.charCodeAt(0)) {
        return fail(p, HTTP_E_SYNTAX);
    }
    let status: u32 = 0;
    for (let i: bytes = 9; i < 12; i++) {
        if (!isDigit(p.head[at + i])) return fail(p, HTTP_E_SYNTAX);
        status = status * 10 + (p.head[at + i] - '0'.charCodeAt(0));
    }
    if (status < 100 || (n > 12 && p.head[at + 12] !== ' '.charCodeAt(0))) return fail(p, HTTP_E_SYNTAX);
    p.status = status;
    if (p.head[at + 7] === '0'.charCodeAt(0)) p.keepAlive = false;
    p.headLength = at;
    return HTTP_MORE;
}

// True when the comma-separated list in head[from, to) contains `token` (case-insensitive).
function listHas(p: HttpResponse, from: bytes, to: bytes, token: CString, tokenLength: bytes): boolean {
    let i: bytes = from;
    while (i < to) {
        while (i < to && (p.head[i] === ' '.charCodeAt(0) || p.head[i] === '\t'.charCodeAt(0) ||
            p.head[i] === ','.charCodeAt(0))) i++;
        let end: bytes = i;
        while (end < to && p.head[end] !== ','.charCodeAt(0)) end++;
        let last: bytes = end;
        while (last > i && (p.head[last - 1] === ' '.charCodeAt(0) || p.head[last - 1] === '\t'.charCodeAt(0))) last--;
        if (last > i && equalsIgnoringCase(p.head, i, last - i, token, tokenLength)) return true;
        i = end;
    }
    return false;
}

// The headers that shape the message: Content-Length, Transfer-Encoding, Connection.
function noteHeader(p: HttpResponse, name: bytes, nameLength: bytes, value: bytes, valueEnd: bytes): s32 {
    if (equalsIgnoringCase(p.head, name, nameLength, 'content-length', 14)) {
        const n: bytes = valueEnd - value;
        if (n === 0 || n > MAX_LENGTH_DIGITS) return fail(p, n === 0 ? HTTP_E_SYNTAX : HTTP_E_BODY_TOO_LARGE);
        let length: u64 = 0;
        for (let i: bytes = value; i < valueEnd; i++) {
            if (!isDigit(p.head[i])) return fail(p, HTTP_E_SYNTAX);
            length = length * 10 + (p.head[i] - '0'.charCodeAt(0));
        }
        if (p.hasContentLength && p.contentLength !== length) return fail(p, HTTP_E_SYNTAX);
        p.hasContentLength = true;
        p.contentLength = length;
    } else if (equalsIgnoringCase(p.head, name, nameLength, 'transfer-encoding', 17)) {
        // Chunked must be the last coding; anything else means the body runs until close.
        let last: bytes = valueEnd;
        while (last > value && p.head[last - 1] !== ','.charCodeAt(0)) last--;
        while (last < valueEnd && (p.head[last] === ' '.charCodeAt(0) || p.head[last] === '\t'.charCodeAt(0))) last++;
        if (equalsIgnoringCase(p.head, last, valueEnd - last, 'chunked', 7)) {
            p.chunked = true;
        } else {
            p.identityCoding = true;
        }
    } else if (equalsIgnoringCase(p.head, name, nameLength, 'connection', 10)) {
        if (listHas(p, value, valueEnd, 'close', 5)) p.keepAlive = false;
    }
    return HTTP_MORE;
}

// A header line "name: value" in head[lineStart, headLength): validates it and stores it back
// compactly as "name:value\n".
function parseHeaderLine(p: HttpResponse): s32 {
    const at: bytes = p.lineStart;
    const end: bytes = p.headLength;
    let colon: bytes = at;
    while (colon < end && isTokenChar(p.head[colon])) {
        p.head[colon] = lowerCase(p.head[colon]);
        colon++;
    }
    if (colon === at || colon === end || p.head[colon] !== ':'.charCodeAt(0)) return fail(p, HTTP_E_SYNTAX);
    let value: bytes = colon + 1;
    while (value < end && (p.head[value] === ' '.charCodeAt(0) || p.head[value] === '\t'.charCodeAt(0))) value++;
    let valueEnd: bytes = end;
    while (valueEnd > value && (p.head[valueEnd - 1] === ' '.charCodeAt(0) ||
        p.head[valueEnd - 1] === '\t'.charCodeAt(0))) valueEnd--;
    for (let i: bytes = value; i < valueEnd; i++) {
        const c: u32 = p.head[i];
        if ((c < ' '.charCodeAt(0) && c !== '\t'.charCodeAt(0)) || c === 127) return fail(p, HTTP_E_SYNTAX);
    }
    let o: bytes = colon + 1;
    for (let i: bytes = value; i < valueEnd; i++) p.head[o++] = p.head[i];
    const result: s32 = noteHeader(p, at, colon - at, colon + 1, o);
    if (result !== HTTP_MORE) return result;
    // The line feed that ends the stored line needs a byte the raw line may not have left.
    if (o >= p.headCap) return fail(p, HTTP_E_HEADERS_TOO_LARGE);
    p.head[o++] = '\n'.charCodeAt(0);
    p.headLength = o;
    return HTTP_MORE;
}

// The blank line after the headers: decides how the body is delimited.
function endOfHeaders(p: HttpResponse): s32 {
    if (p.status < 200) {
        if (p.status === 101) return fail(p, HTTP_E_UNSUPPORTED);
        // The final response follows; the bytes of this one stay counted.
        const noBody: boolean = p.noBody;
        const received: bytes = p.received;
        httpResponseReset(p, noBody);
        p.received = received;
        return HTTP_MORE;
    }
    if (p.chunked || p.identityCoding) {
        // Transfer-Encoding overrides Content-Length; a message with both is suspect (RFC 9112 6.3).
        if (p.hasContentLength) p.keepAlive = false;
        p.hasContentLength = false;
    }
    if (p.noBody || p.status === 204 || p.status === 304) {
        p.state = HttpParseState.Done;
        return HTTP_DONE;
    }
    if (p.chunked) {
        p.state = HttpParseState.ChunkSize;
        p.remaining = 0;
        p.digits = 0;
        return HTTP_MORE;
    }
    if (p.hasContentLength) {
        if (p.contentLength > p.bodyCap) return fail(p, HTTP_E_BODY_TOO_LARGE);
        p.remaining = p.contentLength;
        p.state = p.remaining === 0 ? HttpParseState.Done : HttpParseState.Body;
        return p.remaining === 0 ? HTTP_DONE : HTTP_MORE;
    }
    p.keepAlive = false;
    p.state = HttpParseState.BodyUntilClose;
    return HTTP_MORE;
}

// A complete line of the header section has been stored at head[lineStart, headLength).
function endOfLine(p: HttpResponse): s32 {
    if (p.afterLine === HttpParseState.StatusLine) {
        p.afterLine = HttpParseState.HeaderLine;
        p.state = HttpParseState.HeaderLine;
        return parseStatusLine(p);
    }
    if (p.headLength === p.lineStart) return endOfHeaders(p);
    // The stored line ends with a line feed, which may need a byte past the raw line.
    if (p.headLength >= p.headRoom && p.headRoom < p.headCap) return needRoom(p, HTTP_HEAD_ROOM, p.headLength + 1);
    p.state = HttpParseState.HeaderLine;
    return parseHeaderLine(p);
}

// One byte of the status line or a header line.
function headerByte(p: HttpResponse, c: u32): s32 {
    if (c === '\r'.charCodeAt(0)) {
        p.state = HttpParseState.LineFeed;
        return HTTP_MORE;
    }
    if (c === '\n'.charCodeAt(0)) return endOfLine(p);
    // A line starting with white space would fold onto the previous one: obsolete, refused.
    if ((c === ' '.charCodeAt(0) || c === '\t'.charCodeAt(0)) && p.headLength === p.lineStart &&
        p.afterLine === HttpParseState.HeaderLine) {
        return fail(p, HTTP_E_SYNTAX);
    }
    if (c === 0) return fail(p, HTTP_E_SYNTAX);
    if (p.headLength >= p.headCap) return fail(p, HTTP_E_HEADERS_TOO_LARGE);
    if (p.headLength >= p.headRoom) return needRoom(p, HTTP_HEAD_ROOM, p.headLength + 1);
    p.head[p.headLength++] = c;
    return HTTP_MORE;
}

function chunkSizeByte(p: HttpResponse, c: u32): s32 {
    if (c === '\r'.charCodeAt(0)) {
        if (p.digits === 0) return fail(p, HTTP_E_SYNTAX);
        p.state = HttpParseState.ChunkSizeLineFeed;
        return HTTP_MORE;
    }
    if (c === '\n'.charCodeAt(0)) return p.digits === 0 ? fail(p, HTTP_E_SYNTAX) : endOfChunkSize(p);
    if (p.state === HttpParseState.ChunkExtension) {
        // Extensions (";name=value") are skipped, within a limit.
        if ((c < ' '.charCodeAt(0) && c !== '\t'.charCodeAt(0)) || c === 127) return fail(p, HTTP_E_SYNTAX);
        if (++p.extension > MAX_CHUNK_EXTENSION) return fail(p, HTTP_E_HEADERS_TOO_LARGE);
        return HTTP_MORE;
    }
    const digit: s32 = hexDigitValue(c);
    if (digit >= 0) {
        if (++p.digits > MAX_CHUNK_SIZE_DIGITS) return fail(p, HTTP_E_BODY_TOO_LARGE);
        p.remaining = p.remaining * 16 + (digit as u64);
        return HTTP_MORE;
    }
    // White space may come before an extension.
    if (p.digits === 0 || (c !== ';'.charCodeAt(0) && c !== ' '.charCodeAt(0) &&
        c !== '\t'.charCodeAt(0))) return fail(p, HTTP_E_SYNTAX);
    p.state = HttpParseState.ChunkExtension;
    return HTTP_MORE;
}

function endOfChunkSize(p: HttpResponse): s32 {
    p.digits = 0;
    p.extension = 0;
    if (p.remaining === 0) {
        p.state = HttpParseState.Trailer;
        p.lineStart = 0;
        return HTTP_MORE;
    }
    if (p.remaining > p.bodyCap - p.bodyLength) return fail(p, HTTP_E_BODY_TOO_LARGE);
    p.state = HttpParseState.ChunkData;
    return HTTP_MORE;
}

// Trailer fields are read and dropped; their size counts against the header storage.
function trailerByte(p: HttpResponse, c: u32): s32 {
    if (c === '\r'.charCodeAt(0)) {
        p.state = HttpParseState.TrailerLineFeed;
        return HTTP_MORE;
    }
    if (c === '\n'.charCodeAt(0)) {
        if (p.lineStart === 0) {
            p.state = HttpParseState.Done;
            return HTTP_DONE;
        }
        p.lineStart = 0;
        return HTTP_MORE;
    }
    if (c === 0 || p.headLength + ++p.trailerBytes > p.headCap) {
        return fail(p, c === 0 ? HTTP_E_SYNTAX : HTTP_E_HEADERS_TOO_LARGE);
    }
    p.lineStart++;
    return HTTP_MORE;
}

/**
 * Feeds `n` bytes at data[off]. Returns HTTP_MORE (the response is not complete yet), HTTP_DONE
 * (complete; the bytes `received` counted belong to it: what follows is not this response's),
 * HTTP_HEAD_ROOM or HTTP_BODY_ROOM (a room is full: the bytes `received` counted were taken; give
 * room and feed the rest) or an error, which is final.
 */
export function httpResponseParse(p: HttpResponse, data: BytePtr, off: bytes, n: bytes): s64 {
    let i: bytes = 0;
    let result: s32 = p.error;
    while (i < n && result === HTTP_MORE) {
        const c: u32 = data[off + i];
        switch (p.state) {
            case HttpParseState.StatusLine:
            case HttpParseState.HeaderLine:
                result = headerByte(p, c);
                break;
            case HttpParseState.LineFeed:
                result = c === '\n'.charCodeAt(0) ? endOfLine(p) : fail(p, HTTP_E_SYNTAX);
                break;
            case HttpParseState.Body:
            case HttpParseState.BodyUntilClose:
            case HttpParseState.ChunkData: {
                let take: u64 = n - i;
                if (p.state !== HttpParseState.BodyUntilClose && take > p.remaining) take = p.remaining;
                if (p.state === HttpParseState.BodyUntilClose && take > p.bodyCap - p.bodyLength) {
                    result = fail(p, HTTP_E_BODY_TOO_LARGE);
                    break;
                }
                // What fits in the room now; the caps above keep the body within bodyCap, so a
                // full room here is below it.
                if (take > p.bodyRoom - p.bodyLength) {
                    if (p.bodyRoom === p.bodyLength) {
                        const coming: u64 = p.state === HttpParseState.BodyUntilClose ? take : p.remaining;
                        result = needRoom(p, HTTP_BODY_ROOM, p.bodyLength + coming);
                        break;
                    }
                    take = p.bodyRoom - p.bodyLength;
                }
                for (let k: u64 = 0; k < take; k++) p.body[p.bodyLength + k] = data[off + i + k];
                p.bodyLength += take;
                p.received += take;
                i += take;
                if (p.state !== HttpParseState.BodyUntilClose) p.remaining -= take;
                if (p.state === HttpParseState.Body && p.remaining === 0) {
                    p.state = HttpParseState.Done;
                    result = HTTP_DONE;
                } else if (p.state === HttpParseState.ChunkData && p.remaining === 0) {
                    p.state = HttpParseState.ChunkDataEnd;
                }
                continue;
            }
            case HttpParseState.ChunkSize:
            case HttpParseState.ChunkExtension:
                result = chunkSizeByte(p, c);
                break;
            case HttpParseState.ChunkSizeLineFeed:
                result = c === '\n'.charCodeAt(0) ? endOfChunkSize(p) : fail(p, HTTP_E_SYNTAX);
                break;
            case HttpParseState.ChunkDataEnd:
                if (c === '\r'.charCodeAt(0)) {
                    p.state = HttpParseState.ChunkDataLineFeed;
                } else if (c === '\n'.charCodeAt(0)) {
                    p.state = HttpParseState.ChunkSize;
                } else {
                    result = fail(p, HTTP_E_SYNTAX);
                }
                break;
            case HttpParseState.ChunkDataLineFeed:
                if (c === '\n'.charCodeAt(0)) {
                    p.state = HttpParseState.ChunkSize;
                } else {
                    result = fail(p, HTTP_E_SYNTAX);
                }
                break;
            case HttpParseState.Trailer:
                result = trailerByte(p, c);
                break;
            case HttpParseState.TrailerLineFeed:
                if (c !== '\n'.charCodeAt(0)) {
                    result = fail(p, HTTP_E_SYNTAX);
                } else {
                    p.state = HttpParseState.Trailer;
                    result = trailerByte(p, c);
                }
                break;
            case HttpParseState.Done:
                result = HTTP_DONE;
                continue;
            default:
                result = p.error;
                continue;
        }
        // The byte did not fit: it is not taken.
        if (result === HTTP_HEAD_ROOM || result === HTTP_BODY_ROOM) break;
        // The status and header lines: a new line starts after each line feed.
        if ((p.state === HttpParseState.HeaderLine || p.state === HttpParseState.StatusLine) &&
            c === '\n'.charCodeAt(0)) p.lineStart = p.headLength;
        p.received++;
        i++;
    }
    if (p.state === HttpParseState.Done) return HTTP_DONE;
    return result;
}

/** The connection has ended: completes a body that runs until close, or reports a truncation. */
export function httpResponseEnd(p: HttpResponse): s32 {
    if (p.state === HttpParseState.BodyUntilClose || p.state === HttpParseState.Done) {
        p.state = HttpParseState.Done;
        return HTTP_DONE;
    }
    if (p.state === HttpParseState.Failed) return p.error;
    return fail(p, HTTP_E_TRUNCATED);
}

/**
 * The offset in `head` of the value of header `name` (lowercase, `nameLength` bytes), or -1; the
 * value runs to the next line feed (httpHeaderValueLength). The first occurrence is found.
 */
export function httpHeaderFind(p: HttpResponse, name: CString, nameLength: bytes): s64 {
    let line: bytes = 0;
    while (line < p.headLength) {
        let end: bytes = line;
        while (end < p.headLength && p.head[end] !== '\n'.charCodeAt(0)) end++;
        if (end - line > nameLength && p.head[line + nameLength] === ':'.charCodeAt(0) &&
            equalsIgnoringCase(p.head, line, nameLength, name, nameLength)) {
            return line + nameLength + 1;
        }
        line = end + 1;
    }
    return -1;
}

/** The length of the header value at `offset` (from httpHeaderFind). */
export function httpHeaderValueLength(p: HttpResponse, offset: bytes): bytes {
    let end: bytes = offset;
    while (end < p.headLength && p.head[end] !== '\n'.charCodeAt(0)) end++;
    return end - offset;
}
