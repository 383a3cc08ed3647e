/* generated from klib-src/lib/json_writer.ts by klibc - do not edit */
#include <kernel.h>
#include "json_escape.h"
#include "json_writer.h"

/* Writing JSON strings into a buffer: the quotes and the complete escaping of json_escape, so any
 * bytes (a console line with ANSI colours, a truncated UTF-8 sequence) become one valid JSON
 * string. The structure around them ({"message":...}) is written by the caller with bprintf. */

/* Appends `n` bytes at src[off] (not inside `b`) as a quoted JSON string; false when the buffer
 * cannot grow. */
boolean json_append_string(buffer b, u8 *src, bytes off, bytes n)
{
    if (!buffer_extend(b, JSON_ESCAPE_MAX_EXPANSION * n + 2))
        return false;
    ((u8 *)buffer_end(b))[0] = 34;
    buffer_produce(b, 1);
    s64 length = json_escape(src, off, n, (u8 *)buffer_end(b), JSON_ESCAPE_MAX_EXPANSION * n);
    if (length < 0)
        return false;
    buffer_produce(b, length);
    ((u8 *)buffer_end(b))[0] = 34;
    buffer_produce(b, 1);
    return true;
}

/* Appends the readable data of `src` as a quoted JSON string; false when `b` cannot grow. */
boolean json_append_buffer(buffer b, buffer src)
{
    return json_append_string(b, (u8 *)buffer_ref(src, 0), 0, buffer_length(src));
}
