/* generated from test/codegen/golden/enums/enums.ts by klibc - do not edit */
#include <kernel.h>
#include "enums.h"

#line 14 "test/codegen/golden/enums/enums.ts"
u32 default_port(enum protocol p)
{
#line 15 "test/codegen/golden/enums/enums.ts"
    switch (p) {
    case PROTOCOL_UDP:
    case PROTOCOL_TCP:
        return 514;
    case PROTOCOL_TLS:
        return 6514;
    }
    return 0;
}

#line 25 "test/codegen/golden/enums/enums.ts"
boolean is_error(enum severity s)
{
#line 26 "test/codegen/golden/enums/enums.ts"
    return s >= SEVERITY_ERROR;
}

#line 29 "test/codegen/golden/enums/enums.ts"
timestamp wall_clock(void)
{
#line 30 "test/codegen/golden/enums/enums.ts"
    return kern_now(CLOCK_ID_REALTIME);
}
