/* generated from klib-src/gcp/entry.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/ascii.h"
#include "../lib/json_reader.h"
#include "../lib/time_format.h"
#include "json_text.h"
#include "severity.h"
#include "structured.h"
#include "entry.h"

/* One LogEntry of an entries.write request: the capture time as an RFC 3339 timestamp with
 * nanoseconds, the severity, and the line as textPayload, or as a structured entry when it is a
 * JSON object (structured.ts). A loss report is a WARNING. */

/* The digits after the second that formatRfc3339Nanos writes: .123456789Z */
#define FRACTION_LENGTH 11

/* Appends a kernel timestamp (seconds in the high 32 bits) as a quoted RFC 3339 time with
 * nanoseconds. */
void write_rfc3339(buffer b, timestamp t)
{
    u64 seconds = t >> 32;
    if (seconds >= TIME_FORMAT_LIMIT)
        seconds = TIME_FORMAT_LIMIT - 1;
    u64 nanos = ((t & 0xffffffff) * 1000000000) >> 32;
    buffer_write_byte(b, '"');
    if (buffer_extend(b, RFC3339_NANOS_LENGTH)) {
        buffer_produce(b, format_rfc3339_nanos(seconds, (u32)nanos, (u8 *)buffer_end(b)));
    }
    buffer_write_byte(b, '"');
}

/* writeRfc3339 for an entry, the date and time written again only when the second changed. */
static void write_entry_time(buffer b, entry_scratch s, timestamp t)
{
    u64 seconds = t >> 32;
    if (seconds >= TIME_FORMAT_LIMIT)
        seconds = TIME_FORMAT_LIMIT - 1;
    u64 nanos = ((t & 0xffffffff) * 1000000000) >> 32;
    buffer text = s->second_text;
    if (s->second != seconds || buffer_length(text) == 0) {
        buffer_clear(text);
        if (buffer_extend(text, RFC3339_NANOS_LENGTH)) {
            bytes n = format_rfc3339_nanos(seconds, 0, (u8 *)buffer_end(text));
            if (n > FRACTION_LENGTH)
                buffer_produce(text, n - FRACTION_LENGTH);
        }
        s->second = seconds;
    }
    buffer_write_byte(b, '"');
    if (buffer_length(text) > 0 && buffer_extend(b, RFC3339_NANOS_LENGTH)) {
        buffer_write(b, (u8 *)buffer_ref(text, 0), buffer_length(text));
        u8 *d = (u8 *)buffer_end(b);
        d[0] = '.';
        put_decimal(d, 1, (u32)nanos, 9);
        d[10] = 'Z';
        buffer_produce(b, FRACTION_LENGTH);
    }
    buffer_write_byte(b, '"');
}

/* Appends the LogEntry for the line p[off .. off + n), captured at `stamp`. */
void write_entry(buffer b, entry_scratch s, u8 *p, bytes off, bytes n, timestamp stamp,
                 boolean loss, boolean detect)
{
    buffer_write_byte(b, '{');
    /* A structured line writes its own timestamp: the line may give the time (structured.ts). */
    if (!loss && looks_like_object(p, off, n) &&
        write_structured(b, s->reader, s->member, s->inner, p, off, n, stamp, detect)) {
        buffer_write_byte(b, '}');
        return;
    }
    buffer_write_cstring(b, "\"timestamp\":");
    write_entry_time(b, s, stamp);
    buffer_write_byte(b, ',');
    enum severity severity = loss
                             ? SEVERITY_WARNING
                             : detect ? detect_severity(p, off, n) : SEVERITY_DEFAULT;
    if (severity != SEVERITY_DEFAULT) {
        buffer_write_cstring(b, "\"severity\":\"");
        buffer_write_sstring(b, severity_name(severity));
        buffer_write_cstring(b, "\",");
    }
    buffer_write_cstring(b, "\"textPayload\":\"");
    json_append_escaped(b, p, off, n);
    buffer_write_cstring(b, "\"}");
}
