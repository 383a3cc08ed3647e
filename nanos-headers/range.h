/* Half-open ranges [start, end). */
#ifndef NANOS_HEADERS_RANGE_H
#define NANOS_HEADERS_RANGE_H

typedef struct range {
    u64 start, end;
} range;

#define irange(__s, __e)    (range){__s, __e}
#define irangel(__s, __l)   (range){__s, (__s) + (__l)}
#define range_span(__r)     ((__r).end - (__r).start)
#define point_in_range(__r, __p) ((__p) >= (__r).start && (__p) < (__r).end)

#endif
