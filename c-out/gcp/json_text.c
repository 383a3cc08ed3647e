/* generated from klib-src/gcp/json_text.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/json_escape.h"
#include "../logpipe/event_json.h"
#include "json_text.h"

/* JSON text written into request bodies: strings escaped by the shared escaper (every control byte
 * escaped, ill-formed UTF-8 replaced), so no console output can break a request. */

/* Appends the n bytes at p[off] as the inside of a JSON string (no quotes); false when out of
 * memory. It asks the buffer for room for the text as it is plus one escape, not for the worst case
 * (six bytes a byte, which log text rarely needs): a request part sized for its text is then not
 * doubled by the last line it takes. Text with escapes takes a few more rounds. Plain text goes 8
 * bytes at a time (the log pipe's escaper; byte by byte it was a fifth of the klib's CPU). */
boolean json_append_escaped(buffer b, u8 *p, bytes off, bytes n)
{
    bytes i = off;
    bytes end = off + n;
    while (i < end) {
        /* At least one unit fits in the room (a unit writes at most JSON_ESCAPE_MAX_EXPANSION
         * bytes). */
        bytes next = logpipe_escape_text(b, p, (u32)i, (u32)end,
                                         end - i + JSON_ESCAPE_MAX_EXPANSION);
        if (next == i)
            return false;
        i = next;
    }
    return true;
}

/* Appends the contents of s as a quoted JSON string. */
boolean json_append_string(buffer b, buffer s)
{
    buffer_write_byte(b, '"');
    boolean ok = json_append_escaped(b, (u8 *)buffer_ref(s, 0), 0, buffer_length(s));
    buffer_write_byte(b, '"');
    return ok;
}
