/* A status is a tuple (0 = OK). Errors carry formatted text under a key;
   timm_up() chains a cause under "down". */
#ifndef NANOS_HEADERS_STATUS_H
#define NANOS_HEADERS_STATUS_H

#define STATUS_OK ((tuple)0)
typedef tuple status;

closure_type(status_handler, void, status s);

/* returned instead of a new status when allocation fails */
extern tuple timm_oom;
void timm_dealloc(tuple t);

static inline void timm_term(tuple t, sstring n, sstring f, ...)
{
    vlist a;
    vstart(a, f);
    symbol k = sym_sstring(n);
    string s = allocate_string(100);
    vbprintf(s, f, &a);
    vend(a);
    set(t, k, s);
}

#define timm(n, f, ...) ({                              \
    tuple __ts = allocate_tuple();                      \
    if (__ts != INVALID_ADDRESS)                        \
        timm_term(__ts, ss(n), ss(f), ##__VA_ARGS__);   \
    else                                                \
        __ts = timm_oom;                                \
    __ts;                                               \
})

#define timm_append(s, n, f, ...) ({                    \
    if ((s) != timm_oom)                                \
        timm_term(s, ss(n), ss(f), ##__VA_ARGS__);      \
    (s);                                                \
})

#define timm_up(sd, first, ...) ({                      \
    tuple __up = timm(first, __VA_ARGS__);              \
    set(__up, sym(down), sd);                           \
    __up;                                               \
})

static inline boolean is_ok(status s)
{
    return s == STATUS_OK;
}

#endif
