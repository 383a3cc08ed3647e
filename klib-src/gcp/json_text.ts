// JSON text written into request bodies: strings escaped by the shared escaper (every control byte
// escaped, ill-formed UTF-8 replaced), so no console output can break a request.
import { bytes, u32 } from '../dialect';
import { Buffer, bufferData, bufferLength, BytePtr, bufferWriteByte } from '../nanos';
import { JSON_ESCAPE_MAX_EXPANSION } from '../lib/json_escape';
import { logpipeEscapeText } from '../logpipe/event_json';

/**
 * Appends the n bytes at p[off] as the inside of a JSON string (no quotes); false when out of memory.
 * It asks the buffer for room for the text as it is plus one escape, not for the worst case (six
 * bytes a byte, which log text rarely needs): a request part sized for its text is then not
 * doubled by the last line it takes. Text with escapes takes a few more rounds. Plain text goes 8
 * bytes at a time (the log pipe's escaper; byte by byte it was a fifth of the klib's CPU).
 */
export function jsonAppendEscaped(b: Buffer, p: BytePtr, off: bytes, n: bytes): boolean {
    let i: bytes = off;
    const end: bytes = off + n;
    while (i < end) {
        // At least one unit fits in the room (a unit writes at most JSON_ESCAPE_MAX_EXPANSION bytes).
        const next: bytes = logpipeEscapeText(b, p, i as u32, end as u32, end - i + JSON_ESCAPE_MAX_EXPANSION);
        if (next === i) return false;
        i = next;
    }
    return true;
}

/** Appends the contents of s as a quoted JSON string. */
export function jsonAppendString(b: Buffer, s: Buffer): boolean {
    bufferWriteByte(b, '"'.charCodeAt(0));
    const ok = jsonAppendEscaped(b, bufferData(s), 0, bufferLength(s));
    bufferWriteByte(b, '"'.charCodeAt(0));
    return ok;
}
