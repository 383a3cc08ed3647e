/* Kernel string helpers over sstrings, and allocated string values. */
#ifndef NANOS_HEADERS_RUNTIME_STRING_H
#define NANOS_HEADERS_RUNTIME_STRING_H

char *runtime_strchr(sstring s, int c);
char *runtime_strstr(sstring haystack, sstring needle);
int runtime_strcmp(sstring string1, sstring string2);

/* both allocate: wrap_string copies its bytes despite the name */
string wrap_string(void *body, bytes length);
string allocate_string(bytes size);

#define deallocate_string deallocate_buffer

static inline string string_from_buf(void *x, bytes len)
{
    string s = allocate_string(len);
    assert(s != INVALID_ADDRESS);
    if (!buffer_append(s, x, len))
        assert(0);
    return s;
}

static inline string wrap_string_sstring(sstring s)
{
    return string_from_buf(s.ptr, s.len);
}

#define wrap_string_cstring(x) wrap_string_sstring(ss(x))

#endif
