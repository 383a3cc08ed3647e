/* mbedtls_platform_gmtime_r (MBEDTLS_PLATFORM_GMTIME_R_ALT), built into both
 * libraries so that no struct tm crosses the hook boundary: the klib and the
 * C library disagree on its layout, and the arithmetic is short. mbedtls
 * uses it to compare certificate validity dates with the current time.
 *
 * UTC has no time zones or leap seconds to handle: days since the epoch
 * become a proleptic Gregorian date by the usual era (400-year) arithmetic.
 */
#include <time.h>
#include "mbedtls/platform_util.h"

#define SECONDS_PER_DAY 86400LL

struct tm *mbedtls_platform_gmtime_r(const mbedtls_time_t *t, struct tm *out)
{
    long long days = *t / SECONDS_PER_DAY;
    long long seconds = *t % SECONDS_PER_DAY;
    if (seconds < 0) {
        seconds += SECONDS_PER_DAY;
        days--;
    }

    /* Count years from 0000-03-01 so the leap day ends each year; an era is
       400 years, 146097 days, and repeats exactly. */
    long long shifted = days + 719468;
    long long era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
    long long day_of_era = shifted - era * 146097;                 /* 0-146096 */
    long long year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
                             - day_of_era / 146096) / 365;          /* 0-399 */
    long long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4
                                          - year_of_era / 100);     /* 0-365 */
    long long month_from_march = (5 * day_of_year + 2) / 153;       /* 0-11 */
    long long year = year_of_era + era * 400 + (month_from_march >= 10);
    long long year_since_1900 = year - 1900;

    if (year_since_1900 > 0x7fffffff || year_since_1900 < -0x7fffffff)
        return 0;
    out->tm_year = (int)year_since_1900;
    out->tm_mon = (int)(month_from_march < 10 ? month_from_march + 2
                                              : month_from_march - 10);
    out->tm_mday = (int)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    out->tm_hour = (int)(seconds / 3600);
    out->tm_min = (int)(seconds / 60 % 60);
    out->tm_sec = (int)(seconds % 60);
    return out;
}
