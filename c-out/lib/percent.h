/* generated from klib-src/lib/percent.ts by klibc - do not edit */
#pragma once

boolean is_unreserved(u32 c);
bytes percent_encoded_max_length(bytes n);
bytes percent_encode(u8 *src, bytes off, bytes n, u8 *dst, boolean keep_slash);
