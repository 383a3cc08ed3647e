/* generated from klib-src/gcp/json_text.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/json_escape.h"
#include "json_text.h"

/* JSON text written into request bodies: strings escaped by the shared escaper (every control byte
 * escaped, ill-formed UTF-8 replaced), so no console output can break a request. */

/* Appends the n bytes at p[off] as the inside of a JSON string (no quotes); false when out of
 * memory. It asks the buffer for room for the text as it is plus one escape, not for the worst case
 * (six bytes a byte, which log text rarely needs): a request part sized for its text is then not
 * doubled by the last line it takes. Text with escapes takes a few more rounds. */
boolean json_append_escaped(buffer b, u8 *p, bytes off, bytes n)
{
    bytes i = off;
    bytes end = off + n;
    while (i < end) {
        bytes room = end - i + JSON_ESCAPE_MAX_EXPANSION;
        if (!buffer_extend(b, room))
            return false;
        /* At least one unit fits in `room` (a unit writes at most JSON_ESCAPE_MAX_EXPANSION
         * bytes). */
        u64 progress = json_escape_some(p, i, end - i, (u8 *)buffer_end(b), room);
        buffer_produce(b, json_escaped_out(progress));
        i += json_escaped_in(progress);
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
