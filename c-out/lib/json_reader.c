/* generated from klib-src/lib/json_reader.ts by klibc - do not edit */
#include <kernel.h>
#include "ascii.h"
#include "json_reader.h"

/* A small JSON reader for the documents klibs receive (credentials, tokens, `__type`/`message`
 * errors, google.rpc.Status, rejectedLogEventsInfo): it validates a whole document against
 * RFC 8259 with limits on size and nesting depth, and finds a value by a dotted path of member
 * names and array indexes ("error.details.0.reason"). Nothing is allocated: values are spans of
 * the document. Every read is bounds-checked, whatever the input. Pure. */

static void skip_space(json_reader r)
{
    while (r->pos < r->length) {
        u32 c = r->doc[r->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return;
        r->pos++;
    }
}

static boolean fail(json_reader r, s32 error)
{
    if (r->error == JSON_OK)
        r->error = error;
    return false;
}

static boolean expect_literal(json_reader r, const char *text, bytes n)
{
    if (r->length - r->pos < n)
        return fail(r, JSON_E_SYNTAX);
    for (bytes i = 0; i < n; i++) {
        if (r->doc[r->pos + i] != (u8)text[i])
            return fail(r, JSON_E_SYNTAX);
    }
    r->pos += n;
    return true;
}

static bytes skip_digits(json_reader r)
{
    bytes start = r->pos;
    while (r->pos < r->length && is_digit(r->doc[r->pos]))
        r->pos++;
    return r->pos - start;
}

static boolean scan_number(json_reader r)
{
    if (r->doc[r->pos] == '-')
        r->pos++;
    if (r->pos >= r->length)
        return fail(r, JSON_E_SYNTAX);
    if (r->doc[r->pos] == '0') {
        r->pos++;
    } else if (skip_digits(r) == 0) {
        return fail(r, JSON_E_SYNTAX);
    }
    if (r->pos < r->length && r->doc[r->pos] == '.') {
        r->pos++;
        if (skip_digits(r) == 0)
            return fail(r, JSON_E_SYNTAX);
    }
    if (r->pos < r->length && (r->doc[r->pos] == 'e' || r->doc[r->pos] == 'E')) {
        r->pos++;
        if (r->pos < r->length && (r->doc[r->pos] == '+' || r->doc[r->pos] == '-'))
            r->pos++;
        if (skip_digits(r) == 0)
            return fail(r, JSON_E_SYNTAX);
    }
    return true;
}

/* At an opening quote: moves past the closing quote. */
static boolean scan_string(json_reader r)
{
    r->pos++;
    while (r->pos < r->length) {
        u32 c = r->doc[r->pos];
        if (c == '"') {
            r->pos++;
            return true;
        }
        if (c < 0x20)
            return fail(r, JSON_E_SYNTAX);
        if (c == '\\') {
            if (r->pos + 1 >= r->length)
                return fail(r, JSON_E_SYNTAX);
            u32 e = r->doc[r->pos + 1];
            if (e == 117) {
                if (r->length - r->pos < 6)
                    return fail(r, JSON_E_SYNTAX);
                for (bytes k = 2; k < 6; k++) {
                    if (hex_digit_value(r->doc[r->pos + k]) < 0)
                        return fail(r, JSON_E_SYNTAX);
                }
                r->pos += 6;
                continue;
            }
            if (e != 34 && e != 92 && e != 47 && e != 98 && e != 102 && e != 110 && e != 114 &&
                e != 116) {
                return fail(r, JSON_E_SYNTAX);
            }
            r->pos += 2;
            continue;
        }
        r->pos++;
    }
    return fail(r, JSON_E_SYNTAX);
}

/* At the first byte of a value: moves past it, validating everything inside. */
static boolean scan_value(json_reader r)
{
    if (r->pos >= r->length)
        return fail(r, JSON_E_SYNTAX);
    u32 c = r->doc[r->pos];
    if (c == '"')
        return scan_string(r);
    if (c == '-' || is_digit(c))
        return scan_number(r);
    if (c == 't')
        return expect_literal(r, "true", 4);
    if (c == 'f')
        return expect_literal(r, "false", 5);
    if (c == 'n')
        return expect_literal(r, "null", 4);
    if (c != '{' && c != '[')
        return fail(r, JSON_E_SYNTAX);
    u32 close = c == '{' ? 125 : 93;
    if (r->depth >= r->max_depth)
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
        if (c == '{') {
            if (r->pos >= r->length || r->doc[r->pos] != '"' || !scan_string(r))
                return fail(r, JSON_E_SYNTAX);
            skip_space(r);
            if (r->pos >= r->length || r->doc[r->pos] != ':')
                return fail(r, JSON_E_SYNTAX);
            r->pos++;
            skip_space(r);
        }
        if (!scan_value(r))
            return false;
        skip_space(r);
        if (r->pos >= r->length)
            return fail(r, JSON_E_SYNTAX);
        if (r->doc[r->pos] == close) {
            r->pos++;
            r->depth--;
            return true;
        }
        if (r->doc[r->pos] != ',')
            return fail(r, JSON_E_SYNTAX);
        r->pos++;
        skip_space(r);
    }
}

/* Prepares a reader over `length` bytes at `doc`. */
void json_reader_init(json_reader r, u8 *doc, bytes length, u32 max_depth, bytes max_size)
{
    r->doc = doc;
    r->length = length;
    r->max_depth = max_depth;
    r->max_size = max_size;
    r->pos = 0;
    r->depth = 0;
    r->error = JSON_OK;
}

/* Checks that the document is exactly one JSON value within the limits: JSON_OK or an error. */
s32 json_validate(json_reader r)
{
    r->pos = 0;
    r->depth = 0;
    r->error = JSON_OK;
    if (r->length > r->max_size)
        return JSON_E_SIZE;
    skip_space(r);
    if (!scan_value(r))
        return r->error;
    skip_space(r);
    return r->pos == r->length ? JSON_OK : JSON_E_SYNTAX;
}

static enum json_kind kind_at(u32 c)
{
    switch (c) {
    case 34:
        return JSON_KIND_STRING;
    case 123:
        return JSON_KIND_OBJECT;
    case 91:
        return JSON_KIND_ARRAY;
    case 116:
        return JSON_KIND_TRUE;
    case 102:
        return JSON_KIND_FALSE;
    case 110:
        return JSON_KIND_NULL;
    default:
        return JSON_KIND_NUMBER;
    }
}

/* True when the member name (raw, between the quotes at doc[start..start+n)) equals path[from..to):
 * escapes in the name are decoded as far as ASCII goes; any other escape does not match. */
static boolean name_equals(json_reader r, bytes start, bytes n, const char *path, bytes from,
                           bytes to)
{
    bytes i = start;
    bytes j = from;
    bytes end = start + n;
    while (i < end) {
        u32 c = r->doc[i];
        if (c == '\\') {
            u32 e = r->doc[i + 1];
            if (e == 117) {
                s32 value = (hex_digit_value(r->doc[i + 2]) << 12) |
                            (hex_digit_value(r->doc[i + 3]) << 8) |
                            (hex_digit_value(r->doc[i + 4]) << 4) | hex_digit_value(r->doc[i + 5]);
                if (value >= 0x80)
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
            return false;
        j++;
    }
    return j == to;
}

/* The array index a path segment names, or -1 when it is not all digits. */
static s64 segment_index(const char *path, bytes from, bytes to)
{
    if (to == from || to - from > 9)
        return -1;
    s64 index = 0;
    for (bytes k = from; k < to; k++) {
        u32 c = (u8)path[k];
        if (!is_digit(c))
            return -1;
        index = index * 10 + (c - '0');
    }
    return index;
}

/* Inside an object or array just opened (r.pos past the bracket): moves to the value of the
 * member named path[from..to) or the element of that index; false when there is none. */
static boolean enter_member(json_reader r, u32 container, const char *path, bytes from, bytes to)
{
    s64 wanted = container == 91 ? segment_index(path, from, to) : 0;
    if (wanted < 0)
        return false;
    u32 close = container == 123 ? 125 : 93;
    s64 index = 0;
    skip_space(r);
    if (r->pos < r->length && r->doc[r->pos] == close)
        return false;
    while (true) {
        boolean match = index == wanted;
        if (container == 123) {
            if (r->pos >= r->length || r->doc[r->pos] != '"')
                return fail(r, JSON_E_SYNTAX);
            bytes name_start = r->pos + 1;
            if (!scan_string(r))
                return false;
            match = name_equals(r, name_start, r->pos - 1 - name_start, path, from, to);
            skip_space(r);
            if (r->pos >= r->length || r->doc[r->pos] != ':')
                return fail(r, JSON_E_SYNTAX);
            r->pos++;
            skip_space(r);
        }
        if (match)
            return true;
        if (!scan_value(r))
            return false;
        skip_space(r);
        if (r->pos >= r->length || r->doc[r->pos] != ',')
            return false;
        r->pos++;
        skip_space(r);
        index++;
    }
}

/* Finds the value at `path` (member names and array indexes separated by dots; "" is the whole
 * document) and describes it in `v`; false when there is none or the document is invalid on the
 * way. The value found is fully validated. */
boolean json_find(json_reader r, const char *path, bytes path_length, json_value v)
{
    v->kind = JSON_KIND_NONE;
    v->start = 0;
    v->length = 0;
    r->pos = 0;
    r->depth = 0;
    r->error = JSON_OK;
    if (r->length > r->max_size)
        return fail(r, JSON_E_SIZE);
    skip_space(r);
    bytes from = 0;
    boolean last = path_length == 0;
    while (!last) {
        bytes to = from;
        while (to < path_length && (u8)path[to] != '.')
            to++;
        last = to == path_length;
        if (r->pos >= r->length)
            return fail(r, JSON_E_SYNTAX);
        u32 c = r->doc[r->pos];
        if (c != '{' && c != '[')
            return false;
        if (r->depth >= r->max_depth)
            return fail(r, JSON_E_DEPTH);
        r->depth++;
        r->pos++;
        if (!enter_member(r, c, path, from, to))
            return false;
        from = to + 1;
    }
    bytes start = r->pos;
    if (!scan_value(r))
        return false;
    v->kind = kind_at(r->doc[start]);
    v->start = v->kind == JSON_KIND_STRING ? start + 1 : start;
    v->length = v->kind == JSON_KIND_STRING ? r->pos - start - 2 : r->pos - start;
    return true;
}

/* Writes the UTF-8 form of code point `cp` at dst[o] if it fits below `cap`: the bytes written, or
 * 0. */
static bytes put_utf8(u8 *dst, bytes o, bytes cap, u32 cp)
{
    bytes n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (o + n > cap)
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

static s32 hex4(u8 *doc, bytes at)
{
    return (hex_digit_value(doc[at]) << 12) | (hex_digit_value(doc[at + 1]) << 8) |
           (hex_digit_value(doc[at + 2]) << 4) | hex_digit_value(doc[at + 3]);
}

/* Decodes the string value `v` (found by jsonFind) into dst, which has room for `cap` bytes;
 * escapes become UTF-8, a lone surrogate becomes U+FFFD. The length, or -1 when it does not fit. */
s64 json_decode_string(json_reader r, json_value v, u8 *dst, bytes cap)
{
    if (v->kind != JSON_KIND_STRING)
        return -1;
    bytes o = 0;
    bytes i = v->start;
    bytes end = v->start + v->length;
    while (i < end) {
        u32 c = r->doc[i];
        if (c != '\\') {
            if (o + 1 > cap)
                return -1;
            dst[o++] = c;
            i++;
            continue;
        }
        u32 e = r->doc[i + 1];
        bytes written = 0;
        if (e != 117) {
            written = put_utf8(dst, o, cap,
                               e == 98
                               ? 8
                               : e == 102 ? 12 : e == 110 ? 10 : e == 114 ? 13 : e == 116 ? 9 : e);
            i += 2;
        } else {
            u32 cp = (u32)hex4(r->doc, i + 2);
            i += 6;
            if (cp >= 0xd800 && cp <= 0xdbff && i + 6 <= end && r->doc[i] == '\\' &&
                r->doc[i + 1] == 'u') {
                u32 low = (u32)hex4(r->doc, i + 2);
                if (low >= 0xdc00 && low <= 0xdfff) {
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                    i += 6;
                }
            }
            if (cp >= 0xd800 && cp <= 0xdfff)
                cp = 0xfffd;
            written = put_utf8(dst, o, cap, cp);
        }
        if (written == 0)
            return -1;
        o += written;
    }
    return o;
}

/* The value `v` as a non-negative integer below 10^15 (no sign, fraction or exponent), or -1. */
s64 json_integer(json_reader r, json_value v)
{
    if (v->kind != JSON_KIND_NUMBER || v->length == 0 || v->length > 15)
        return -1;
    s64 n = 0;
    for (bytes i = 0; i < v->length; i++) {
        u32 c = r->doc[v->start + i];
        if (!is_digit(c))
            return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

/* The number of members of the object, or elements of the array, `v` (found by jsonFind, which
 * validated it); -1 for a value of another kind. */
s64 json_count(json_reader r, json_value v)
{
    if (v->kind != JSON_KIND_OBJECT && v->kind != JSON_KIND_ARRAY)
        return -1;
    boolean object = v->kind == JSON_KIND_OBJECT;
    u32 close = object ? 125 : 93;
    r->pos = v->start + 1;
    r->depth = 1;
    r->error = JSON_OK;
    skip_space(r);
    if (r->pos < r->length && r->doc[r->pos] == close)
        return 0;
    s64 n = 0;
    while (true) {
        if (object) {
            if (r->pos >= r->length || r->doc[r->pos] != '"' || !scan_string(r))
                return -1;
            skip_space(r);
            if (r->pos >= r->length || r->doc[r->pos] != ':')
                return -1;
            r->pos++;
            skip_space(r);
        }
        if (!scan_value(r))
            return -1;
        n++;
        skip_space(r);
        if (r->pos >= r->length)
            return -1;
        if (r->doc[r->pos] == close)
            return n;
        if (r->doc[r->pos] != ',')
            return -1;
        r->pos++;
        skip_space(r);
    }
}
