/* generated from klib-src/tls/pem_cas.ts by klibc - do not edit */
#include <kernel.h>
#include <mbedtls/pem.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/x509.h>
#include "libc.h"
#include "platform.h"
#include "pem_cas.h"

/* CA certificates kept as PEM text and parsed only when a chain needs them. Parsed, Debian's bundle
 * of some 144 roots takes about 406 KiB of kernel heap for as long as the klib runs; as text (in
 * rodata for the embedded bundle, the file's buffer for tls.ca_file) it costs an index of 8 bytes
 * per certificate. mbedtls asks for the trusted CAs that may have issued each certificate of the
 * peer's chain (trust_store.ts, the CA callback); the index finds the blocks whose DER subject
 * hashes like the certificate's issuer, and only those are decoded and parsed, into a list mbedtls
 * frees after that step. A hash collision only adds a candidate: mbedtls still compares the names
 * and checks the signature.
 *
 * Read-only once built: the callback runs on several CPUs at once for different sessions, so all
 * its scratch is per call (its PEM context on the stack, decoded and parsed bytes on the heap). */

#define PEM_BEGIN_BYTES 27

/* Each usable certificate takes two words of the index: where its block starts, its subject's
 * hash. */
#define INDEX_WORDS 2

#define INDEX_ENTRY_BYTES 8

/* FNV-1a, 32 bits: short, and spreads DER names (which share long prefixes) well enough. */
#define FNV_OFFSET_BASIS 0x811c9dc5

#define FNV_PRIME 16777619

static const u8 *next_block(const u8 *from);
static s32 parse_block(mbedtls_x509_crt *chain, const u8 *block);

/* The "-----BEGIN CERTIFICATE-----" lines of a NUL-terminated text. */
u32 pem_certificate_count(const u8 *text)
{
    u32 count = 0;
    const u8 *at = next_block(text);
    while (at != 0) {
        count++;
        at = next_block((const u8 *)((u8 *)at + PEM_BEGIN_BYTES));
    }
    return count;
}

static const u8 *next_block(const u8 *from)
{
    char *found = strstr((const char *)from, (const char *)(u8 *)("-----BEGIN CERTIFICATE-----"));
    if (found == 0)
        return 0;
    return (const u8 *)found;
}

/* A 32-bit FNV-1a hash of a DER name. */
static u32 name_hash(const u8 *name, size_t length)
{
    u32 hash = FNV_OFFSET_BASIS;
    for (size_t i = 0; i < length; i++) {
        hash = (hash ^ name[i]) * FNV_PRIME;
    }
    return hash;
}

/* Indexes the certificates of a NUL-terminated PEM text holding `blocks` BEGIN lines
 * (pemCertificateCount): each block is decoded and parsed once, its subject hashed, and the parsed
 * certificate freed. Returns null when out of memory; otherwise count says how many can be offered
 * (possibly none), unusable how many could not be decoded or parsed. The text must outlive the
 * index. */
pem_cas pem_cas_index(heap h, const u8 *text, u32 blocks)
{
    pem_cas cas = allocate(h, sizeof(struct pem_cas));
    if (cas == INVALID_ADDRESS)
        return 0;
    cas->text = text;
    cas->count = 0;
    cas->unusable = 0;
    cas->first_error = 0;
    cas->index_bytes = (blocks > 0 ? blocks : 1) * INDEX_ENTRY_BYTES;
    u8 *index = (u8 *)allocate(h, cas->index_bytes);
    if (index == INVALID_ADDRESS) {
        deallocate(h, cas, sizeof(struct pem_cas));
        return 0;
    }
    cas->index = (u32 *)index;
    /* One certificate parsed at a time, into a head from the heap (it is large for a kernel
     * stack). */
    void *crt = mbedtls_klib_calloc(1, sizeof(struct mbedtls_x509_crt));
    if (crt == 0) {
        pem_cas_free(h, cas);
        return 0;
    }
    mbedtls_x509_crt *parsed = (mbedtls_x509_crt *)crt;
    const u8 *at = next_block(text);
    while (at != 0 && cas->count + cas->unusable < blocks) {
        mbedtls_x509_crt_init(parsed);
        s32 r = parse_block(parsed, at);
        if (r == 0) {
            cas->index[cas->count * INDEX_WORDS] = (u32)((u64)at - (u64)text);
            cas->index[cas->count * INDEX_WORDS +
                       1] = name_hash((const u8 *)(parsed)->subject_raw.p,
                                      (parsed)->subject_raw.len);
            cas->count++;
        } else if (r != MBEDTLS_ERR_PEM_NO_HEADER_FOOTER_PRESENT) {
            /* A block without its END line is not counted, as mbedtls_x509_crt_parse does not. */
            if (cas->unusable == 0)
                cas->first_error = r;
            cas->unusable++;
        }
        mbedtls_x509_crt_free(parsed);
        at = next_block((const u8 *)((u8 *)at + PEM_BEGIN_BYTES));
    }
    mbedtls_klib_free(crt);
    if (cas->first_error == 0)
        cas->first_error = MBEDTLS_ERR_X509_CERT_UNKNOWN_FORMAT;
    return cas;
}

/* Decodes the PEM block starting at block and adds its certificate to chain: 0, or the mbedtls
 * error of the decoding or of the parsing. */
static s32 parse_block(mbedtls_x509_crt *chain, const u8 *block)
{
    struct mbedtls_pem_context pem = {};
    mbedtls_pem_init(&pem);
    s32 r = mbedtls_pem_read_buffer(&pem, "-----BEGIN CERTIFICATE-----",
                                    "-----END CERTIFICATE-----", block, 0, 0, &(size_t){0});
    if (r == 0)
        r = mbedtls_x509_crt_parse_der(chain, (const u8 *)(&pem)->buf, (&pem)->buflen);
    mbedtls_pem_free(&pem);
    return r;
}

/* Adds to list (an initialized chain, possibly empty) the indexed certificates whose subject hashes
 * like child's issuer. Returns 0, or the mbedtls error of a block that could not be added (out of
 * memory: each was parsed once already). */
s32 pem_cas_add_issuers_of(pem_cas cas, const mbedtls_x509_crt *child, mbedtls_x509_crt *list)
{
    u32 wanted = name_hash((const u8 *)(child)->issuer_raw.p, (child)->issuer_raw.len);
    s32 failed = 0;
    for (u32 i = 0; i < cas->count; i++) {
        if (cas->index[i * INDEX_WORDS + 1] != wanted)
            continue;
        s32 r = parse_block(list, (const u8 *)((u8 *)cas->text + cas->index[i * INDEX_WORDS]));
        if (r != 0)
            failed = r;
    }
    return failed;
}

void pem_cas_free(heap h, pem_cas cas)
{
    deallocate(h, (u8 *)cas->index, cas->index_bytes);
    deallocate(h, cas, sizeof(struct pem_cas));
}
