/* generated from test/codegen/golden/libshared/text.ts by klibc - do not edit */
#pragma once

typedef struct span {
    u32 start;
    u32 length;
} *span;

u32 count_byte(u8 *p, bytes n, u32 b);
