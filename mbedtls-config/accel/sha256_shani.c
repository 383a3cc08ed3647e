/* SHA-256 compression with the SHA extensions (SHA256RNDS2, SHA256MSG1, SHA256MSG2), written
 * from the instruction set reference. SHA256RNDS2 takes the state as two registers, A B E F and
 * C D G H (high lane first), and does two rounds with the two message-plus-constant words of the
 * low half of XMM0; its result is the new A B E F, and the old A B E F is the new C D G H, so the
 * two registers trade roles every call. The message schedule takes four words at a time:
 *   W[t..t+3] = MSG2(MSG1(W[t-16..t-13], W[t-12]) + W[t-7..t-4], W[t-4..t-1]).
 * The state stays in registers across all the blocks of a call. Entry: see gcm_aesni.c.
 */
#include <immintrin.h>
#include "klib_accel.h"
#include "sha256_blocks.h"

/* no_stack_protector: see gcm_aesni.c (GCC 12 reads a thread-local guard under target attributes). */
#define VECTOR __attribute__((target("sse4.1,sha"), no_stack_protector))
#define INLINE static inline __attribute__((always_inline)) VECTOR

/* Four rounds from t: the word group w plus its constants. */
INLINE void four_rounds(__m128i *abef, __m128i *cdgh, __m128i w, unsigned t)
{
    __m128i wk = _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)&klib_sha256_k[t]));
    *cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, wk);
    *abef = _mm_sha256rnds2_epu32(*abef, *cdgh, _mm_shuffle_epi32(wk, 0x0e));
}

VECTOR __attribute__((force_align_arg_pointer))
void klib_sha256_shani_blocks(uint32_t state[8], const unsigned char *data, size_t blocks)
{
    if (mbedtls_klib_accel_detected() & KLIB_ACCEL_AVX_STATE)
        __asm__ volatile("vzeroupper");
    /* Big-endian words: reverse the bytes of each 32-bit lane. */
    const __m128i big_endian = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    __m128i dcba = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0x1b);
    __m128i hgfe = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1b);
    __m128i abef = _mm_unpackhi_epi64(hgfe, dcba);   /* lanes, low first: F E B A */
    __m128i cdgh = _mm_unpacklo_epi64(hgfe, dcba);   /* H G D C */
    for (; blocks > 0; blocks--, data += 64) {
        __m128i abef_in = abef, cdgh_in = cdgh;
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), big_endian);
        __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), big_endian);
        __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), big_endian);
        __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), big_endian);
        four_rounds(&abef, &cdgh, w0, 0);
        four_rounds(&abef, &cdgh, w1, 4);
        four_rounds(&abef, &cdgh, w2, 8);
        four_rounds(&abef, &cdgh, w3, 12);
        for (unsigned t = 16; t < 64; t += 4) {
            __m128i next = _mm_sha256msg1_epu32(w0, w1);
            next = _mm_add_epi32(next, _mm_alignr_epi8(w3, w2, 4));
            next = _mm_sha256msg2_epu32(next, w3);
            four_rounds(&abef, &cdgh, next, t);
            w0 = w1;
            w1 = w2;
            w2 = w3;
            w3 = next;
        }
        abef = _mm_add_epi32(abef, abef_in);
        cdgh = _mm_add_epi32(cdgh, cdgh_in);
    }
    dcba = _mm_unpackhi_epi64(cdgh, abef);
    hgfe = _mm_unpacklo_epi64(cdgh, abef);
    _mm_storeu_si128((__m128i *)&state[0], _mm_shuffle_epi32(dcba, 0x1b));
    _mm_storeu_si128((__m128i *)&state[4], _mm_shuffle_epi32(hgfe, 0x1b));
}
