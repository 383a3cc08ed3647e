/* generated from klib-src/gcp/json_text.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/json_escape.h"
#include "json_text.h"

#line 8 "klib-src/gcp/json_text.ts"
boolean json_append_escaped(buffer b, u8 *p, bytes off, bytes n)
{
#line 9 "klib-src/gcp/json_text.ts"
    bytes room = n * JSON_ESCAPE_MAX_EXPANSION;
    if (!buffer_extend(b, room))
#line 10 "klib-src/gcp/json_text.ts"
        return false;
    s64 written = json_escape(p, off, n, ((u8 *)buffer_end(b)), room);
    if (written < 0)
#line 12 "klib-src/gcp/json_text.ts"
        return false;
    buffer_produce(b, (bytes)written);
    return true;
}

#line 18 "klib-src/gcp/json_text.ts"
boolean json_append_string(buffer b, buffer s)
{
#line 19 "klib-src/gcp/json_text.ts"
    buffer_write_byte(b, 34);
    boolean ok = json_append_escaped(b, ((u8 *)buffer_ref(s, 0)), 0, buffer_length(s));
    buffer_write_byte(b, 34);
    return ok;
}
