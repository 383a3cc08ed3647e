/* generated from klib-src/syslog/hostname.ts by klibc - do not edit */
#pragma once

boolean hostname_init(heap h, buffer configured);
buffer hostname(void);
boolean network_has_address(void);
buffer hostname_or_nil(void);
