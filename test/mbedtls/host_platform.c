/* The platform hooks of mbedtls-config/klib_platform.h for a Linux process,
 * so the hosted library can run on its own in tests and benchmarks. In a
 * Nanos image the tls klib provides them on top of kernel services instead.
 */
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include "klib_platform.h"

void *mbedtls_klib_calloc(size_t n, size_t size)
{
    return calloc(n, size);
}

void mbedtls_klib_free(void *p)
{
    free(p);
}

long long mbedtls_klib_time(long long *t)
{
    long long now = (long long)time(0);
    if (t)
        *t = now;
    return now;
}

int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len,
                          size_t *olen)
{
    (void)data;
    ssize_t got = getrandom(output, len, 0);
    if (got < 0)
        return -1;
    *olen = (size_t)got;
    return 0;
}
