/* generated from klib-src/lib/hex.ts by klibc - do not edit */
#pragma once

bytes hex_encode(u8 *src, bytes off, bytes n, u8 *dst);
s64 hex_decode(u8 *src, bytes off, bytes n, u8 *dst);
