/* generated from klib-src/lib/ascii.ts by klibc - do not edit */
#pragma once

boolean is_digit(u32 c);
u32 lower_case(u32 c);
s32 hex_digit_value(u32 c);
u32 hex_digit(u32 v);
u32 hex_digit_upper(u32 v);
boolean equals_ignoring_case(u8 *p, bytes off, bytes n, const char *text, bytes text_length);
boolean equals_text(u8 *p, bytes off, bytes n, const char *text, bytes text_length);
boolean is_token_char(u32 c);
bytes put_decimal(u8 *dst, bytes off, u32 value, u32 width);
