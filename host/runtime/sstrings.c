/* The kernel's sstring helpers (exported: klibs call them). */
#include "host.h"

bytes runtime_strlen(const char *s)
{
    bytes n = 0;
    while (s[n])
        n++;
    return n;
}

char *runtime_strchr(sstring s, int c)
{
    for (bytes i = 0; i < s.len; i++)
        if (s.ptr[i] == (char)c)
            return s.ptr + i;
    return 0;
}

char *runtime_strstr(sstring haystack, sstring needle)
{
    if (needle.len == 0)
        return haystack.ptr;
    for (bytes i = 0; i + needle.len <= haystack.len; i++)
        if (!runtime_memcmp(haystack.ptr + i, needle.ptr, needle.len))
            return haystack.ptr + i;
    return 0;
}

int runtime_strcmp(sstring a, sstring b)
{
    bytes n = MIN(a.len, b.len);
    int r = runtime_memcmp(a.ptr, b.ptr, n);
    if (r)
        return r;
    return a.len < b.len ? -1 : a.len > b.len;
}

int buffer_strstr(buffer b, sstring str)
{
    char *p = runtime_strstr(buffer_to_sstring(b), str);
    return p ? (int)(p - (char *)buffer_ref(b, 0)) : -1;
}

/* Equal when the buffer holds exactly the string, optionally followed by one
   NUL; otherwise the sign of the first difference. */
int buffer_compare_with_sstring(buffer b, sstring x)
{
    bytes len = buffer_length(b);
    bytes n = MIN(len, x.len);
    int r = runtime_memcmp(buffer_ref(b, 0), x.ptr, n);
    if (r)
        return r;
    if (len < x.len)
        return -1;
    if (len == x.len || (len == x.len + 1 && byte(b, x.len) == 0))
        return 0;
    return 1;
}
