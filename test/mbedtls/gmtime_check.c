/* Compares our mbedtls_platform_gmtime_r (mbedtls-config/freestanding/
 * gmtime.c) with the C library's gmtime_r: edge dates (epoch, leap days,
 * century years, the 2038 boundary, before 1970) and a deterministic spread
 * of instants over years 1 to 9999. Prints each mismatch; exit status 0 when
 * there is none.
 */
#include <stdio.h>
#include <time.h>
#include <mbedtls/platform_util.h>

static int mismatches, checked;

static void check(long long t)
{
    mbedtls_time_t mt = t;
    time_t lt = (time_t)t;
    struct tm ours, libc;
    checked++;
    if (!mbedtls_platform_gmtime_r(&mt, &ours) || !gmtime_r(&lt, &libc) ||
        ours.tm_year != libc.tm_year || ours.tm_mon != libc.tm_mon ||
        ours.tm_mday != libc.tm_mday || ours.tm_hour != libc.tm_hour ||
        ours.tm_min != libc.tm_min || ours.tm_sec != libc.tm_sec) {
        printf("mismatch at %lld: %04d-%02d-%02d %02d:%02d:%02d vs %04d-%02d-%02d %02d:%02d:%02d\n",
               t, ours.tm_year + 1900, ours.tm_mon + 1, ours.tm_mday, ours.tm_hour,
               ours.tm_min, ours.tm_sec, libc.tm_year + 1900, libc.tm_mon + 1,
               libc.tm_mday, libc.tm_hour, libc.tm_min, libc.tm_sec);
        mismatches++;
    }
}

int main(void)
{
    static const long long edges[] = {
        0, 1, 86399, 86400, -1, -86400, -86401,
        951782400,      /* 2000-02-29 */
        951868800,      /* 2000-03-01 */
        4107542400LL,   /* 2100-03-01 (2100 is not a leap year) */
        4107456000LL,   /* 2100-02-28 */
        2147483647LL, 2147483648LL,
        1709251199LL,   /* 2024-02-29 23:59:59 */
        253402300799LL, /* 9999-12-31 23:59:59 */
        -62135596800LL, /* 0001-01-01 */
    };
    for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
        for (int d = -2; d <= 2; d++)
            check(edges[i] + d);

    /* A linear congruential walk over years 1 to 9999. */
    unsigned long long x = 88172645463325252ULL;
    const long long first = -62135596800LL, span = 253402300799LL - first;
    for (int i = 0; i < 200000; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        check(first + (long long)((x >> 11) % (unsigned long long)span));
    }
    if (mismatches == 0)
        printf("gmtime_r matches the C library on %d instants\n", checked);
    return mismatches != 0;
}
