/* Broken-down time, as mbedtls's certificate checks read it (x509.c, from
 * our own mbedtls_platform_gmtime_r in freestanding/gmtime.c). The fields
 * are those of C's struct tm, in its order.
 */
#ifndef KLIB_MBEDTLS_TIME_H
#define KLIB_MBEDTLS_TIME_H

/* Seconds since the epoch, the same type as mbedtls_time_t. */
typedef long long time_t;

struct tm {
    int tm_sec;     /* 0-60 */
    int tm_min;     /* 0-59 */
    int tm_hour;    /* 0-23 */
    int tm_mday;    /* 1-31 */
    int tm_mon;     /* 0-11 */
    int tm_year;    /* years since 1900 */
    int tm_wday;    /* 0-6, not filled in: mbedtls does not read it */
    int tm_yday;    /* 0-365, not filled in either */
    int tm_isdst;
};

#endif
