/* Buffers: a byte array with a read cursor (start) and a write cursor
   (end). Readable bytes are contents[start..end). A wrapped buffer points
   at memory it does not own: it never grows and its bytes are never freed.
   Everything here is inline except what the kernel exports. */
#ifndef NANOS_HEADERS_BUFFER_H
#define NANOS_HEADERS_BUFFER_H

struct buffer {
    bytes start;
    bytes end;
    bytes length;               /* capacity of contents */
    boolean wrapped;
    heap h;
    void *contents;
};

buffer allocate_buffer(heap h, bytes length);
bytes buffer_set_capacity(buffer b, bytes len);
boolean buffer_append(buffer b, const void *body, bytes length);
int buffer_strstr(buffer b, sstring str);
int buffer_compare_with_sstring(buffer b, sstring x);
void print_byte(buffer b, u8 f);
void print_uuid(buffer b, u8 *uuid);
void buffer_print(buffer b);

#define isupper(a) (((u8)(a) - (u8)'A') < 26)
#define tolower(a) (isupper(a) ? ((a) | 0x20) : (a))

static inline void init_buffer(buffer b, bytes s, boolean wrapped, heap h, void *contents)
{
    b->start = 0;
    b->end = 0;
    b->length = s;
    b->wrapped = wrapped;
    b->h = h;
    b->contents = contents;
}

static inline void *buffer_ref(buffer b, bytes offset)
{
    assert(b->start + offset <= b->length);
    return b->contents + b->start + offset;
}

static inline bytes buffer_length(buffer b)
{
    return b->end - b->start;
}

static inline void *buffer_end(buffer b)
{
    return b->contents + b->end;
}

static inline bytes buffer_space(buffer b)
{
    return b->length - b->end;
}

static inline boolean buffer_is_wrapped(buffer b)
{
    return b->wrapped;
}

#define byte(__b, __i) *(u8 *)((__b)->contents + (__b)->start + (__i))

/* stack views of existing bytes: valid until the calling function returns */
#define alloca_wrap_buffer(__p, __l) ({                             \
    buffer __wb = stack_allocate(sizeof(struct buffer));            \
    init_buffer(__wb, (__l), true, 0, (void *)(__p));               \
    __wb->end = __wb->length;                                       \
    __wb;                                                           \
})
#define alloca_wrap_sstring(s) ({                   \
    sstring __ws = (s);                             \
    alloca_wrap_buffer(__ws.ptr, __ws.len);         \
})
#define alloca_wrap_cstring(__x) alloca_wrap_sstring(ss(__x))
#define alloca_wrap(__z) alloca_wrap_buffer(buffer_ref((__z), 0), buffer_length(__z))

/* A stack buffer of fixed capacity. It is marked wrapped so that it is
   never resized; writes beyond its capacity fail. Avoid it in loops: the
   space lives until the function returns. */
#define little_stack_buffer(__length) ({                            \
    bytes __lsize = (__length);                                     \
    buffer __lb = stack_allocate(sizeof(struct buffer));            \
    init_buffer(__lb, __lsize, true, 0, stack_allocate(__lsize));   \
    ((u8 *)__lb->contents)[0] = 0;                                  \
    __lb;                                                           \
})

static inline sstring buffer_to_sstring(buffer b)
{
    return isstring(buffer_ref(b, 0), buffer_length(b));
}

static inline void buffer_clear(buffer b)
{
    b->start = b->end = 0;
}

static inline void buffer_consume(buffer b, bytes s)
{
    assert(b->start + s <= b->end);
    b->start += s;
}

static inline void buffer_produce(buffer b, bytes s)
{
    assert(b->end + s <= b->length);
    b->end += s;
}

/* Makes room for len more bytes: first by moving the data to the front,
   else by growing to twice what is needed. Fails for wrapped buffers. */
static inline boolean buffer_extend(buffer b, bytes len)
{
    if (b->end + len <= b->length)
        return true;
    bytes used = b->end - b->start;
    bytes wanted = 2 * (used + len);
    if (wanted > b->length)
        return buffer_set_capacity(b, wanted) == wanted;
    runtime_memcpy(b->contents, b->contents + b->start, used);
    b->start = 0;
    b->end = used;
    return true;
}

/* grows the readable part to offset bytes, zero-filling the new part */
static inline boolean extend_total(buffer b, bytes offset)
{
    if (offset > b->end) {
        bytes more = offset - b->end;
        if (!buffer_extend(b, more))
            return false;
        zero(b->contents + b->end, more);
        b->end += more;
    }
    return true;
}

/* a heap-allocated buffer struct over bytes it does not own */
static inline buffer wrap_buffer(heap h, void *body, bytes length)
{
    buffer b = allocate(h, sizeof(struct buffer));
    if (b == INVALID_ADDRESS)
        return b;
    init_buffer(b, length, true, h, body);
    b->end = length;
    return b;
}

static inline void unwrap_buffer(heap h, buffer b)
{
    deallocate(h, b, sizeof(struct buffer));
}

static inline boolean buffer_write(buffer b, const void *source, bytes length)
{
    if (!buffer_extend(b, length))
        return false;
    runtime_memcpy(b->contents + b->end, source, length);
    b->end += length;
    return true;
}

static inline boolean buffer_write_sstring(buffer b, sstring s)
{
    return buffer_write(b, s.ptr, s.len);
}

#define buffer_write_cstring(b, x) buffer_write_sstring(b, ss(x))

static inline boolean buffer_write_byte(buffer b, u8 x)
{
    return buffer_write(b, &x, 1);
}

static inline boolean buffer_read(buffer b, void *dest, bytes length)
{
    if (buffer_length(b) < length)
        return false;
    runtime_memcpy(dest, buffer_ref(b, 0), length);
    buffer_consume(b, length);
    return true;
}

static inline u64 buffer_read_byte(buffer b)
{
    if (buffer_length(b) == 0)
        return -1ull;
    u8 r = byte(b, 0);
    b->start++;
    return r;
}

static inline boolean push_buffer(buffer d, buffer s)
{
    return buffer_write(d, buffer_ref(s, 0), buffer_length(s));
}

static inline buffer clone_buffer(heap h, buffer b)
{
    buffer c = allocate_buffer(h, buffer_length(b));
    if (c == INVALID_ADDRESS)
        return c;
    if (!push_buffer(c, b))
        assert(0);
    return c;
}

/* the kernel asserts rather than report failure here */
static inline void push_u8(buffer b, u8 x)
{
    if (!buffer_write_byte(b, x))
        assert(0);
}

static inline u8 pop_u8(buffer b)
{
    assert(b->start < b->end);
    return ((u8 *)b->contents)[b->start++];
}

static inline void deallocate_buffer(buffer b)
{
    heap h = b->h;
    if (!b->wrapped && b->length)
        deallocate(h, b->contents, b->length);
    deallocate(h, b, sizeof(struct buffer));
}

static inline int buffer_memcmp(buffer b, void *mem, bytes n)
{
    bytes len = buffer_length(b);
    int r = runtime_memcmp(buffer_ref(b, 0), mem, MIN(len, n));
    if (r)
        return r;
    return len < n ? -1 : 0;
}

/* literal strings only; 0 when equal (a trailing NUL in b is allowed) */
#define buffer_strcmp(b, str) buffer_compare_with_sstring(b, ss(str))

static inline int buffer_strchr(buffer b, int c)
{
    bytes len = buffer_length(b);
    for (bytes i = 0; i < len; i++)
        if (byte(b, i) == c)
            return i;
    return -1;
}

static inline int buffer_strrchr(buffer b, int c)
{
    for (bytes i = buffer_length(b); i > 0; i--)
        if (byte(b, i - 1) == c)
            return i - 1;
    return -1;
}

#define foreach_character(__i, __c, __s)                                \
    for (u32 __i = 0, __c, __limit = buffer_length(__s);                \
         (__i) < __limit && ((__c = byte((__s), (__i))), 1);            \
         (__i)++)

#endif
