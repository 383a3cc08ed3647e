/* generated from test/codegen/golden/klibprovider/tickets.ts by klibc - do not edit */
#include <kernel.h>
#include "tickets.h"

/* The provider klib's own records and state; other klibs see a Ticket only by pointer. */

static struct klibprovider_tickets {
    u32 opened;
} klibprovider_tickets;

ticket ticket_open(heap h, u32 weight)
{
    ticket t = allocate(h, sizeof(struct ticket));
    if (t == INVALID_ADDRESS)
        return 0;
    t->weight = weight;
    t->next = 0;
    klibprovider_tickets.opened++;
    return t;
}

/* How many tickets were opened. */
u32 ticket_count(void)
{
    return klibprovider_tickets.opened;
}
