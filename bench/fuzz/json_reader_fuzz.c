/* libFuzzer target: the JSON reader. Any bytes are validated (limits included) and searched for
 * the paths the klibs read; decoded strings go to storage of exactly the capacity given, so
 * AddressSanitizer sees any overrun. A document found valid must yield its root value. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_api.h"

#define DECODE_CAP 64

static const char *paths[] = {
    "", "__type", "message", "Token", "error.message", "error.details.0.reason",
    "rejectedLogEventsInfo.tooOldLogEventEndIndex", "a.0", "0", "a.b.c.d",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *copy = malloc(size ? size : 1);
    memcpy(copy, data, size);
    int valid = fuzz_json_validate(copy, size, 16, 1 << 16);
    for (unsigned i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        unsigned char *decoded = malloc(DECODE_CAP);
        long decoded_length = 0;
        unsigned int kind = 0;
        int found = fuzz_json_find(copy, size, paths[i], strlen(paths[i]), decoded, DECODE_CAP, &decoded_length, &kind);
        if (i == 0 && valid == 0 && size <= (1 << 16) && (!found || kind == 0))
            abort();
        if (found && (decoded_length > DECODE_CAP || decoded_length < -1))
            abort();
        free(decoded);
    }
    free(copy);
    return 0;
}
