/* generated from klib-src/cloudwatch/rfc3339.ts by klibc - do not edit */
#pragma once

u64 parse_rfc3339_seconds(u8 *p, bytes n);
