/* Which accelerated paths the CPU allows (klib_accel.h). CPUID is asked once; the answer is the
 * same on every CPU of a machine, so a race between two first callers only computes it twice.
 */
#include <stdint.h>
#include "klib_accel.h"

/* CPUID leaf 1, ECX */
#define LEAF1_PCLMULQDQ (1u << 1)
#define LEAF1_SSSE3     (1u << 9)
#define LEAF1_SSE41     (1u << 19)
#define LEAF1_AES       (1u << 25)
#define LEAF1_OSXSAVE   (1u << 27)
#define LEAF1_AVX       (1u << 28)
/* CPUID leaf 7 subleaf 0, EBX */
#define LEAF7_SHA       (1u << 29)
/* XCR0: the OS saves SSE and AVX state */
#define XCR0_SSE_AVX    0x6u

/* Set once detection has run; the features sit in the low bits. */
#define DETECTED_VALID  0x80000000u

static unsigned detected_features;
static unsigned allowed_features = ~0u;

static void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(subleaf));
}

static uint64_t xgetbv0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

static unsigned detect(void)
{
    uint32_t r[4];
    cpuid(0, 0, r);
    uint32_t max_leaf = r[0];
    if (max_leaf < 1)
        return 0;
    cpuid(1, 0, r);
    uint32_t ecx1 = r[2];
    unsigned f = 0;
    uint32_t aes_gcm = LEAF1_AES | LEAF1_PCLMULQDQ | LEAF1_SSSE3 | LEAF1_SSE41;
    if ((ecx1 & aes_gcm) == aes_gcm)
        f |= KLIB_ACCEL_AES_GCM;
    if ((ecx1 & (LEAF1_OSXSAVE | LEAF1_AVX)) == (LEAF1_OSXSAVE | LEAF1_AVX) &&
        (xgetbv0() & XCR0_SSE_AVX) == XCR0_SSE_AVX)
        f |= KLIB_ACCEL_AVX_STATE;
    if (max_leaf >= 7) {
        cpuid(7, 0, r);
        if ((r[1] & LEAF7_SHA) && (ecx1 & LEAF1_SSE41))
            f |= KLIB_ACCEL_SHA_NI;
    }
    return f;
}

unsigned mbedtls_klib_accel_detected(void)
{
    unsigned d = __atomic_load_n(&detected_features, __ATOMIC_RELAXED);
    if (!(d & DETECTED_VALID)) {
        d = detect() | DETECTED_VALID;
        __atomic_store_n(&detected_features, d, __ATOMIC_RELAXED);
    }
    return d & ~DETECTED_VALID;
}

unsigned mbedtls_klib_accel_features(void)
{
    return mbedtls_klib_accel_detected() & __atomic_load_n(&allowed_features, __ATOMIC_RELAXED);
}

void mbedtls_klib_accel_allow(unsigned mask)
{
    __atomic_store_n(&allowed_features, mask, __ATOMIC_RELAXED);
}

const char *mbedtls_klib_accel_describe(void)
{
    unsigned f = mbedtls_klib_accel_features();
    switch (f & (KLIB_ACCEL_AES_GCM | KLIB_ACCEL_SHA_NI)) {
    case KLIB_ACCEL_AES_GCM | KLIB_ACCEL_SHA_NI:
        return "AES-GCM with AES-NI and PCLMULQDQ, SHA-256 with SHA-NI";
    case KLIB_ACCEL_AES_GCM:
        return "AES-GCM with AES-NI and PCLMULQDQ, SHA-256 in software (no SHA-NI)";
    case KLIB_ACCEL_SHA_NI:
        return "AES-GCM in software (no AES-NI), ChaCha20-Poly1305 preferred, SHA-256 with SHA-NI";
    default:
        return "AES-GCM in software (no AES-NI), ChaCha20-Poly1305 preferred, SHA-256 in software (no SHA-NI)";
    }
}
