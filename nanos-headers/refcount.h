/* A counter that runs a thunk when it drops to zero. */
#ifndef NANOS_HEADERS_REFCOUNT_H
#define NANOS_HEADERS_REFCOUNT_H

typedef struct refcount {
    word c;
    thunk completion;
} *refcount;

static inline void init_refcount(refcount r, int c, thunk completion)
{
    r->c = c;
    r->completion = completion;
}

static inline void refcount_reserve(refcount r)
{
    fetch_and_add(&r->c, 1);
}

/* true when this release took the count to zero (and ran the completion) */
static inline boolean refcount_release(refcount r)
{
    word before = fetch_and_add(&r->c, (word)-1);
    assert(before > 0);
    if (before != 1)
        return false;
    if (r->completion)
        apply(r->completion);
    return true;
}

#endif
