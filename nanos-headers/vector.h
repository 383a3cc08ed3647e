/* A vector is a buffer of pointers. */
#ifndef NANOS_HEADERS_VECTOR_H
#define NANOS_HEADERS_VECTOR_H

#define vector buffer

static inline int vector_length(vector v)
{
    return buffer_length(v) / sizeof(void *);
}

static inline void *vector_get(vector v, int offset)
{
    if (offset < 0 || (bytes)(offset + 1) * sizeof(void *) > buffer_length(v))
        return 0;
    return ((void **)buffer_ref(v, 0))[offset];
}

static inline boolean vector_set(vector v, int offset, void *value)
{
    if (offset < 0 || !extend_total(v, (offset + 1) * sizeof(void *)))
        return false;
    ((void **)buffer_ref(v, 0))[offset] = value;
    return true;
}

static inline void vector_clear(vector v)
{
    v->start = v->end = 0;
}

static inline vector allocate_vector(heap h, int length)
{
    return allocate_buffer(h, length * sizeof(void *));
}

static inline void deallocate_vector(vector v)
{
    deallocate_buffer(v);
}

/* asserts on allocation failure, as the kernel's does */
static inline void vector_push(vector v, void *i)
{
    if (!buffer_write(v, &i, sizeof(i)))
        assert(0);
}

static inline void *vector_pop(vector v)
{
    if (buffer_length(v) < sizeof(void *))
        return 0;
    v->end -= sizeof(void *);
    return *(void **)(v->contents + v->end);
}

/* removes entries [start, end) and returns how many were removed */
static inline int vector_delete_range(vector v, int start, int end)
{
    bytes from = v->start + start * sizeof(void *);
    bytes to = MIN(v->start + end * sizeof(void *), v->end);
    if (to <= from)
        return 0;
    runtime_memcpy(v->contents + from, v->contents + to, v->end - to);
    v->end -= to - from;
    return (to - from) / sizeof(void *);
}

static inline void *vector_delete(vector v, int offset)
{
    void *removed = vector_get(v, offset);
    if (offset >= 0 && offset < vector_length(v))
        vector_delete_range(v, offset, offset + 1);
    return removed;
}

#define vector_foreach(__v, __i)                                        \
    for (int __vi = 0; ((__i) = vector_get((__v), __vi)), __vi < vector_length(__v); __vi++)

#endif
