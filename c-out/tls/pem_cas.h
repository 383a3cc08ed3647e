/* generated from klib-src/tls/pem_cas.ts by klibc - do not edit */
#pragma once

typedef struct pem_cas {
    /* The NUL-terminated PEM text; kept alive by whoever built the index. */
    const u8 *text;
    /* Per usable certificate i: index[2i] is the offset of its "-----BEGIN CERTIFICATE-----" in
     * text, index[2i + 1] the hash of its DER subject. */
    u32 *index;
    bytes index_bytes;
    u32 count;
    /* Blocks that could not be decoded or parsed (not in the index), and the first one's mbedtls
     * error (X509_CERT_UNKNOWN_FORMAT when there was none to report). */
    u32 unusable;
    s32 first_error;
} *pem_cas;

u32 pem_certificate_count(const u8 *text);
pem_cas pem_cas_index(heap h, const u8 *text, u32 blocks);
s32 pem_cas_add_issuers_of(pem_cas cas, const mbedtls_x509_crt *child, mbedtls_x509_crt *list);
void pem_cas_free(heap h, pem_cas cas);
