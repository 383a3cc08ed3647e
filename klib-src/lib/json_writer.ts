// Writing JSON strings into a buffer: the quotes and the complete escaping of json_escape, so any
// bytes (a console line with ANSI colours, a truncated UTF-8 sequence) become one valid JSON
// string. The structure around them ({"message":...}) is written by the caller with bprintf.
import { bytes, s64 } from '../dialect';
import { Buffer, BytePtr, bufferData, bufferEnd, bufferExtend, bufferLength, bufferProduce } from '../nanos';
import { JSON_ESCAPE_MAX_EXPANSION, jsonEscape } from './json_escape.ts';

/**
 * Appends `n` bytes at src[off] (not inside `b`) as a quoted JSON string; false when the buffer
 * cannot grow.
 */
export function jsonAppendString(b: Buffer, src: BytePtr, off: bytes, n: bytes): boolean {
    if (!bufferExtend(b, JSON_ESCAPE_MAX_EXPANSION * n + 2)) return false;
    bufferEnd(b)[0] = 34;
    bufferProduce(b, 1);
    const length: s64 = jsonEscape(src, off, n, bufferEnd(b), JSON_ESCAPE_MAX_EXPANSION * n);
    if (length < 0) return false;
    bufferProduce(b, length);
    bufferEnd(b)[0] = 34;
    bufferProduce(b, 1);
    return true;
}

/** Appends the readable data of `src` as a quoted JSON string; false when `b` cannot grow. */
export function jsonAppendBuffer(b: Buffer, src: Buffer): boolean {
    return jsonAppendString(b, bufferData(src), 0, bufferLength(src));
}
