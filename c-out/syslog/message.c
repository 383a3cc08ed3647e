/* generated from klib-src/syslog/message.ts by klibc - do not edit */
#include <kernel.h>
#include "config.h"
#include "ring.h"
#include "text.h"
#include "message.h"

/* One syslog message from one ring record: the RFC 5424 or RFC 3164 header, then the console
 * line. */

#define SEVERITY_WARNING 4
#define SEVERITY_INFO 6
#define SPACE ' '
#define DASH '-'

/* True for records that carry no text (an empty console line): the network skips them. */
boolean is_empty_record(u64 pos)
{
    return record_length(pos) == 0;
}

/* Appends the message for the record at pos: header, then at most config.maxMessage bytes of
 * text. */
boolean write_message(buffer b, config c, buffer host, u64 pos)
{
    /* The console cannot tell stdout from stderr: program lines are informational; the klib's own
     * loss reports are warnings. */
    u32 severity = (record_flags(pos) & RECORD_OWN) != 0 ? SEVERITY_WARNING : SEVERITY_INFO;
    buffer_write_byte(b, '<');
    write_decimal(b, c->facility * 8 + severity, 1, '0');
    buffer_write_byte(b, '>');
    if (c->format == FORMAT_RFC5424) {
        buffer_write_byte(b, '1');
        buffer_write_byte(b, SPACE);
        write_rfc3339(b, record_time(pos));
    } else {
        write_rfc3164_time(b, record_time(pos));
    }
    buffer_write_byte(b, SPACE);
    push_buffer(b, host);
    buffer_write_byte(b, SPACE);
    if (c->app_name != 0)
        push_buffer(b, c->app_name);
    if (c->format == FORMAT_RFC5424) {
        /* PROCID, MSGID and STRUCTURED-DATA: none. */
        buffer_write_byte(b, SPACE);
        buffer_write_byte(b, DASH);
        buffer_write_byte(b, SPACE);
        buffer_write_byte(b, DASH);
        buffer_write_byte(b, SPACE);
        buffer_write_byte(b, DASH);
        buffer_write_byte(b, SPACE);
    } else {
        buffer_write_byte(b, ':');
        buffer_write_byte(b, SPACE);
    }
    return record_copy(pos, b, c->max_message);
}
