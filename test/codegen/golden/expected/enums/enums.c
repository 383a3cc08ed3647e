/* generated from test/codegen/golden/enums/enums.ts by klibc - do not edit */
#include <kernel.h>
#include "enums.h"

/* const enum becomes a C enum; binding enums use the kernel's names. */

u32 default_port(enum protocol p)
{
    switch (p) {
    case PROTOCOL_UDP:
    case PROTOCOL_TCP:
        return 514;
    case PROTOCOL_TLS:
        return 6514;
    }
    return 0;
}

boolean is_error(enum severity s)
{
    return s >= SEVERITY_ERROR;
}

timestamp wall_clock(void)
{
    return kern_now(CLOCK_ID_REALTIME);
}
