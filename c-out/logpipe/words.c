/* generated from klib-src/logpipe/words.ts by klibc - do not edit */
#include <kernel.h>
#include "words.h"

/* Bytes 8 at a time: finding newlines and copying console text with 64-bit words instead of byte
 * loops. Pure (no kernel calls but word loads and bit scans). The small helpers are @inline: they
 * are defined in words.h, so the console path (writer.ts) inlines them although it is another C
 * file; logpipeScanNewline and logpipeAfterLastNewline are ordinary calls.
 *
 * A newline is found 32 bytes at a time with a quick test that never misses one and seldom flags
 * a group without one (newlineHint); only a group it flags is looked at word by word, exactly
 * (newlineBits). The copy of a continued line (copy32) uses a cheaper quick test of its own, whose
 * flagged byte positions also say where to look in its first group (firstNewline32).
 * Every Nanos target is little-endian: byte k of a word is bits 8k .. 8k+7, so the lowest set bit
 * is the first byte and the highest the last. */

/* The index of the first newline in p[from .. end), or end when there is none. */
bytes logpipe_scan_newline(u8 *p, bytes from, bytes end)
{
    bytes i = from;
    while (i + 32 <= end) {
        u64 w0 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i), 8));
        u64 w1 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i + 8), 8));
        u64 w2 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i + 16), 8));
        u64 w3 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i + 24), 8));
        if (((newline_hint(w0) | newline_hint(w1) | newline_hint(w2) | newline_hint(w3)) &
             LOGPIPE_TOP_BITS) != 0) {
            for (bytes k = 0; k < 32; k += 8) {
                u64 bits = newline_bits((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i + k), 8)));
                if (bits != 0)
                    return i + k + (lsb(bits) >> 3);
            }
        }
        i += 32;
    }
    while (end - i >= 8) {
        u64 bits = newlines_in((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i), 8)));
        if (bits != 0)
            return i + (lsb(bits) >> 3);
        i += 8;
    }
    if (i == end)
        return end;
    if (end - from >= 8) {
        /* The last word ends at `end` and overlaps the one before: the overlap holds no newline. */
        u64 bits = newlines_in((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (end - 8), 8)));
        return bits != 0 ? end - 8 + (lsb(bits) >> 3) : end;
    }
    while (i < end && p[i] != LOGPIPE_NEWLINE)
        i++;
    return i;
}

/* The index just past the last newline in p[from .. end), or from when there is none. */
bytes logpipe_after_last_newline(u8 *p, bytes from, bytes end)
{
    bytes i = end;
    while (i - from >= 32) {
        u64 w0 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i - 32), 8));
        u64 w1 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i - 24), 8));
        u64 w2 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i - 16), 8));
        u64 w3 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i - 8), 8));
        if (((newline_hint(w0) | newline_hint(w1) | newline_hint(w2) | newline_hint(w3)) &
             LOGPIPE_TOP_BITS) != 0) {
            for (bytes k = 8; k <= 32; k += 8) {
                u64 bits = newline_bits((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i - k), 8)));
                if (bits != 0)
                    return i - k + (msb(bits) >> 3) + 1;
            }
        }
        i -= 32;
    }
    while (i - from >= 8) {
        u64 bits = newlines_in((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i - 8), 8)));
        if (bits != 0)
            return i - 8 + (msb(bits) >> 3) + 1;
        i -= 8;
    }
    if (i == from)
        return from;
    if (end - from >= 8) {
        /* The first word starts at `from` and overlaps the one after: the overlap holds no
         * newline. */
        u64 bits = newlines_in((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (from), 8)));
        return bits != 0 ? from + (msb(bits) >> 3) + 1 : from;
    }
    while (i > from && p[i - 1] != LOGPIPE_NEWLINE)
        i--;
    return i;
}
