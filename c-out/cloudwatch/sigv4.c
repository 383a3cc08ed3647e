/* generated from klib-src/cloudwatch/sigv4.ts by klibc - do not edit */
#include <kernel.h>
#include <mbedtls/md.h>
#include <mbedtls/sha256.h>
#include "../lib/hex.h"
#include "sigv4.h"

/* AWS Signature Version 4 (the Authorization header) for the JSON APIs the klib calls. Headers are
 * canonicalized as they are added (name lowercased, value trimmed, inner runs of spaces collapsed),
 * sorted by name when signing, and every one added is signed: callers add exactly the headers
 * they send (host, x-amz-date, x-amz-target, content-type, x-amz-security-token ...). */

#define SCRATCH_BYTES 160

sig_v4 sigv4_new(heap h)
{
    sig_v4 s = allocate(h, sizeof(struct sig_v4));
    if (s == INVALID_ADDRESS)
        return 0;
    s->h = h;
    s->headers = allocate_buffer(h, 4096);
    s->canonical = allocate_buffer(h, 4096);
    s->to_sign = allocate_buffer(h, 256);
    s->scratch = (u8 *)allocate(h, SCRATCH_BYTES);
    s->digest = s->scratch;
    s->key = (s->scratch + 32);
    s->hex = (s->scratch + 64);
    s->payload_hash = (s->scratch + 128);
    if (s->scratch == INVALID_ADDRESS || s->headers == INVALID_ADDRESS ||
        s->canonical == INVALID_ADDRESS || s->to_sign == INVALID_ADDRESS) {
        sigv4_free(s);
        return 0;
    }
    sigv4_begin(s);
    return s;
}

void sigv4_free(sig_v4 s)
{
    if (s->headers != INVALID_ADDRESS)
        deallocate_buffer(s->headers);
    if (s->canonical != INVALID_ADDRESS)
        deallocate_buffer(s->canonical);
    if (s->to_sign != INVALID_ADDRESS)
        deallocate_buffer(s->to_sign);
    if (s->scratch != INVALID_ADDRESS)
        deallocate(s->h, s->scratch, SCRATCH_BYTES);
    deallocate(s->h, s, sizeof(struct sig_v4));
}

/* Forgets the headers of the previous request. */
void sigv4_begin(sig_v4 s)
{
    buffer_clear(s->headers);
    s->count = 0;
    s->overflow = false;
}

static boolean is_space(u32 c)
{
    return c == ' ' || c == '\t';
}

/* Adds a header: `nameLength` bytes at `name`, `valueLength` bytes at `value`. */
void sigv4_header(sig_v4 s, u8 *name, bytes name_length, u8 *value, bytes value_length)
{
    if (s->count >= SIGV4_MAX_HEADERS) {
        s->overflow = true;
        return;
    }
    u32 i = s->count;
    s->start[i] = (u32)buffer_length(s->headers);
    for (bytes k = 0; k < name_length; k++) {
        u32 c = name[k];
        buffer_write_byte(s->headers, (u8)(c >= 'A' && c <= 'Z' ? c + 32 : c));
    }
    s->name_end[i] = (u32)buffer_length(s->headers);
    buffer_write_byte(s->headers, ':');
    bytes from = 0;
    bytes to = value_length;
    while (from < to && is_space(value[from]))
        from++;
    while (to > from && is_space(value[to - 1]))
        to--;
    boolean space = false;
    for (bytes k = from; k < to; k++) {
        u32 c = value[k];
        if (is_space(c)) {
            space = true;
            continue;
        }
        if (space)
            buffer_write_byte(s->headers, ' ');
        space = false;
        buffer_write_byte(s->headers, (u8)c);
    }
    s->end[i] = (u32)buffer_length(s->headers);
    s->count++;
}

/* sigv4Header with a literal name and value. */
void sigv4_header_text(sig_v4 s, sstring name, sstring value)
{
    sigv4_header(s, (u8 *)(name).ptr, (name).len, (u8 *)(value).ptr, (value).len);
}

/* sigv4Header with a literal name and a buffer's contents as the value. */
void sigv4_header_buffer(sig_v4 s, sstring name, buffer value)
{
    sigv4_header(s, (u8 *)(name).ptr, (name).len, (u8 *)buffer_ref(value, 0), buffer_length(value));
}

/* Compares the names of headers a and b bytewise; negative, 0 or positive. */
static s32 compare_names(sig_v4 s, u32 a, u32 b)
{
    u8 *p = (u8 *)buffer_ref(s->headers, 0);
    bytes i = s->start[a];
    bytes j = s->start[b];
    bytes ie = s->name_end[a];
    bytes je = s->name_end[b];
    while (i < ie && j < je) {
        s32 d = (s32)p[i] - (s32)p[j];
        if (d != 0)
            return d;
        i++;
        j++;
    }
    return (s32)(ie - i) - (s32)(je - j);
}

static void sort_headers(sig_v4 s)
{
    for (u32 i = 0; i < s->count; i++) {
        u32 k = i;
        u32 x = i;
        while (k > 0 && compare_names(s, s->order[k - 1], x) > 0) {
            s->order[k] = s->order[k - 1];
            k--;
        }
        s->order[k] = x;
    }
}

static void write_signed_headers(sig_v4 s, buffer b)
{
    u8 *p = (u8 *)buffer_ref(s->headers, 0);
    for (u32 i = 0; i < s->count; i++) {
        u32 k = s->order[i];
        if (i > 0)
            buffer_write_byte(b, ';');
        buffer_write(b, p + s->start[k], s->name_end[k] - s->start[k]);
    }
}

/* Appends the lowercase hex of the 32 bytes in s.digest. */
static void write_digest_hex(sig_v4 s, buffer b)
{
    hex_encode(s->digest, 0, 32, s->hex);
    buffer_write(b, s->hex + 0, 64);
}

static boolean hash_into(sig_v4 s, u8 *data, bytes length)
{
    return mbedtls_sha256_ret(data, length, s->digest, 0) == 0;
}

/* s.key = HMAC(s.key (32 bytes), data); through s.digest, so that no call writes what it reads. */
static boolean chain(sig_v4 s, u8 *data, bytes length)
{
    if (mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), s->key, 32, data, length,
                        s->digest) != 0)
        return false;
    runtime_memcpy(s->key, s->digest, 32);
    return true;
}

/* Writes the Authorization value for a request into `out` (emptied first): `method` and `path`
 * (already URI-encoded; query empty), the payload, `date` the 16-byte x-amz-date value (which the
 * caller also added as a header). False when a header did not fit or hashing failed. */
boolean sigv4_sign(sig_v4 s, sstring method, sstring path, u8 *payload, bytes payload_length,
                   u8 *date, buffer region, sstring service, buffer access_key, buffer secret,
                   buffer out)
{
    if (mbedtls_sha256_ret(payload, payload_length, s->payload_hash, 0) != 0)
        return false;
    return sigv4_sign_hashed(s, method, path, date, region, service, access_key, secret, out);
}

/* The 32 bytes where sigv4SignHashed reads the payload's SHA-256 (the caller hashed it in
 * parts). */
u8 *sigv4_payload_hash(sig_v4 s)
{
    return s->payload_hash;
}

/* sigv4Sign for a payload whose SHA-256 the caller has put at sigv4PayloadHash(s). */
boolean sigv4_sign_hashed(sig_v4 s, sstring method, sstring path, u8 *date, buffer region,
                          sstring service, buffer access_key, buffer secret, buffer out)
{
    if (s->overflow)
        return false;
    sort_headers(s);
    buffer c = s->canonical;
    buffer_clear(c);
    buffer_write_sstring(c, method);
    buffer_write_byte(c, '\n');
    buffer_write_sstring(c, path);
    buffer_write_cstring(c, "\n\n");
    u8 *p = (u8 *)buffer_ref(s->headers, 0);
    for (u32 i = 0; i < s->count; i++) {
        u32 k = s->order[i];
        buffer_write(c, p + s->start[k], s->end[k] - s->start[k]);
        buffer_write_byte(c, '\n');
    }
    buffer_write_byte(c, '\n');
    write_signed_headers(s, c);
    buffer_write_byte(c, '\n');
    hex_encode(s->payload_hash, 0, 32, s->hex);
    buffer_write(c, s->hex + 0, 64);
    /* The scope: date/region/service/aws4_request */
    buffer t = s->to_sign;
    buffer_clear(t);
    buffer_write_cstring(t, "AWS4-HMAC-SHA256\n");
    buffer_write(t, date + 0, SIGV4_DATE_LENGTH);
    buffer_write_byte(t, '\n');
    bytes scope_start = buffer_length(t);
    buffer_write(t, date + 0, 8);
    buffer_write_byte(t, '/');
    buffer_write(t, ((u8 *)buffer_ref(region, 0)) + 0, buffer_length(region));
    buffer_write_byte(t, '/');
    buffer_write_sstring(t, service);
    buffer_write_cstring(t, "/aws4_request");
    bytes scope_end = buffer_length(t);
    buffer_write_byte(t, '\n');
    if (!hash_into(s, (u8 *)buffer_ref(c, 0), buffer_length(c)))
        return false;
    write_digest_hex(s, t);
    /* The signing key: HMAC chained over date, region, service, "aws4_request", keyed "AWS4" +
     * secret. */
    buffer_clear(c);
    buffer_write_cstring(c, "AWS4");
    buffer_write(c, ((u8 *)buffer_ref(secret, 0)) + 0, buffer_length(secret));
    if (mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), (u8 *)buffer_ref(c, 0),
                        buffer_length(c), date, 8, s->digest) != 0)
        return false;
    runtime_memcpy(s->key, s->digest, 32);
    buffer_clear(c);
    if (!chain(s, (u8 *)buffer_ref(region, 0), buffer_length(region)))
        return false;
    if (!chain(s, (u8 *)(service).ptr, (service).len))
        return false;
    buffer_write_cstring(c, "aws4_request");
    if (!chain(s, (u8 *)buffer_ref(c, 0), buffer_length(c)))
        return false;
    if (mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), s->key, 32,
                        (u8 *)buffer_ref(t, 0), buffer_length(t), s->digest) != 0)
        return false;
    buffer_clear(out);
    buffer_write_cstring(out, "AWS4-HMAC-SHA256 Credential=");
    buffer_write(out, ((u8 *)buffer_ref(access_key, 0)) + 0, buffer_length(access_key));
    buffer_write_byte(out, '/');
    buffer_write(out, ((u8 *)buffer_ref(t, 0)) + scope_start, scope_end - scope_start);
    buffer_write_cstring(out, ", SignedHeaders=");
    write_signed_headers(s, out);
    buffer_write_cstring(out, ", Signature=");
    write_digest_hex(s, out);
    return true;
}
