/* generated from klib-src/cloudwatch/log_body.ts by klibc - do not edit */
#include <kernel.h>
#include <mbedtls/sha256.h>
#include "../lib/json_escape.h"
#include "../logpipe/batch.h"
#include "../logpipe/ring.h"
#include "log_body.h"

/* The PutLogEvents body of the batch in flight, made in parts straight from the log pipe's ring,
 * so that no request body is ever held whole (a batch is up to a megabyte of JSON, and escaping can
 * make a control byte six bytes). The same batch is made twice, byte for byte the same: once to
 * hash it for SigV4 (and count its length), once into the connection as it is sent. Events stay in
 * the ring until the request is answered, so the parts can always be made again (a resend).
 *
 *   {"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":N,"message":"..."},...]} */

/* Room that always holds the next unit of escaped text (at most 6 bytes), with some to spare. */
#define MIN_ROOM 16

/* Longest text of a u64 in decimal. */
#define DECIMAL_DIGITS 20

#define ONES 0x101010101010101ull
#define HIGHS 0x8080808080808080ull

enum phase {
    PHASE_HEAD,
    PHASE_EVENT_HEAD,
    PHASE_MESSAGE,
    PHASE_TAIL,
    PHASE_DONE,
};

static struct cloudwatch_log_body {
    struct log_pipe *pipe;
    buffer group;
    buffer stream;
    enum phase phase;
    struct log_event *event;
    /* Bytes of the current event's message already written. */
    u32 offset;
    boolean first_event;
} cloudwatch_log_body = {
    .phase = PHASE_DONE,
    .first_event = true,
};

/* Makes the body of `p`'s batch in flight for this group and stream; the next part is its first. */
void log_body_begin(log_pipe p, buffer log_group, buffer log_stream)
{
    cloudwatch_log_body.pipe = p;
    cloudwatch_log_body.group = log_group;
    cloudwatch_log_body.stream = log_stream;
    log_body_rewind();
}

/* The next part is the body's first again. */
void log_body_rewind(void)
{
    cloudwatch_log_body.phase = PHASE_HEAD;
    cloudwatch_log_body.event = 0;
    cloudwatch_log_body.offset = 0;
    cloudwatch_log_body.first_event = true;
}

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

/* Appends "name":"<escaped value>". */
static void write_member(buffer b, buffer name)
{
    bytes room = buffer_length(name) * JSON_ESCAPE_MAX_EXPANSION;
    if (!buffer_extend(b, room))
        return;
    s64 n = json_escape((u8 *)buffer_ref(name, 0), 0, buffer_length(name), (u8 *)buffer_end(b),
                        room);
    if (n > 0)
        buffer_produce(b, (bytes)n);
}

/* True when one of the 8 bytes of w needs escaping or checking: a control byte, a byte of 0x80 or
 * more, a quote or a backslash. (A byte above one that matches may be flagged too; that only
 * sends the word to the byte-wise escaper.) */
static boolean word_needs_escaping(u64 w)
{
    u64 quotes = w ^ (ONES * 34);
    u64 backslashes = w ^ (ONES * 92);
    u64 special = (w - ONES * 32) | (quotes - ONES) | (backslashes - ONES);
    return (((special & ~w) | w) & HIGHS) != 0;
}

/* Escapes as much of the current event's message as `room` holds (at least one unit); false when
 * out of memory. Text that needs no escaping (most of it) is copied 8 bytes at a time; the rest
 * goes through the shared escaper, which ends where the next plain stretch could start. */
static boolean write_message(buffer b, log_event e, bytes room)
{
    bytes cap = room < MIN_ROOM ? MIN_ROOM : room;
    if (!buffer_extend(b, cap))
        return false;
    u8 *dst = (u8 *)buffer_end(b);
    u8 *src = e->data;
    bytes o = 0;
    bytes i = cloudwatch_log_body.offset;
    bytes end = e->length;
    while (o < cap && i < end) {
        while (i + 8 <= end && o + 8 <= cap) {
            u64 w = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (i), 8));
            if (word_needs_escaping(w))
                break;
            __builtin_memcpy((dst) + (o), &(u64){(w)}, 8);
            i += 8;
            o += 8;
        }
        /* Up to the next word boundary of the input, or the room left, byte by byte. */
        bytes left = cap - o;
        bytes span = end - i < 8 ? end - i : 8;
        u64 progress = json_escape_some(src, i, end - i, (dst + o), left < span ? left : span);
        if (json_escaped_in(progress) == 0) {
            /* The next unit is longer than the span (an escape or a UTF-8 sequence): room for
             * it. */
            u64 unit = json_escape_some(src, i, end - i, (dst + o),
                                        left < MIN_ROOM ? left : MIN_ROOM);
            if (json_escaped_in(unit) == 0)
                break;
            i += json_escaped_in(unit);
            o += json_escaped_out(unit);
            continue;
        }
        i += json_escaped_in(progress);
        o += json_escaped_out(progress);
    }
    buffer_produce(b, o);
    cloudwatch_log_body.offset = (u32)i;
    return true;
}

/* Appends the body's next part to `b`: about `room` bytes (a little more when a fixed piece of
 * JSON does not fit). True when the body is complete. */
boolean log_body_part(buffer b, bytes room)
{
    bytes limit = buffer_length(b) + room;
    while (buffer_length(b) < limit) {
        switch (cloudwatch_log_body.phase) {
        case PHASE_HEAD:
            buffer_write_cstring(b, "{\"logGroupName\":\"");
            write_member(b, cloudwatch_log_body.group);
            buffer_write_cstring(b, "\",\"logStreamName\":\"");
            write_member(b, cloudwatch_log_body.stream);
            buffer_write_cstring(b, "\",\"logEvents\":[");
            cloudwatch_log_body.event = logpipe_first_event(cloudwatch_log_body.pipe);
            cloudwatch_log_body.phase = cloudwatch_log_body.event == 0
                                        ? PHASE_TAIL
                                        : PHASE_EVENT_HEAD;
            break;
        case PHASE_EVENT_HEAD:
            if (!cloudwatch_log_body.first_event)
                buffer_write_byte(b, ',');
            cloudwatch_log_body.first_event = false;
            buffer_write_cstring(b, "{\"timestamp\":");
            write_decimal(b, stamp_millis(cloudwatch_log_body.event->stamp));
            buffer_write_cstring(b, ",\"message\":\"");
            cloudwatch_log_body.offset = 0;
            cloudwatch_log_body.phase = PHASE_MESSAGE;
            break;
        case PHASE_MESSAGE:
            {
                log_event e = cloudwatch_log_body.event;
                if (cloudwatch_log_body.offset < e->length &&
                    !write_message(b, e, limit - buffer_length(b))) {
                    /* Out of memory: end here. The body is short of what was hashed and counted,
                     * so the request fails (the client checks the length) and is retried. */
                    cloudwatch_log_body.phase = PHASE_DONE;
                    return true;
                }
                if (cloudwatch_log_body.offset >= e->length) {
                    buffer_write_cstring(b, "\"}");
                    cloudwatch_log_body.event = logpipe_next_event(cloudwatch_log_body.pipe);
                    cloudwatch_log_body.phase = cloudwatch_log_body.event == 0
                                                ? PHASE_TAIL
                                                : PHASE_EVENT_HEAD;
                }
                break;
            }
        case PHASE_TAIL:
            buffer_write_cstring(b, "]}");
            cloudwatch_log_body.phase = PHASE_DONE;
            return true;
        default:
            return true;
        }
    }
    return cloudwatch_log_body.phase == PHASE_DONE;
}
