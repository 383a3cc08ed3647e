/* generated from klib-src/syslog/message.ts by klibc - do not edit */
#include <kernel.h>
#include "../logpipe/loss_text.h"
#include "config.h"
#include "text.h"
#include "message.h"

/* One syslog message from one event of the log pipe: the RFC 5424 or RFC 3164 header, then the
 * console line (or the klib's own report of lines lost to a full buffer). */

#define SEVERITY_WARNING 4
#define SEVERITY_INFO 6
#define SPACE ' '
#define DASH '-'

/* Appends the text of a line, or of a loss report in the klib's words: logpipe's report ("logpipe:
 * N lines, M bytes dropped (log buffer full)") with "syslog: " for its prefix. */
boolean write_line_text(buffer b, u8 *data, bytes length, boolean loss)
{
    if (!loss || length < LOGPIPE_LOSS_TEXT_PREFIX_LENGTH)
        return buffer_write(b, data, length);
    buffer_write_cstring(b, "syslog: ");
    return buffer_write(b, data + LOGPIPE_LOSS_TEXT_PREFIX_LENGTH,
                        length - LOGPIPE_LOSS_TEXT_PREFIX_LENGTH);
}

/* Appends the message for one line (`data`, `length` bytes, printed at `stamp`; `loss`: the klib's
 * own loss report): header, then the text (the log pipe cuts lines at config.maxMessage bytes). */
boolean write_message(buffer b, config c, buffer host, u8 *data, bytes length, timestamp stamp,
                      boolean loss)
{
    /* The console cannot tell stdout from stderr: program lines are informational; the klib's own
     * loss reports are warnings. */
    u32 severity = loss ? SEVERITY_WARNING : SEVERITY_INFO;
    buffer_write_byte(b, '<');
    write_decimal(b, c->facility * 8 + severity, 1, '0');
    buffer_write_byte(b, '>');
    if (c->format == FORMAT_RFC5424) {
        buffer_write_byte(b, '1');
        buffer_write_byte(b, SPACE);
        write_rfc3339(b, stamp);
    } else {
        write_rfc3164_time(b, stamp);
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
    return write_line_text(b, data, length, loss);
}
