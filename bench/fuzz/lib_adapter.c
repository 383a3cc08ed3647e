/* The library's pure modules (generated C from c-out/lib) behind the plain interface of
 * fuzz_api.h. Compiled like klib code: against nanos-headers, without libc. */
#include <kernel.h>
#include "http_response.h"
#include "http_feed.h"
#include "json_escape.h"
#include "json_reader.h"
#include "fuzz_api.h"

void fuzz_http_parse(const unsigned char *data, unsigned long n, const unsigned long *cuts, unsigned long ncuts,
                     int no_body, int at_close, unsigned char *head, unsigned long head_cap,
                     unsigned char *body, unsigned long body_cap, struct fuzz_http_result *r)
{
    struct http_response p;
    p.head = head;
    p.head_cap = head_cap;
    p.body = body;
    p.body_cap = body_cap;
    /* Small rooms, grown in place by http_feed as the parser asks (the storage holds the caps). */
    p.head_room = head_cap < 16 ? head_cap : 16;
    p.body_room = body_cap < 16 ? body_cap : 16;
    http_response_reset(&p, no_body);
    s64 result = http_feed(&p, data, n, cuts, ncuts, at_close);
    r->result = result;
    r->status = p.status;
    r->keep_alive = p.keep_alive;
    r->head_length = p.head_length;
    r->body_length = p.body_length;
    r->content_type = http_header_find(&p, "content-type", 12);
    if (r->content_type >= 0)
        (void)http_header_value_length(&p, r->content_type);
}

int fuzz_json_validate(const unsigned char *doc, unsigned long n, unsigned int max_depth, unsigned long max_size)
{
    struct json_reader r;
    json_reader_init(&r, (u8 *)doc, n, max_depth, max_size);
    return json_validate(&r);
}

int fuzz_json_find(const unsigned char *doc, unsigned long n, const char *path, unsigned long path_length,
                   unsigned char *decoded, unsigned long cap, long *decoded_length, unsigned int *kind)
{
    struct json_reader r;
    struct json_value v;
    json_reader_init(&r, (u8 *)doc, n, 32, 1 << 20);
    if (!json_find(&r, path, path_length, &v))
        return 0;
    *kind = v.kind;
    *decoded_length = json_decode_string(&r, &v, decoded, cap);
    (void)json_integer(&r, &v);
    return 1;
}

long fuzz_json_escape(const unsigned char *src, unsigned long n, unsigned char *dst, unsigned long cap)
{
    return json_escape((u8 *)src, 0, n, dst, cap);
}
