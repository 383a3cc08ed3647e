/* generated from test/codegen/golden/linedirectives/linedirectives.ts by klibc - do not edit */
#pragma once

u32 clamp(u32 x, u32 limit);
u32 sum(u32 n);
