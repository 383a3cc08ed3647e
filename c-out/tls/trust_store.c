/* generated from klib-src/tls/trust_store.ts by klibc - do not edit */
#include <kernel.h>
#include <klib_accel.h>
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

/* Whom a connection trusts. A TlsTrust is a set of CA certificates plus the mbedtls configuration
 * that verifies against it; every connection is set up with one. The klib's default TlsTrust holds
 * the CA bundle embedded at build time, or instead the CAs of the manifest's tls.ca_file, both kept
 * as PEM text and parsed only when a chain needs them (pem_cas.ts), plus a parsed chain of the CAs
 * added by tls_set_cacert; another klib can make its own (tls_trust_create, a parsed chain) instead
 * of changing what everyone trusts. Verification is required unless the manifest says `tls.verify:
 * "false"`. */

#define ERROR_TEXT_MAX 120

static struct tls_trust_store {
    struct mbedtls_entropy_context entropy;
    struct mbedtls_ctr_drbg_context drbg;
    /* Held across each draw from drbg (lockedRandom). */
    struct spinlock drbg_lock;
    boolean verify;
} tls_trust_store = {
    .verify = true,
};

static s32 locked_random(void *ctx, unsigned char *out, size_t len);
static s32 trust_added_server_certificate(void *ctx, mbedtls_x509_crt *crt, s32 depth, u32 *flags);
static s32 offer_issuers(void *ctx, const mbedtls_x509_crt *child, mbedtls_x509_crt **candidates);
static boolean same_bytes(const u8 *a, const u8 *b, size_t length);
static void add_chain_issuers_of(mbedtls_x509_crt *chain, const mbedtls_x509_crt *child,
                                 mbedtls_x509_crt *list);
static void say_none_usable(heap h, buffer path, u32 found, s32 error);

/* Seeds the random generator every connection uses; false when the kernel's source fails. */
boolean tls_setup_random(void)
{
    mbedtls_entropy_init(&tls_trust_store.entropy);
    mbedtls_ctr_drbg_init(&tls_trust_store.drbg);
    return mbedtls_ctr_drbg_seed(&tls_trust_store.drbg, mbedtls_entropy_func,
                                 &tls_trust_store.entropy, 0, 0) == 0;
}

/* Turns certificate checks off for the Trusts made after it (the manifest's `tls.verify:
 * "false"`). */
void tls_disable_verification(void)
{
    tls_trust_store.verify = false;
}

boolean tls_verification_enabled(void)
{
    return tls_trust_store.verify;
}

/* A TlsTrust with no certificate yet (add some with tlsAddCertificates), or null when out of
 * memory. */
tls_trust tls_empty_trust(heap h)
{
    tls_trust t = allocate(h, sizeof(struct tls_trust));
    if (t == INVALID_ADDRESS)
        return 0;
    t->pem_cas = 0;
    t->pem_text = 0;
    mbedtls_x509_crt_init(&t->chain);
    mbedtls_ssl_config_init(&t->conf);
    if (mbedtls_ssl_config_defaults(&t->conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                    MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
        tls_destroy_trust(h, t);
        return 0;
    }
    mbedtls_ssl_conf_ciphersuites(&t->conf, mbedtls_klib_ciphersuites());
    mbedtls_ssl_conf_authmode(&t->conf,
                              tls_trust_store.verify
                              ? MBEDTLS_SSL_VERIFY_REQUIRED
                              : MBEDTLS_SSL_VERIFY_NONE);
    mbedtls_ssl_conf_ca_chain(&t->conf, &t->chain, 0);
    /* the context is not used: there is one DRBG */
    mbedtls_ssl_conf_rng(&t->conf, locked_random, t);
    return t;
}

/* The random numbers of every connection. Connections run on several CPUs at once (each session
 * keeps its own mbedtls context to one CPU at a time, session.ts), but they all draw from this one
 * DRBG, which is not safe for concurrent use (our mbedtls has no MBEDTLS_THREADING_C): one draw
 * at a time. The lock is held across mbedtls_ctr_drbg_random only, which calls nothing of ours
 * but the entropy hook (the kernel's random_buffer) when it reseeds. */
static s32 locked_random(void *ctx __attribute__((unused)), unsigned char *out, size_t len)
{
    spin_lock(&tls_trust_store.drbg_lock);
    s32 r = mbedtls_ctr_drbg_random(&tls_trust_store.drbg, out, len);
    spin_unlock(&tls_trust_store.drbg_lock);
    return r;
}

void tls_destroy_trust(heap h, tls_trust t)
{
    mbedtls_ssl_config_free(&t->conf);
    mbedtls_x509_crt_free(&t->chain);
    if (t->pem_cas != 0)
        pem_cas_free(h, t->pem_cas);
    if (t->pem_text != 0)
        deallocate_buffer(t->pem_text);
    deallocate(h, t, sizeof(struct tls_trust));
}

/* From now on mbedtls asks offerIssuers for t's CAs (which replaces the chain in the configuration;
 * the chain's certificates are offered by offerIssuers too). */
static void trust_pem_cas(tls_trust t, pem_cas cas)
{
    t->pem_cas = cas;
    mbedtls_ssl_conf_ca_cb(&t->conf, offer_issuers, t);
    mbedtls_ssl_conf_verify(&t->conf, trust_added_server_certificate, t);
}

/* mbedtls's verification callback, for trusts whose CAs come from offerIssuers. With a CA chain,
 * mbedtls trusts a self-signed server certificate that is itself in the chain (a "locally trusted"
 * end entity: what the stock tls_set_cacert of a server's own certificate relies on); the CA
 * callback path has no such rule, so it is applied here: the server's certificate (depth 0), found
 * without a trusted issuer, self-issued, and byte for byte one that tls_set_cacert added, is
 * trusted. Other flags (expired, wrong name, weak algorithm) stay. */
static s32 trust_added_server_certificate(void *ctx, mbedtls_x509_crt *crt, s32 depth, u32 *flags)
{
    if (depth != 0 || (flags[0] & MBEDTLS_X509_BADCERT_NOT_TRUSTED) == 0)
        return 0;
    tls_trust t = (tls_trust)ctx;
    size_t name_length = (crt)->subject_raw.len;
    const mbedtls_x509_crt *read = (const mbedtls_x509_crt *)crt;
    if ((read)->issuer_raw.len != name_length ||
        !same_bytes((const u8 *)(crt)->subject_raw.p, (const u8 *)(read)->issuer_raw.p,
                    name_length))
        return 0;
    size_t length = (crt)->raw.len;
    mbedtls_x509_crt *c = &t->chain;
    while (c != 0) {
        if ((c)->version != 0 && (c)->raw.len == length &&
            same_bytes((const u8 *)(c)->raw.p, (const u8 *)(crt)->raw.p, length)) {
            flags[0] = flags[0] & ~MBEDTLS_X509_BADCERT_NOT_TRUSTED;
            return 0;
        }
        c = (c)->next;
    }
    return 0;
}

/* mbedtls's CA callback (MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK), asked for each certificate of
 * the peer's chain until one is issued by a trusted CA: a list, allocated with mbedtls_calloc and
 * freed by mbedtls, of t's CAs that may have issued child (the PEM ones whose subject hashes like
 * child's issuer, and the chain's whose subject is child's issuer), or none. Runs on several CPUs
 * at once: it only reads t, and its scratch is its own. */
static s32 offer_issuers(void *ctx, const mbedtls_x509_crt *child, mbedtls_x509_crt **candidates)
{
    tls_trust t = (tls_trust)ctx;
    candidates[0] = 0;
    void *head = mbedtls_klib_calloc(1, sizeof(struct mbedtls_x509_crt));
    if (head == 0)
        return -1; /* mbedtls fails the handshake (a fatal X.509 error) */
    mbedtls_x509_crt *list = (mbedtls_x509_crt *)head;
    mbedtls_x509_crt_init(list);
    if (t->pem_cas != 0)
        pem_cas_add_issuers_of(t->pem_cas, child, list);
    add_chain_issuers_of(&t->chain, child, list);
    if ((list)->version == 0) {
        mbedtls_klib_free(head); /* none: mbedtls wants no list rather than an empty one */
        return 0;
    }
    candidates[0] = list;
    return 0;
}

/* A plain loop: runtime_memcmp is missing from the stress test's small kernel, and memcmp is a
 * macro in parts of the Nanos tree. */
static boolean same_bytes(const u8 *a, const u8 *b, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        if (a[i] != b[i])
            return false;
    }
    return true;
}

/* Copies into list the certificates of chain whose subject is child's issuer. */
static void add_chain_issuers_of(mbedtls_x509_crt *chain, const mbedtls_x509_crt *child,
                                 mbedtls_x509_crt *list)
{
    size_t issuer_length = (child)->issuer_raw.len;
    mbedtls_x509_crt *c = chain;
    while (c != 0) {
        if ((c)->version != 0 && (c)->subject_raw.len == issuer_length &&
            same_bytes((const u8 *)(c)->subject_raw.p, (const u8 *)(child)->issuer_raw.p,
                       issuer_length)) {
            mbedtls_x509_crt_parse_der(list, (const u8 *)(c)->raw.p, (c)->raw.len);
        }
        c = (c)->next;
    }
}

/* Adds CA certificates (PEM, the terminating NUL counted in len; or DER) to t. Returns what
 * mbedtls_x509_crt_parse does: 0 when all were added, the number that could not be, or a negative
 * error when none was. */
s32 tls_add_certificates(tls_trust t, void *pem, u64 len)
{
    return mbedtls_x509_crt_parse(&t->chain, (const u8 *)pem, (size_t)len);
}

/* Makes the CA certificates of tls.ca_file (contents: its PEM text, the terminating NUL counted in
 * its length) t's PEM CAs, keeping contents, and says on the console how many were loaded; false,
 * with the reason on the console, when none could be used (contents is then freed). */
boolean tls_add_ca_file(heap h, tls_trust t, buffer path, buffer contents)
{
    const u8 *text = (const u8 *)(u8 *)buffer_ref(contents, 0);
    u32 found = pem_certificate_count(text);
    if (found == 0) {
        rprintf("tls: tls.ca_file %b: no PEM certificate in the file (no \"-----BEGIN "
                "CERTIFICATE-----\" line)\n",
                path);
        deallocate_buffer(contents);
        return false;
    }
    pem_cas cas = pem_cas_index(h, text, found);
    if (cas == 0 || cas->count == 0) {
        if (cas == 0) {
            rprintf("tls: tls.ca_file %b: out of memory to index its %u certificates\n", path,
                    found);
        } else {
            say_none_usable(h, path, found, cas->first_error);
            pem_cas_free(h, cas);
        }
        deallocate_buffer(contents);
        return false;
    }
    t->pem_text = contents;
    trust_pem_cas(t, cas);
    if (cas->unusable > 0) {
        rprintf("tls: tls.ca_file %b: %u CA certificates loaded, %u could not be used; the "
                "embedded bundle is not used\n",
                path, cas->count, cas->unusable);
    } else {
        rprintf("tls: tls.ca_file %b: %u CA certificates loaded; the embedded bundle is not used\n",
                path, cas->count);
    }
    return true;
}

static void say_none_usable(heap h, buffer path, u32 found, s32 error)
{
    buffer text = allocate_buffer(h, ERROR_TEXT_MAX);
    if (text == INVALID_ADDRESS) {
        rprintf("tls: tls.ca_file %b: none of its %u certificates could be used (mbedtls error "
                "%d)\n",
                path, found, error);
        return;
    }
    mbedtls_strerror(error, (char *)(u8 *)buffer_ref(text, 0), ERROR_TEXT_MAX);
    rprintf("tls: tls.ca_file %b: none of its %u certificates could be used (%s)\n", path, found,
            sstring_from_cstring((const char *)((u8 *)buffer_ref(text, 0)), ERROR_TEXT_MAX));
    deallocate_buffer(text);
}

/* Makes the CA bundle embedded at build time (PEM text in rodata, never copied) t's PEM CAs; false
 * when none of it could be used. */
boolean tls_add_embedded_bundle(heap h, tls_trust t)
{
    pem_cas cas = pem_cas_index(h, tls_ca_bundle, pem_certificate_count(tls_ca_bundle));
    if (cas == 0) {
        rprintf("tls: out of memory to index the embedded CA bundle\n");
        return false;
    }
    if (cas->count == 0) {
        rprintf("tls: the embedded CA bundle could not be parsed (mbedtls error %d)\n",
                cas->first_error);
        pem_cas_free(h, cas);
        return false;
    }
    /* Roots signed with algorithms our mbedtls leaves out are skipped; the rest serve. */
    if (cas->unusable > 0)
        rprintf("tls: %u certificates of the embedded CA bundle were skipped\n", cas->unusable);
    trust_pem_cas(t, cas);
    return true;
}
