/* generated from klib-src/gcp/structured.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/json_escape.h"
#include "../lib/json_reader.h"
#include "severity.h"
#include "structured.h"

#define MAX_DEPTH 64
#define QUOTE 34
#define BACKSLASH 92

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
};

static boolean is_whole_number(u8 *p, member m);
static boolean name_listed(u8 *p, member m, const char *list);

#line 26 "klib-src/gcp/structured.ts"
static boolean is_space(u32 c)
{
#line 27 "klib-src/gcp/structured.ts"
    return c == 32 || c == 9 || c == 10 || c == 13;
}

#line 30 "klib-src/gcp/structured.ts"
static bytes skip_space(u8 *p, bytes i, bytes end)
{
#line 31 "klib-src/gcp/structured.ts"
    while (i < end && is_space(p[i]))
#line 31 "klib-src/gcp/structured.ts"
        i++;
    return i;
}

#line 36 "klib-src/gcp/structured.ts"
static bytes skip_string(u8 *p, bytes i, bytes end)
{
#line 37 "klib-src/gcp/structured.ts"
    i++;
    while (i < end && p[i] != QUOTE)
#line 38 "klib-src/gcp/structured.ts"
        i += p[i] == BACKSLASH ? 2 : 1;
    return i + 1;
}

#line 43 "klib-src/gcp/structured.ts"
static bytes skip_value(u8 *p, bytes i, bytes end)
{
#line 44 "klib-src/gcp/structured.ts"
    u32 c = p[i];
    if (c == QUOTE)
#line 45 "klib-src/gcp/structured.ts"
        return skip_string(p, i, end);
    if (c != 123 && c != 91) {
        while (i < end && p[i] != 44 && p[i] != 125 && p[i] != 93 && !is_space(p[i]))
#line 47 "klib-src/gcp/structured.ts"
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
#line 57 "klib-src/gcp/structured.ts"
            depth++;
        if (d == 125 || d == 93) {
            depth--;
            if (depth == 0)
#line 60 "klib-src/gcp/structured.ts"
                return i + 1;
        }
        i++;
    }
    return i;
}

#line 68 "klib-src/gcp/structured.ts"
static bytes read_member(u8 *p, bytes i, bytes end, member m)
{
#line 69 "klib-src/gcp/structured.ts"
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
#line 78 "klib-src/gcp/structured.ts"
        i = skip_space(p, i + 1, end);
    return i;
}

#line 82 "klib-src/gcp/structured.ts"
static boolean name_is(u8 *p, member m, const char *text, bytes n)
{
#line 83 "klib-src/gcp/structured.ts"
    if (m->name_length != n)
#line 83 "klib-src/gcp/structured.ts"
        return false;
    for (bytes k = 0; k < n; k++)
#line 84 "klib-src/gcp/structured.ts"
        if (p[m->name_start + k] != (u8)text[k])
#line 84 "klib-src/gcp/structured.ts"
            return false;
    return true;
}

#line 88 "klib-src/gcp/structured.ts"
static boolean is_string_value(u8 *p, member m)
{
#line 89 "klib-src/gcp/structured.ts"
    return p[m->value_start] == QUOTE;
}

#line 92 "klib-src/gcp/structured.ts"
static boolean is_boolean(u8 *p, member m)
{
#line 93 "klib-src/gcp/structured.ts"
    return p[m->value_start] == 116 || p[m->value_start] == 102;
}

#line 97 "klib-src/gcp/structured.ts"
static boolean is_string_map(u8 *p, member m, member scratch)
{
#line 98 "klib-src/gcp/structured.ts"
    if (p[m->value_start] != 123)
#line 98 "klib-src/gcp/structured.ts"
        return false;
    bytes end = m->value_end - 1;
    bytes i = skip_space(p, m->value_start + 1, end);
    while (i < end) {
        i = read_member(p, i, end, scratch);
        if (!is_string_value(p, scratch))
#line 103 "klib-src/gcp/structured.ts"
            return false;
    }
    return true;
}

#line 116 "klib-src/gcp/structured.ts"
static boolean is_message(u8 *p, member m, member scratch, const char *strings,
                          const char *booleans, const char *integers)
{
#line 117 "klib-src/gcp/structured.ts"
    if (p[m->value_start] != 123)
#line 117 "klib-src/gcp/structured.ts"
        return false;
    bytes end = m->value_end - 1;
    bytes i = skip_space(p, m->value_start + 1, end);
    while (i < end) {
        i = read_member(p, i, end, scratch);
        u32 c = p[scratch->value_start];
        boolean ok = false;
        if (name_listed(p, scratch, strings))
#line 124 "klib-src/gcp/structured.ts"
            ok = c == QUOTE;
        else
#line 125 "klib-src/gcp/structured.ts"
            if (name_listed(p, scratch, booleans))
#line 125 "klib-src/gcp/structured.ts"
                ok = c == 116 || c == 102;
            else
#line 126 "klib-src/gcp/structured.ts"
                if (name_listed(p, scratch, integers))
#line 126 "klib-src/gcp/structured.ts"
                    ok = c == QUOTE || is_whole_number(p, scratch);
        if (!ok)
#line 127 "klib-src/gcp/structured.ts"
            return false;
    }
    return true;
}

#line 133 "klib-src/gcp/structured.ts"
static boolean is_whole_number(u8 *p, member m)
{
#line 134 "klib-src/gcp/structured.ts"
    bytes i = m->value_start;
    if (p[i] == 45)
#line 135 "klib-src/gcp/structured.ts"
        i++;
    if (i >= m->value_end)
#line 136 "klib-src/gcp/structured.ts"
        return false;
    for (; i < m->value_end; i++)
#line 137 "klib-src/gcp/structured.ts"
        if (p[i] < 48 || p[i] > 57)
#line 137 "klib-src/gcp/structured.ts"
            return false;
    return true;
}

#line 142 "klib-src/gcp/structured.ts"
static boolean name_listed(u8 *p, member m, const char *list)
{
#line 143 "klib-src/gcp/structured.ts"
    bytes i = 0;
    while ((u8)list[i] != 46) {
        bytes k = 0;
        boolean match = true;
        while ((u8)list[i + k] != 44) {
            if (match && (k >= m->name_length || p[m->name_start + k] != (u8)list[i + k]))
#line 148 "klib-src/gcp/structured.ts"
                match = false;
            k++;
        }
        if (match && k == m->name_length)
#line 151 "klib-src/gcp/structured.ts"
            return true;
        i += k + 1;
    }
    return false;
}

#line 157 "klib-src/gcp/structured.ts"
static enum special special(u8 *p, member m, member scratch, boolean detect)
{
#line 158 "klib-src/gcp/structured.ts"
    if (name_is(p, m, "severity", 8))
#line 158 "klib-src/gcp/structured.ts"
        return detect && is_string_value(p, m) ? SPECIAL_SEVERITY : SPECIAL_NONE;
    if (name_is(p, m, "level", 5))
#line 159 "klib-src/gcp/structured.ts"
        return detect && is_string_value(p, m) ? SPECIAL_LEVEL : SPECIAL_NONE;
    if (name_is(p, m, "message", 7))
#line 160 "klib-src/gcp/structured.ts"
        return is_string_value(p, m) ? SPECIAL_MESSAGE : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/insertId", 31))
#line 161 "klib-src/gcp/structured.ts"
        return is_string_value(p, m) ? SPECIAL_INSERT_ID : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/trace", 28))
#line 162 "klib-src/gcp/structured.ts"
        return is_string_value(p, m) ? SPECIAL_TRACE : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/spanId", 29))
#line 163 "klib-src/gcp/structured.ts"
        return is_string_value(p, m) ? SPECIAL_SPAN_ID : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/trace_sampled", 36))
#line 164 "klib-src/gcp/structured.ts"
        return is_boolean(p, m) ? SPECIAL_TRACE_SAMPLED : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/labels", 29))
#line 165 "klib-src/gcp/structured.ts"
        return is_string_map(p, m, scratch) ? SPECIAL_LABELS : SPECIAL_NONE;
    if (name_is(p, m, "logging.googleapis.com/sourceLocation", 37)) {
        return is_message(p, m, scratch, "file,function,.", ".", "line,.") ? SPECIAL_SOURCE_LOCATION : SPECIAL_NONE;
    }
    if (name_is(p, m, "logging.googleapis.com/operation", 32)) {
        return is_message(p, m, scratch, "id,producer,.", "first,last,.", ".") ? SPECIAL_OPERATION : SPECIAL_NONE;
    }
    return SPECIAL_NONE;
}

#line 176 "klib-src/gcp/structured.ts"
static boolean is_utf8(u8 *p, bytes off, bytes n)
{
#line 177 "klib-src/gcp/structured.ts"
    bytes i = off;
    bytes end = off + n;
    while (i < end) {
        s64 k = utf8_sequence_length(p, i, end);
        if (k <= 0)
#line 181 "klib-src/gcp/structured.ts"
            return false;
        i += (bytes)k;
    }
    return true;
}

#line 188 "klib-src/gcp/structured.ts"
boolean looks_like_object(u8 *p, bytes off, bytes n)
{
#line 189 "klib-src/gcp/structured.ts"
    bytes i = skip_space(p, off, off + n);
    return i < off + n && p[i] == 123;
}

#line 193 "klib-src/gcp/structured.ts"
static void write_raw(buffer b, u8 *p, bytes from, bytes to)
{
#line 194 "klib-src/gcp/structured.ts"
    buffer_write(b, p + from, to - from);
}

#line 197 "klib-src/gcp/structured.ts"
static void write_member(buffer b, u8 *p, member m)
{
#line 198 "klib-src/gcp/structured.ts"
    buffer_write_byte(b, QUOTE);
    write_raw(b, p, m->name_start, m->name_start + m->name_length);
    buffer_write_cstring(b, "\":");
    write_raw(b, p, m->value_start, m->value_end);
}

#line 210 "klib-src/gcp/structured.ts"
boolean write_structured(buffer b, json_reader r, member m, member scratch, u8 *p, bytes off,
                         bytes n, boolean detect)
{
#line 212 "klib-src/gcp/structured.ts"
    if (!is_utf8(p, off, n))
#line 212 "klib-src/gcp/structured.ts"
        return false;
#line 214 "klib-src/gcp/structured.ts"
    json_reader_init(r, (p + off), n, MAX_DEPTH, n);
    if (json_validate(r) != JSON_OK)
#line 215 "klib-src/gcp/structured.ts"
        return false;
    bytes end = off + n;
    bytes open = skip_space(p, off, end);
    if (p[open] != 123)
#line 218 "klib-src/gcp/structured.ts"
        return false;
    bytes close = end;
    while (close > open && p[close - 1] != 125)
#line 220 "klib-src/gcp/structured.ts"
        close--;
    bytes inner = close - 1;
#line 223 "klib-src/gcp/structured.ts"
    enum severity severity = SEVERITY_DEFAULT;
    boolean have_severity = false;
    u32 payload_members = 0;
    boolean message_only = false;
    boolean labels_written = false;
    bytes i = skip_space(p, open + 1, inner);
    while (i < inner) {
        i = read_member(p, i, inner, m);
        enum special kind = special(p, m, scratch, detect);
        if (kind == SPECIAL_SEVERITY) {
            severity = severity_of_word(p, m->value_start + 1, m->value_end - m->value_start - 2,
                                        true);
#line 234 "klib-src/gcp/structured.ts"
            have_severity = true;
        } else if (kind == SPECIAL_LEVEL) {
            if (!have_severity)
#line 236 "klib-src/gcp/structured.ts"
                severity = severity_of_word(p, m->value_start + 1,
                                            m->value_end - m->value_start - 2, true);
#line 237 "klib-src/gcp/structured.ts"
            payload_members++;
            message_only = false;
        } else if (kind == SPECIAL_INSERT_ID) {
            buffer_write_cstring(b, "\"insertId\":");
            write_raw(b, p, m->value_start, m->value_end);
            buffer_write_byte(b, 44);
        } else if (kind == SPECIAL_TRACE) {
            buffer_write_cstring(b, "\"trace\":");
            write_raw(b, p, m->value_start, m->value_end);
            buffer_write_byte(b, 44);
        } else if (kind == SPECIAL_SPAN_ID) {
            buffer_write_cstring(b, "\"spanId\":");
            write_raw(b, p, m->value_start, m->value_end);
            buffer_write_byte(b, 44);
        } else if (kind == SPECIAL_TRACE_SAMPLED) {
            buffer_write_cstring(b, "\"traceSampled\":");
            write_raw(b, p, m->value_start, m->value_end);
            buffer_write_byte(b, 44);
        } else if (kind == SPECIAL_SOURCE_LOCATION) {
            buffer_write_cstring(b, "\"sourceLocation\":");
            write_raw(b, p, m->value_start, m->value_end);
            buffer_write_byte(b, 44);
        } else if (kind == SPECIAL_OPERATION) {
            buffer_write_cstring(b, "\"operation\":");
            write_raw(b, p, m->value_start, m->value_end);
            buffer_write_byte(b, 44);
        } else if (kind == SPECIAL_LABELS) {
            if (!labels_written) {
                buffer_write_cstring(b, "\"labels\":");
                write_raw(b, p, m->value_start, m->value_end);
                buffer_write_byte(b, 44);
            }
            labels_written = true;
        } else {
            payload_members++;
            message_only = payload_members == 1 && kind == SPECIAL_MESSAGE;
        }
    }
    if (severity != SEVERITY_DEFAULT) {
        buffer_write_cstring(b, "\"severity\":\"");
        buffer_write_sstring(b, severity_name(severity));
        buffer_write_cstring(b, "\",");
    }
#line 281 "klib-src/gcp/structured.ts"
    boolean first = true;
    if (message_only)
#line 282 "klib-src/gcp/structured.ts"
        buffer_write_cstring(b, "\"textPayload\":");
    else
#line 283 "klib-src/gcp/structured.ts"
        buffer_write_cstring(b, "\"jsonPayload\":{");
    i = skip_space(p, open + 1, inner);
    while (i < inner) {
        i = read_member(p, i, inner, m);
        enum special kind = special(p, m, scratch, detect);
        if (kind != SPECIAL_NONE && kind != SPECIAL_LEVEL && kind != SPECIAL_MESSAGE)
#line 288 "klib-src/gcp/structured.ts"
            continue;
        if (message_only) {
            write_raw(b, p, m->value_start, m->value_end);
            continue;
        }
        if (!first)
#line 293 "klib-src/gcp/structured.ts"
            buffer_write_byte(b, 44);
        write_member(b, p, m);
        first = false;
    }
    if (!message_only)
#line 297 "klib-src/gcp/structured.ts"
        buffer_write_byte(b, 125);
    return true;
}
