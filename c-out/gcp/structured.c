/* generated from klib-src/gcp/structured.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/json_escape.h"
#include "../lib/json_reader.h"
#include "../lib/time_format.h"
#include "json_value.h"
#include "lifted_time.h"
#include "severity.h"
#include "structured.h"

#define MAX_DEPTH 64
#define QUOTE 34
#define BACKSLASH 92
#define SOURCE_LOCATION_FIELDS "file:s,line:l,function:s,."
#define OPERATION_FIELDS "id:s,producer:s,first:b,last:b,."
#define HTTP_REQUEST_FIELDS "requestMethod:s,requestUrl:s,requestSize:l,status:i,responseSize:l,userAgent:s,remoteIp:s,serverIp:s,referer:s,latency:d,cacheLookup:b,cacheHit:b,cacheValidatedWithOriginServer:b,cacheFillBytes:l,protocol:s,."

enum special {
    SPECIAL_NONE,
    SPECIAL_SEVERITY,
    SPECIAL_LEVEL,
    SPECIAL_MESSAGE,
    SPECIAL_INSERT_ID,
    SPECIAL_TRACE,
    SPECIAL_SPAN_ID,
    SPECIAL_TRACE_SAMPLED,
    SPECIAL_LABELS,
    SPECIAL_SOURCE_LOCATION,
    SPECIAL_OPERATION,
    SPECIAL_HTTP_REQUEST,
};

enum time_field {
    TIME_FIELD_NONE,
    TIME_FIELD_TIMESTAMP,
    TIME_FIELD_SECONDS,
    TIME_FIELD_NANOS,
    TIME_FIELD_TIME,
};

#line 38 "klib-src/gcp/structured.ts"
static boolean is_space(u32 c)
{
#line 39 "klib-src/gcp/structured.ts"
    return c == 32 || c == 9 || c == 10 || c == 13;
}

#line 42 "klib-src/gcp/structured.ts"
static bytes skip_space(u8 *p, bytes i, bytes end)
{
#line 43 "klib-src/gcp/structured.ts"
    while (i < end && is_space(p[i]))
#line 43 "klib-src/gcp/structured.ts"
        i++;
    return i;
}

#line 48 "klib-src/gcp/structured.ts"
static bytes skip_string(u8 *p, bytes i, bytes end)
{
#line 49 "klib-src/gcp/structured.ts"
    i++;
    while (i < end && p[i] != QUOTE)
#line 50 "klib-src/gcp/structured.ts"
        i += p[i] == BACKSLASH ? 2 : 1;
    return i + 1;
}

#line 55 "klib-src/gcp/structured.ts"
static bytes skip_value(u8 *p, bytes i, bytes end)
{
#line 56 "klib-src/gcp/structured.ts"
    u32 c = p[i];
    if (c == QUOTE)
#line 57 "klib-src/gcp/structured.ts"
        return skip_string(p, i, end);
    if (c != 123 && c != 91) {
        while (i < end && p[i] != 44 && p[i] != 125 && p[i] != 93 && !is_space(p[i]))
#line 59 "klib-src/gcp/structured.ts"
            i++;
        return i;
    }
    u32 depth = 0;
    while (i < end) {
        u32 d = p[i];
        if (d == QUOTE) {
            i = skip_string(p, i, end);
            continue;
        }
        if (d == 123 || d == 91)
#line 69 "klib-src/gcp/structured.ts"
            depth++;
        if (d == 125 || d == 93) {
            depth--;
            if (depth == 0)
#line 72 "klib-src/gcp/structured.ts"
                return i + 1;
        }
        i++;
    }
    return i;
}

#line 80 "klib-src/gcp/structured.ts"
static bytes read_member(u8 *p, bytes i, bytes end, member m)
{
#line 81 "klib-src/gcp/structured.ts"
    m->name_start = i + 1;
    i = skip_string(p, i, end);
    m->name_length = i - 1 - m->name_start;
    i = skip_space(p, i, end);
    i = skip_space(p, i + 1, end);
    m->value_start = i;
    i = skip_value(p, i, end);
    m->value_end = i;
    i = skip_space(p, i, end);
    if (i < end && p[i] == 44)
#line 90 "klib-src/gcp/structured.ts"
        i = skip_space(p, i + 1, end);
    return i;
}

#line 94 "klib-src/gcp/structured.ts"
static boolean name_is(u8 *p, member m, const char *text, bytes n)
{
#line 95 "klib-src/gcp/structured.ts"
    if (m->name_length != n)
#line 95 "klib-src/gcp/structured.ts"
        return false;
    for (bytes k = 0; k < n; k++)
#line 96 "klib-src/gcp/structured.ts"
        if (p[m->name_start + k] != (u8)text[k])
#line 96 "klib-src/gcp/structured.ts"
            return false;
    return true;
}

#line 101 "klib-src/gcp/structured.ts"
static boolean find_member(u8 *p, bytes at, bytes end, member m, const char *text, bytes n)
{
#line 102 "klib-src/gcp/structured.ts"
    if (p[at] != 123)
#line 102 "klib-src/gcp/structured.ts"
        return false;
    bytes inner = end - 1;
    bytes i = skip_space(p, at + 1, inner);
    while (i < inner) {
        i = read_member(p, i, inner, m);
        if (name_is(p, m, text, n))
#line 107 "klib-src/gcp/structured.ts"
            return true;
    }
    return false;
}

#line 113 "klib-src/gcp/structured.ts"
static u32 member_count(u8 *p, bytes at, bytes end, member m)
{
#line 114 "klib-src/gcp/structured.ts"
    bytes inner = end - 1;
    u32 count = 0;
    bytes i = skip_space(p, at + 1, inner);
    while (i < inner) {
        i = read_member(p, i, inner, m);
        count++;
    }
    return count;
}

#line 125 "klib-src/gcp/structured.ts"
static boolean is_string_map(u8 *p, member m, member scratch)
{
#line 126 "klib-src/gcp/structured.ts"
    if (p[m->value_start] != 123)
#line 126 "klib-src/gcp/structured.ts"
        return false;
    bytes end = m->value_end - 1;
    bytes i = skip_space(p, m->value_start + 1, end);
    while (i < end) {
        i = read_member(p, i, end, scratch);
        if (!is_string_value(p, scratch->value_start))
#line 131 "klib-src/gcp/structured.ts"
            return false;
    }
    return true;
}

#line 144 "klib-src/gcp/structured.ts"
static s32 field_of(u8 *p, member m, const char *fields)
{
#line 145 "klib-src/gcp/structured.ts"
    bytes i = 0;
    s32 position = 0;
    while ((u8)fields[i] != 46) {
        bytes k = 0;
        boolean match = true;
        while ((u8)fields[i + k] != 58) {
            if (match && (k >= m->name_length || p[m->name_start + k] != (u8)fields[i + k]))
#line 151 "klib-src/gcp/structured.ts"
                match = false;
            k++;
        }
        if (match && k == m->name_length)
#line 154 "klib-src/gcp/structured.ts"
            return (position << 8) | (u8)fields[i + k + 1];
        i += k + 3;
        position++;
    }
    return -1;
}

#line 165 "klib-src/gcp/structured.ts"
static boolean fits_field(u8 *p, member v, u32 type)
{
#line 166 "klib-src/gcp/structured.ts"
    switch (type) {
    case 115:
#line 167 "klib-src/gcp/structured.ts"
        return is_string_value(p, v->value_start);
    case 98:
#line 168 "klib-src/gcp/structured.ts"
        return is_boolean_value(p, v->value_start);
    case 108:
#line 169 "klib-src/gcp/structured.ts"
        return is_int64_value(p, v->value_start, v->value_end);
    case 105:
#line 170 "klib-src/gcp/structured.ts"
        return is_int32_value(p, v->value_start, v->value_end);
    case 100:
#line 171 "klib-src/gcp/structured.ts"
        return is_duration_value(p, v->value_start, v->value_end);
    default:
#line 172 "klib-src/gcp/structured.ts"
        return false;
    }
}

#line 181 "klib-src/gcp/structured.ts"
static boolean is_message(u8 *p, member m, member scratch, const char *fields)
{
#line 182 "klib-src/gcp/structured.ts"
    if (p[m->value_start] != 123)
#line 182 "klib-src/gcp/structured.ts"
        return false;
    bytes end = m->value_end - 1;
    u32 seen = 0;
    bytes i = skip_space(p, m->value_start + 1, end);
    while (i < end) {
        i = read_member(p, i, end, scratch);
        s32 field = field_of(p, scratch, fields);
        if (field < 0)
#line 189 "klib-src/gcp/structured.ts"
            return false;
        u32 bit = ((u32)1) << (field >> 8);
        if ((seen & bit) != 0)
#line 191 "klib-src/gcp/structured.ts"
            return false;
        seen |= bit;
        if (!fits_field(p, scratch, (u32)(field & 255)))
#line 193 "klib-src/gcp/structured.ts"
            return false;
    }
    return true;
}

#line 202 "klib-src/gcp/structured.ts"
static enum special special(u8 *p, member m, member scratch, boolean detect)
{
#line 203 "klib-src/gcp/structured.ts"
    boolean text = is_string_value(p, m->value_start);
    if (name_is(p, m, "severity", 8))
#line 204 "klib-src/gcp/structured.ts"
        return detect && text ? SPECIAL_SEVERITY : SPECIAL_NONE;
    if (name_is(p, m, "level", 5))
#line 205 "klib-src/gcp/structured.ts"
        return detect && text ? SPECIAL_LEVEL : SPECIAL_NONE;
    if (name_is(p, m, "message", 7))
#line 206 "klib-src/gcp/structured.ts"
        return text ? SPECIAL_MESSAGE : SPECIAL_NONE;
    if (name_is(p, m, "httpRequest", 11))
#line 207 "klib-src/gcp/structured.ts"
        return is_message(p, m, scratch, HTTP_REQUEST_FIELDS) ? SPECIAL_HTTP_REQUEST : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/insertId", 31))
#line 208 "klib-src/gcp/structured.ts"
        return text ? SPECIAL_INSERT_ID : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/trace", 28))
#line 209 "klib-src/gcp/structured.ts"
        return text ? SPECIAL_TRACE : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/spanId", 29))
#line 210 "klib-src/gcp/structured.ts"
        return text ? SPECIAL_SPAN_ID : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/trace_sampled", 36)) {
        return is_boolean_value(p, m->value_start) ? SPECIAL_TRACE_SAMPLED : SPECIAL_NONE;
    }
    if (name_is(p, m, "logging.googleapis.com/labels", 29))
#line 214 "klib-src/gcp/structured.ts"
        return is_string_map(p, m, scratch) ? SPECIAL_LABELS : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/sourceLocation", 37)) {
        return is_message(p, m, scratch, SOURCE_LOCATION_FIELDS) ? SPECIAL_SOURCE_LOCATION : SPECIAL_NONE;
    }
    if (name_is(p, m, "logging.googleapis.com/operation", 32)) {
        return is_message(p, m, scratch, OPERATION_FIELDS) ? SPECIAL_OPERATION : SPECIAL_NONE;
    }
    return SPECIAL_NONE;
}

#line 225 "klib-src/gcp/structured.ts"
static boolean leaves_payload(enum special kind)
{
#line 226 "klib-src/gcp/structured.ts"
    return kind != SPECIAL_NONE && kind != SPECIAL_LEVEL && kind != SPECIAL_MESSAGE;
}

#line 233 "klib-src/gcp/structured.ts"
static enum special kind_of(u8 *p, member m, member scratch, boolean detect, u32 taken)
{
#line 234 "klib-src/gcp/structured.ts"
    enum special kind = special(p, m, scratch, detect);
    if (leaves_payload(kind) && (taken & (((u32)1) << kind)) != 0)
#line 235 "klib-src/gcp/structured.ts"
        return SPECIAL_NONE;
    return kind;
}

#line 240 "klib-src/gcp/structured.ts"
static void write_field_name(buffer b, enum special kind)
{
#line 241 "klib-src/gcp/structured.ts"
    switch (kind) {
    case SPECIAL_INSERT_ID:
#line 242 "klib-src/gcp/structured.ts"
        buffer_write_cstring(b, "\"insertId\":");
#line 242 "klib-src/gcp/structured.ts"
        break;
    case SPECIAL_TRACE:
#line 243 "klib-src/gcp/structured.ts"
        buffer_write_cstring(b, "\"trace\":");
#line 243 "klib-src/gcp/structured.ts"
        break;
    case SPECIAL_SPAN_ID:
#line 244 "klib-src/gcp/structured.ts"
        buffer_write_cstring(b, "\"spanId\":");
#line 244 "klib-src/gcp/structured.ts"
        break;
    case SPECIAL_TRACE_SAMPLED:
#line 245 "klib-src/gcp/structured.ts"
        buffer_write_cstring(b, "\"traceSampled\":");
#line 245 "klib-src/gcp/structured.ts"
        break;
    case SPECIAL_LABELS:
#line 246 "klib-src/gcp/structured.ts"
        buffer_write_cstring(b, "\"labels\":");
#line 246 "klib-src/gcp/structured.ts"
        break;
    case SPECIAL_SOURCE_LOCATION:
#line 247 "klib-src/gcp/structured.ts"
        buffer_write_cstring(b, "\"sourceLocation\":");
#line 247 "klib-src/gcp/structured.ts"
        break;
    case SPECIAL_OPERATION:
#line 248 "klib-src/gcp/structured.ts"
        buffer_write_cstring(b, "\"operation\":");
#line 248 "klib-src/gcp/structured.ts"
        break;
    case SPECIAL_HTTP_REQUEST:
#line 249 "klib-src/gcp/structured.ts"
        buffer_write_cstring(b, "\"httpRequest\":");
#line 249 "klib-src/gcp/structured.ts"
        break;
    default:
#line 250 "klib-src/gcp/structured.ts"
        break;
    }
}

#line 257 "klib-src/gcp/structured.ts"
static enum time_field time_field(u8 *p, member m)
{
#line 258 "klib-src/gcp/structured.ts"
    if (name_is(p, m, "timestamp", 9))
#line 258 "klib-src/gcp/structured.ts"
        return TIME_FIELD_TIMESTAMP;
    if (name_is(p, m, "timestampSeconds", 16))
#line 259 "klib-src/gcp/structured.ts"
        return TIME_FIELD_SECONDS;
    if (name_is(p, m, "timestampNanos", 14))
#line 260 "klib-src/gcp/structured.ts"
        return TIME_FIELD_NANOS;
    if (name_is(p, m, "time", 4))
#line 261 "klib-src/gcp/structured.ts"
        return TIME_FIELD_TIME;
    return TIME_FIELD_NONE;
}

#line 266 "klib-src/gcp/structured.ts"
static s64 object_seconds(u8 *p, bytes at, bytes end, member m)
{
#line 267 "klib-src/gcp/structured.ts"
    if (member_count(p, at, end, m) != 2 || !find_member(p, at, end, m, "nanos", 5))
#line 267 "klib-src/gcp/structured.ts"
        return -1;
    if (!find_member(p, at, end, m, "seconds", 7))
#line 268 "klib-src/gcp/structured.ts"
        return -1;
    return whole_number_value(p, m->value_start, m->value_end, TIME_FORMAT_LIMIT - 1);
}

#line 273 "klib-src/gcp/structured.ts"
static s64 object_nanos(u8 *p, bytes at, bytes end, member m)
{
#line 274 "klib-src/gcp/structured.ts"
    if (!find_member(p, at, end, m, "nanos", 5))
#line 274 "klib-src/gcp/structured.ts"
        return -1;
    return whole_number_value(p, m->value_start, m->value_end, NANOS_LIMIT);
}

#line 279 "klib-src/gcp/structured.ts"
static void write_timestamp(buffer b, u64 seconds, u32 nanos)
{
#line 280 "klib-src/gcp/structured.ts"
    u64 s = seconds < TIME_FORMAT_LIMIT ? seconds : TIME_FORMAT_LIMIT - 1;
    buffer_write_cstring(b, "\"timestamp\":\"");
    if (buffer_extend(b, RFC3339_NANOS_LENGTH))
#line 282 "klib-src/gcp/structured.ts"
        buffer_produce(b, format_rfc3339_nanos(s, nanos, ((u8 *)buffer_end(b))));
    buffer_write_cstring(b, "\",");
}

#line 287 "klib-src/gcp/structured.ts"
static boolean is_utf8(u8 *p, bytes off, bytes n)
{
#line 288 "klib-src/gcp/structured.ts"
    bytes i = off;
    bytes end = off + n;
    while (i < end) {
        s64 k = utf8_sequence_length(p, i, end);
        if (k <= 0)
#line 292 "klib-src/gcp/structured.ts"
            return false;
        i += (bytes)k;
    }
    return true;
}

#line 299 "klib-src/gcp/structured.ts"
boolean looks_like_object(u8 *p, bytes off, bytes n)
{
#line 300 "klib-src/gcp/structured.ts"
    bytes i = skip_space(p, off, off + n);
    return i < off + n && p[i] == 123;
}

#line 304 "klib-src/gcp/structured.ts"
static void write_raw(buffer b, u8 *p, bytes from, bytes to)
{
#line 305 "klib-src/gcp/structured.ts"
    buffer_write(b, p + from, to - from);
}

#line 308 "klib-src/gcp/structured.ts"
static void write_member(buffer b, u8 *p, member m)
{
#line 309 "klib-src/gcp/structured.ts"
    buffer_write_byte(b, QUOTE);
    write_raw(b, p, m->name_start, m->name_start + m->name_length);
    buffer_write_cstring(b, "\":");
    write_raw(b, p, m->value_start, m->value_end);
}

#line 321 "klib-src/gcp/structured.ts"
boolean write_structured(buffer b, json_reader r, member m, member scratch, u8 *p, bytes off,
                         bytes n, timestamp stamp, boolean detect)
{
#line 323 "klib-src/gcp/structured.ts"
    if (!is_utf8(p, off, n))
#line 323 "klib-src/gcp/structured.ts"
        return false;
#line 325 "klib-src/gcp/structured.ts"
    json_reader_init(r, (p + off), n, MAX_DEPTH, n);
    if (json_validate(r) != JSON_OK)
#line 326 "klib-src/gcp/structured.ts"
        return false;
    bytes end = off + n;
    bytes open = skip_space(p, off, end);
    if (p[open] != 123)
#line 329 "klib-src/gcp/structured.ts"
        return false;
    bytes close = end;
    while (close > open && p[close - 1] != 125)
#line 331 "klib-src/gcp/structured.ts"
        close--;
    bytes inner = close - 1;
#line 334 "klib-src/gcp/structured.ts"
    enum severity severity = SEVERITY_DEFAULT;
    boolean have_severity = false;
    u32 taken = 0;
    u32 payload_members = 0;
    u32 messages = 0;
#line 340 "klib-src/gcp/structured.ts"
    bytes timestamp_at = 0;
    bytes timestamp_end = 0;
    bytes seconds_at = 0;
    bytes seconds_end = 0;
    bytes nanos_at = 0;
    bytes nanos_end = 0;
    bytes time_at = 0;
    bytes time_end = 0;
    bytes i = skip_space(p, open + 1, inner);
    while (i < inner) {
        i = read_member(p, i, inner, m);
        enum special kind = kind_of(p, m, scratch, detect, taken);
        if (leaves_payload(kind)) {
            taken |= ((u32)1) << kind;
            if (kind == SPECIAL_SEVERITY) {
                severity = severity_of_word(p, m->value_start + 1,
                                            m->value_end - m->value_start - 2, true);
#line 356 "klib-src/gcp/structured.ts"
                have_severity = true;
            } else {
                write_field_name(b, kind);
                write_raw(b, p, m->value_start, m->value_end);
                buffer_write_byte(b, 44);
            }
            continue;
        }
        payload_members++;
        if (kind == SPECIAL_MESSAGE)
#line 365 "klib-src/gcp/structured.ts"
            messages++;
        if (kind == SPECIAL_LEVEL && !have_severity) {
            severity = severity_of_word(p, m->value_start + 1, m->value_end - m->value_start - 2,
                                        true);
        }
#line 369 "klib-src/gcp/structured.ts"
        enum time_field time = time_field(p, m);
        if (time == TIME_FIELD_TIMESTAMP && timestamp_at == 0) {
            timestamp_at = m->value_start;
            timestamp_end = m->value_end;
        } else if (time == TIME_FIELD_SECONDS && seconds_at == 0) {
            seconds_at = m->value_start;
            seconds_end = m->value_end;
        } else if (time == TIME_FIELD_NANOS && nanos_at == 0) {
            nanos_at = m->value_start;
            nanos_end = m->value_end;
        } else if (time == TIME_FIELD_TIME && time_at == 0) {
            time_at = m->value_start;
            time_end = m->value_end;
        }
    }
#line 388 "klib-src/gcp/structured.ts"
    s64 seconds = -1;
    s64 nanos = -1;
    bytes lifted_a = 0;
    bytes lifted_b = 0;
    if (timestamp_at != 0 && find_member(p, timestamp_at, timestamp_end, scratch, "seconds", 7) && find_member(p,
                                                                                                               timestamp_at,
                                                                                                               timestamp_end,
                                                                                                               scratch,
                                                                                                               "nanos",
                                                                                                               5)) {
#line 394 "klib-src/gcp/structured.ts"
        seconds = object_seconds(p, timestamp_at, timestamp_end, scratch);
        nanos = object_nanos(p, timestamp_at, timestamp_end, scratch);
        lifted_a = timestamp_at;
    } else if (seconds_at != 0 && nanos_at != 0) {
        seconds = whole_number_value(p, seconds_at, seconds_end, TIME_FORMAT_LIMIT - 1);
        nanos = whole_number_value(p, nanos_at, nanos_end, NANOS_LIMIT);
        lifted_a = seconds_at;
        lifted_b = nanos_at;
    } else if (time_at != 0) {
        seconds = rfc3339_seconds(p, time_at, time_end);
        nanos = seconds < 0 ? -1 : (s64)rfc3339_nanos(p, time_at, time_end);
        lifted_a = time_at;
    }
    u64 capture_seconds = stamp >> 32;
    if (seconds >= 0 && nanos >= 0 && within_lift_window((u64)seconds, capture_seconds)) {
        write_timestamp(b, (u64)seconds, (u32)nanos);
        payload_members -= lifted_b != 0 ? 2 : 1;
    } else {
        write_timestamp(b, capture_seconds, (u32)(((stamp & 0xffffffff) * 1000000000) >> 32));
        lifted_a = 0;
        lifted_b = 0;
    }
    if (severity != SEVERITY_DEFAULT) {
        buffer_write_cstring(b, "\"severity\":\"");
        buffer_write_sstring(b, severity_name(severity));
        buffer_write_cstring(b, "\",");
    }
#line 422 "klib-src/gcp/structured.ts"
    boolean message_only = payload_members == 1 && messages == 1;
    u32 skipped = 0;
    boolean first = true;
    if (message_only)
#line 425 "klib-src/gcp/structured.ts"
        buffer_write_cstring(b, "\"textPayload\":");
    else
#line 426 "klib-src/gcp/structured.ts"
        buffer_write_cstring(b, "\"jsonPayload\":{");
    i = skip_space(p, open + 1, inner);
    while (i < inner) {
        i = read_member(p, i, inner, m);
        enum special kind = kind_of(p, m, scratch, detect, skipped);
        if (leaves_payload(kind)) {
            skipped |= ((u32)1) << kind;
            continue;
        }
        if (m->value_start == lifted_a || m->value_start == lifted_b)
#line 435 "klib-src/gcp/structured.ts"
            continue;
        if (message_only) {
            write_raw(b, p, m->value_start, m->value_end);
            continue;
        }
        if (!first)
#line 440 "klib-src/gcp/structured.ts"
            buffer_write_byte(b, 44);
        write_member(b, p, m);
        first = false;
    }
    if (!message_only)
#line 444 "klib-src/gcp/structured.ts"
        buffer_write_byte(b, 125);
    return true;
}
