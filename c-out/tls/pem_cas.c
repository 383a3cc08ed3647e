/* generated from klib-src/tls/pem_cas.ts by klibc - do not edit */
#include <kernel.h>
#include <mbedtls/pem.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/x509.h>
#include "libc.h"
#include "platform.h"
#include "pem_cas.h"

#define PEM_BEGIN_BYTES 27
#define INDEX_WORDS 2
#define INDEX_ENTRY_BYTES 8
#define FNV_OFFSET_BASIS 0x811c9dc5
#define FNV_PRIME 16777619

static const u8 *next_block(const u8 *from);
static s32 parse_block(mbedtls_x509_crt *chain, const u8 *block);

#line 47 "klib-src/tls/pem_cas.ts"
u32 pem_certificate_count(const u8 *text)
{
#line 48 "klib-src/tls/pem_cas.ts"
    u32 count = 0;
    const u8 *at = next_block(text);
    while (at != 0) {
        count++;
        at = next_block((const u8 *)((u8 *)at + PEM_BEGIN_BYTES));
    }
    return count;
}

#line 57 "klib-src/tls/pem_cas.ts"
static const u8 *next_block(const u8 *from)
{
#line 58 "klib-src/tls/pem_cas.ts"
    char *found = strstr((const char *)from, (const char *)((u8 *)("-----BEGIN CERTIFICATE-----")));
    if (found == 0)
#line 59 "klib-src/tls/pem_cas.ts"
        return 0;
    return (const u8 *)(found);
}

#line 64 "klib-src/tls/pem_cas.ts"
static u32 name_hash(const u8 *name, size_t length)
{
#line 65 "klib-src/tls/pem_cas.ts"
    u32 hash = FNV_OFFSET_BASIS;
    for (size_t i = 0; i < length; i++) {
        hash = (hash ^ name[i]) * FNV_PRIME;
    }
    return hash;
}

#line 78 "klib-src/tls/pem_cas.ts"
pem_cas pem_cas_index(heap h, const u8 *text, u32 blocks)
{
#line 79 "klib-src/tls/pem_cas.ts"
    pem_cas cas = allocate(h, sizeof(struct pem_cas));
    if (cas == INVALID_ADDRESS)
#line 80 "klib-src/tls/pem_cas.ts"
        return 0;
    cas->text = text;
    cas->count = 0;
    cas->unusable = 0;
    cas->first_error = 0;
    cas->index_bytes = (blocks > 0 ? blocks : 1) * INDEX_ENTRY_BYTES;
    u8 *index = ((u8 *)allocate(h, cas->index_bytes));
    if (index == INVALID_ADDRESS) {
        deallocate(h, cas, sizeof(struct pem_cas));
        return 0;
    }
    cas->index = (u32 *)index;
#line 93 "klib-src/tls/pem_cas.ts"
    void *crt = mbedtls_klib_calloc(1, sizeof(struct mbedtls_x509_crt));
    if (crt == 0) {
        pem_cas_free(h, cas);
        return 0;
    }
    mbedtls_x509_crt *parsed = (mbedtls_x509_crt *)(crt);
    const u8 *at = next_block(text);
    while (at != 0 && cas->count + cas->unusable < blocks) {
        mbedtls_x509_crt_init(parsed);
        s32 r = parse_block(parsed, at);
        if (r == 0) {
            cas->index[cas->count * INDEX_WORDS] = (u32)(((u64)at) - ((u64)text));
            cas->index[cas->count * INDEX_WORDS + 1] = name_hash(((const u8 *)(parsed)->subject_raw.p),
                                                                 (parsed)->subject_raw.len);
#line 106 "klib-src/tls/pem_cas.ts"
            cas->count++;
        } else if (r != MBEDTLS_ERR_PEM_NO_HEADER_FOOTER_PRESENT) {
#line 109 "klib-src/tls/pem_cas.ts"
            if (cas->unusable == 0)
#line 109 "klib-src/tls/pem_cas.ts"
                cas->first_error = r;
            cas->unusable++;
        }
        mbedtls_x509_crt_free(parsed);
        at = next_block((const u8 *)((u8 *)at + PEM_BEGIN_BYTES));
    }
    mbedtls_klib_free(crt);
    if (cas->first_error == 0)
#line 116 "klib-src/tls/pem_cas.ts"
        cas->first_error = MBEDTLS_ERR_X509_CERT_UNKNOWN_FORMAT;
    return cas;
}

#line 122 "klib-src/tls/pem_cas.ts"
static s32 parse_block(mbedtls_x509_crt *chain, const u8 *block)
{
#line 123 "klib-src/tls/pem_cas.ts"
    struct mbedtls_pem_context pem = {};
    mbedtls_pem_init(&pem);
    s32 r = mbedtls_pem_read_buffer(&pem, "-----BEGIN CERTIFICATE-----",
                                    "-----END CERTIFICATE-----", block, 0, 0, &(size_t){0});
#line 126 "klib-src/tls/pem_cas.ts"
    if (r == 0)
#line 126 "klib-src/tls/pem_cas.ts"
        r = mbedtls_x509_crt_parse_der(chain, ((const u8 *)(&pem)->buf), (&pem)->buflen);
    mbedtls_pem_free(&pem);
    return r;
}

#line 136 "klib-src/tls/pem_cas.ts"
s32 pem_cas_add_issuers_of(pem_cas cas, const mbedtls_x509_crt *child, mbedtls_x509_crt *list)
{
#line 137 "klib-src/tls/pem_cas.ts"
    u32 wanted = name_hash(((const u8 *)(child)->issuer_raw.p), (child)->issuer_raw.len);
    s32 failed = 0;
    for (u32 i = 0; i < cas->count; i++) {
        if (cas->index[i * INDEX_WORDS + 1] != wanted)
#line 140 "klib-src/tls/pem_cas.ts"
            continue;
        s32 r = parse_block(list, (const u8 *)((u8 *)cas->text + cas->index[i * INDEX_WORDS]));
        if (r != 0)
#line 142 "klib-src/tls/pem_cas.ts"
            failed = r;
    }
    return failed;
}

#line 147 "klib-src/tls/pem_cas.ts"
void pem_cas_free(heap h, pem_cas cas)
{
#line 148 "klib-src/tls/pem_cas.ts"
    deallocate(h, (u8 *)cas->index, cas->index_bytes);
    deallocate(h, cas, sizeof(struct pem_cas));
}
