/* generated from klib-src/syslog/text.ts by klibc - do not edit */
#pragma once

void write_decimal(buffer b, u64 n, u32 width, u8 pad);
void write_rfc3339(buffer b, timestamp t);
void write_rfc3164_time(buffer b, timestamp t);
