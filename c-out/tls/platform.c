/* generated from klib-src/tls/platform.ts by klibc - do not edit */
#include <kernel.h>
#include <mbedtls/ssl.h>
#include "platform.h"

#define HEADER_BYTES 16
#define MAX_BYTES 0xffffffffffffffffull

typedef struct block_header {
    u64 total;
    u64 unused;
} *block_header;

static struct tls_platform {
    heap h;
} tls_platform;

#line 21 "klib-src/tls/platform.ts"
static heap tls_heap(void)
{
#line 22 "klib-src/tls/platform.ts"
    if (tls_platform.h == 0)
#line 22 "klib-src/tls/platform.ts"
        tls_platform.h = heap_locked(get_kernel_heaps());
    return tls_platform.h;
}

#line 27 "klib-src/tls/platform.ts"
void *mbedtls_klib_calloc(size_t n, size_t size)
{
#line 28 "klib-src/tls/platform.ts"
    if (size != 0 && n > (MAX_BYTES - HEADER_BYTES) / size)
#line 28 "klib-src/tls/platform.ts"
        return 0;
    u64 total = n * size + HEADER_BYTES;
    u8 *block = ((u8 *)allocate(tls_heap(), total));
    if (block == INVALID_ADDRESS)
#line 31 "klib-src/tls/platform.ts"
        return 0;
    runtime_memset(block, 0, total);
    block_header header = (block_header)((void *)block);
    header->total = total;
    return ((u8 *)block + HEADER_BYTES);
}

#line 39 "klib-src/tls/platform.ts"
void mbedtls_klib_free(void *p)
{
#line 40 "klib-src/tls/platform.ts"
    if (p == 0)
#line 40 "klib-src/tls/platform.ts"
        return;
    void *block = ((void *)((u8 *)p - HEADER_BYTES));
    block_header header = (block_header)block;
    deallocate(tls_heap(), (u8 *)block, header->total);
}

#line 47 "klib-src/tls/platform.ts"
s64 mbedtls_klib_time(s64 *t)
{
#line 48 "klib-src/tls/platform.ts"
    s64 now = (s64)sec_from_timestamp(kern_now(CLOCK_ID_REALTIME));
    if (t != 0)
#line 49 "klib-src/tls/platform.ts"
        t[0] = now;
    return now;
}

#line 54 "klib-src/tls/platform.ts"
s32 mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen)
{
    (void)data;
#line 55 "klib-src/tls/platform.ts"
    random_buffer(alloca_wrap_buffer(output, len));
    olen[0] = len;
    return 0;
}
