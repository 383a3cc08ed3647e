/* Hardware-accelerated AES-GCM and SHA-256 for the tls klib's mbedtls, chosen at run time.
 *
 * mbedtls's GCM and SHA-256 modules are replaced through its alternative-implementation hooks
 * (MBEDTLS_GCM_ALT, MBEDTLS_SHA256_ALT in klib_config.h; contexts in gcm_alt.h and sha256_alt.h) by
 * our own code in accel/: every mbedtls_gcm_* and mbedtls_sha256_* call, so every TLS record and
 * every SigV4 hash and HMAC of the klibs, goes through it. What runs is decided by CPUID:
 *
 *   AES-GCM  AES-NI + PCLMULQDQ (+ SSSE3, SSE4.1): 8 blocks of CTR per step, GHASH by carry-less
 *            multiplication with one reduction per 8 blocks (accel/gcm_aesni.c);
 *            otherwise mbedtls's own software GCM, compiled under other names (accel/gcm_software.c).
 *   SHA-256  the SHA extensions (SHA-NI, + SSE4.1) over many blocks per call (accel/sha256_shani.c);
 *            otherwise our scalar code (accel/sha256_scalar.c).
 *
 * The vector code runs in kernel context with the kernel's own extended state: Nanos saves the
 * whole XSAVE state of the interrupted or calling context on every interrupt, exception, syscall
 * and context switch (mbedtls-config/README.md, "Vector registers in the kernel"), so the klib
 * neither saves nor restores registers itself. It uses only XMM registers (plus VZEROUPPER where
 * the OS enabled AVX state), never ZMM: Nanos does not enable AVX-512 state in XCR0.
 */
#ifndef KLIB_ACCEL_H
#define KLIB_ACCEL_H

/* Feature bits: what the CPU offers and what the code uses. */
#define KLIB_ACCEL_AES_GCM   1u  /* AES-NI, PCLMULQDQ, SSSE3 and SSE4.1 */
#define KLIB_ACCEL_SHA_NI    2u  /* SHA extensions and SSE4.1 */
#define KLIB_ACCEL_AVX_STATE 4u  /* AVX usable (OS saves YMM): VZEROUPPER before legacy SSE code */

/* What the CPU offers (CPUID, and XGETBV for AVX state), computed once. */
unsigned mbedtls_klib_accel_detected(void);

/* What is used: the detected features less those turned off by mbedtls_klib_accel_allow. */
unsigned mbedtls_klib_accel_features(void);

/* Uses only the features in `mask` from now on (tests and benchmarks force the software paths
   with 0). A GCM context keeps the engine its key was set up with; SHA-256 chooses per call. */
void mbedtls_klib_accel_allow(unsigned mask);

/* One line for the console: which implementation of each algorithm runs. */
const char *mbedtls_klib_accel_describe(void);

/* The TLS cipher suites to offer, best first, ending in 0 (for mbedtls_ssl_conf_ciphersuites):
   AES-GCM first when the CPU has AES-NI and PCLMULQDQ, ChaCha20-Poly1305 first otherwise. */
const int *mbedtls_klib_ciphersuites(void);

/* Room for mbedtls's software GCM context inside ours (gcm_alt.h); accel/gcm_software.c checks
   at compile time that it fits. */
#define KLIB_GCM_SOFTWARE_BYTES 512

#endif /* KLIB_ACCEL_H */
