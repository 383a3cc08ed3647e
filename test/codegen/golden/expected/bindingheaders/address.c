/* generated from test/codegen/golden/bindingheaders/address.ts by klibc - do not edit */
#include <unix_internal.h>
#include <lwip.h>
#include "address.h"

static struct bindingheaders_address {
    u32 uses;
} bindingheaders_address;

#line 9 "test/codegen/golden/bindingheaders/address.ts"
ip_addr_t *same_address(ip_addr_t *a)
{
#line 10 "test/codegen/golden/bindingheaders/address.ts"
    bindingheaders_address.uses++;
    return a;
}

#line 14 "test/codegen/golden/bindingheaders/address.ts"
u32 file_length(fsfile f)
{
#line 15 "test/codegen/golden/bindingheaders/address.ts"
    return (u32)fsfile_get_length(f);
}

#line 18 "test/codegen/golden/bindingheaders/address.ts"
u32 use_count(void)
{
#line 19 "test/codegen/golden/bindingheaders/address.ts"
    return bindingheaders_address.uses;
}
