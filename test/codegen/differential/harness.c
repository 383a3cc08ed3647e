/* Differential test harness: reads "function arguments..." lines on stdin, calls the compiled dialect
 * function, prints the result. Strings arrive hex-encoded. Hosted C, linked with the freestanding
 * objects the compiler produced. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned int rotl32(unsigned int x, unsigned int n);
unsigned int fnv1a32(const char *s, unsigned long n);
int hex_value(unsigned int c);
unsigned long gcd(unsigned long a, unsigned long b);
unsigned int decimal_digits(unsigned long n);
unsigned short saturating_add16(unsigned short a, unsigned short b);
unsigned long count_newlines(const char *s, unsigned long count);

static size_t unhex(const char *hex, char *out)
{
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n; i++) {
        unsigned int b;
        sscanf(hex + 2 * i, "%2x", &b);
        out[i] = (char)b;
    }
    return n;
}

int main(void)
{
    static char line[1 << 16], bytes[1 << 15];
    while (fgets(line, sizeof(line), stdin)) {
        char name[64], a[1 << 15] = "", b[64] = "";
        if (sscanf(line, "%63s %32767s %63s", name, a, b) < 2)
            continue;
        if (!strcmp(name, "rotl32"))
            printf("%u\n", rotl32(strtoul(a, 0, 10), strtoul(b, 0, 10)));
        else if (!strcmp(name, "fnv1a32") || !strcmp(name, "countNewlines")) {
            size_t n = strcmp(a, "-") ? unhex(a, bytes) : 0;
            if (!strcmp(name, "fnv1a32"))
                printf("%u\n", fnv1a32(bytes, n));
            else
                printf("%lu\n", count_newlines(bytes, n));
        } else if (!strcmp(name, "hexValue"))
            printf("%d\n", hex_value(strtoul(a, 0, 10)));
        else if (!strcmp(name, "gcd"))
            printf("%lu\n", gcd(strtoul(a, 0, 10), strtoul(b, 0, 10)));
        else if (!strcmp(name, "decimalDigits"))
            printf("%u\n", decimal_digits(strtoul(a, 0, 10)));
        else if (!strcmp(name, "saturatingAdd16"))
            printf("%u\n", saturating_add16(strtoul(a, 0, 10), strtoul(b, 0, 10)));
        else
            printf("unknown %s\n", name);
    }
    return 0;
}
