/* generated from klib-src/syslog/civil.ts by klibc - do not edit */
#pragma once

u64 civil_month(u64 days);
u64 civil_day(u64 days);
u64 civil_year(u64 days);
