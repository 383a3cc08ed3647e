/* generated from klib-src/gcp/entry.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/json_reader.h"
#include "../lib/time_format.h"
#include "json_text.h"
#include "severity.h"
#include "structured.h"
#include "entry.h"

#line 20 "klib-src/gcp/entry.ts"
void write_rfc3339(buffer b, timestamp t)
{
#line 21 "klib-src/gcp/entry.ts"
    u64 seconds = t >> 32;
    if (seconds >= TIME_FORMAT_LIMIT)
#line 22 "klib-src/gcp/entry.ts"
        seconds = TIME_FORMAT_LIMIT - 1;
    u64 nanos = ((t & 0xffffffff) * 1000000000) >> 32;
    buffer_write_byte(b, 34);
    if (buffer_extend(b, RFC3339_NANOS_LENGTH)) {
        buffer_produce(b, format_rfc3339_nanos(seconds, (u32)nanos, ((u8 *)buffer_end(b))));
    }
    buffer_write_byte(b, 34);
}

#line 32 "klib-src/gcp/entry.ts"
void write_entry(buffer b, entry_scratch s, u8 *p, bytes off, bytes n, timestamp stamp,
                 boolean loss, boolean detect)
{
#line 34 "klib-src/gcp/entry.ts"
    buffer_write_byte(b, 123);
#line 36 "klib-src/gcp/entry.ts"
    if (!loss && looks_like_object(p, off, n) && write_structured(b, s->reader, s->member, s->inner,
                                                                  p, off, n, stamp, detect)) {
#line 37 "klib-src/gcp/entry.ts"
        buffer_write_byte(b, 125);
        return;
    }
    buffer_write_cstring(b, "\"timestamp\":");
    write_rfc3339(b, stamp);
    buffer_write_byte(b, 44);
    enum severity severity = loss ? SEVERITY_WARNING : detect ? detect_severity(p, off, n) : SEVERITY_DEFAULT;
    if (severity != SEVERITY_DEFAULT) {
        buffer_write_cstring(b, "\"severity\":\"");
        buffer_write_sstring(b, severity_name(severity));
        buffer_write_cstring(b, "\",");
    }
    buffer_write_cstring(b, "\"textPayload\":\"");
    json_append_escaped(b, p, off, n);
    buffer_write_cstring(b, "\"}");
}
