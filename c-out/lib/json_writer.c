/* generated from klib-src/lib/json_writer.ts by klibc - do not edit */
#include <kernel.h>
#include "json_escape.h"
#include "json_writer.h"

#line 12 "klib-src/lib/json_writer.ts"
boolean json_append_string(buffer b, u8 *src, bytes off, bytes n)
{
#line 13 "klib-src/lib/json_writer.ts"
    if (!buffer_extend(b, JSON_ESCAPE_MAX_EXPANSION * n + 2))
#line 13 "klib-src/lib/json_writer.ts"
        return false;
    ((u8 *)buffer_end(b))[0] = 34;
    buffer_produce(b, 1);
    s64 length = json_escape(src, off, n, ((u8 *)buffer_end(b)), JSON_ESCAPE_MAX_EXPANSION * n);
    if (length < 0)
#line 17 "klib-src/lib/json_writer.ts"
        return false;
    buffer_produce(b, length);
    ((u8 *)buffer_end(b))[0] = 34;
    buffer_produce(b, 1);
    return true;
}

#line 25 "klib-src/lib/json_writer.ts"
boolean json_append_buffer(buffer b, buffer src)
{
#line 26 "klib-src/lib/json_writer.ts"
    return json_append_string(b, ((u8 *)buffer_ref(src, 0)), 0, buffer_length(src));
}
