/* Feeds an HTTP response to the parser in pieces cut at the given offsets, then reports the end
 * of the stream when asked: the differential harness and the fuzzer drive the parser the same way,
 * so a split that breaks the parser breaks it in both. */
#ifndef HTTP_FEED_H
#define HTTP_FEED_H

static inline s64 http_feed(struct http_response *p, const unsigned char *data, unsigned long n,
                            const unsigned long *cuts, unsigned long ncuts, int at_close)
{
    s64 result = HTTP_MORE;
    unsigned long from = 0;
    for (unsigned long i = 0; i <= ncuts && result == HTTP_MORE; i++) {
        unsigned long to = i < ncuts ? cuts[i] : n;
        if (to < from)
            to = from;
        result = http_response_parse(p, (u8 *)data, from, to - from);
        from = to;
    }
    if (result == HTTP_MORE && at_close)
        result = http_response_end(p);
    return result;
}

#endif
