/* generated from klib-src/gcp/json_text.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/json_escape.h"
#include "json_text.h"

#line 13 "klib-src/gcp/json_text.ts"
boolean json_append_escaped(buffer b, u8 *p, bytes off, bytes n)
{
#line 14 "klib-src/gcp/json_text.ts"
    bytes i = off;
    bytes end = off + n;
    while (i < end) {
        bytes room = end - i + JSON_ESCAPE_MAX_EXPANSION;
        if (!buffer_extend(b, room))
#line 18 "klib-src/gcp/json_text.ts"
            return false;
#line 20 "klib-src/gcp/json_text.ts"
        u64 progress = json_escape_some(p, i, end - i, ((u8 *)buffer_end(b)), room);
        buffer_produce(b, json_escaped_out(progress));
        i += json_escaped_in(progress);
    }
    return true;
}

#line 28 "klib-src/gcp/json_text.ts"
boolean json_append_string(buffer b, buffer s)
{
#line 29 "klib-src/gcp/json_text.ts"
    buffer_write_byte(b, 34);
    boolean ok = json_append_escaped(b, ((u8 *)buffer_ref(s, 0)), 0, buffer_length(s));
    buffer_write_byte(b, 34);
    return ok;
}
