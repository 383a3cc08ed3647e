/* The library's pure modules behind the plain interface of api.h, for the differential test.
 * Compiled like klib code: against nanos-headers, without libc. */
#include <kernel.h>
#include "base64.h"
#include "hex.h"
#include "percent.h"
#include "time_format.h"
#include "json_escape.h"
#include "json_reader.h"
#include "http_response.h"
#include "http_feed.h"
#include "config_forms.h"
#include "api.h"

unsigned long t_base64_encode(const unsigned char *src, unsigned long n, unsigned char *dst)
{
    return base64_encode((u8 *)src, 0, n, dst);
}

long t_base64_decode(const unsigned char *src, unsigned long n, unsigned char *dst)
{
    return base64_decode((u8 *)src, 0, n, dst);
}

unsigned long t_hex_encode(const unsigned char *src, unsigned long n, unsigned char *dst)
{
    return hex_encode((u8 *)src, 0, n, dst);
}

long t_hex_decode(const unsigned char *src, unsigned long n, unsigned char *dst)
{
    return hex_decode((u8 *)src, 0, n, dst);
}

unsigned long t_percent_encode(const unsigned char *src, unsigned long n, unsigned char *dst, int keep_slash)
{
    return percent_encode((u8 *)src, 0, n, dst, keep_slash != 0);
}

unsigned long t_rfc3339(unsigned long seconds, unsigned int nanos, unsigned char *dst)
{
    return format_rfc3339_nanos(seconds, nanos, dst);
}

unsigned long t_amz_date(unsigned long seconds, unsigned char *dst)
{
    return format_amz_date(seconds, dst);
}

long t_json_escape(const unsigned char *src, unsigned long n, unsigned char *dst, unsigned long cap)
{
    return json_escape((u8 *)src, 0, n, dst, cap);
}

int t_json_validate(const unsigned char *doc, unsigned long n, unsigned int max_depth, unsigned long max_size)
{
    struct json_reader r;
    json_reader_init(&r, (u8 *)doc, n, max_depth, max_size);
    return json_validate(&r);
}

int t_json_find(const unsigned char *doc, unsigned long n, const char *path, unsigned long path_length,
                unsigned int *kind, unsigned long *start, unsigned long *length,
                unsigned char *decoded, unsigned long cap, long *decoded_length, long *integer, long *count)
{
    struct json_reader r;
    struct json_value v;
    json_reader_init(&r, (u8 *)doc, n, 16, 1 << 20);
    if (!json_find(&r, path, path_length, &v))
        return 0;
    *kind = v.kind;
    *start = v.start;
    *length = v.length;
    *decoded_length = json_decode_string(&r, &v, decoded, cap);
    *integer = json_integer(&r, &v);
    *count = json_count(&r, &v);
    return 1;
}

struct growth {
    unsigned long step;
    int bad;
};

/* Grows a room into new storage of exactly its size, so AddressSanitizer sees a write past a room;
 * checks what the parser says it wants. */
static int grow_exact(struct http_response *p, s64 result, void *ctx)
{
    struct growth *g = ctx;
    int for_head = result == HTTP_HEAD_ROOM;
    bytes room = for_head ? p->head_room : p->body_room;
    bytes cap = for_head ? p->head_cap : p->body_cap;
    if (room >= cap || p->room_wanted <= room || p->room_wanted > cap)
        g->bad = 1;
    bytes next = g->step ? room + g->step : (room * 2 > p->room_wanted ? room * 2 : p->room_wanted);
    if (next > cap)
        next = cap;
    if (for_head) {
        p->head = t_resize(p->head, p->head_length, next);
        p->head_room = next;
    } else {
        p->body = t_resize(p->body, p->body_length, next);
        p->body_room = next;
    }
    return !g->bad;
}

long t_http_parse(const unsigned char *data, unsigned long n, const unsigned long *cuts, unsigned long ncuts,
                  int no_body, int at_close, unsigned char **head, unsigned long head_cap, unsigned long head_room,
                  unsigned char **body, unsigned long body_cap, unsigned long body_room, unsigned long step,
                  unsigned int *status, int *keep_alive, unsigned long *head_length, unsigned long *body_length)
{
    struct http_response p;
    struct growth g = { step, 0 };
    p.head = *head;
    p.head_room = head_room;
    p.head_cap = head_cap;
    p.body = *body;
    p.body_room = body_room;
    p.body_cap = body_cap;
    http_response_reset(&p, no_body);
    s64 result = http_feed_growing(&p, data, n, cuts, ncuts, at_close, grow_exact, &g);
    *head = p.head;
    *body = p.body;
    *status = p.status;
    *keep_alive = p.keep_alive;
    *head_length = p.head_length;
    *body_length = p.body_length;
    return g.bad ? -100 : result;
}

unsigned long t_config_value(char f, const unsigned char *text, unsigned long n, unsigned long bare)
{
    if (f == 's')
        return size_value((u8 *)text, 0, n);
    if (f == 't')
        return duration_value((u8 *)text, 0, n, bare);
    return decimal_value((u8 *)text, 0, n);
}

int t_config_class(const unsigned char *cls, unsigned long n, unsigned int c)
{
    return in_class((u8 *)cls, 0, n, c);
}

unsigned long t_config_word(const unsigned char *list, unsigned long n, const unsigned char *v, unsigned long vn)
{
    return word_index((u8 *)list, n, (u8 *)v, 0, vn);
}
