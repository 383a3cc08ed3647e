/* generated from test/codegen/golden/state/state.ts by klibc - do not edit */
#include <kernel.h>
#include "state.h"

/* Module state: top-level lets become one static struct named after the klib, zeroed or
 * initialized with constants; constants become #defines. */

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

boolean record(void)
{
    if (!state.enabled || state.count >= state.limit) {
        state.dropped++;
        return false;
    }
    state.count++;
    return state.count < HALF;
}

void reset(void)
{
    state.count = 0;
    state.enabled = state.h != 0;
}
