/* Buffers: the exported, non-inline part of the buffer API. */
#include "host.h"

buffer allocate_buffer(heap h, bytes capacity)
{
    buffer b = allocate(h, sizeof(struct buffer));
    if (b == INVALID_ADDRESS)
        return b;
    void *contents = 0;
    if (capacity) {
        contents = allocate(h, capacity);
        if (contents == INVALID_ADDRESS) {
            deallocate(h, b, sizeof(struct buffer));
            return INVALID_ADDRESS;
        }
    }
    init_buffer(b, capacity, false, h, contents);
    return b;
}

/* Resizes the storage (never below the current contents, which move to the
   start); returns the new capacity, or the old one when it could not. */
bytes buffer_set_capacity(buffer b, bytes len)
{
    if (b->wrapped)
        return b->length;
    bytes content = buffer_length(b);
    if (len < content)
        len = content;
    if (len == b->length)
        return len;
    void *contents = allocate(b->h, len);
    if (contents == INVALID_ADDRESS)
        return b->length;
    if (b->length) {
        runtime_memcpy(contents, buffer_ref(b, 0), content);
        deallocate(b->h, b->contents, b->length);
    }
    b->contents = contents;
    b->length = len;
    b->start = 0;
    b->end = content;
    return len;
}

boolean buffer_append(buffer b, const void *body, bytes length)
{
    return buffer_write(b, body, length);
}
