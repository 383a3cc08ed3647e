/* generated from test/codegen/golden/klibuser/user.ts by klibc - do not edit */
#include <kernel.h>
#include "../klibprovider/provider.h"

/* Another klib calls the provider klib through its interface (its C includes
 * "../klibprovider/provider.h"); the provider's C is not linked into this klib: the kernel
 * resolves its functions when both klibs are loaded. */

struct ticket;

static struct klibuser {
    struct ticket *held;
} klibuser;

s32 init(status_handler complete __attribute__((unused)))
{
    klibuser.held = provider_open(heap_locked(get_kernel_heaps()), 3);
    if (klibuser.held != 0)
        rprintf("user: %u tickets\n", ticket_count());
    return KLIB_INIT_OK;
}
