/* generated from klib-src/syslog/hostname.ts by klibc - do not edit */
#pragma once

boolean hostname_init(heap h, buffer configured);
buffer hostname(void);
buffer hostname_or_nil(void);
