/* generated from test/codegen/golden/control/control.ts by klibc - do not edit */
#pragma once

u32 digits(u64 n);
u64 sum_odd(u32 limit);
s32 classify(u32 c);
