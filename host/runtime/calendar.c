/* gmtime_r with the kernel's reduced struct tm: UTC only, from seconds since
   the epoch, using the days-to-civil-date conversion on 400-year eras. */
#include "host.h"
#include <mktime.h>

struct tm *gmtime_r(u64 *timep, struct tm *result)
{
    u64 t = *timep;
    s64 days = t / 86400;
    u64 rest = t % 86400;
    result->tm_hour = rest / 3600;
    result->tm_min = (rest % 3600) / 60;
    result->tm_sec = rest % 60;

    /* Shift the epoch to 0000-03-01 so leap days end each 4/100/400 cycle. */
    days += 719468;
    s64 era = days / 146097;
    u64 day_of_era = days - era * 146097;
    u64 year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
                       - day_of_era / 146096) / 365;
    u64 day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    u64 month_from_march = (5 * day_of_year + 2) / 153;
    u64 month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
    s64 year = (s64)year_of_era + era * 400 + (month <= 2);

    result->tm_year = year - 1900;
    result->tm_mon = month - 1;
    result->tm_mday = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    return result;
}
