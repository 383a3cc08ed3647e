/* generated from test/codegen/golden/integers/integers.ts by klibc - do not edit */
#pragma once

u16 low16(u64 x);
u32 rotate_left32(u32 x, u32 n);
s64 average(s64 a, s64 b);
s32 remainder(s32 a, s32 b);
boolean is_all_ones(u64 x);
u8 low_byte(u32 x);
