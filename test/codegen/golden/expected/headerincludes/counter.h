/* generated from test/codegen/golden/headerincludes/counter.ts by klibc - do not edit */
#pragma once
#include "tally.h"

typedef struct pair {
    struct tally *left;
    struct tally *right;
} *pair;

u32 bump(tally t, u32 by);
u32 total(pair p);
