/* generated from klib-src/logpipe/utf8.ts by klibc - do not edit */
#include <kernel.h>
#include "utf8.h"

#line 7 "klib-src/logpipe/utf8.ts"
u32 logpipe_utf8_sequence_length(u32 lead)
{
#line 8 "klib-src/logpipe/utf8.ts"
    if (lead >= 0xc0 && lead < 0xe0)
#line 8 "klib-src/logpipe/utf8.ts"
        return 2;
    if (lead >= 0xe0 && lead < 0xf0)
#line 9 "klib-src/logpipe/utf8.ts"
        return 3;
    if (lead >= 0xf0 && lead < 0xf8)
#line 10 "klib-src/logpipe/utf8.ts"
        return 4;
    return 1;
}

#line 20 "klib-src/logpipe/utf8.ts"
u32 logpipe_utf8_cut(u8 *p, bytes start, u32 n)
{
#line 21 "klib-src/logpipe/utf8.ts"
    u32 k = 0;
#line 23 "klib-src/logpipe/utf8.ts"
    while (k < 3 && k < n && (p[start + n - 1 - k] & 0xc0) == 0x80)
#line 23 "klib-src/logpipe/utf8.ts"
        k++;
    if (k == n)
#line 24 "klib-src/logpipe/utf8.ts"
        return n;
    u8 lead = p[start + n - 1 - k];
    if (logpipe_utf8_sequence_length(lead) > k + 1)
#line 26 "klib-src/logpipe/utf8.ts"
        return n - 1 - k;
    return n;
}
