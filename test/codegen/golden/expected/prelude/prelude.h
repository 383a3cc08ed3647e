/* generated from test/codegen/golden/prelude/prelude.ts by klibc - do not edit */
#pragma once

typedef struct counter {
    u32 hits[4];
    u64 total;
} *counter;

bytes counter_size(void);
void bump(counter c, u32 slot);
thunk bumper(heap h, counter c);
