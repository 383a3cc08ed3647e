/* SHA-256 compression in plain C (FIPS 180-4, 6.2.2), the path for CPUs without the SHA
 * extensions. The eight working variables are never moved: each round is written with them
 * renamed (a round's new A is the old H's name, its new E the old D's), so a block is 64 rounds of
 * arithmetic on registers, and the message schedule is a ring of 16 words updated in place.
 */
#include "sha256_blocks.h"

const uint32_t klib_sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define BIG_SIGMA0(a) (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22))
#define BIG_SIGMA1(e) (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25))
#define SMALL_SIGMA0(w) (ROTR(w, 7) ^ ROTR(w, 18) ^ ((w) >> 3))
#define SMALL_SIGMA1(w) (ROTR(w, 17) ^ ROTR(w, 19) ^ ((w) >> 10))
/* Ch(e, f, g) and Maj(a, b, c) with one operation fewer than their definitions. */
#define CH(e, f, g) ((g) ^ ((e) & ((f) ^ (g))))
#define MAJ(a, b, c) (((a) & (b)) | ((c) & ((a) | (b))))

/* Round t with word w: h becomes the new a, d the new e. */
#define ROUND(a, b, c, d, e, f, g, h, t, w) do { \
        uint32_t t1 = h + BIG_SIGMA1(e) + CH(e, f, g) + klib_sha256_k[t] + (w); \
        d += t1; \
        h = t1 + BIG_SIGMA0(a) + MAJ(a, b, c); \
    } while (0)

/* W[t] for t >= 16, in the ring of the last 16 words. */
#define SCHEDULE(t) (w[(t) & 15] += SMALL_SIGMA1(w[((t) - 2) & 15]) + w[((t) - 7) & 15] + \
                     SMALL_SIGMA0(w[((t) - 15) & 15]))

#define LOAD_BE32(p) (((uint32_t)(p)[0] << 24) | ((uint32_t)(p)[1] << 16) | ((uint32_t)(p)[2] << 8) | (p)[3])

/* Eight rounds from t, the names back where they started. */
#define EIGHT_ROUNDS(t, W) do { \
        ROUND(a, b, c, d, e, f, g, h, (t) + 0, W((t) + 0)); \
        ROUND(h, a, b, c, d, e, f, g, (t) + 1, W((t) + 1)); \
        ROUND(g, h, a, b, c, d, e, f, (t) + 2, W((t) + 2)); \
        ROUND(f, g, h, a, b, c, d, e, (t) + 3, W((t) + 3)); \
        ROUND(e, f, g, h, a, b, c, d, (t) + 4, W((t) + 4)); \
        ROUND(d, e, f, g, h, a, b, c, (t) + 5, W((t) + 5)); \
        ROUND(c, d, e, f, g, h, a, b, (t) + 6, W((t) + 6)); \
        ROUND(b, c, d, e, f, g, h, a, (t) + 7, W((t) + 7)); \
    } while (0)

#define INPUT_WORD(t) (w[t] = LOAD_BE32(data + 4 * (t)))

void klib_sha256_scalar_blocks(uint32_t state[8], const unsigned char *data, size_t blocks)
{
    uint32_t w[16];
    for (; blocks > 0; blocks--, data += 64) {
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        EIGHT_ROUNDS(0, INPUT_WORD);
        EIGHT_ROUNDS(8, INPUT_WORD);
        EIGHT_ROUNDS(16, SCHEDULE);
        EIGHT_ROUNDS(24, SCHEDULE);
        EIGHT_ROUNDS(32, SCHEDULE);
        EIGHT_ROUNDS(40, SCHEDULE);
        EIGHT_ROUNDS(48, SCHEDULE);
        EIGHT_ROUNDS(56, SCHEDULE);
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}
