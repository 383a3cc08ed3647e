/* generated from klib-src/lib/json_escape.ts by klibc - do not edit */
#pragma once

/* The most bytes jsonEscape writes per input byte ("\u001f" for a control byte). */
#define JSON_ESCAPE_MAX_EXPANSION 6

s64 utf8_sequence_length(u8 *src, bytes i, bytes end);
u64 json_escape_some(u8 *src, bytes off, bytes n, u8 *dst, bytes cap);
bytes json_escaped_in(u64 progress);
bytes json_escaped_out(u64 progress);
s64 json_escape(u8 *src, bytes off, bytes n, u8 *dst, bytes cap);
