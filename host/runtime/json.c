/* A strict JSON reader (RFC 8259) that builds values the way ops turns a
   config into a manifest: objects become tuples, arrays vectors, strings
   strings; numbers keep their literal text and true/false become the strings
   "true"/"false" (the manifest has no other scalar); null leaves a key out. */
#include "host.h"
#include "json.h"

struct reader {
    const u8 *p, *end, *start;
    vector scalars;             /* numbers and booleans made into strings */
    const char *error;
    int depth;
};

#define MAX_DEPTH 64

static void skip_space(struct reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static boolean fail(struct reader *r, const char *message)
{
    if (!r->error)
        r->error = message;
    return false;
}

static boolean literal(struct reader *r, const char *word)
{
    const u8 *p = r->p;
    for (; *word; word++, p++)
        if (p >= r->end || *p != (u8)*word)
            return fail(r, "unknown literal");
    r->p = p;
    return true;
}

static int hex4(struct reader *r)
{
    if (r->end - r->p < 4)
        return -1;
    int x = 0;
    for (int i = 0; i < 4; i++) {
        s8 d = digit_of(r->p[i]);
        if (d < 0)
            return -1;
        x = x * 16 + d;
    }
    r->p += 4;
    return x;
}

static void put_utf8(buffer b, u32 c)
{
    if (c < 0x80) {
        push_u8(b, c);
    } else if (c < 0x800) {
        push_u8(b, 0xc0 | (c >> 6));
        push_u8(b, 0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        push_u8(b, 0xe0 | (c >> 12));
        push_u8(b, 0x80 | ((c >> 6) & 0x3f));
        push_u8(b, 0x80 | (c & 0x3f));
    } else {
        push_u8(b, 0xf0 | (c >> 18));
        push_u8(b, 0x80 | ((c >> 12) & 0x3f));
        push_u8(b, 0x80 | ((c >> 6) & 0x3f));
        push_u8(b, 0x80 | (c & 0x3f));
    }
}

static boolean escape(struct reader *r, buffer b)
{
    if (r->p >= r->end)
        return fail(r, "unterminated string");
    u8 c = *r->p++;
    switch (c) {
    case '"': case '\\': case '/':
        push_u8(b, c);
        return true;
    case 'b': push_u8(b, '\b'); return true;
    case 'f': push_u8(b, '\f'); return true;
    case 'n': push_u8(b, '\n'); return true;
    case 'r': push_u8(b, '\r'); return true;
    case 't': push_u8(b, '\t'); return true;
    case 'u': {
        int u = hex4(r);
        if (u < 0)
            return fail(r, "bad \\u escape");
        if (u >= 0xd800 && u < 0xdc00) {
            /* A high surrogate must be followed by its low half. */
            if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
                return fail(r, "unpaired surrogate");
            r->p += 2;
            int low = hex4(r);
            if (low < 0xdc00 || low >= 0xe000)
                return fail(r, "unpaired surrogate");
            u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
        } else if (u >= 0xdc00 && u < 0xe000) {
            return fail(r, "unpaired surrogate");
        }
        put_utf8(b, u);
        return true;
    }
    default:
        return fail(r, "bad escape");
    }
}

/* After the opening quote; leaves the bytes in a new string. */
static string read_string(struct reader *r)
{
    string s = allocate_string(16);
    while (r->p < r->end && *r->p != '"') {
        u8 c = *r->p++;
        if (c < 0x20) {
            fail(r, "control character in string");
            break;
        }
        if (c == '\\') {
            if (!escape(r, s))
                break;
        } else {
            push_u8(s, c);
        }
    }
    if (!r->error && r->p >= r->end)
        fail(r, "unterminated string");
    if (r->error) {
        deallocate_buffer(s);
        return 0;
    }
    r->p++;
    return s;
}

static string read_number(struct reader *r)
{
    const u8 *start = r->p;
    if (r->p < r->end && *r->p == '-')
        r->p++;
    if (r->p >= r->end || *r->p < '0' || *r->p > '9') {
        fail(r, "bad number");
        return 0;
    }
    if (*r->p == '0')
        r->p++;
    else
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
            r->p++;
    if (r->p < r->end && *r->p == '.') {
        r->p++;
        if (r->p >= r->end || *r->p < '0' || *r->p > '9') {
            fail(r, "bad number");
            return 0;
        }
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
            r->p++;
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
        r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
            r->p++;
        if (r->p >= r->end || *r->p < '0' || *r->p > '9') {
            fail(r, "bad number");
            return 0;
        }
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
            r->p++;
    }
    return host_string_from(start, r->p - start);
}

static value read_value(struct reader *r, boolean *is_null);

/* After a member of an object or array: false when the closing bracket ends the container, true
 * when a ',' announces another member, or after a syntax error (the caller's loop stops on it). */
static boolean more_members(struct reader *r, char close)
{
    skip_space(r);
    if (r->p < r->end && *r->p == ',') {
        r->p++;
        return true;
    }
    if (r->p < r->end && *r->p == close) {
        r->p++;
        return false;
    }
    fail(r, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    return true;
}

static value read_object(struct reader *r)
{
    tuple t = allocate_tuple();
    skip_space(r);
    if (r->p < r->end && *r->p == '}') {
        r->p++;
        return t;
    }
    while (!r->error) {
        skip_space(r);
        if (r->p >= r->end || *r->p != '"') {
            fail(r, "expected a string key");
            break;
        }
        r->p++;
        string k = read_string(r);
        if (!k)
            break;
        skip_space(r);
        if (r->p >= r->end || *r->p != ':') {
            deallocate_buffer(k);
            fail(r, "expected ':'");
            break;
        }
        r->p++;
        boolean is_null;
        value v = read_value(r, &is_null);
        symbol s = intern(k);
        deallocate_buffer(k);
        if (r->error)
            break;
        if (!is_null) {
            /* A repeated key keeps its last value, as a Go map does. */
            value old = get(t, s);
            if (old)
                destruct_value(old, true);
            set(t, s, v);
        }
        if (!more_members(r, '}'))
            return t;
    }
    destruct_value(t, true);
    return 0;
}

static value read_array(struct reader *r)
{
    vector v = host_allocate_vector();
    skip_space(r);
    if (r->p < r->end && *r->p == ']') {
        r->p++;
        return v;
    }
    while (!r->error) {
        boolean is_null;
        value x = read_value(r, &is_null);
        if (r->error)
            break;
        /* Keep positions: a null element is an empty string. */
        host_vector_push(v, is_null ? host_string_from("", 0) : x);
        if (!more_members(r, ']'))
            return v;
    }
    destruct_value(v, true);
    return 0;
}

static value read_value(struct reader *r, boolean *is_null)
{
    *is_null = false;
    skip_space(r);
    if (r->p >= r->end) {
        fail(r, "unexpected end of input");
        return 0;
    }
    if (++r->depth > MAX_DEPTH) {
        fail(r, "nested too deeply");
        return 0;
    }
    value v = 0;
    u8 c = *r->p;
    if (c == '{') {
        r->p++;
        v = read_object(r);
    } else if (c == '[') {
        r->p++;
        v = read_array(r);
    } else if (c == '"') {
        r->p++;
        v = read_string(r);
    } else if (c == 't') {
        if (literal(r, "true"))
            v = host_string_from("true", 4);
    } else if (c == 'f') {
        if (literal(r, "false"))
            v = host_string_from("false", 5);
    } else if (c == 'n') {
        *is_null = literal(r, "null");
    } else {
        v = read_number(r);
    }
    if (v && c != '{' && c != '[' && c != '"')
        vector_push(r->scalars, v);
    r->depth--;
    return v;
}

value host_json_parse(const void *text, bytes len, struct json_error *error, vector scalars)
{
    struct reader r = { .p = text, .end = (const u8 *)text + len, .start = text, .scalars = scalars };
    boolean is_null;
    value v = read_value(&r, &is_null);
    if (!r.error) {
        skip_space(&r);
        if (r.p < r.end)
            fail(&r, "unexpected data after the document");
    }
    if (!r.error && is_null)
        fail(&r, "the document is null");
    if (r.error) {
        if (v)
            destruct_value(v, true);
        error->message = r.error;
        error->line = 1;
        error->column = 1;
        for (const u8 *p = r.start; p < r.p && p < r.end; p++) {
            if (*p == '\n') {
                error->line++;
                error->column = 1;
            } else {
                error->column++;
            }
        }
        return 0;
    }
    return v;
}
