/* generated from klib-src/lib/config_values.ts by klibc - do not edit */
#pragma once

u64 parse_decimal(buffer b, bytes from, bytes to);
