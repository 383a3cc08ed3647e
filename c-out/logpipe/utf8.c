/* generated from klib-src/logpipe/utf8.ts by klibc - do not edit */
#include <kernel.h>
#include "utf8.h"

/* Where a run of bytes may be cut without splitting a UTF-8 sequence. Pure: no kernel calls, so the
 * differential test runs the same code under Node. */

/* The length of the sequence a lead byte starts (1 for ASCII or a byte that starts none). */
u32 logpipe_utf8_sequence_length(u32 lead)
{
    if (lead >= 0xc0 && lead < 0xe0)
        return 2;
    if (lead >= 0xe0 && lead < 0xf0)
        return 3;
    if (lead >= 0xf0 && lead < 0xf8)
        return 4;
    return 1;
}

/* The largest cut c <= n such that p[start .. start+c) does not end inside a multi-byte sequence
 * whose lead byte is in it: at most 3 bytes are given back. 0 means the n bytes are only the
 * beginning of one sequence. Invalid bytes (stray continuations, truncated leads further back) are
 * cut anywhere: they are invalid in any piece. */
u32 logpipe_utf8_cut(u8 *p, bytes start, u32 n)
{
    u32 k = 0;
    /* Walk back over at most 3 continuation bytes (10xxxxxx) to the byte that should lead them. */
    while (k < 3 && k < n && (p[start + n - 1 - k] & 0xc0) == 0x80)
        k++;
    if (k == n)
        return n;
    u8 lead = p[start + n - 1 - k];
    if (logpipe_utf8_sequence_length(lead) > k + 1)
        return n - 1 - k;
    return n;
}
