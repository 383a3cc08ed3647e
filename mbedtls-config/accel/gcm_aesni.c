/* AES-GCM with AES-NI and PCLMULQDQ (NIST SP 800-38D), written from the specification and the
 * instruction set reference.
 *
 * Only the functions marked VECTOR use vector registers (the klib is built with -mno-sse); the
 * entry points also realign the stack, since nothing promises kernel callers a 16-byte one, and
 * clear the upper halves of the YMM registers where the OS enabled AVX state (the application's
 * AVX values are then still live in them inside a syscall; legacy SSE code after dirty upper
 * halves runs slowly on some CPUs). The registers' previous contents need no saving: the kernel
 * saved them (klib_accel.h).
 *
 * CTR: 8 counter blocks go through the AES rounds together, so that the latency of one AESENC
 * hides behind the other seven. GHASH: each block is multiplied by a power of the hash key H
 * with PCLMULQDQ (Karatsuba: three 64x64 products per block) and the eight 256-bit products are
 * added before one reduction, by the identity
 *   Y' = (Y + X1) H^8 + X2 H^7 + ... + X8 H.
 * The GHASH of one group of 8 blocks is worked into the AES rounds of the next group (of the same
 * group when decrypting, whose input is the ciphertext), so both units stay busy.
 *
 * Representation. A GCM block b_0..b_127 (b_0 the first byte's high bit) is the polynomial
 * sum b_i x^i over GF(2), modulo P(x) = x^128 + x^7 + x^2 + x + 1. Byte-reversed and read as a
 * 128-bit little-endian integer V, coefficient x^i sits at bit 127 - i: V is the bit-reflection
 * of the block, and as a polynomial in z (bit j <-> z^j), V(z) = z^127 v(1/z). Carry-less
 * products of reflected values are reflected products: PCLMULQDQ needs no bit shuffling.
 * Reduction is Montgomery's, by z^128 modulo the reflected polynomial
 *   P*(z) = z^128 + z^127 + z^126 + z^121 + 1 = 1 + z^64 c(z) + z^128,  c = z^63 + z^62 + z^57,
 * which is 0xC200000000000000 as a 64-bit integer: for T = T3:T2:T1:T0 (64-bit words), adding
 * T0 P* clears T0, then adding T1' z^64 P* clears the new T1; T3:T2 is then T z^-128 mod P*.
 * Mapped back to GF(2^128), reduce(V W) represents x v w: one factor x too many, so the hash key
 * is kept as H x^-1 (V shifted left by one bit, folding bit 128 back as P*), and its powers as
 * H^k x^-1, which are closed under the same product: reduce(H^i x^-1, H^j x^-1) = H^(i+j) x^-1.
 */
#include <stddef.h>
#include <stdint.h>
#include <immintrin.h>
#include "mbedtls/aes.h"
#include "mbedtls/gcm.h"
#include "mbedtls/platform_util.h"
#include "gcm_aesni.h"

/* no_stack_protector: under a target attribute GCC 12 forgets -mstack-protector-guard=global and
   reads the guard from %fs:0x28 (thread-local, as in user space), which faults in a kernel context
   whose FS base is 0. These functions' only arrays are fixed-size blocks filled by bounded loops;
   test/crypto/kernel-code.test.ts fails if any code of the library reads %fs. */
#define VECTOR __attribute__((target("sse4.1,aes,pclmul"), no_stack_protector))
#define ENTRY VECTOR __attribute__((force_align_arg_pointer))
#define INLINE static inline __attribute__((always_inline)) VECTOR
/* The 8 blocks of a group live in registers only if their loops are unrolled (-O2 keeps them). */
#define UNROLL _Pragma("GCC unroll 8")

/* Run first in every entry point: see above. The lower halves (XMM) are kept, so this clobbers
   nothing the compiler tracks. */
#define CLEAR_UPPER_HALVES() do { \
        if (mbedtls_klib_accel_detected() & KLIB_ACCEL_AVX_STATE) __asm__ volatile("vzeroupper"); \
    } while (0)

INLINE __m128i load(const void *p)
{
    return _mm_loadu_si128((const __m128i *)p);
}

INLINE void store(void *p, __m128i v)
{
    _mm_storeu_si128((__m128i *)p, v);
}

INLINE __m128i byte_reverse(__m128i v)
{
    return _mm_shuffle_epi8(v, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

/* The counter is kept byte-reversed: its 32-bit big-endian count is then the low lane, and
   adding 1 there is GCM's inc32 (the other 96 bits never change). */
INLINE __m128i next_counter(__m128i c)
{
    return _mm_add_epi32(c, _mm_set_epi32(0, 0, 0, 1));
}

/* ---- GHASH ----------------------------------------------------------------------------- */

/* A 256-bit carry-less product, or a sum of them, in Karatsuba's three parts. */
struct product {
    __m128i lo, hi, mid;
};

INLINE struct product product_zero(void)
{
    struct product p = { _mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128() };
    return p;
}

/* p += a * h, where `halves` holds h's two 64-bit halves XORed. */
INLINE void multiply_add(struct product *p, __m128i a, __m128i h, __m128i halves)
{
    p->lo = _mm_xor_si128(p->lo, _mm_clmulepi64_si128(a, h, 0x00));
    p->hi = _mm_xor_si128(p->hi, _mm_clmulepi64_si128(a, h, 0x11));
    __m128i a_halves = _mm_xor_si128(a, _mm_shuffle_epi32(a, 0x4e));
    p->mid = _mm_xor_si128(p->mid, _mm_clmulepi64_si128(a_halves, halves, 0x00));
}

/* The 128-bit reflected value that the sum of products represents (see the top of the file). */
INLINE __m128i reduce(struct product p)
{
    const __m128i c = _mm_set_epi64x(0, (long long)0xc200000000000000ull);
    __m128i mid = _mm_xor_si128(p.mid, _mm_xor_si128(p.lo, p.hi));
    __m128i lo = _mm_xor_si128(p.lo, _mm_slli_si128(mid, 8));    /* T1:T0 */
    __m128i hi = _mm_xor_si128(p.hi, _mm_srli_si128(mid, 8));    /* T3:T2 */
    /* T0 c, added at z^64; T0 itself goes to T2 (the swap puts it in the high lane) */
    __m128i t = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), _mm_clmulepi64_si128(lo, c, 0x00));
    /* now t = (T0 + X1):(T1 + X0) = (T0 + X1):T1'; T1' c, added at z^128, T1' to T3 */
    t = _mm_xor_si128(_mm_shuffle_epi32(t, 0x4e), _mm_clmulepi64_si128(t, c, 0x00));
    return _mm_xor_si128(hi, t);
}

INLINE __m128i power(const struct klib_gcm_aesni *g, unsigned k)
{
    return load(g->h_powers[k - 1]);
}

INLINE __m128i power_halves(const struct klib_gcm_aesni *g, unsigned k)
{
    return load(g->h_karatsuba[k - 1]);
}

/* y * H, for single blocks (the lengths, the IV). */
INLINE __m128i multiply_h(const struct klib_gcm_aesni *g, __m128i y)
{
    struct product p = product_zero();
    multiply_add(&p, y, power(g, 1), power_halves(g, 1));
    return reduce(p);
}

/* Folds n (1..8) whole blocks into the accumulator y with one reduction. */
INLINE __m128i ghash_blocks(const struct klib_gcm_aesni *g, __m128i y, const uint8_t *data, unsigned n)
{
    struct product p = product_zero();
    UNROLL
    for (unsigned i = 0; i < n; i++) {
        __m128i x = byte_reverse(load(data + 16 * i));
        if (i == 0)
            x = _mm_xor_si128(x, y);
        multiply_add(&p, x, power(g, n - i), power_halves(g, n - i));
    }
    return reduce(p);
}

/* Folds `len` bytes into y; a partial last block is padded with zeros. */
INLINE __m128i ghash_bytes(const struct klib_gcm_aesni *g, __m128i y, const uint8_t *data, size_t len)
{
    for (; len >= 128; data += 128, len -= 128)
        y = ghash_blocks(g, y, data, 8);
    if (len >= 16) {
        unsigned n = (unsigned)(len / 16);
        y = ghash_blocks(g, y, data, n);
        data += 16 * n;
        len -= 16 * n;
    }
    if (len > 0) {
        uint8_t last[16] = { 0 };
        for (size_t i = 0; i < len; i++)
            last[i] = data[i];
        y = ghash_blocks(g, y, last, 1);
    }
    return y;
}

/* The GHASH input block of two bit lengths, byte-reversed: `first` in the high half. */
INLINE __m128i lengths_block(uint64_t first_bytes, uint64_t second_bytes)
{
    return _mm_set_epi64x((long long)(first_bytes * 8), (long long)(second_bytes * 8));
}

/* ---- AES ------------------------------------------------------------------------------- */

INLINE __m128i round_key(const struct klib_gcm_aesni *g, unsigned r)
{
    return load(g->round_keys[r]);
}

INLINE __m128i aes_block(const struct klib_gcm_aesni *g, __m128i b)
{
    b = _mm_xor_si128(b, round_key(g, 0));
    for (unsigned r = 1; r < g->rounds; r++)
        b = _mm_aesenc_si128(b, round_key(g, r));
    return _mm_aesenclast_si128(b, round_key(g, g->rounds));
}

/*
 * out = in XOR the key stream of the next 8 counter blocks, and, when `hashed` is not 0, the 8
 * blocks there folded into *y during the rounds. `hashed` is read before `out` is written, so it
 * may be `in` when decrypting in place.
 */
INLINE void ctr8_ghash8(const struct klib_gcm_aesni *g, __m128i *counter, const uint8_t *in, uint8_t *out,
                        const uint8_t *hashed, __m128i *y)
{
    __m128i c = *counter, k = round_key(g, 0), b[8];
    UNROLL
    for (unsigned i = 0; i < 8; i++) {
        b[i] = _mm_xor_si128(byte_reverse(c), k);
        c = next_counter(c);
    }
    *counter = c;
    struct product p = product_zero();
    /* Rounds 1-8 (every key size has at least 9) each carry the product of one hashed block. */
    UNROLL
    for (unsigned r = 1; r <= 8; r++) {
        k = round_key(g, r);
        UNROLL
        for (unsigned i = 0; i < 8; i++)
            b[i] = _mm_aesenc_si128(b[i], k);
        if (hashed) {
            __m128i x = byte_reverse(load(hashed + 16 * (r - 1)));
            if (r == 1)
                x = _mm_xor_si128(x, *y);
            multiply_add(&p, x, power(g, 9 - r), power_halves(g, 9 - r));
        }
    }
    for (unsigned r = 9; r < g->rounds; r++) {
        k = round_key(g, r);
        UNROLL
        for (unsigned i = 0; i < 8; i++)
            b[i] = _mm_aesenc_si128(b[i], k);
    }
    k = round_key(g, g->rounds);
    UNROLL
    for (unsigned i = 0; i < 8; i++)
        b[i] = _mm_aesenclast_si128(b[i], k);
    if (hashed)
        *y = reduce(p);
    UNROLL
    for (unsigned i = 0; i < 8; i++)
        store(out + 16 * i, _mm_xor_si128(load(in + 16 * i), b[i]));
}

/* The last 1..127 bytes: whole blocks and a partial one, each with its own counter block. */
static VECTOR void crypt_tail(const struct klib_gcm_aesni *g, __m128i *counter, __m128i *y, int decrypt,
                              const uint8_t *in, uint8_t *out, size_t len)
{
    static const uint8_t zeros[128];
    uint8_t stream[128], ciphertext[128] = { 0 };
    unsigned blocks = (unsigned)((len + 15) / 16);
    __m128i c = *counter;
    ctr8_ghash8(g, &c, zeros, stream, 0, y);
    for (unsigned i = 0; i < blocks; i++)
        *counter = next_counter(*counter);
    for (size_t i = 0; i < len; i++) {
        uint8_t x = in[i];
        uint8_t o = (uint8_t)(x ^ stream[i]);
        ciphertext[i] = decrypt ? x : o;
        out[i] = o;
    }
    *y = ghash_blocks(g, *y, ciphertext, blocks);
    mbedtls_platform_zeroize(stream, sizeof(stream));
}

/* ---- entry points ---------------------------------------------------------------------- */

static ENTRY void derive_hash_key(struct klib_gcm_aesni *g)
{
    uint8_t h[16];
    CLEAR_UPPER_HALVES();
    store(h, aes_block(g, _mm_setzero_si128()));
    /* The reflected integer of H is H read big-endian; times z (= x^-1), folding z^128 as P*. */
    uint64_t hi = 0, lo = 0;
    for (int i = 0; i < 8; i++) {
        hi = (hi << 8) | h[i];
        lo = (lo << 8) | h[8 + i];
    }
    uint64_t fold = 0 - (hi >> 63);
    hi = (hi << 1) | (lo >> 63);
    lo <<= 1;
    hi ^= fold & 0xc200000000000000ull;
    lo ^= fold & 1;
    __m128i h1 = _mm_set_epi64x((long long)hi, (long long)lo), hk = h1;
    for (unsigned k = 1; k <= 8; k++) {
        if (k > 1) {
            struct product p = product_zero();
            multiply_add(&p, hk, h1, _mm_xor_si128(h1, _mm_shuffle_epi32(h1, 0x4e)));
            hk = reduce(p);
        }
        store(g->h_powers[k - 1], hk);
        store(g->h_karatsuba[k - 1], _mm_xor_si128(hk, _mm_shuffle_epi32(hk, 0x4e)));
    }
    mbedtls_platform_zeroize(h, sizeof(h));
}

int klib_gcm_aesni_setkey(struct klib_gcm_aesni *g, const unsigned char *key, unsigned keybits)
{
    /* mbedtls's key expansion, once per key: its round keys are the FIPS-197 bytes in order,
       which is what AESENC takes. */
    mbedtls_aes_context aes;
    mbedtls_aes_init(&aes);
    int ret = mbedtls_aes_setkey_enc(&aes, key, keybits);
    if (ret == 0) {
        g->rounds = (uint32_t)aes.nr;
        const uint8_t *rk = (const uint8_t *)aes.rk;
        for (size_t i = 0; i < 16 * (size_t)(aes.nr + 1); i++)
            g->round_keys[i / 16][i % 16] = rk[i];
        derive_hash_key(g);
    }
    mbedtls_aes_free(&aes);
    return ret;
}

ENTRY void klib_gcm_aesni_start(struct klib_gcm_aesni *g, int mode, const unsigned char *iv, size_t iv_len)
{
    CLEAR_UPPER_HALVES();
    __m128i j0;
    if (iv_len == 12) {
        uint8_t block[16] = { 0 };
        for (int i = 0; i < 12; i++)
            block[i] = iv[i];
        block[15] = 1;
        j0 = load(block);
    } else {
        __m128i y = ghash_bytes(g, _mm_setzero_si128(), iv, iv_len);
        j0 = byte_reverse(multiply_h(g, _mm_xor_si128(y, lengths_block(0, iv_len))));
    }
    store(g->tag_mask, aes_block(g, j0));
    store(g->counter, next_counter(byte_reverse(j0)));
    store(g->ghash, _mm_setzero_si128());
    g->mode = mode;
    g->length = 0;
    g->aad_length = 0;
}

ENTRY void klib_gcm_aesni_aad(struct klib_gcm_aesni *g, const unsigned char *aad, size_t len)
{
    CLEAR_UPPER_HALVES();
    store(g->ghash, ghash_bytes(g, load(g->ghash), aad, len));
    g->aad_length += len;
}

ENTRY void klib_gcm_aesni_crypt(struct klib_gcm_aesni *g, size_t len, const unsigned char *in, unsigned char *out)
{
    CLEAR_UPPER_HALVES();
    __m128i counter = load(g->counter), y = load(g->ghash);
    size_t groups = len / 128;
    int decrypt = g->mode == MBEDTLS_GCM_DECRYPT;
    g->length += len;
    if (decrypt) {
        for (size_t i = 0; i < groups; i++, in += 128, out += 128)
            ctr8_ghash8(g, &counter, in, out, in, &y);
    } else if (groups > 0) {
        /* Each group's ciphertext is hashed during the next group's rounds. */
        ctr8_ghash8(g, &counter, in, out, 0, &y);
        for (size_t i = 1; i < groups; i++, in += 128, out += 128)
            ctr8_ghash8(g, &counter, in + 128, out + 128, out, &y);
        y = ghash_blocks(g, y, out, 8);
        in += 128;
        out += 128;
    }
    if (len % 128)
        crypt_tail(g, &counter, &y, decrypt, in, out, len % 128);
    store(g->counter, counter);
    store(g->ghash, y);
}

ENTRY void klib_gcm_aesni_tag(struct klib_gcm_aesni *g, unsigned char tag[16])
{
    CLEAR_UPPER_HALVES();
    __m128i y = _mm_xor_si128(load(g->ghash), lengths_block(g->aad_length, g->length));
    y = multiply_h(g, y);
    store(tag, _mm_xor_si128(byte_reverse(y), load(g->tag_mask)));
}
