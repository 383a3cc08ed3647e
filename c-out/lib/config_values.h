/* generated from klib-src/lib/config_values.ts by klibc - do not edit */
#pragma once

#define NOT_A_NUMBER 0xffffffffffffffffull
#define LOG_BUFFER_MIN_BYTES (64 << 10)
#define LOG_BUFFER_MAX_BYTES (256 << 20)
#define LOG_BUFFER_RULE ss("must be a size from 64k to 256m: bytes, or a number with a k, m or g suffix (such as 4m)")

u64 parse_decimal(buffer b, bytes from, bytes to);
u64 number_of(value v);
u64 parse_size(buffer b);
u64 size_of(value v);
u64 log_buffer_size_of(value v);
boolean is_pem_text(buffer b);
buffer copy_with_nul(heap h, buffer b);
