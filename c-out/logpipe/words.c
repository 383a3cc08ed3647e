/* generated from klib-src/logpipe/words.ts by klibc - do not edit */
#include <kernel.h>
#include "words.h"

#line 53 "klib-src/logpipe/words.ts"
bytes logpipe_scan_newline(u8 *p, bytes from, bytes end)
{
#line 54 "klib-src/logpipe/words.ts"
    bytes i = from;
    while (i + 32 <= end) {
        u64 w0 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i), 8));
        u64 w1 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i + 8), 8));
        u64 w2 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i + 16), 8));
        u64 w3 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i + 24), 8));
        if (((newline_hint(w0) | newline_hint(w1) | newline_hint(w2) | newline_hint(w3)) & LOGPIPE_TOP_BITS) != 0) {
            for (bytes k = 0; k < 32; k += 8) {
                u64 bits = newline_bits((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i + k), 8)));
                if (bits != 0)
#line 63 "klib-src/logpipe/words.ts"
                    return i + k + (lsb(bits) >> 3);
            }
        }
        i += 32;
    }
    while (end - i >= 8) {
        u64 bits = newlines_in((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i), 8)));
        if (bits != 0)
#line 70 "klib-src/logpipe/words.ts"
            return i + (lsb(bits) >> 3);
        i += 8;
    }
    if (i == end)
#line 73 "klib-src/logpipe/words.ts"
        return end;
    if (end - from >= 8) {
#line 76 "klib-src/logpipe/words.ts"
        u64 bits = newlines_in((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (end - 8), 8)));
        return bits != 0 ? end - 8 + (lsb(bits) >> 3) : end;
    }
    while (i < end && p[i] != LOGPIPE_NEWLINE)
#line 79 "klib-src/logpipe/words.ts"
        i++;
    return i;
}

#line 84 "klib-src/logpipe/words.ts"
bytes logpipe_after_last_newline(u8 *p, bytes from, bytes end)
{
#line 85 "klib-src/logpipe/words.ts"
    bytes i = end;
    while (i - from >= 32) {
        u64 w0 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i - 32), 8));
        u64 w1 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i - 24), 8));
        u64 w2 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i - 16), 8));
        u64 w3 = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i - 8), 8));
        if (((newline_hint(w0) | newline_hint(w1) | newline_hint(w2) | newline_hint(w3)) & LOGPIPE_TOP_BITS) != 0) {
            for (bytes k = 8; k <= 32; k += 8) {
                u64 bits = newline_bits((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i - k), 8)));
                if (bits != 0)
#line 94 "klib-src/logpipe/words.ts"
                    return i - k + (msb(bits) >> 3) + 1;
            }
        }
        i -= 32;
    }
    while (i - from >= 8) {
        u64 bits = newlines_in((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (i - 8), 8)));
        if (bits != 0)
#line 101 "klib-src/logpipe/words.ts"
            return i - 8 + (msb(bits) >> 3) + 1;
        i -= 8;
    }
    if (i == from)
#line 104 "klib-src/logpipe/words.ts"
        return from;
    if (end - from >= 8) {
#line 107 "klib-src/logpipe/words.ts"
        u64 bits = newlines_in((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (from), 8)));
        return bits != 0 ? from + (msb(bits) >> 3) + 1 : from;
    }
    while (i > from && p[i - 1] != LOGPIPE_NEWLINE)
#line 110 "klib-src/logpipe/words.ts"
        i--;
    return i;
}
