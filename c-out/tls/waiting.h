/* generated from klib-src/tls/waiting.ts by klibc - do not edit */
#pragma once
#include "trust_store.h"

typedef struct waiting {
    struct waiting *next;
    /* NUL-terminated; empty for tls_connect, which connects by address only */
    buffer host;
    struct ip_addr addr;
    u16 port;
    connection_handler ch;
} *waiting;

s32 tls_wait(heap h, sstring host, ip_addr_t *addr, u16 port, connection_handler ch);
waiting tls_waiting_take(void);
void tls_waiting_release(heap h, waiting taken, tls_trust trusted, u64 handshake_timeout);
void tls_refuse_untrusted(heap h, sstring host, ip_addr_t *addr);
