/* generated from klib-src/cloudwatch/credentials.ts by klibc - do not edit */
#pragma once

#define ACCESS_KEY_CAP 128
#define SECRET_CAP 128
#define TOKEN_CAP 8192

typedef struct credentials {
    buffer access_key;
    buffer secret;
    buffer token;
    u64 expiration;
    boolean valid;
    u32 generation;
    timestamp renewed_at;
} *credentials;

credentials credentials_new(heap h);
