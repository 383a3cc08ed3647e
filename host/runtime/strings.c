/* Strings: buffers allocated in the string region so that is_string() holds.
   The struct lives in tagged memory; the contents are plain heap memory, and
   deallocate_buffer() (inline in the headers) frees both through b->h, so
   the string heap sends each pointer back where it came from. */
#include "host.h"

static u64 string_heap_alloc(heap h, bytes size)
{
    (void)h;
    void *p = host_malloc(size);
    return p ? (u64)p : INVALID_PHYSICAL;
}

static void string_heap_dealloc(heap h, u64 a, bytes size)
{
    (void)h;
    if (host_tagof((void *)a))
        host_tagged_free((void *)a, size);
    else
        host_free((void *)a);
}

static struct heap string_heap = {
    .alloc = string_heap_alloc,
    .dealloc = string_heap_dealloc,
    .pagesize = 32,
};

static buffer tagged_buffer(unsigned tag, bytes capacity)
{
    buffer b = host_tagged_alloc(tag, sizeof(struct buffer));
    if (!b)
        return INVALID_ADDRESS;
    void *contents = 0;
    if (capacity) {
        contents = host_malloc(capacity);
        if (!contents) {
            host_tagged_free(b, sizeof(struct buffer));
            return INVALID_ADDRESS;
        }
    }
    init_buffer(b, capacity, false, &string_heap, contents);
    return b;
}

string allocate_string(bytes size)
{
    return tagged_buffer(tag_string, size);
}

string host_string_from(const void *p, bytes len)
{
    string s = allocate_string(len);
    if (s != INVALID_ADDRESS && !buffer_write(s, p, len)) {
        deallocate_buffer(s);
        return INVALID_ADDRESS;
    }
    return s;
}

/* Despite the name, Nanos's wrap_string copies. */
string wrap_string(void *body, bytes length)
{
    return host_string_from(body, length);
}

vector host_allocate_vector(void)
{
    return tagged_buffer(tag_vector, 8 * sizeof(void *));
}

void host_vector_push(vector v, value x)
{
    if (!buffer_write(v, &x, sizeof(x)))
        host_fatal("out of memory growing a vector");
}

/* Integers too large to be immediate are decimal strings in the integer region. */
value indirect_integer_from_u64(u64 n)
{
    buffer b = tagged_buffer(tag_integer, 24);
    if (b == INVALID_ADDRESS)
        return b;
    bprintf(b, "%ld", n);
    return b;
}
