/* generated from klib-src/tls/session.ts by klibc - do not edit */
#pragma once
#include "trust_store.h"

/* Host names longer than DNS allows are refused. */
#define HOST_NAME_BYTES 254

s32 tls_start_session(heap h, tls_trust trusted, sstring host, ip_addr_t *addr, u16 port,
                      connection_handler ch, u64 handshake_timeout);
boolean tls_host_name_fits(sstring host);
