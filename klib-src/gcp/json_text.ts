// JSON text written into request bodies: strings escaped by the shared escaper (every control byte
// escaped, ill-formed UTF-8 replaced), so no console output can break a request.
import { bytes } from '../dialect';
import { Buffer, bufferData, bufferEnd, bufferExtend, bufferLength, bufferProduce, BytePtr, bufferWriteByte } from '../nanos';
import { JSON_ESCAPE_MAX_EXPANSION, jsonEscape } from '../lib/json_escape';

/** Appends the n bytes at p[off] as the inside of a JSON string (no quotes); false when out of memory. */
export function jsonAppendEscaped(b: Buffer, p: BytePtr, off: bytes, n: bytes): boolean {
    const room: bytes = n * JSON_ESCAPE_MAX_EXPANSION;
    if (!bufferExtend(b, room)) return false;
    const written = jsonEscape(p, off, n, bufferEnd(b), room);
    if (written < 0) return false;
    bufferProduce(b, written as bytes);
    return true;
}

/** Appends the contents of s as a quoted JSON string. */
export function jsonAppendString(b: Buffer, s: Buffer): boolean {
    bufferWriteByte(b, 34);
    const ok = jsonAppendEscaped(b, bufferData(s), 0, bufferLength(s));
    bufferWriteByte(b, 34);
    return ok;
}
