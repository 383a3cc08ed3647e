/* generated from klib-src/logpipe/event_json.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/json_escape.h"
#include "event_json.h"

/* An event's text as the content of a JSON string, escaped in pieces of a given size so that a long
 * line can be spread over several parts of a body (RFC 8259 escapes; ill-formed UTF-8 as U+FFFD,
 * lib/json_escape.ts). Text that needs no escaping, most of it, is copied 8 bytes at a time. */

/* Room that always holds the next unit of escaped text (at most 6 bytes), with some to spare. */
#define MIN_ROOM 16

#define ONES 0x101010101010101ull
#define HIGHS 0x8080808080808080ull

/* True when one of the 8 bytes of w needs escaping or checking: a control byte, a byte of 0x80 or
 * more, a quote or a backslash. (A byte above one that matches may be flagged too; that only
 * sends the word to the byte-wise escaper.) */
static boolean word_needs_escaping(u64 w)
{
    u64 quotes = w ^ (ONES * 34);
    u64 backslashes = w ^ (ONES * 92);
    u64 special = (w - ONES * 32) | (quotes - ONES) | (backslashes - ONES);
    return (((special & ~w) | w) & HIGHS) != 0;
}

/* Appends the escaped text of src[from .. end) to `b`, as much as `room` bytes hold (always at
 * least one unit); returns how far it got (`from` when out of memory: nothing was written). */
u32 logpipe_escape_text(buffer b, u8 *src, u32 from, u32 end, bytes room)
{
    bytes cap = room < MIN_ROOM ? MIN_ROOM : room;
    if (!buffer_extend(b, cap))
        return from;
    u8 *dst = (u8 *)buffer_end(b);
    bytes o = 0;
    bytes i = from;
    while (o < cap && i < end) {
        boolean copied = false;
        while (i + 8 <= end && o + 8 <= cap) {
            u64 w = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (i), 8));
            if (word_needs_escaping(w))
                break;
            __builtin_memcpy((dst) + (o), &(u64){(w)}, 8);
            i += 8;
            o += 8;
            copied = true;
        }
        /* Fewer than 8 bytes left after words copied as they are: the word that ends the text,
         * which starts inside the word copied last (so its first bytes are written already, the
         * same), goes whole if it needs no escaping. Most lines end so, and the byte-wise escaper
         * below costs a call. */
        bytes tail = end - i;
        if (copied && tail > 0 && tail < 8 && o + tail <= cap) {
            u64 last = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (end - 8), 8));
            if (!word_needs_escaping(last)) {
                __builtin_memcpy((dst) + (o + tail - 8), &(u64){(last)}, 8);
                i = end;
                o += tail;
                break;
            }
        }
        /* Up to the next word boundary of the input, or the room left, byte by byte. */
        bytes left = cap - o;
        bytes span = end - i < 8 ? end - i : 8;
        u64 progress = json_escape_some(src, i, end - i, (dst + o), left < span ? left : span);
        if (json_escaped_in(progress) == 0) {
            /* The next unit is longer than the span (an escape or a UTF-8 sequence): room for
             * it. */
            u64 unit = json_escape_some(src, i, end - i, (dst + o),
                                        left < MIN_ROOM ? left : MIN_ROOM);
            if (json_escaped_in(unit) == 0)
                break;
            i += json_escaped_in(unit);
            o += json_escaped_out(unit);
            continue;
        }
        i += json_escaped_in(progress);
        o += json_escaped_out(progress);
    }
    buffer_produce(b, o);
    return (u32)i;
}
