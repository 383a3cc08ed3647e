/* The kernel's random source, on getrandom(2). random_buffer() overwrites the
   buffer's current contents (start to end) and returns their length. */
#include "host.h"

u64 random_buffer(buffer b)
{
    host_random_bytes(buffer_ref(b, 0), buffer_length(b));
    return buffer_length(b);
}

u64 random_u64(void)
{
    u64 x;
    host_random_bytes(&x, sizeof(x));
    return x;
}
