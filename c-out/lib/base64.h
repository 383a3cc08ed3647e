/* generated from klib-src/lib/base64.ts by klibc - do not edit */
#pragma once

bytes base64_encoded_length(bytes n);
bytes base64_encode(u8 *src, bytes off, bytes n, u8 *dst);
s64 base64_decode(u8 *src, bytes off, bytes n, u8 *dst);
