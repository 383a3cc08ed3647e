/* generated from test/codegen/golden/libuser/libuser.ts by klibc - do not edit */
#pragma once
#include "../libshared/text.h"

void measure(span s, u8 *p);
s32 init(status_handler complete);
