/* generated from klib-src/cloudwatch/log_body.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/json_escape.h"
#include "../logpipe/batch.h"
#include "../logpipe/ring.h"
#include "log_body.h"

#define MIN_ROOM 16
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
    u32 offset;
    boolean first_event;
} cloudwatch_log_body = {
    .phase = PHASE_DONE,
    .first_event = true,
};

#line 34 "klib-src/cloudwatch/log_body.ts"
void log_body_begin(log_pipe p, buffer log_group, buffer log_stream)
{
#line 35 "klib-src/cloudwatch/log_body.ts"
    cloudwatch_log_body.pipe = p;
    cloudwatch_log_body.group = log_group;
    cloudwatch_log_body.stream = log_stream;
    log_body_rewind();
}

#line 42 "klib-src/cloudwatch/log_body.ts"
void log_body_rewind(void)
{
#line 43 "klib-src/cloudwatch/log_body.ts"
    cloudwatch_log_body.phase = PHASE_HEAD;
    cloudwatch_log_body.event = 0;
    cloudwatch_log_body.offset = 0;
    cloudwatch_log_body.first_event = true;
}

#line 50 "klib-src/cloudwatch/log_body.ts"
static u64 stamp_millis(timestamp t)
{
#line 51 "klib-src/cloudwatch/log_body.ts"
    return (t >> 32) * 1000 + (((t & 0xffffffff) * 1000) >> 32);
}

#line 55 "klib-src/cloudwatch/log_body.ts"
static void write_decimal(buffer b, u64 v)
{
#line 56 "klib-src/cloudwatch/log_body.ts"
    if (!buffer_extend(b, DECIMAL_DIGITS))
#line 56 "klib-src/cloudwatch/log_body.ts"
        return;
    u8 *p = ((u8 *)buffer_end(b));
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

#line 73 "klib-src/cloudwatch/log_body.ts"
static void write_member(buffer b, buffer name)
{
#line 74 "klib-src/cloudwatch/log_body.ts"
    bytes room = buffer_length(name) * JSON_ESCAPE_MAX_EXPANSION;
    if (!buffer_extend(b, room))
#line 75 "klib-src/cloudwatch/log_body.ts"
        return;
    s64 n = json_escape(((u8 *)buffer_ref(name, 0)), 0, buffer_length(name), ((u8 *)buffer_end(b)),
                        room);
#line 77 "klib-src/cloudwatch/log_body.ts"
    if (n > 0)
#line 77 "klib-src/cloudwatch/log_body.ts"
        buffer_produce(b, (bytes)n);
}

#line 86 "klib-src/cloudwatch/log_body.ts"
static boolean word_needs_escaping(u64 w)
{
#line 87 "klib-src/cloudwatch/log_body.ts"
    u64 quotes = w ^ (ONES * 34);
    u64 backslashes = w ^ (ONES * 92);
    u64 special = (w - ONES * 32) | (quotes - ONES) | (backslashes - ONES);
    return (((special & ~w) | w) & HIGHS) != 0;
}

#line 96 "klib-src/cloudwatch/log_body.ts"
static boolean write_message(buffer b, log_event e, bytes room)
{
#line 97 "klib-src/cloudwatch/log_body.ts"
    bytes cap = room < MIN_ROOM ? MIN_ROOM : room;
    if (!buffer_extend(b, cap))
#line 98 "klib-src/cloudwatch/log_body.ts"
        return false;
    u8 *dst = ((u8 *)buffer_end(b));
    u8 *src = e->data;
    bytes o = 0;
    bytes i = cloudwatch_log_body.offset;
    bytes end = e->length;
    while (o < cap && i < end) {
        while (i + 8 <= end && o + 8 <= cap) {
            u64 w = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (i), 8));
            if (word_needs_escaping(w))
#line 107 "klib-src/cloudwatch/log_body.ts"
                break;
            __builtin_memcpy((dst) + (o), &(u64){(w)}, 8);
            i += 8;
            o += 8;
        }
#line 113 "klib-src/cloudwatch/log_body.ts"
        bytes left = cap - o;
        bytes span = end - i < 8 ? end - i : 8;
        u64 progress = json_escape_some(src, i, end - i, (dst + o), left < span ? left : span);
        if (json_escaped_in(progress) == 0) {
#line 118 "klib-src/cloudwatch/log_body.ts"
            u64 unit = json_escape_some(src, i, end - i, (dst + o),
                                        left < MIN_ROOM ? left : MIN_ROOM);
#line 119 "klib-src/cloudwatch/log_body.ts"
            if (json_escaped_in(unit) == 0)
#line 119 "klib-src/cloudwatch/log_body.ts"
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

#line 136 "klib-src/cloudwatch/log_body.ts"
boolean log_body_part(buffer b, bytes room)
{
#line 137 "klib-src/cloudwatch/log_body.ts"
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
            cloudwatch_log_body.phase = cloudwatch_log_body.event == 0 ? PHASE_TAIL : PHASE_EVENT_HEAD;
            break;
        case PHASE_EVENT_HEAD:
            if (!cloudwatch_log_body.first_event)
#line 150 "klib-src/cloudwatch/log_body.ts"
                buffer_write_byte(b, 44);
            cloudwatch_log_body.first_event = false;
            buffer_write_cstring(b, "{\"timestamp\":");
            write_decimal(b, stamp_millis(cloudwatch_log_body.event->stamp));
            buffer_write_cstring(b, ",\"message\":\"");
            cloudwatch_log_body.offset = 0;
            cloudwatch_log_body.phase = PHASE_MESSAGE;
            break;
        case PHASE_MESSAGE:
#line 158 "klib-src/cloudwatch/log_body.ts"
            {
                log_event e = cloudwatch_log_body.event;
                if (cloudwatch_log_body.offset < e->length && !write_message(b, e,
                                                                             limit - buffer_length(b))) {
#line 163 "klib-src/cloudwatch/log_body.ts"
                    cloudwatch_log_body.phase = PHASE_DONE;
                    return true;
                }
                if (cloudwatch_log_body.offset >= e->length) {
                    buffer_write_cstring(b, "\"}");
                    cloudwatch_log_body.event = logpipe_next_event(cloudwatch_log_body.pipe);
                    cloudwatch_log_body.phase = cloudwatch_log_body.event == 0 ? PHASE_TAIL : PHASE_EVENT_HEAD;
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
