/* Time: a timestamp is 32.32 fixed point seconds. */
#ifndef NANOS_HEADERS_CLOCK_H
#define NANOS_HEADERS_CLOCK_H

/* the numbering is Linux's */
typedef enum {
    CLOCK_ID_REALTIME = 0,
    CLOCK_ID_MONOTONIC,
    CLOCK_ID_PROCESS_CPUTIME_ID,
    CLOCK_ID_THREAD_CPUTIME_ID,
    CLOCK_ID_MONOTONIC_RAW,
    CLOCK_ID_REALTIME_COARSE,
    CLOCK_ID_MONOTONIC_COARSE,
    CLOCK_ID_BOOTTIME,
    CLOCK_ID_REALTIME_ALARM,
    CLOCK_ID_BOOTTIME_ALARM,
} clock_id;

#define THOUSAND         (1000ull)
#define MILLION          (1000000ull)
#define BILLION          (1000000000ull)
#define TIMESTAMP_SECOND (1ull << 32)

static inline timestamp seconds(u64 n)
{
    return n * TIMESTAMP_SECOND;
}

/* Sub-second units round up by one tick, so a non-zero duration never
   becomes a zero timestamp. */
static inline timestamp __timestamp_from_units(u64 n, u64 per_second)
{
    if (n == 0)
        return 0;
    u64 whole = n / per_second;
    u64 rest = n - whole * per_second;
    return seconds(whole) + seconds(rest) / per_second + 1;
}

static inline timestamp milliseconds(u64 n)
{
    return __timestamp_from_units(n, THOUSAND);
}

static inline timestamp microseconds(u64 n)
{
    return __timestamp_from_units(n, MILLION);
}

static inline timestamp nanoseconds(u64 n)
{
    return __timestamp_from_units(n, BILLION);
}

/* the fraction of a second */
static inline timestamp truncate_seconds(timestamp t)
{
    return t & MASK(32);
}

static inline u64 sec_from_timestamp(timestamp t)
{
    return t / TIMESTAMP_SECOND;
}

static inline u64 __units_from_timestamp(timestamp t, u64 per_second)
{
    return sec_from_timestamp(t) * per_second +
        truncate_seconds(t) * per_second / TIMESTAMP_SECOND;
}

static inline u64 msec_from_timestamp(timestamp t)
{
    return __units_from_timestamp(t, THOUSAND);
}

static inline u64 usec_from_timestamp(timestamp t)
{
    return __units_from_timestamp(t, MILLION);
}

static inline u64 nsec_from_timestamp(timestamp t)
{
    return __units_from_timestamp(t, BILLION);
}

/* wall-clock seconds (mbedTLS's time source) */
s64 rtime(s64 *result);

#endif
