/* generated from klib-src/syslog/resolve.ts by klibc - do not edit */
#pragma once

boolean resolve_init(heap h, buffer server, u64 refresh);
u32 resolve_copy_address(ip_addr_t *dst);
u32 resolve_generation(void);
boolean server_known(void);
boolean resolve_in_flight(void);
void resolve_stale(void);
void resolve_hurry(void);
void resolve_if_due(void);
