/* generated from test/codegen/golden/bindingheaders/user.ts by klibc - do not edit */
#include <unix_internal.h>
#include <lwip.h>
#include "address.h"
#include "user.h"

#line 6 "test/codegen/golden/bindingheaders/user.ts"
u32 twice(void)
{
#line 7 "test/codegen/golden/bindingheaders/user.ts"
    return use_count() * 2;
}
