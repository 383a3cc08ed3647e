/* generated from klib-src/tls/platform.ts by klibc - do not edit */
#include <kernel.h>
#include <mbedtls/ssl.h>
#include "platform.h"

/* The platform hooks our mbedtls build calls (mbedtls-config/klib_platform.h), on kernel services:
 * memory from the klib's heap, wall-clock seconds, and the kernel's random source for entropy. */

#define HEADER_BYTES 16

/* Far above what the kernel heaps can give (2 MiB at most): only keeps n * size from
 * overflowing. */
#define MAX_BYTES 0x10000000000

/* mbedtls frees without a size, and the kernel's heaps want the size back (exactly, for blocks
 * larger than the object caches), so every block starts with a header that remembers it. 16 bytes
 * keep the memory handed out 16-byte aligned. */
typedef struct block_header {
    u64 total;
    u64 unused;
} *block_header;

static struct tls_platform {
    heap h;
} tls_platform;

static heap tls_heap(void)
{
    if (tls_platform.h == 0)
        tls_platform.h = heap_locked(get_kernel_heaps());
    return tls_platform.h;
}

void *mbedtls_klib_calloc(size_t n, size_t size)
{
    if (size != 0 && n > (MAX_BYTES - HEADER_BYTES) / size)
        return 0;
    u64 total = n * size + HEADER_BYTES;
    u8 *block = (u8 *)allocate(tls_heap(), total);
    if (block == INVALID_ADDRESS)
        return 0;
    runtime_memset(block, 0, total);
    block_header header = (block_header)(void *)block;
    header->total = total;
    return ((u8 *)block + HEADER_BYTES);
}

void mbedtls_klib_free(void *p)
{
    if (p == 0)
        return;
    void *block = (void *)((u8 *)p - HEADER_BYTES);
    block_header header = (block_header)block;
    deallocate(tls_heap(), (u8 *)block, header->total);
}

s64 mbedtls_klib_time(s64 *t)
{
    s64 now = (s64)sec_from_timestamp(kern_now(CLOCK_ID_REALTIME));
    if (t != 0)
        t[0] = now;
    return now;
}

s32 mbedtls_hardware_poll(void *data __attribute__((unused)), unsigned char *output, size_t len,
                          size_t *olen)
{
    random_buffer(alloca_wrap_buffer(output, len));
    olen[0] = len;
    return 0;
}
