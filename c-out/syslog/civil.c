/* generated from klib-src/syslog/civil.ts by klibc - do not edit */
#include <kernel.h>
#include "civil.h"

#define EPOCH_SHIFT 719468
#define DAYS_PER_ERA 146097

#line 12 "klib-src/syslog/civil.ts"
static u64 day_of_era(u64 days)
{
#line 13 "klib-src/syslog/civil.ts"
    return (days + EPOCH_SHIFT) % DAYS_PER_ERA;
}

#line 16 "klib-src/syslog/civil.ts"
static u64 year_of_era(u64 doe)
{
#line 17 "klib-src/syslog/civil.ts"
    return (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
}

#line 20 "klib-src/syslog/civil.ts"
static u64 day_of_year(u64 doe)
{
#line 21 "klib-src/syslog/civil.ts"
    u64 yoe = year_of_era(doe);
    return doe - (365 * yoe + yoe / 4 - yoe / 100);
}

#line 26 "klib-src/syslog/civil.ts"
u64 civil_month(u64 days)
{
#line 27 "klib-src/syslog/civil.ts"
    u64 mp = (5 * day_of_year(day_of_era(days)) + 2) / 153;
    return mp < 10 ? mp + 3 : mp - 9;
}

#line 32 "klib-src/syslog/civil.ts"
u64 civil_day(u64 days)
{
#line 33 "klib-src/syslog/civil.ts"
    u64 doy = day_of_year(day_of_era(days));
    u64 mp = (5 * doy + 2) / 153;
    return doy - (153 * mp + 2) / 5 + 1;
}

#line 39 "klib-src/syslog/civil.ts"
u64 civil_year(u64 days)
{
#line 40 "klib-src/syslog/civil.ts"
    u64 era = (days + EPOCH_SHIFT) / DAYS_PER_ERA;
    u64 year = year_of_era(day_of_era(days)) + era * 400;
    return civil_month(days) <= 2 ? year + 1 : year;
}
