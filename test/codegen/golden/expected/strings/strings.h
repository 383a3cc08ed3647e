/* generated from test/codegen/golden/strings/strings.ts by klibc - do not edit */
#pragma once

void report(buffer b, u64 lines, bytes size, u32 code, s64 delta, sstring name);
u8 first_byte(const char *s);
const char *greeting(void);
