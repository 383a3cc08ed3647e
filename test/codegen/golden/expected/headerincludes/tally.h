/* generated from test/codegen/golden/headerincludes/tally.ts by klibc - do not edit */
#pragma once

typedef struct tally {
    u32 count;
} *tally;
