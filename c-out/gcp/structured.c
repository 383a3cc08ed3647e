/* generated from klib-src/gcp/structured.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/json_escape.h"
#include "../lib/json_reader.h"
#include "../lib/time_format.h"
#include "json_value.h"
#include "lifted_time.h"
#include "severity.h"
#include "structured.h"

/* A console line that is a JSON object becomes a structured entry, following Google's
 * structured-logging rules (the logging agent's): `severity` is lifted into the entry's severity
 * (`level` is read too, and stays); `httpRequest` and the special
 * `logging.googleapis.com/insertId`, `trace`, `spanId`, `trace_sampled`, `labels`, `sourceLocation`
 * and `operation` members are lifted into the entry's fields when their values have the forms the
 * LogEntry fields take (json_value.ts); the time fields (`timestamp` {seconds, nanos},
 * `timestampSeconds` + `timestampNanos`, `time`) set the entry's timestamp (lifted_time.ts); the
 * rest is the jsonPayload. When only a string `message` is left, it becomes the textPayload. Only
 * the first member of each special name is lifted (a repeat stays in the payload), and a member
 * that cannot be lifted stays in the payload untouched: nothing of the line is lost and no entry is
 * one Cloud Logging would refuse. Members are copied as they were written: the line was validated
 * first (RFC 8259 and well-formed UTF-8). */

#define MAX_DEPTH 64
#define QUOTE '"'
#define BACKSLASH '\\'

/* The fields of the LogEntry messages a member may be lifted into, as `name:type,` ending with a
 * dot; the type is s string, b bool, l int64, i int32, d Duration (each in its proto3 JSON form).
 * Names are the JSON (lowerCamelCase) ones, as Google's structured-logging documentation writes
 * them. */
#define SOURCE_LOCATION_FIELDS "file:s,line:l,function:s,."

#define OPERATION_FIELDS "id:s,producer:s,first:b,last:b,."
#define HTTP_REQUEST_FIELDS \
    "requestMethod:s,requestUrl:s,requestSize:l,status:i,responseSize:l,userAgent:s,remoteIp:s," \
    "serverIp:s,referer:s,latency:d,cacheLookup:b,cacheHit:b,cacheValidatedWithOriginServer:b," \
    "cacheFillBytes:l,protocol:s,."

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

/* The time fields of a line (Google's structured-logging "time-related fields"). */
enum time_field {
    TIME_FIELD_NONE,
    TIME_FIELD_TIMESTAMP,
    TIME_FIELD_SECONDS,
    TIME_FIELD_NANOS,
    TIME_FIELD_TIME,
};

static boolean is_space(u32 c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bytes skip_space(u8 *p, bytes i, bytes end)
{
    while (i < end && is_space(p[i]))
        i++;
    return i;
}

/* Past the string whose opening quote is at p[i]. */
static bytes skip_string(u8 *p, bytes i, bytes end)
{
    i++;
    while (i < end && p[i] != QUOTE)
        i += p[i] == BACKSLASH ? 2 : 1;
    return i + 1;
}

/* Past the (valid) value that starts at p[i]. */
static bytes skip_value(u8 *p, bytes i, bytes end)
{
    u32 c = p[i];
    if (c == QUOTE)
        return skip_string(p, i, end);
    if (c != '{' && c != '[') {
        while (i < end && p[i] != ',' && p[i] != '}' && p[i] != ']' && !is_space(p[i]))
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
        if (d == '{' || d == '[')
            depth++;
        if (d == '}' || d == ']') {
            depth--;
            if (depth == 0)
                return i + 1;
        }
        i++;
    }
    return i;
}

/* Reads the member at p[i] (at its name's quote) into m; returns where the next one starts (or the
 * end). */
static bytes read_member(u8 *p, bytes i, bytes end, member m)
{
    m->name_start = i + 1;
    i = skip_string(p, i, end);
    m->name_length = i - 1 - m->name_start;
    i = skip_space(p, i, end);
    i = skip_space(p, i + 1, end);
    m->value_start = i;
    i = skip_value(p, i, end);
    m->value_end = i;
    i = skip_space(p, i, end);
    if (i < end && p[i] == ',')
        i = skip_space(p, i + 1, end);
    return i;
}

static boolean name_is(u8 *p, member m, const char *text, bytes n)
{
    if (m->name_length != n)
        return false;
    for (bytes k = 0; k < n; k++)
        if (p[m->name_start + k] != (u8)text[k])
            return false;
    return true;
}

/* Finds the first member named `text` of the object value p[at .. end) into m. */
static boolean find_member(u8 *p, bytes at, bytes end, member m, const char *text, bytes n)
{
    if (p[at] != '{')
        return false;
    bytes inner = end - 1;
    bytes i = skip_space(p, at + 1, inner);
    while (i < inner) {
        i = read_member(p, i, inner, m);
        if (name_is(p, m, text, n))
            return true;
    }
    return false;
}

/* How many members the object value p[at .. end) has. */
static u32 member_count(u8 *p, bytes at, bytes end, member m)
{
    bytes inner = end - 1;
    u32 count = 0;
    bytes i = skip_space(p, at + 1, inner);
    while (i < inner) {
        i = read_member(p, i, inner, m);
        count++;
    }
    return count;
}

/* An object whose members are all strings (what LogEntry.labels takes). */
static boolean is_string_map(u8 *p, member m, member scratch)
{
    if (p[m->value_start] != '{')
        return false;
    bytes end = m->value_end - 1;
    bytes i = skip_space(p, m->value_start + 1, end);
    while (i < end) {
        i = read_member(p, i, end, scratch);
        if (!is_string_value(p, scratch->value_start))
            return false;
    }
    return true;
}

/* m's field in `fields`: its position << 8 | its type letter; -1 when the message has no such
 * field. */
static s32 field_of(u8 *p, member m, const char *fields)
{
    bytes i = 0;
    s32 position = 0;
    while ((u8)fields[i] != '.') {
        bytes k = 0;
        boolean match = true;
        while ((u8)fields[i + k] != ':') {
            if (match && (k >= m->name_length || p[m->name_start + k] != (u8)fields[i + k]))
                match = false;
            k++;
        }
        if (match && k == m->name_length)
            return (position << 8) | (u8)fields[i + k + 1];
        i += k + 3;
        position++;
    }
    return -1;
}

/* Whether the value of v has the proto3 JSON form of a field of type `type` (a letter of the field
 * lists). Not null: proto3 JSON reads it as "unset", but Google's own Node serializer refuses
 * it. */
static boolean fits_field(u8 *p, member v, u32 type)
{
    switch (type) {
    case 115:
        return is_string_value(p, v->value_start);
    case 98:
        return is_boolean_value(p, v->value_start);
    case 108:
        return is_int64_value(p, v->value_start, v->value_end);
    case 105:
        return is_int32_value(p, v->value_start, v->value_end);
    case 100:
        return is_duration_value(p, v->value_start, v->value_end);
    default:
        return false;
    }
}

/* True when the object value of m is a message Cloud Logging takes: only the fields listed, each at
 * most once and in its proto3 JSON form. An unknown member or a wrong value would make the API
 * refuse the whole request, so such an object stays in the payload. */
static boolean is_message(u8 *p, member m, member scratch, const char *fields)
{
    if (p[m->value_start] != '{')
        return false;
    bytes end = m->value_end - 1;
    u32 seen = 0;
    bytes i = skip_space(p, m->value_start + 1, end);
    while (i < end) {
        i = read_member(p, i, end, scratch);
        s32 field = field_of(p, scratch, fields);
        if (field < 0)
            return false;
        u32 bit = (u32)1 << (field >> 8);
        if ((seen & bit) != 0)
            return false;
        seen |= bit;
        if (!fits_field(p, scratch, (u32)(field & 255)))
            return false;
    }
    return true;
}

static enum special special(u8 *p, member m, member scratch, boolean detect)
{
    boolean text = is_string_value(p, m->value_start);
    if (name_is(p, m, "severity", 8))
        return detect && text ? SPECIAL_SEVERITY : SPECIAL_NONE;
    if (name_is(p, m, "level", 5))
        return detect && text ? SPECIAL_LEVEL : SPECIAL_NONE;
    if (name_is(p, m, "message", 7))
        return text ? SPECIAL_MESSAGE : SPECIAL_NONE;
    if (name_is(p, m, "httpRequest", 11))
        return is_message(p, m, scratch, HTTP_REQUEST_FIELDS) ? SPECIAL_HTTP_REQUEST : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/insertId", 31))
        return text ? SPECIAL_INSERT_ID : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/trace", 28))
        return text ? SPECIAL_TRACE : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/spanId", 29))
        return text ? SPECIAL_SPAN_ID : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/trace_sampled", 36)) {
        return is_boolean_value(p, m->value_start) ? SPECIAL_TRACE_SAMPLED : SPECIAL_NONE;
    }
    if (name_is(p, m, "logging.googleapis.com/labels", 29))
        return is_string_map(p, m, scratch) ? SPECIAL_LABELS : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/sourceLocation", 37)) {
        return is_message(p, m, scratch, SOURCE_LOCATION_FIELDS)
               ? SPECIAL_SOURCE_LOCATION
               : SPECIAL_NONE;
    }
    if (name_is(p, m, "logging.googleapis.com/operation", 32)) {
        return is_message(p, m, scratch, OPERATION_FIELDS) ? SPECIAL_OPERATION : SPECIAL_NONE;
    }
    return SPECIAL_NONE;
}

/* Kinds whose member leaves the payload (severity, and the ones copied into an entry field). */
static boolean leaves_payload(enum special kind)
{
    return kind != SPECIAL_NONE && kind != SPECIAL_LEVEL && kind != SPECIAL_MESSAGE;
}

/* The kind of m, given the kinds already `taken` (a bit each): only the first member of a name is
 * lifted, a repeat is an ordinary member (the entry can have each field once). */
static enum special kind_of(u8 *p, member m, member scratch, boolean detect, u32 taken)
{
    enum special kind = special(p, m, scratch, detect);
    if (leaves_payload(kind) && (taken & ((u32)1 << kind)) != 0)
        return SPECIAL_NONE;
    return kind;
}

/* The LogEntry field a lifted kind goes to, written as `"name":`. */
static void write_field_name(buffer b, enum special kind)
{
    switch (kind) {
    case SPECIAL_INSERT_ID:
        buffer_write_cstring(b, "\"insertId\":");
        break;
    case SPECIAL_TRACE:
        buffer_write_cstring(b, "\"trace\":");
        break;
    case SPECIAL_SPAN_ID:
        buffer_write_cstring(b, "\"spanId\":");
        break;
    case SPECIAL_TRACE_SAMPLED:
        buffer_write_cstring(b, "\"traceSampled\":");
        break;
    case SPECIAL_LABELS:
        buffer_write_cstring(b, "\"labels\":");
        break;
    case SPECIAL_SOURCE_LOCATION:
        buffer_write_cstring(b, "\"sourceLocation\":");
        break;
    case SPECIAL_OPERATION:
        buffer_write_cstring(b, "\"operation\":");
        break;
    case SPECIAL_HTTP_REQUEST:
        buffer_write_cstring(b, "\"httpRequest\":");
        break;
    default:
        break;
    }
}

static enum time_field time_field(u8 *p, member m)
{
    if (name_is(p, m, "timestamp", 9))
        return TIME_FIELD_TIMESTAMP;
    if (name_is(p, m, "timestampSeconds", 16))
        return TIME_FIELD_SECONDS;
    if (name_is(p, m, "timestampNanos", 14))
        return TIME_FIELD_NANOS;
    if (name_is(p, m, "time", 4))
        return TIME_FIELD_TIME;
    return TIME_FIELD_NONE;
}

/* The seconds of a `timestamp` object that has exactly `seconds` and `nanos`, each a whole number;
 * else -1. */
static s64 object_seconds(u8 *p, bytes at, bytes end, member m)
{
    if (member_count(p, at, end, m) != 2 || !find_member(p, at, end, m, "nanos", 5))
        return -1;
    if (!find_member(p, at, end, m, "seconds", 7))
        return -1;
    return whole_number_value(p, m->value_start, m->value_end, TIME_FORMAT_LIMIT - 1);
}

/* The nanos of a `timestamp` object objectSeconds accepted; -1 when not a whole number below
 * 10^9. */
static s64 object_nanos(u8 *p, bytes at, bytes end, member m)
{
    if (!find_member(p, at, end, m, "nanos", 5))
        return -1;
    return whole_number_value(p, m->value_start, m->value_end, NANOS_LIMIT);
}

/* Writes `"timestamp":"<RFC 3339 with nanoseconds>",`. */
static void write_timestamp(buffer b, u64 seconds, u32 nanos)
{
    u64 s = seconds < TIME_FORMAT_LIMIT ? seconds : TIME_FORMAT_LIMIT - 1;
    buffer_write_cstring(b, "\"timestamp\":\"");
    if (buffer_extend(b, RFC3339_NANOS_LENGTH))
        buffer_produce(b, format_rfc3339_nanos(s, nanos, (u8 *)buffer_end(b)));
    buffer_write_cstring(b, "\",");
}

/* True when p[off .. off + n) is well-formed UTF-8. */
static boolean is_utf8(u8 *p, bytes off, bytes n)
{
    bytes i = off;
    bytes end = off + n;
    while (i < end) {
        s64 k = utf8_sequence_length(p, i, end);
        if (k <= 0)
            return false;
        i += (bytes)k;
    }
    return true;
}

/* True when the line may be a JSON object: its first non-space byte is `{`. */
boolean looks_like_object(u8 *p, bytes off, bytes n)
{
    bytes i = skip_space(p, off, off + n);
    return i < off + n && p[i] == '{';
}

static void write_raw(buffer b, u8 *p, bytes from, bytes to)
{
    buffer_write(b, p + from, to - from);
}

static void write_member(buffer b, u8 *p, member m)
{
    buffer_write_byte(b, QUOTE);
    write_raw(b, p, m->name_start, m->name_start + m->name_length);
    buffer_write_cstring(b, "\":");
    write_raw(b, p, m->value_start, m->value_end);
}

/* Writes the entry members for the JSON object line p[off .. off + n), captured at `stamp`, into b
 * (timestamp, severity, lifted fields, payload; each followed by a comma except the payload, which
 * comes last). False, with nothing written, when the line is not a valid JSON object: it then goes
 * as text. Without `detect`, `severity` and `level` are ordinary members. */
boolean write_structured(buffer b, json_reader r, member m, member scratch, u8 *p, bytes off,
                         bytes n, timestamp stamp, boolean detect)
{
    if (!is_utf8(p, off, n))
        return false;
    /* The reader reads from the document's start: give it a document that starts at the line. */
    json_reader_init(r, (p + off), n, MAX_DEPTH, n);
    if (json_validate(r) != JSON_OK)
        return false;
    bytes end = off + n;
    bytes open = skip_space(p, off, end);
    if (p[open] != '{')
        return false;
    bytes close = end;
    while (close > open && p[close - 1] != '}')
        close--;
    bytes inner = close - 1;
    /* First pass: the lifted members, the time fields, and whether the payload is only a
     * message. */
    enum severity severity = SEVERITY_DEFAULT;
    boolean have_severity = false;
    u32 taken = 0;
    u32 payload_members = 0;
    u32 messages = 0;
    /* Value spans of the first member of each time field (a value never starts at 0: 0 is
     * "none"). */
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
            taken |= (u32)1 << kind;
            if (kind == SPECIAL_SEVERITY) {
                severity = severity_of_word(p, m->value_start + 1,
                                            m->value_end - m->value_start - 2, true);
                have_severity = true;
            } else {
                write_field_name(b, kind);
                write_raw(b, p, m->value_start, m->value_end);
                buffer_write_byte(b, ',');
            }
            continue;
        }
        payload_members++;
        if (kind == SPECIAL_MESSAGE)
            messages++;
        if (kind == SPECIAL_LEVEL && !have_severity) {
            severity = severity_of_word(p, m->value_start + 1, m->value_end - m->value_start - 2,
                                        true);
        }
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
    /* The entry's timestamp. The form that decides is the first present in Google's order: a
     * `timestamp` object with `seconds` and `nanos`, then `timestampSeconds` with `timestampNanos`,
     * then `time`. When its values are not valid, or the time is outside what Cloud Logging keeps
     * (withinLiftWindow), its members stay in the payload and the entry has the capture time. */
    s64 seconds = -1;
    s64 nanos = -1;
    bytes lifted_a = 0;
    bytes lifted_b = 0;
    if (timestamp_at != 0 && find_member(p, timestamp_at, timestamp_end, scratch, "seconds", 7) &&
        find_member(p, timestamp_at, timestamp_end, scratch, "nanos", 5)) {
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
    /* Second pass: the payload, without the members lifted (the same kinds in the same order). */
    boolean message_only = payload_members == 1 && messages == 1;
    u32 skipped = 0;
    boolean first = true;
    if (message_only)
        buffer_write_cstring(b, "\"textPayload\":");
    else
        buffer_write_cstring(b, "\"jsonPayload\":{");
    i = skip_space(p, open + 1, inner);
    while (i < inner) {
        i = read_member(p, i, inner, m);
        enum special kind = kind_of(p, m, scratch, detect, skipped);
        if (leaves_payload(kind)) {
            skipped |= (u32)1 << kind;
            continue;
        }
        if (m->value_start == lifted_a || m->value_start == lifted_b)
            continue;
        if (message_only) {
            write_raw(b, p, m->value_start, m->value_end);
            continue;
        }
        if (!first)
            buffer_write_byte(b, ',');
        write_member(b, p, m);
        first = false;
    }
    if (!message_only)
        buffer_write_byte(b, '}');
    return true;
}
