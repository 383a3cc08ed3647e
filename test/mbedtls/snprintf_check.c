/* Compares our mbedtls_klib_snprintf with the C library's snprintf on the
 * conversions mbedtls uses, at every buffer size from 0 to one past the full
 * length (truncation, termination, return value). Prints each mismatch;
 * exit status 0 when there is none.
 */
#include <stdio.h>
#include <string.h>
#include "klib_platform.h"

static int mismatches;

#define CHECK(...) do {                                                     \
    char ours[128], libc[128];                                              \
    int full = snprintf(0, 0, __VA_ARGS__);                                 \
    for (size_t n = 0; n <= (size_t)full + 1 && n <= sizeof(ours); n++) {   \
        memset(ours, 'x', sizeof(ours));                                    \
        memset(libc, 'x', sizeof(libc));                                    \
        int r1 = mbedtls_klib_snprintf(ours, n, __VA_ARGS__);               \
        int r2 = snprintf(libc, n, __VA_ARGS__);                            \
        if (r1 != r2 || memcmp(ours, libc, sizeof(ours)) != 0) {            \
            printf("mismatch for %s at n=%zu: \"%.*s\" (%d) vs \"%.*s\" (%d)\n", \
                   #__VA_ARGS__, n, (int)n, ours, r1, (int)n, libc, r2);    \
            mismatches++;                                                   \
        }                                                                   \
    }                                                                       \
} while (0)

int main(void)
{
    CHECK("plain text");
    CHECK("%s", "");
    CHECK("%s%s", "CN=", "example.test");
    CHECK("%s/%s", "RSASSA-PSS", "SHA256");
    CHECK("\n%s%-18s: %d bits", "prefix ", "RSA key size", 2048);
    CHECK("%-4s|%6s|", "abcdef", "ab");
    CHECK("%02X", 0x0a);
    CHECK("%02X%s", 0xff, ":");
    CHECK("%04X", 0x2700u);
    CHECK("UNKNOWN ERROR CODE (%04X)", 0x1234abu);
    CHECK("%04d-%02d-%02d %02d:%02d:%02d", 2024, 2, 29, 23, 59, 60);
    CHECK("%d %d %d %i", 0, -1, -2147483647 - 1, 2147483647);
    CHECK("%05d|%-5d|%5d", -42, -42, 42);
    CHECK("%u %x %X", 4294967295u, 0xdeadbeefu, 0xdeadbeefu);
    CHECK("%lu %ld %lx", 18446744073709551615ul, -9223372036854775807l - 1, 0x1ul);
    CHECK("%llu %lld", 18446744073709551615ull, -5ll);
    CHECK("%zu", (size_t)123456789);
    CHECK("%c.%u", '2', 5u);
    CHECK(".%u", 840u);
    CHECK("%c%c%3c", 'a', 'b', 'c');
    CHECK("100%% sure");
    CHECK(" (%s, MGF1-%s, 0x%02X)", "SHA256", "SHA256", 0x20);
    if (mismatches == 0)
        printf("snprintf matches the C library\n");
    return mismatches != 0;
}
