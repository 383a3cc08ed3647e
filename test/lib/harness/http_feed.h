/* Feeds an HTTP response to the parser in pieces cut at the given offsets, then reports the end
 * of the stream when asked: the differential harness and the fuzzer drive the parser the same way,
 * so a split that breaks the parser breaks it in both. When the parser stops on a full room
 * (HTTP_HEAD_ROOM, HTTP_BODY_ROOM), `grow` gives it more and the rest of the piece is fed, as the
 * HTTP client does. */
#ifndef HTTP_FEED_H
#define HTTP_FEED_H

/* Gives the parser more room (result says which); 0 when it cannot (the feed stops there). */
typedef int (*http_grow)(struct http_response *p, s64 result, void *ctx);

static inline s64 http_feed_growing(struct http_response *p, const unsigned char *data, unsigned long n,
                                    const unsigned long *cuts, unsigned long ncuts, int at_close,
                                    http_grow grow, void *ctx)
{
    s64 result = HTTP_MORE;
    unsigned long from = 0;
    for (unsigned long i = 0; i <= ncuts && result == HTTP_MORE; i++) {
        unsigned long to = i < ncuts ? cuts[i] : n;
        if (to < from)
            to = from;
        unsigned long at = from;
        for (;;) {
            bytes before = p->received;
            result = http_response_parse(p, (u8 *)data, at, to - at);
            at += p->received - before;
            if (result != HTTP_HEAD_ROOM && result != HTTP_BODY_ROOM)
                break;
            if (!grow(p, result, ctx))
                return result;
        }
        from = to;
    }
    if (result == HTTP_MORE && at_close)
        result = http_response_end(p);
    return result;
}

/* Growth within storage that already holds the caps: the room doubles, or takes what the parser
 * says is coming, up to the cap. */
static inline int http_grow_in_place(struct http_response *p, s64 result, void *ctx)
{
    (void)ctx;
    bytes *room = result == HTTP_HEAD_ROOM ? &p->head_room : &p->body_room;
    bytes cap = result == HTTP_HEAD_ROOM ? p->head_cap : p->body_cap;
    bytes next = *room * 2 > p->room_wanted ? *room * 2 : p->room_wanted;
    if (next == 0)
        next = 1;
    *room = next < cap ? next : cap;
    return 1;
}

static inline s64 http_feed(struct http_response *p, const unsigned char *data, unsigned long n,
                            const unsigned long *cuts, unsigned long ncuts, int at_close)
{
    return http_feed_growing(p, data, n, cuts, ncuts, at_close, http_grow_in_place, 0);
}

#endif
