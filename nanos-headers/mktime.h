/* Broken-down UTC time (the kernel's reduced struct tm). */
#ifdef NANOS_HEADERS_MKTIME_H
#error "<mktime.h> included twice: the Nanos tree's headers have no include guards"
#endif
#ifndef NANOS_HEADERS_KERNEL_H
#error "include <kernel.h> (or <unix_internal.h>) before <mktime.h>, as the Nanos tree requires"
#endif
#define NANOS_HEADERS_MKTIME_H


struct tm {
    int tm_year;                /* years since 1900 */
    u8 tm_mon;                  /* 0-11 */
    u8 tm_mday;                 /* 1-31 */
    u8 tm_hour;
    u8 tm_min;
    u8 tm_sec;
};

struct tm *gmtime_r(u64 *timep, struct tm *result);
