/* generated from klib-src/cloudwatch/log_body.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_escape.h"
#include "../logpipe/event_json.h"
#include "../logpipe/ring.h"
#include "../logpipe/sink.h"
#include "log_body.h"

/* The PutLogEvents body of a batch, written in parts by the shipper (logpipe/shipper.ts) straight
 * from the ring: its head, each event, its tail. A message is escaped in pieces, so an event of
 * 256 KiB spreads over several parts and no body is ever held whole.
 *
 *   {"logGroupName":"g","logStreamName":"s","sequenceToken":"t",
 *    "logEvents":[{"timestamp":N,"message":"..."},...]} */

/* Longest text of a u64 in decimal. */
#define DECIMAL_DIGITS 20

/* The milliseconds since the epoch of a REALTIME stamp (2^32 units per second). */
static u64 stamp_millis(timestamp t)
{
    return (t >> 32) * 1000 + (((t & 0xffffffff) * 1000) >> 32);
}

/* Appends v in decimal (what bprintf's %ld writes, without the formatter's cost per event). */
static void write_decimal(buffer b, u64 v)
{
    if (!buffer_extend(b, DECIMAL_DIGITS))
        return;
    u8 *p = (u8 *)buffer_end(b);
    bytes n = 0;
    u64 rest = v;
    do {
        n++;
        rest = rest / 10;
    } while (rest != 0);
    rest = v;
    for (bytes i = n; i > 0; i--) {
        p[i - 1] = 48 + rest % 10;
        rest = rest / 10;
    }
    buffer_produce(b, n);
}

/* An opening not written yet; null when out of memory. */
event_opening event_opening_new(heap h)
{
    event_opening o = allocate(h, sizeof(struct event_opening));
    if (o == INVALID_ADDRESS)
        return 0;
    o->millis = 0;
    o->text = allocate_buffer(h, 48);
    return o->text == INVALID_ADDRESS ? 0 : o;
}

/* The opening of an event stamped `millis`, written again only when the millisecond changed. */
static buffer opening(event_opening o, u64 millis)
{
    buffer t = o->text;
    if (o->millis != millis || buffer_length(t) == 0) {
        buffer_clear(t);
        buffer_write_cstring(t, ",{\"timestamp\":");
        write_decimal(t, millis);
        buffer_write_cstring(t, ",\"message\":\"");
        o->millis = millis;
    }
    return t;
}

/* Appends the escaped text of `value` (a JSON string's content). */
void write_escaped(buffer b, buffer value)
{
    bytes room = buffer_length(value) * JSON_ESCAPE_MAX_EXPANSION;
    if (!buffer_extend(b, room))
        return;
    s64 n = json_escape((u8 *)buffer_ref(value, 0), 0, buffer_length(value), (u8 *)buffer_end(b),
                        room);
    if (n > 0)
        buffer_produce(b, (bytes)n);
}

/* The body's head: the group, the stream, the sequence token when there is one. */
void log_body_head(buffer b, buffer group, buffer stream, buffer token)
{
    buffer_write_cstring(b, "{\"logGroupName\":\"");
    write_escaped(b, group);
    buffer_write_cstring(b, "\",\"logStreamName\":\"");
    write_escaped(b, stream);
    if (buffer_length(token) > 0) {
        buffer_write_cstring(b, "\",\"sequenceToken\":\"");
        write_escaped(b, token);
    }
    buffer_write_cstring(b, "\",\"logEvents\":[");
}

/* As much of event `e` as `room` holds: {"timestamp":N,"message":"..."}; true once it is whole.
 * `o` keeps the opening last written. */
boolean log_body_event(buffer b, log_event e, body_cursor at, bytes room, event_opening o)
{
    bytes start = buffer_length(b);
    if (!at->begun) {
        buffer t = opening(o, stamp_millis(e->stamp));
        bytes comma = at->index > 0 ? 0 : 1;
        buffer_write(b, (((u8 *)buffer_ref(t, 0)) + comma), buffer_length(t) - comma);
        at->begun = true;
    }
    if (at->offset < e->length) {
        bytes used = buffer_length(b) - start;
        at->offset = logpipe_escape_text(b, e->data, at->offset, e->length,
                                         room > used ? room - used : 0);
    }
    if (at->offset < e->length)
        return false;
    /* Two bytes stored rather than copied: a copy is a call, for every event of both passes. */
    if (buffer_extend(b, 2)) {
        u8 *end = (u8 *)buffer_end(b);
        end[0] = '"';
        end[1] = '}';
        buffer_produce(b, 2);
    }
    return true;
}

void log_body_tail(buffer b)
{
    buffer_write_cstring(b, "]}");
}
