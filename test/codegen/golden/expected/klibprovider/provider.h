/* generated from test/codegen/golden/klibprovider/provider.ts by klibc - do not edit */
#pragma once

/* A klib's interface to other klibs is its entry module (the one exporting init): the functions it
 * exports and re-exports, declared in its header with the klib's records known only by pointer. */

struct ticket;

/* Opens a ticket for another klib; null when out of memory. */
struct ticket *provider_open(heap h, u32 weight);

/* How many tickets were opened. */
u32 ticket_count(void);
