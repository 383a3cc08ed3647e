/* generated from test/codegen/golden/state/state.ts by klibc - do not edit */
#include <kernel.h>
#include "state.h"

#define LIMIT 8192
#define HALF (LIMIT >> 1)

static struct state {
    heap h;
    u32 count;
    u32 limit;
    u64 dropped;
    boolean enabled;
    struct timer flush;
} state = {
    .limit = LIMIT,
    .enabled = true,
};

#line 16 "test/codegen/golden/state/state.ts"
boolean record(void)
{
#line 17 "test/codegen/golden/state/state.ts"
    if (!state.enabled || state.count >= state.limit) {
        state.dropped++;
        return false;
    }
    state.count++;
    return state.count < HALF;
}

#line 25 "test/codegen/golden/state/state.ts"
void reset(void)
{
#line 26 "test/codegen/golden/state/state.ts"
    state.count = 0;
    state.enabled = state.h != 0;
}
