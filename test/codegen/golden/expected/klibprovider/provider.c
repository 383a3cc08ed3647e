/* generated from test/codegen/golden/klibprovider/provider.ts by klibc - do not edit */
#include <kernel.h>
#include "tickets.h"
#include "provider.h"

/* A klib's interface to other klibs is its entry module (the one exporting init): the functions it
 * exports and re-exports, declared in its header with the klib's records known only by pointer. */

/* Opens a ticket for another klib; null when out of memory. */
ticket provider_open(heap h, u32 weight)
{
    return ticket_open(h, weight);
}

s32 init(status_handler complete __attribute__((unused)))
{
    return KLIB_INIT_OK;
}
