/* sstring: a length and a pointer, not NUL-terminated. */
#ifndef NANOS_HEADERS_SSTRING_H
#define NANOS_HEADERS_SSTRING_H

typedef struct sstring {
    bytes len;
    char *ptr;
} sstring;

/* only accepts a string literal: a compound literal array of it must compile */
#define string_literal(s)           (char []){s}
#define assert_string_literal(s)    (void)string_literal(s)

#define ss(x)   ({                          \
    assert_string_literal(x);               \
    sstring __ss = { .len = sizeof(x) - 1, .ptr = x };  \
    __ss;                                   \
})

/* for static initializers, where ss() cannot be used */
#define ss_static_init(x)   { .len = sizeof(x) - 1, .ptr = string_literal(x) }
#define sstring_null_init   { .ptr = 0 }

#define sstring_foreach(__i, __c, __s)                      \
    for (bytes __i = 0, __c, __limit = (__s).len;           \
         (__i) < __limit && ((__c = (__s).ptr[__i]), 1);    \
         (__i)++)

static inline sstring isstring(char *ptr, bytes len)
{
    sstring s = { .len = len, .ptr = ptr };
    return s;
}

#define file_ss isstring((char *)__FILE__, sizeof(__FILE__) - 1)
#define func_ss isstring((char *)__func__, sizeof(__func__) - 1)

static inline sstring sstring_null(void)
{
    sstring s = { .len = 0, .ptr = 0 };
    return s;
}

static inline sstring sstring_empty(void)
{
    sstring s = { .len = 0, .ptr = "" };
    return s;
}

static inline sstring sstring_from_cstring(const char *cstring, bytes maxlen)
{
    bytes len = 0;
    while (len < maxlen && cstring[len] != '\0')
        len++;
    return isstring((char *)cstring, len);
}

static inline boolean sstring_is_null(sstring s)
{
    return s.ptr == 0;
}

static inline boolean sstring_is_empty(sstring s)
{
    return s.len == 0;
}

#endif
