/* generated from test/codegen/golden/modules/util.ts by klibc - do not edit */
#pragma once

#define MAX_COUNT 100

typedef struct counter {
    u32 value;
} *counter;

void bump(counter c, u32 limit);
