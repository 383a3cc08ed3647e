/* generated from klib-src/tls/trust_store.ts by klibc - do not edit */
#include <kernel.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/x509.h>
#include <tls_ca_bundle.h>
#include "pem_cas.h"
#include "platform.h"
#include "trust_store.h"

#define ERROR_TEXT_MAX 120

static struct tls_trust_store {
    struct mbedtls_entropy_context entropy;
    struct mbedtls_ctr_drbg_context drbg;
    struct spinlock drbg_lock;
    boolean verify;
} tls_trust_store = {
    .verify = true,
};

static s32 locked_random(void *ctx, unsigned char *out, size_t len);
static s32 trust_added_server_certificate(void *ctx, mbedtls_x509_crt *crt, s32 depth, u32 *flags);
static s32 offer_issuers(void *ctx, const mbedtls_x509_crt *child, mbedtls_x509_crt **candidates);
static boolean same_bytes(const u8 *a, const u8 *b, size_t length);
static void add_chain_issuers_of(mbedtls_x509_crt *chain, const mbedtls_x509_crt *child, mbedtls_x509_crt *list);
static void say_none_usable(heap h, buffer path, u32 found, s32 error);

#line 45 "klib-src/tls/trust_store.ts"
boolean tls_setup_random(void)
{
#line 46 "klib-src/tls/trust_store.ts"
    mbedtls_entropy_init(&tls_trust_store.entropy);
    mbedtls_ctr_drbg_init(&tls_trust_store.drbg);
    return mbedtls_ctr_drbg_seed(&tls_trust_store.drbg, mbedtls_entropy_func, &tls_trust_store.entropy, 0, 0) == 0;
}

#line 52 "klib-src/tls/trust_store.ts"
void tls_disable_verification(void)
{
#line 53 "klib-src/tls/trust_store.ts"
    tls_trust_store.verify = false;
}

#line 56 "klib-src/tls/trust_store.ts"
boolean tls_verification_enabled(void)
{
#line 57 "klib-src/tls/trust_store.ts"
    return tls_trust_store.verify;
}

#line 61 "klib-src/tls/trust_store.ts"
tls_trust tls_empty_trust(heap h)
{
#line 62 "klib-src/tls/trust_store.ts"
    tls_trust t = allocate(h, sizeof(struct tls_trust));
    if (t == INVALID_ADDRESS)
#line 63 "klib-src/tls/trust_store.ts"
        return 0;
    t->pem_cas = 0;
    t->pem_text = 0;
    mbedtls_x509_crt_init(&t->chain);
    mbedtls_ssl_config_init(&t->conf);
    if (mbedtls_ssl_config_defaults(&t->conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
        tls_destroy_trust(h, t);
        return 0;
    }
    mbedtls_ssl_conf_authmode(&t->conf,
                              tls_trust_store.verify ? MBEDTLS_SSL_VERIFY_REQUIRED : MBEDTLS_SSL_VERIFY_NONE);
#line 73 "klib-src/tls/trust_store.ts"
    mbedtls_ssl_conf_ca_chain(&t->conf, &t->chain, 0);
    mbedtls_ssl_conf_rng(&t->conf, locked_random, t);
    return t;
}

#line 83 "klib-src/tls/trust_store.ts"
static s32 locked_random(void *ctx, unsigned char *out, size_t len)
{
    (void)ctx;
#line 84 "klib-src/tls/trust_store.ts"
    spin_lock(&tls_trust_store.drbg_lock);
    s32 r = mbedtls_ctr_drbg_random(&tls_trust_store.drbg, out, len);
    spin_unlock(&tls_trust_store.drbg_lock);
    return r;
}

#line 90 "klib-src/tls/trust_store.ts"
void tls_destroy_trust(heap h, tls_trust t)
{
#line 91 "klib-src/tls/trust_store.ts"
    mbedtls_ssl_config_free(&t->conf);
    mbedtls_x509_crt_free(&t->chain);
    if (t->pem_cas != 0)
#line 93 "klib-src/tls/trust_store.ts"
        pem_cas_free(h, t->pem_cas);
    if (t->pem_text != 0)
#line 94 "klib-src/tls/trust_store.ts"
        deallocate_buffer(t->pem_text);
    deallocate(h, t, sizeof(struct tls_trust));
}

#line 100 "klib-src/tls/trust_store.ts"
static void trust_pem_cas(tls_trust t, pem_cas cas)
{
#line 101 "klib-src/tls/trust_store.ts"
    t->pem_cas = cas;
    mbedtls_ssl_conf_ca_cb(&t->conf, offer_issuers, t);
    mbedtls_ssl_conf_verify(&t->conf, trust_added_server_certificate, t);
}

#line 112 "klib-src/tls/trust_store.ts"
static s32 trust_added_server_certificate(void *ctx, mbedtls_x509_crt *crt, s32 depth, u32 *flags)
{
#line 113 "klib-src/tls/trust_store.ts"
    if (depth != 0 || (flags[0] & MBEDTLS_X509_BADCERT_NOT_TRUSTED) == 0)
#line 113 "klib-src/tls/trust_store.ts"
        return 0;
    tls_trust t = (tls_trust)ctx;
    size_t name_length = (crt)->subject_raw.len;
    const mbedtls_x509_crt *read = ((const mbedtls_x509_crt *)crt);
    if ((read)->issuer_raw.len != name_length || !same_bytes(((const u8 *)(crt)->subject_raw.p),
                                                             ((const u8 *)(read)->issuer_raw.p),
                                                             name_length))
#line 117 "klib-src/tls/trust_store.ts"
        return 0;
    size_t length = (crt)->raw.len;
    mbedtls_x509_crt *c = &t->chain;
    while (c != 0) {
        if ((c)->version != 0 && (c)->raw.len == length && same_bytes(((const u8 *)(c)->raw.p),
                                                                      ((const u8 *)(crt)->raw.p),
                                                                      length)) {
#line 122 "klib-src/tls/trust_store.ts"
            flags[0] = flags[0] & ~MBEDTLS_X509_BADCERT_NOT_TRUSTED;
            return 0;
        }
        c = (c)->next;
    }
    return 0;
}

#line 135 "klib-src/tls/trust_store.ts"
static s32 offer_issuers(void *ctx, const mbedtls_x509_crt *child, mbedtls_x509_crt **candidates)
{
#line 136 "klib-src/tls/trust_store.ts"
    tls_trust t = (tls_trust)ctx;
    candidates[0] = 0;
    void *head = mbedtls_klib_calloc(1, sizeof(struct mbedtls_x509_crt));
    if (head == 0)
#line 139 "klib-src/tls/trust_store.ts"
        return -1;
    mbedtls_x509_crt *list = (mbedtls_x509_crt *)(head);
    mbedtls_x509_crt_init(list);
    if (t->pem_cas != 0)
#line 142 "klib-src/tls/trust_store.ts"
        pem_cas_add_issuers_of(t->pem_cas, child, list);
    add_chain_issuers_of(&t->chain, child, list);
    if ((list)->version == 0) {
        mbedtls_klib_free(head);
        return 0;
    }
    candidates[0] = list;
    return 0;
}

#line 154 "klib-src/tls/trust_store.ts"
static boolean same_bytes(const u8 *a, const u8 *b, size_t length)
{
#line 155 "klib-src/tls/trust_store.ts"
    for (size_t i = 0; i < length; i++) {
        if (a[i] != b[i])
#line 156 "klib-src/tls/trust_store.ts"
            return false;
    }
    return true;
}

#line 162 "klib-src/tls/trust_store.ts"
static void add_chain_issuers_of(mbedtls_x509_crt *chain, const mbedtls_x509_crt *child,
                                 mbedtls_x509_crt *list)
{
#line 163 "klib-src/tls/trust_store.ts"
    size_t issuer_length = (child)->issuer_raw.len;
    mbedtls_x509_crt *c = chain;
    while (c != 0) {
        if ((c)->version != 0 && (c)->subject_raw.len == issuer_length && same_bytes(((const u8 *)(c)->subject_raw.p),
                                                                                     ((const u8 *)(child)->issuer_raw.p),
                                                                                     issuer_length)) {
#line 168 "klib-src/tls/trust_store.ts"
            mbedtls_x509_crt_parse_der(list, ((const u8 *)(c)->raw.p), (c)->raw.len);
        }
        c = (c)->next;
    }
}

#line 179 "klib-src/tls/trust_store.ts"
s32 tls_add_certificates(tls_trust t, void *pem, u64 len)
{
#line 180 "klib-src/tls/trust_store.ts"
    return mbedtls_x509_crt_parse(&t->chain, (const u8 *)pem, (size_t)len);
}

#line 188 "klib-src/tls/trust_store.ts"
boolean tls_add_ca_file(heap h, tls_trust t, buffer path, buffer contents)
{
#line 189 "klib-src/tls/trust_store.ts"
    const u8 *text = (const u8 *)((u8 *)buffer_ref(contents, 0));
    u32 found = pem_certificate_count(text);
    if (found == 0) {
        rprintf("tls: tls.ca_file %b: no PEM certificate in the file (no \"-----BEGIN CERTIFICATE-----\" line)\n",
                path);
#line 193 "klib-src/tls/trust_store.ts"
        deallocate_buffer(contents);
        return false;
    }
    pem_cas cas = pem_cas_index(h, text, found);
    if (cas == 0 || cas->count == 0) {
        if (cas == 0) {
            rprintf("tls: tls.ca_file %b: out of memory to index its %u certificates\n", path,
                    found);
        } else {
#line 201 "klib-src/tls/trust_store.ts"
            say_none_usable(h, path, found, cas->first_error);
            pem_cas_free(h, cas);
        }
        deallocate_buffer(contents);
        return false;
    }
    t->pem_text = contents;
    trust_pem_cas(t, cas);
    if (cas->unusable > 0) {
        rprintf("tls: tls.ca_file %b: %u CA certificates loaded, %u could not be used; the embedded bundle is not used\n",
                path, cas->count, cas->unusable);
    } else {
#line 212 "klib-src/tls/trust_store.ts"
        rprintf("tls: tls.ca_file %b: %u CA certificates loaded; the embedded bundle is not used\n",
                path, cas->count);
    }
#line 214 "klib-src/tls/trust_store.ts"
    return true;
}

#line 217 "klib-src/tls/trust_store.ts"
static void say_none_usable(heap h, buffer path, u32 found, s32 error)
{
#line 218 "klib-src/tls/trust_store.ts"
    buffer text = allocate_buffer(h, ERROR_TEXT_MAX);
    if (text == INVALID_ADDRESS) {
        rprintf("tls: tls.ca_file %b: none of its %u certificates could be used (mbedtls error %d)\n",
                path, found, error);
#line 221 "klib-src/tls/trust_store.ts"
        return;
    }
    mbedtls_strerror(error, (char *)((u8 *)buffer_ref(text, 0)), ERROR_TEXT_MAX);
    rprintf("tls: tls.ca_file %b: none of its %u certificates could be used (%s)\n", path, found,
            sstring_from_cstring((const char *)((u8 *)buffer_ref(text, 0)), ERROR_TEXT_MAX));
#line 225 "klib-src/tls/trust_store.ts"
    deallocate_buffer(text);
}

#line 232 "klib-src/tls/trust_store.ts"
boolean tls_add_embedded_bundle(heap h, tls_trust t)
{
#line 233 "klib-src/tls/trust_store.ts"
    pem_cas cas = pem_cas_index(h, tls_ca_bundle, pem_certificate_count(tls_ca_bundle));
    if (cas == 0) {
        rprintf("tls: out of memory to index the embedded CA bundle\n");
        return false;
    }
    if (cas->count == 0) {
        rprintf("tls: the embedded CA bundle could not be parsed (mbedtls error %d)\n",
                cas->first_error);
#line 240 "klib-src/tls/trust_store.ts"
        pem_cas_free(h, cas);
        return false;
    }
#line 244 "klib-src/tls/trust_store.ts"
    if (cas->unusable > 0)
#line 244 "klib-src/tls/trust_store.ts"
        rprintf("tls: %u certificates of the embedded CA bundle were skipped\n", cas->unusable);
    trust_pem_cas(t, cas);
    return true;
}
