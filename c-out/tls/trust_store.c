/* generated from klib-src/tls/trust_store.ts by klibc - do not edit */
#include <kernel.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <tls_ca_bundle.h>
#include "libc.h"
#include "trust_store.h"

#define ERROR_TEXT_MAX 120
#define PEM_MARKER_BYTES 27

static struct tls_trust_store {
    struct mbedtls_entropy_context entropy;
    struct mbedtls_ctr_drbg_context drbg;
    struct spinlock drbg_lock;
    boolean verify;
} tls_trust_store = {
    .verify = true,
};

static s32 locked_random(void *ctx, unsigned char *out, size_t len);
static u32 count_pem_certificates(u8 *pem);

#line 37 "klib-src/tls/trust_store.ts"
boolean tls_setup_random(void)
{
#line 38 "klib-src/tls/trust_store.ts"
    mbedtls_entropy_init(&tls_trust_store.entropy);
    mbedtls_ctr_drbg_init(&tls_trust_store.drbg);
    return mbedtls_ctr_drbg_seed(&tls_trust_store.drbg, mbedtls_entropy_func, &tls_trust_store.entropy, 0, 0) == 0;
}

#line 44 "klib-src/tls/trust_store.ts"
void tls_disable_verification(void)
{
#line 45 "klib-src/tls/trust_store.ts"
    tls_trust_store.verify = false;
}

#line 48 "klib-src/tls/trust_store.ts"
boolean tls_verification_enabled(void)
{
#line 49 "klib-src/tls/trust_store.ts"
    return tls_trust_store.verify;
}

#line 53 "klib-src/tls/trust_store.ts"
tls_trust tls_empty_trust(heap h)
{
#line 54 "klib-src/tls/trust_store.ts"
    tls_trust t = allocate(h, sizeof(struct tls_trust));
    if (t == INVALID_ADDRESS)
#line 55 "klib-src/tls/trust_store.ts"
        return 0;
    mbedtls_x509_crt_init(&t->chain);
    mbedtls_ssl_config_init(&t->conf);
    if (mbedtls_ssl_config_defaults(&t->conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
        tls_destroy_trust(h, t);
        return 0;
    }
    mbedtls_ssl_conf_authmode(&t->conf,
                              tls_trust_store.verify ? MBEDTLS_SSL_VERIFY_REQUIRED : MBEDTLS_SSL_VERIFY_NONE);
#line 63 "klib-src/tls/trust_store.ts"
    mbedtls_ssl_conf_ca_chain(&t->conf, &t->chain, 0);
    mbedtls_ssl_conf_rng(&t->conf, locked_random, t);
    return t;
}

#line 73 "klib-src/tls/trust_store.ts"
static s32 locked_random(void *ctx, unsigned char *out, size_t len)
{
    (void)ctx;
#line 74 "klib-src/tls/trust_store.ts"
    spin_lock(&tls_trust_store.drbg_lock);
    s32 r = mbedtls_ctr_drbg_random(&tls_trust_store.drbg, out, len);
    spin_unlock(&tls_trust_store.drbg_lock);
    return r;
}

#line 80 "klib-src/tls/trust_store.ts"
void tls_destroy_trust(heap h, tls_trust t)
{
#line 81 "klib-src/tls/trust_store.ts"
    mbedtls_ssl_config_free(&t->conf);
    mbedtls_x509_crt_free(&t->chain);
    deallocate(h, t, sizeof(struct tls_trust));
}

#line 91 "klib-src/tls/trust_store.ts"
s32 tls_add_certificates(tls_trust t, void *pem, u64 len)
{
#line 92 "klib-src/tls/trust_store.ts"
    return mbedtls_x509_crt_parse(&t->chain, (const u8 *)pem, (size_t)len);
}

#line 100 "klib-src/tls/trust_store.ts"
boolean tls_add_ca_file(heap h, tls_trust t, buffer path, u8 *pem, u64 len)
{
#line 101 "klib-src/tls/trust_store.ts"
    u32 found = count_pem_certificates(pem);
    if (found == 0) {
        rprintf("tls: tls.ca_file %b: no PEM certificate in the file (no \"-----BEGIN CERTIFICATE-----\" line)\n",
                path);
#line 104 "klib-src/tls/trust_store.ts"
        return false;
    }
    s32 r = mbedtls_x509_crt_parse(&t->chain, (const u8 *)pem, (size_t)len);
    if (r < 0) {
        buffer text = allocate_buffer(h, ERROR_TEXT_MAX);
        if (text == INVALID_ADDRESS) {
            rprintf("tls: tls.ca_file %b: none of its %u certificates could be used (mbedtls error %d)\n",
                    path, found, r);
#line 111 "klib-src/tls/trust_store.ts"
            return false;
        }
        mbedtls_strerror(r, (char *)((u8 *)buffer_ref(text, 0)), ERROR_TEXT_MAX);
        rprintf("tls: tls.ca_file %b: none of its %u certificates could be used (%s)\n", path,
                found,
                sstring_from_cstring((const char *)((u8 *)buffer_ref(text, 0)), ERROR_TEXT_MAX));
#line 115 "klib-src/tls/trust_store.ts"
        deallocate_buffer(text);
        return false;
    }
#line 119 "klib-src/tls/trust_store.ts"
    u32 loaded = found > ((u32)r) ? found - ((u32)r) : 0;
    if (r > 0) {
        rprintf("tls: tls.ca_file %b: %u CA certificates loaded, %d could not be used; the embedded bundle is not used\n",
                path, loaded, r);
    } else {
#line 123 "klib-src/tls/trust_store.ts"
        rprintf("tls: tls.ca_file %b: %u CA certificates loaded; the embedded bundle is not used\n",
                path, loaded);
    }
#line 125 "klib-src/tls/trust_store.ts"
    return true;
}

#line 129 "klib-src/tls/trust_store.ts"
static u32 count_pem_certificates(u8 *pem)
{
#line 130 "klib-src/tls/trust_store.ts"
    const char *marker = (const char *)((u8 *)("-----BEGIN CERTIFICATE-----"));
    u32 count = 0;
    char *at = strstr((const char *)pem, marker);
    while (at != 0) {
        count++;
        at = strstr((const char *)((u8 *)at + PEM_MARKER_BYTES), marker);
    }
    return count;
}

#line 141 "klib-src/tls/trust_store.ts"
boolean tls_add_embedded_bundle(tls_trust t)
{
#line 142 "klib-src/tls/trust_store.ts"
    s32 r = mbedtls_x509_crt_parse(&t->chain, tls_ca_bundle, (size_t)tls_ca_bundle_size);
    if (r < 0) {
        rprintf("tls: the embedded CA bundle could not be parsed (mbedtls error %d)\n", r);
        return false;
    }
#line 148 "klib-src/tls/trust_store.ts"
    if (r > 0)
#line 148 "klib-src/tls/trust_store.ts"
        rprintf("tls: %d certificates of the embedded CA bundle were skipped\n", r);
    return true;
}
