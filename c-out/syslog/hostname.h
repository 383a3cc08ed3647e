/* generated from klib-src/syslog/hostname.ts by klibc - do not edit */
#pragma once

/* The HOSTNAME field: allocated at init, used by the network path only (network.ts's guard). */
typedef struct hostname_field {
    buffer host;
    /* "-", for hostnameOrNil. */
    buffer nil;
    boolean ready;
    timestamp since;
} *hostname_field;

hostname_field hostname_new(heap h, buffer configured);
buffer hostname(hostname_field f);
boolean network_has_address(void);
buffer hostname_or_nil(hostname_field f);
