/* generated from klib-src/cloudwatch/sigv4.ts by klibc - do not edit */
#pragma once

/* The most headers one request signs. */
#define SIGV4_MAX_HEADERS 12

/* Length of the x-amz-date value, 20261125T090735Z. */
#define SIGV4_DATE_LENGTH 16

typedef struct sig_v4 {
    heap h;
    /* The canonical header lines ("name:value"), in the order added, back to back. */
    buffer headers;
    u32 start[12];
    u32 name_end[12];
    u32 end[12];
    u32 order[12];
    u32 count;
    boolean overflow;
    buffer canonical;
    buffer to_sign;
    /* 32 bytes: a hash or HMAC result. */
    u8 *digest;
    /* 32 bytes: the signing key being derived. */
    u8 *key;
    /* 64 bytes: the hex of a digest. */
    u8 *hex;
    /* 32 bytes: the payload's SHA-256 (sigv4Sign computes it; sigv4SignHashed is given it here). */
    u8 *payload_hash;
    u8 *scratch;
} *sig_v4;

sig_v4 sigv4_new(heap h);
void sigv4_free(sig_v4 s);
void sigv4_begin(sig_v4 s);
void sigv4_header(sig_v4 s, u8 *name, bytes name_length, u8 *value, bytes value_length);
void sigv4_header_text(sig_v4 s, sstring name, sstring value);
void sigv4_header_buffer(sig_v4 s, sstring name, buffer value);
boolean sigv4_sign(sig_v4 s, sstring method, sstring path, u8 *payload, bytes payload_length,
                   u8 *date, buffer region, sstring service, buffer access_key, buffer secret,
                   buffer out);
u8 *sigv4_payload_hash(sig_v4 s);
boolean sigv4_sign_hashed(sig_v4 s, sstring method, sstring path, u8 *date, buffer region,
                          sstring service, buffer access_key, buffer secret, buffer out);
