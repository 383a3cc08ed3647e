/* generated from test/codegen/golden/headerincludes/hooks.ts by klibc - do not edit */
#pragma once
#include "tally.h"

typedef struct hooks {
    u32 (*bump)(tally, u32);
} *hooks;

void install(hooks h);
u32 run(hooks h, tally t);
