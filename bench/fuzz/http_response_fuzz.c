/* libFuzzer target: the incremental HTTP response parser. The input chooses the flags (HEAD,
 * end of stream) and where the bytes are cut; the rest is the response. The same bytes are parsed
 * whole, cut there, and one byte at a time: the results must agree (incrementality), and the
 * storage given to the parser is exactly its capacity, so AddressSanitizer sees any overrun. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_api.h"

#define HEAD_CAP 512
#define BODY_CAP 2048
#define MAX_CUTS 8

struct outcome {
    struct fuzz_http_result r;
    unsigned char *head;
    unsigned char *body;
};

static void parse(const uint8_t *data, size_t n, const unsigned long *cuts, unsigned long ncuts,
                  int no_body, int at_close, struct outcome *o)
{
    o->head = malloc(HEAD_CAP);
    o->body = malloc(BODY_CAP);
    fuzz_http_parse(data, n, cuts, ncuts, no_body, at_close, o->head, HEAD_CAP, o->body, BODY_CAP, &o->r);
}

static void release(struct outcome *o)
{
    free(o->head);
    free(o->body);
}

static void same(const struct outcome *a, const struct outcome *b)
{
    if (a->r.result != b->r.result || a->r.status != b->r.status)
        abort();
    if (a->r.result < 0)
        return;     /* an error: where it stopped may differ, that it failed may not */
    if (a->r.keep_alive != b->r.keep_alive || a->r.head_length != b->r.head_length ||
        a->r.body_length != b->r.body_length || a->r.content_type != b->r.content_type)
        abort();
    if (memcmp(a->head, b->head, a->r.head_length) || memcmp(a->body, b->body, a->r.body_length))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int no_body = data[0] & 1, at_close = (data[0] >> 1) & 1;
    unsigned long ncuts = data[1] % (MAX_CUTS + 1);
    if (size < 2 + ncuts)
        return 0;
    const uint8_t *msg = data + 2 + ncuts;
    size_t n = size - 2 - ncuts;
    unsigned long cuts[MAX_CUTS], ones[4096];
    for (unsigned long i = 0; i < ncuts; i++)
        cuts[i] = n ? (data[2 + i] * n) / 255 : 0;
    for (unsigned long i = 1; i < ncuts; i++)   /* cut offsets must not go backwards */
        if (cuts[i] < cuts[i - 1])
            cuts[i] = cuts[i - 1];

    struct outcome whole, cut, bytewise;
    parse(msg, n, 0, 0, no_body, at_close, &whole);
    parse(msg, n, cuts, ncuts, no_body, at_close, &cut);
    same(&whole, &cut);
    if (n <= sizeof(ones) / sizeof(ones[0])) {
        for (unsigned long i = 0; i < n; i++)
            ones[i] = i + 1;
        parse(msg, n, ones, n, no_body, at_close, &bytewise);
        same(&whole, &bytewise);
        release(&bytewise);
    }
    release(&whole);
    release(&cut);
    return 0;
}
