/* generated from test/codegen/golden/bindingheaders/user.ts by klibc - do not edit */
#include <unix_internal.h>
#include <lwip.h>
#include "address.h"
#include "user.h"

/* Uses only useCount() of address.ts, yet includes <lwip.h> and, in place of <kernel.h> (which it
 * includes itself), <unix_internal.h>: the header "address.h" needs them (`@include H instead of
 * K`). */

u32 twice(void)
{
    return use_count() * 2;
}
