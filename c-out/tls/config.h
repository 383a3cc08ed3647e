/* generated from klib-src/tls/config.ts by klibc - do not edit */
#pragma once

typedef struct tls_config {
    /* Whether server certificates are checked. */
    boolean verify;
    /* Seconds a handshake may take; 0: no limit. */
    u64 handshake_timeout;
    /* A PEM file of the image whose CAs replace the embedded bundle; null: the bundle. */
    buffer ca_file;
} *tls_config;

tls_config read_tls_config(heap h);
