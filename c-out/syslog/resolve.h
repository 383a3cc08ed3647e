/* generated from klib-src/syslog/resolve.ts by klibc - do not edit */
#pragma once

void resolve_init(buffer server);
ip_addr_t *server_address(void);
boolean server_known(void);
void resolve_stale(void);
void resolve_if_due(void);
