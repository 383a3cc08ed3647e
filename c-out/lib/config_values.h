/* generated from klib-src/lib/config_values.ts by klibc - do not edit */
#pragma once

/* What the number readers answer for a value that is not a number they accept. */
#define NOT_A_NUMBER 0xffffffffffffffffull

u64 parse_decimal(buffer b, bytes from, bytes to);
u64 number_of(value v);
u64 parse_size(buffer b);
u64 size_of(value v);
boolean is_pem_text(buffer b);
buffer copy_with_nul(heap h, buffer b);
