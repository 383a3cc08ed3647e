/* The libc services the kernel-API side needs, behind plain C types: memory
   and the runtime_mem* exports (klibs call those, not libc). */
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include "host_sys.h"

void *host_malloc(unsigned long long size)
{
    return malloc(size ? size : 1);
}

void *host_calloc(unsigned long long size)
{
    return calloc(1, size ? size : 1);
}

void host_free(void *p)
{
    free(p);
}

void runtime_memcpy(void *a, const void *b, unsigned long long len)
{
    if (len)
        memmove(a, b, len);
}

void runtime_memset(uint8_t *a, uint8_t b, unsigned long long len)
{
    if (len)
        memset(a, b, len);
}

int runtime_memcmp(const void *a, const void *b, unsigned long long len)
{
    return len ? memcmp(a, b, len) : 0;
}
