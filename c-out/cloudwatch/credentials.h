/* generated from klib-src/cloudwatch/credentials.ts by klibc - do not edit */
#pragma once

/* Room for each value (AWS session tokens are about 1-2 KB today; the stock klib allowed 2048). */
#define ACCESS_KEY_CAP 128

#define SECRET_CAP 128
#define TOKEN_CAP 8192

typedef struct credentials {
    buffer access_key;
    buffer secret;
    buffer token;
    /* Unix seconds when they stop working; 0: unknown. */
    u64 expiration;
    boolean valid;
    /* Incremented at each renewal, so a failed request knows whether newer ones exist. */
    u32 generation;
    /* Monotonic time of the last renewal. */
    timestamp renewed_at;
} *credentials;

credentials credentials_new(heap h);
