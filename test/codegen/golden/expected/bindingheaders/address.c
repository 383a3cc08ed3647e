/* generated from test/codegen/golden/bindingheaders/address.ts by klibc - do not edit */
#include <unix_internal.h>
#include <lwip.h>
#include "address.h"

/* A module whose exported prototypes name kernel types (ip_addr_t from <lwip.h>, fsfile from
 * <unix_internal.h>): the C files that include its header include those kernel headers first,
 * since a generated header may not include a Nanos header itself (they have no include guards). */

static struct bindingheaders_address {
    u32 uses;
} bindingheaders_address;

ip_addr_t *same_address(ip_addr_t *a)
{
    bindingheaders_address.uses++;
    return a;
}

u32 file_length(fsfile f)
{
    return (u32)fsfile_get_length(f);
}

u32 use_count(void)
{
    return bindingheaders_address.uses;
}
