/* generated from klib-src/tls/tls_klib.ts by klibc - do not edit */
#pragma once
#include "trust_store.h"

s32 init(status_handler complete);
s32 tls_connect(ip_addr_t *addr, u16 port, connection_handler ch);
s32 tls_connect_host(sstring host, ip_addr_t *addr, u16 port, connection_handler ch);
s32 tls_set_cacert(void *pem, u64 len);
tls_trust tls_trust_create(void *pem, u64 len);
s32 tls_connect_trusting(tls_trust trusted, sstring host, ip_addr_t *addr, u16 port, connection_handler ch);
