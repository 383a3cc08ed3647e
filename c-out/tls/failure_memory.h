/* generated from klib-src/tls/failure_memory.ts by klibc - do not edit */
#pragma once

/* Kinds of failure (certificate and handshake failures carry mbedtls's flags or error code too). */
enum tls_failure {
    TLS_FAILURE_TIMED_OUT = 1,
    TLS_FAILURE_LOST_IN_HANDSHAKE,
    TLS_FAILURE_CONNECT_FAILED,
    TLS_FAILURE_CERTIFICATE_REJECTED,
    TLS_FAILURE_HANDSHAKE_FAILED,
};

boolean tls_failure_is_new(u8 *name, bytes max, u64 kind);
void tls_handshake_works(u8 *name, bytes max);
