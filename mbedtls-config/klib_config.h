/* Our complete mbedtls 2.28 configuration (used through MBEDTLS_CONFIG_FILE,
 * replacing mbedtls's own include/mbedtls/config.h).
 *
 * One header for both builds of the same sources:
 *  - the klib build (freestanding, inside the Nanos kernel): no filesystem, no
 *    threads, no sockets, no timing, no stdio; memory, time and entropy come
 *    from the hooks declared in klib_platform.h, which the tls klib provides;
 *  - the hosted build (MBEDTLS_KLIB_HOSTED, a Linux process for tests and
 *    benchmarks): identical crypto and TLS, plus the self tests, whose printf
 *    only exists on the host.
 *
 * What we need: a TLS 1.2 client with SNI and X.509 verification, ECDHE key
 * exchange authenticated by RSA or ECDSA certificates, AES-GCM and
 * ChaCha20-Poly1305, SHA-256/384 and HMAC (also for SigV4), PEM/base64 to
 * read CA bundles. Everything weak or unneeded stays off: SSLv3, TLS 1.0/1.1,
 * CBC and stream ciphers, static RSA key exchange, MD5, SHA-1 signatures
 * (SHA-1 is built only to read old roots, see below), server side.
 */
#ifndef KLIB_MBEDTLS_CONFIG_H
#define KLIB_MBEDTLS_CONFIG_H

/* System support. Inline assembly only speeds up bignum arithmetic on
   general-purpose registers. mbedtls's own AES-NI (one block per call, and not
   compilable without SSE) and PadLock stay off: AES-GCM and SHA-256 are our
   accelerated code instead (below). */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE
/* No 128-bit division: it would call libgcc's __udivti3, absent from klibs. */
#define MBEDTLS_NO_UDBL_DIVISION

/* Platform: no standard library behind mbedtls. Every platform function
   is either a named hook (klib_platform.h) or our own glue built into the
   library (freestanding/: a bounded snprintf, and gmtime_r so that no
   struct tm crosses the hook boundary). */
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS
#define MBEDTLS_PLATFORM_CALLOC_MACRO       mbedtls_klib_calloc
#define MBEDTLS_PLATFORM_FREE_MACRO         mbedtls_klib_free
#define MBEDTLS_PLATFORM_TIME_TYPE_MACRO    long long
#define MBEDTLS_PLATFORM_TIME_MACRO         mbedtls_klib_time
#define MBEDTLS_PLATFORM_SNPRINTF_MACRO     mbedtls_klib_snprintf
#define MBEDTLS_PLATFORM_GMTIME_R_ALT
#include "klib_platform.h"

/* Entropy: the kernel's random source is the only source, polled through
   mbedtls_hardware_poll(); there is no /dev/urandom or getrandom() here. */
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_ENTROPY_HARDWARE_ALT
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C

/* Symmetric crypto and hashes. */
#define MBEDTLS_AES_C
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA512_C            /* provides SHA-384 */
/* SHA-1 only so that the 30 roots of Debian's CA bundle whose self-signature
   is sha1WithRSAEncryption (DigiCert Global Root CA, GlobalSign Root CA, ...)
   can be parsed and trusted: a root's own signature is never checked. SHA-1
   signatures stay refused everywhere else: the default X.509 profile accepts
   only SHA-2 in a chain, and TLS offers SHA-1 for the key exchange only with
   MBEDTLS_TLS_DEFAULT_ALLOW_SHA1_IN_KEY_EXCHANGE, which is not set. */
#define MBEDTLS_SHA1_C

/* GCM and SHA-256 are ours (klib_accel.h, accel/): AES-NI with PCLMULQDQ and the
   SHA extensions where the CPU has them, chosen at run time, with mbedtls's
   software GCM and our scalar SHA-256 otherwise. accel/gcm_software.c compiles
   mbedtls's gcm.c once more as that fallback, without MBEDTLS_GCM_ALT. */
#if !defined(KLIB_GCM_SOFTWARE_COPY)
#define MBEDTLS_GCM_ALT
#endif
#define MBEDTLS_SHA256_ALT

/* Public key: RSA (PKCS#1 v1.5 and PSS signatures) and elliptic curves. */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21
#define MBEDTLS_ECP_C
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_DP_SECP521R1_ENABLED
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C

/* Certificates: DER/PEM parsing and chain verification. */
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C        /* ECDSA needs it to encode signatures */
#define MBEDTLS_OID_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT
/* Trusted CAs through a callback (mbedtls_ssl_conf_ca_cb): the default trust
   keeps its CA bundle as PEM text and parses only the CAs whose subject is the
   issuer of a certificate being verified (klib-src/tls/pem_cas.ts), instead of
   keeping some 144 parsed roots (about 406 KiB of kernel heap). */
#define MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK

/* TLS: 1.2 only, client only, ECDHE only (forward secrecy), AEAD only. */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_ALPN
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_SSL_CIPHERSUITES                                \
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,            \
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,              \
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,            \
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,              \
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,      \
    MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256

/* Readable error messages for the console (mbedtls_strerror). */
#define MBEDTLS_ERROR_C

/* Records: a full 16 KiB in both directions, as peers may send that. */
#define MBEDTLS_SSL_IN_CONTENT_LEN      16384
#define MBEDTLS_SSL_OUT_CONTENT_LEN     16384

/* Hosted build only: the modules' self tests report through printf. */
#if defined(MBEDTLS_KLIB_HOSTED)
#define MBEDTLS_SELF_TEST
#define MBEDTLS_PLATFORM_PRINTF_MACRO   printf
int printf(const char *format, ...);
#endif

#include "mbedtls/check_config.h"

#endif /* KLIB_MBEDTLS_CONFIG_H */
