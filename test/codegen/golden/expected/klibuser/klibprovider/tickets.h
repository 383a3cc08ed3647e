/* generated from test/codegen/golden/klibprovider/tickets.ts by klibc - do not edit */
#pragma once

typedef struct ticket {
    u32 weight;
    struct ticket *next;
} *ticket;

ticket ticket_open(heap h, u32 weight);
u32 ticket_count(void);
