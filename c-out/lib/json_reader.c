/* generated from klib-src/lib/json_reader.ts by klibc - do not edit */
#include <kernel.h>
#include "ascii.h"
#include "json_reader.h"

#line 35 "klib-src/lib/json_reader.ts"
static void skip_space(json_reader r)
{
#line 36 "klib-src/lib/json_reader.ts"
    while (r->pos < r->length) {
        u32 c = r->doc[r->pos];
        if (c != 32 && c != 9 && c != 10 && c != 13)
#line 38 "klib-src/lib/json_reader.ts"
            return;
        r->pos++;
    }
}

#line 43 "klib-src/lib/json_reader.ts"
static boolean fail(json_reader r, s32 error)
{
#line 44 "klib-src/lib/json_reader.ts"
    if (r->error == JSON_OK)
#line 44 "klib-src/lib/json_reader.ts"
        r->error = error;
    return false;
}

#line 48 "klib-src/lib/json_reader.ts"
static boolean expect_literal(json_reader r, const char *text, bytes n)
{
#line 49 "klib-src/lib/json_reader.ts"
    if (r->length - r->pos < n)
#line 49 "klib-src/lib/json_reader.ts"
        return fail(r, JSON_E_SYNTAX);
    for (bytes i = 0; i < n; i++) {
        if (r->doc[r->pos + i] != (u8)text[i])
#line 51 "klib-src/lib/json_reader.ts"
            return fail(r, JSON_E_SYNTAX);
    }
    r->pos += n;
    return true;
}

#line 57 "klib-src/lib/json_reader.ts"
static bytes skip_digits(json_reader r)
{
#line 58 "klib-src/lib/json_reader.ts"
    bytes start = r->pos;
    while (r->pos < r->length && is_digit(r->doc[r->pos]))
#line 59 "klib-src/lib/json_reader.ts"
        r->pos++;
    return r->pos - start;
}

#line 63 "klib-src/lib/json_reader.ts"
static boolean scan_number(json_reader r)
{
#line 64 "klib-src/lib/json_reader.ts"
    if (r->doc[r->pos] == 45)
#line 64 "klib-src/lib/json_reader.ts"
        r->pos++;
    if (r->pos >= r->length)
#line 65 "klib-src/lib/json_reader.ts"
        return fail(r, JSON_E_SYNTAX);
    if (r->doc[r->pos] == 48) {
        r->pos++;
    } else if (skip_digits(r) == 0) {
        return fail(r, JSON_E_SYNTAX);
    }
    if (r->pos < r->length && r->doc[r->pos] == 46) {
        r->pos++;
        if (skip_digits(r) == 0)
#line 73 "klib-src/lib/json_reader.ts"
            return fail(r, JSON_E_SYNTAX);
    }
    if (r->pos < r->length && (r->doc[r->pos] == 101 || r->doc[r->pos] == 69)) {
        r->pos++;
        if (r->pos < r->length && (r->doc[r->pos] == 43 || r->doc[r->pos] == 45))
#line 77 "klib-src/lib/json_reader.ts"
            r->pos++;
        if (skip_digits(r) == 0)
#line 78 "klib-src/lib/json_reader.ts"
            return fail(r, JSON_E_SYNTAX);
    }
    return true;
}

#line 84 "klib-src/lib/json_reader.ts"
static boolean scan_string(json_reader r)
{
#line 85 "klib-src/lib/json_reader.ts"
    r->pos++;
    while (r->pos < r->length) {
        u32 c = r->doc[r->pos];
        if (c == 34) {
            r->pos++;
            return true;
        }
        if (c < 0x20)
#line 92 "klib-src/lib/json_reader.ts"
            return fail(r, JSON_E_SYNTAX);
        if (c == 92) {
            if (r->pos + 1 >= r->length)
#line 94 "klib-src/lib/json_reader.ts"
                return fail(r, JSON_E_SYNTAX);
            u32 e = r->doc[r->pos + 1];
            if (e == 117) {
                if (r->length - r->pos < 6)
#line 97 "klib-src/lib/json_reader.ts"
                    return fail(r, JSON_E_SYNTAX);
                for (bytes k = 2; k < 6; k++) {
                    if (hex_digit_value(r->doc[r->pos + k]) < 0)
#line 99 "klib-src/lib/json_reader.ts"
                        return fail(r, JSON_E_SYNTAX);
                }
                r->pos += 6;
                continue;
            }
            if (e != 34 && e != 92 && e != 47 && e != 98 && e != 102 && e != 110 && e != 114 && e != 116) {
                return fail(r, JSON_E_SYNTAX);
            }
            r->pos += 2;
            continue;
        }
        r->pos++;
    }
    return fail(r, JSON_E_SYNTAX);
}

#line 116 "klib-src/lib/json_reader.ts"
static boolean scan_value(json_reader r)
{
#line 117 "klib-src/lib/json_reader.ts"
    if (r->pos >= r->length)
#line 117 "klib-src/lib/json_reader.ts"
        return fail(r, JSON_E_SYNTAX);
    u32 c = r->doc[r->pos];
    if (c == 34)
#line 119 "klib-src/lib/json_reader.ts"
        return scan_string(r);
    if (c == 45 || is_digit(c))
#line 120 "klib-src/lib/json_reader.ts"
        return scan_number(r);
    if (c == 116)
#line 121 "klib-src/lib/json_reader.ts"
        return expect_literal(r, "true", 4);
    if (c == 102)
#line 122 "klib-src/lib/json_reader.ts"
        return expect_literal(r, "false", 5);
    if (c == 110)
#line 123 "klib-src/lib/json_reader.ts"
        return expect_literal(r, "null", 4);
    if (c != 123 && c != 91)
#line 124 "klib-src/lib/json_reader.ts"
        return fail(r, JSON_E_SYNTAX);
    u32 close = c == 123 ? 125 : 93;
    if (r->depth >= r->max_depth)
#line 126 "klib-src/lib/json_reader.ts"
        return fail(r, JSON_E_DEPTH);
    r->depth++;
    r->pos++;
    skip_space(r);
    if (r->pos < r->length && r->doc[r->pos] == close) {
        r->pos++;
        r->depth--;
        return true;
    }
    while (true) {
        if (c == 123) {
            if (r->pos >= r->length || r->doc[r->pos] != 34 || !scan_string(r))
#line 137 "klib-src/lib/json_reader.ts"
                return fail(r, JSON_E_SYNTAX);
            skip_space(r);
            if (r->pos >= r->length || r->doc[r->pos] != 58)
#line 139 "klib-src/lib/json_reader.ts"
                return fail(r, JSON_E_SYNTAX);
            r->pos++;
            skip_space(r);
        }
        if (!scan_value(r))
#line 143 "klib-src/lib/json_reader.ts"
            return false;
        skip_space(r);
        if (r->pos >= r->length)
#line 145 "klib-src/lib/json_reader.ts"
            return fail(r, JSON_E_SYNTAX);
        if (r->doc[r->pos] == close) {
            r->pos++;
            r->depth--;
            return true;
        }
        if (r->doc[r->pos] != 44)
#line 151 "klib-src/lib/json_reader.ts"
            return fail(r, JSON_E_SYNTAX);
        r->pos++;
        skip_space(r);
    }
}

#line 158 "klib-src/lib/json_reader.ts"
void json_reader_init(json_reader r, u8 *doc, bytes length, u32 max_depth, bytes max_size)
{
#line 159 "klib-src/lib/json_reader.ts"
    r->doc = doc;
    r->length = length;
    r->max_depth = max_depth;
    r->max_size = max_size;
    r->pos = 0;
    r->depth = 0;
    r->error = JSON_OK;
}

#line 169 "klib-src/lib/json_reader.ts"
s32 json_validate(json_reader r)
{
#line 170 "klib-src/lib/json_reader.ts"
    r->pos = 0;
    r->depth = 0;
    r->error = JSON_OK;
    if (r->length > r->max_size)
#line 173 "klib-src/lib/json_reader.ts"
        return JSON_E_SIZE;
    skip_space(r);
    if (!scan_value(r))
#line 175 "klib-src/lib/json_reader.ts"
        return r->error;
    skip_space(r);
    return r->pos == r->length ? JSON_OK : JSON_E_SYNTAX;
}

#line 180 "klib-src/lib/json_reader.ts"
static enum json_kind kind_at(u32 c)
{
#line 181 "klib-src/lib/json_reader.ts"
    switch (c) {
    case 34:
#line 182 "klib-src/lib/json_reader.ts"
        return JSON_KIND_STRING;
    case 123:
#line 183 "klib-src/lib/json_reader.ts"
        return JSON_KIND_OBJECT;
    case 91:
#line 184 "klib-src/lib/json_reader.ts"
        return JSON_KIND_ARRAY;
    case 116:
#line 185 "klib-src/lib/json_reader.ts"
        return JSON_KIND_TRUE;
    case 102:
#line 186 "klib-src/lib/json_reader.ts"
        return JSON_KIND_FALSE;
    case 110:
#line 187 "klib-src/lib/json_reader.ts"
        return JSON_KIND_NULL;
    default:
#line 188 "klib-src/lib/json_reader.ts"
        return JSON_KIND_NUMBER;
    }
}

#line 194 "klib-src/lib/json_reader.ts"
static boolean name_equals(json_reader r, bytes start, bytes n, const char *path, bytes from,
                           bytes to)
{
#line 195 "klib-src/lib/json_reader.ts"
    bytes i = start;
    bytes j = from;
    bytes end = start + n;
    while (i < end) {
        u32 c = r->doc[i];
        if (c == 92) {
            u32 e = r->doc[i + 1];
            if (e == 117) {
                s32 value = (hex_digit_value(r->doc[i + 2]) << 12) | (hex_digit_value(r->doc[i + 3]) << 8) | (hex_digit_value(r->doc[i + 4]) << 4) | hex_digit_value(r->doc[i + 5]);
#line 205 "klib-src/lib/json_reader.ts"
                if (value >= 0x80)
#line 205 "klib-src/lib/json_reader.ts"
                    return false;
                c = (u32)value;
                i += 6;
            } else {
                c = e == 98 ? 8 : e == 102 ? 12 : e == 110 ? 10 : e == 114 ? 13 : e == 116 ? 9 : e;
                i += 2;
            }
        } else {
            i++;
        }
        if (j >= to || (u8)path[j] != c)
#line 215 "klib-src/lib/json_reader.ts"
            return false;
        j++;
    }
    return j == to;
}

#line 222 "klib-src/lib/json_reader.ts"
static s64 segment_index(const char *path, bytes from, bytes to)
{
#line 223 "klib-src/lib/json_reader.ts"
    if (to == from || to - from > 9)
#line 223 "klib-src/lib/json_reader.ts"
        return -1;
    s64 index = 0;
    for (bytes k = from; k < to; k++) {
        u32 c = (u8)path[k];
        if (!is_digit(c))
#line 227 "klib-src/lib/json_reader.ts"
            return -1;
        index = index * 10 + (c - 48);
    }
    return index;
}

#line 235 "klib-src/lib/json_reader.ts"
static boolean enter_member(json_reader r, u32 container, const char *path, bytes from, bytes to)
{
#line 236 "klib-src/lib/json_reader.ts"
    s64 wanted = container == 91 ? segment_index(path, from, to) : 0;
    if (wanted < 0)
#line 237 "klib-src/lib/json_reader.ts"
        return false;
    u32 close = container == 123 ? 125 : 93;
    s64 index = 0;
    skip_space(r);
    if (r->pos < r->length && r->doc[r->pos] == close)
#line 241 "klib-src/lib/json_reader.ts"
        return false;
    while (true) {
        boolean match = index == wanted;
        if (container == 123) {
            if (r->pos >= r->length || r->doc[r->pos] != 34)
#line 245 "klib-src/lib/json_reader.ts"
                return fail(r, JSON_E_SYNTAX);
            bytes name_start = r->pos + 1;
            if (!scan_string(r))
#line 247 "klib-src/lib/json_reader.ts"
                return false;
            match = name_equals(r, name_start, r->pos - 1 - name_start, path, from, to);
            skip_space(r);
            if (r->pos >= r->length || r->doc[r->pos] != 58)
#line 250 "klib-src/lib/json_reader.ts"
                return fail(r, JSON_E_SYNTAX);
            r->pos++;
            skip_space(r);
        }
        if (match)
#line 254 "klib-src/lib/json_reader.ts"
            return true;
        if (!scan_value(r))
#line 255 "klib-src/lib/json_reader.ts"
            return false;
        skip_space(r);
        if (r->pos >= r->length || r->doc[r->pos] != 44)
#line 257 "klib-src/lib/json_reader.ts"
            return false;
        r->pos++;
        skip_space(r);
        index++;
    }
}

#line 269 "klib-src/lib/json_reader.ts"
boolean json_find(json_reader r, const char *path, bytes path_length, json_value v)
{
#line 270 "klib-src/lib/json_reader.ts"
    v->kind = JSON_KIND_NONE;
    v->start = 0;
    v->length = 0;
    r->pos = 0;
    r->depth = 0;
    r->error = JSON_OK;
    if (r->length > r->max_size)
#line 276 "klib-src/lib/json_reader.ts"
        return fail(r, JSON_E_SIZE);
    skip_space(r);
    bytes from = 0;
    boolean last = path_length == 0;
    while (!last) {
        bytes to = from;
        while (to < path_length && (u8)path[to] != 46)
#line 282 "klib-src/lib/json_reader.ts"
            to++;
        last = to == path_length;
        if (r->pos >= r->length)
#line 284 "klib-src/lib/json_reader.ts"
            return fail(r, JSON_E_SYNTAX);
        u32 c = r->doc[r->pos];
        if (c != 123 && c != 91)
#line 286 "klib-src/lib/json_reader.ts"
            return false;
        if (r->depth >= r->max_depth)
#line 287 "klib-src/lib/json_reader.ts"
            return fail(r, JSON_E_DEPTH);
        r->depth++;
        r->pos++;
        if (!enter_member(r, c, path, from, to))
#line 290 "klib-src/lib/json_reader.ts"
            return false;
        from = to + 1;
    }
    bytes start = r->pos;
    if (!scan_value(r))
#line 294 "klib-src/lib/json_reader.ts"
        return false;
    v->kind = kind_at(r->doc[start]);
    v->start = v->kind == JSON_KIND_STRING ? start + 1 : start;
    v->length = v->kind == JSON_KIND_STRING ? r->pos - start - 2 : r->pos - start;
    return true;
}

#line 302 "klib-src/lib/json_reader.ts"
static bytes put_utf8(u8 *dst, bytes o, bytes cap, u32 cp)
{
#line 303 "klib-src/lib/json_reader.ts"
    bytes n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (o + n > cap)
#line 304 "klib-src/lib/json_reader.ts"
        return 0;
    if (n == 1) {
        dst[o] = cp;
    } else if (n == 2) {
        dst[o] = 0xc0 | (cp >> 6);
        dst[o + 1] = 0x80 | (cp & 63);
    } else if (n == 3) {
        dst[o] = 0xe0 | (cp >> 12);
        dst[o + 1] = 0x80 | ((cp >> 6) & 63);
        dst[o + 2] = 0x80 | (cp & 63);
    } else {
        dst[o] = 0xf0 | (cp >> 18);
        dst[o + 1] = 0x80 | ((cp >> 12) & 63);
        dst[o + 2] = 0x80 | ((cp >> 6) & 63);
        dst[o + 3] = 0x80 | (cp & 63);
    }
    return n;
}

#line 323 "klib-src/lib/json_reader.ts"
static s32 hex4(u8 *doc, bytes at)
{
#line 324 "klib-src/lib/json_reader.ts"
    return (hex_digit_value(doc[at]) << 12) | (hex_digit_value(doc[at + 1]) << 8) | (hex_digit_value(doc[at + 2]) << 4) | hex_digit_value(doc[at + 3]);
}

#line 332 "klib-src/lib/json_reader.ts"
s64 json_decode_string(json_reader r, json_value v, u8 *dst, bytes cap)
{
#line 333 "klib-src/lib/json_reader.ts"
    if (v->kind != JSON_KIND_STRING)
#line 333 "klib-src/lib/json_reader.ts"
        return -1;
    bytes o = 0;
    bytes i = v->start;
    bytes end = v->start + v->length;
    while (i < end) {
        u32 c = r->doc[i];
        if (c != 92) {
            if (o + 1 > cap)
#line 340 "klib-src/lib/json_reader.ts"
                return -1;
            dst[o++] = c;
            i++;
            continue;
        }
        u32 e = r->doc[i + 1];
        bytes written = 0;
        if (e != 117) {
            written = put_utf8(dst, o, cap,
                               e == 98 ? 8 : e == 102 ? 12 : e == 110 ? 10 : e == 114 ? 13 : e == 116 ? 9 : e);
#line 349 "klib-src/lib/json_reader.ts"
            i += 2;
        } else {
            u32 cp = (u32)hex4(r->doc, i + 2);
            i += 6;
            if (cp >= 0xd800 && cp <= 0xdbff && i + 6 <= end && r->doc[i] == 92 && r->doc[i + 1] == 117) {
                u32 low = (u32)hex4(r->doc, i + 2);
                if (low >= 0xdc00 && low <= 0xdfff) {
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                    i += 6;
                }
            }
            if (cp >= 0xd800 && cp <= 0xdfff)
#line 360 "klib-src/lib/json_reader.ts"
                cp = 0xfffd;
            written = put_utf8(dst, o, cap, cp);
        }
        if (written == 0)
#line 363 "klib-src/lib/json_reader.ts"
            return -1;
        o += written;
    }
    return o;
}

#line 370 "klib-src/lib/json_reader.ts"
s64 json_integer(json_reader r, json_value v)
{
#line 371 "klib-src/lib/json_reader.ts"
    if (v->kind != JSON_KIND_NUMBER || v->length == 0 || v->length > 15)
#line 371 "klib-src/lib/json_reader.ts"
        return -1;
    s64 n = 0;
    for (bytes i = 0; i < v->length; i++) {
        u32 c = r->doc[v->start + i];
        if (!is_digit(c))
#line 375 "klib-src/lib/json_reader.ts"
            return -1;
        n = n * 10 + (c - 48);
    }
    return n;
}

#line 382 "klib-src/lib/json_reader.ts"
boolean json_string_equals(json_reader r, json_value v, const char *text, bytes text_length)
{
#line 383 "klib-src/lib/json_reader.ts"
    if (v->kind != JSON_KIND_STRING)
#line 383 "klib-src/lib/json_reader.ts"
        return false;
    return name_equals(r, v->start, v->length, text, 0, text_length);
}
