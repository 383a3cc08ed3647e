/* libFuzzer target: JSON string escaping. For any bytes, "<escaped>" must be a valid JSON
 * document (checked by the library's reader) that decodes to well-formed UTF-8 (checked here,
 * independently), equal to the input whenever the input was well-formed UTF-8; and the escaped
 * length must be exactly what fits: one byte less of room gives -1. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_api.h"

/* Well-formed UTF-8 per Unicode table 3-7. */
static int well_formed(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i], need, lo = 0x80, hi = 0xbf;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xc2 && c <= 0xdf) need = 1;
        else if (c >= 0xe0 && c <= 0xef) { need = 2; if (c == 0xe0) lo = 0xa0; if (c == 0xed) hi = 0x9f; }
        else if (c >= 0xf0 && c <= 0xf4) { need = 3; if (c == 0xf0) lo = 0x90; if (c == 0xf4) hi = 0x8f; }
        else return 0;
        for (unsigned k = 1; k <= need; k++) {
            if (i + k >= n || s[i + k] < lo || s[i + k] > hi)
                return 0;
            lo = 0x80;
            hi = 0xbf;
        }
        i += need + 1;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t cap = 6 * size + 2;
    unsigned char *doc = malloc(cap);
    long n = fuzz_json_escape(data, size, doc + 1, cap - 2);
    if (n < 0 || (size_t)n > cap - 2)
        abort();
    doc[0] = '"';
    doc[n + 1] = '"';
    if (fuzz_json_validate(doc, n + 2, 4, cap) != 0)
        abort();
    if (n > 0) {
        unsigned char *tight = malloc(n - 1 ? n - 1 : 1);
        if (fuzz_json_escape(data, size, tight, n - 1) != -1)
            abort();
        free(tight);
    }
    unsigned char *decoded = malloc(size * 3 + 1);
    long decoded_length = -1;
    unsigned int kind = 0;
    if (!fuzz_json_find(doc, n + 2, "", 0, decoded, size * 3 + 1, &decoded_length, &kind) || decoded_length < 0)
        abort();
    if (!well_formed(decoded, decoded_length))
        abort();
    if (well_formed(data, size) && ((size_t)decoded_length != size || memcmp(decoded, data, size)))
        abort();
    free(decoded);
    free(doc);
    return 0;
}
