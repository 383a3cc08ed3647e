/* generated from klib-src/lib/config_forms.ts by klibc - do not edit */
#pragma once

/* What the parsers answer for text that is not a value they accept; every value they accept is
 * below it. */
#define NOT_A_NUMBER 1000000000000000

u64 decimal_value(u8 *p, bytes from, bytes to);
u64 size_value(u8 *p, bytes from, bytes to);
u64 duration_value(u8 *p, bytes from, bytes to, u64 bare_ms);
bytes range_dots(u8 *p, bytes n);
bytes next_word(u8 *p, bytes n, bytes at);
bytes word_end(u8 *p, bytes n, bytes at);
u64 word_index(u8 *list, bytes n, u8 *v, bytes from, bytes to);
u64 word_count(u8 *list, bytes n);
boolean is_control(u32 c);
boolean in_class(u8 *cls, bytes from, bytes to, u32 c);
boolean is_host(u8 *p, bytes from, bytes to);
boolean is_endpoint(u8 *p, bytes n);
boolean is_pem(u8 *p, bytes n);
