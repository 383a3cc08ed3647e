/* mbedtls_klib_snprintf: the formatter behind mbedtls_snprintf in both builds.
 *
 * The kernel has no C snprintf (its own formatter reads %s as an sstring),
 * and mbedtls only formats error strings, distinguished names and
 * certificate details. So this supports exactly what mbedtls's format strings
 * use: conversions %s %c %d %i %u %x %X %%, the flags '-' and '0', a decimal
 * field width, and the length modifiers l, ll and z. Anything else is copied
 * to the output unchanged, so a gap shows in the text instead of reading a
 * wrong argument.
 *
 * Like C99 snprintf: at most n - 1 characters are stored, the output is
 * always NUL-terminated when n > 0, and the return value is the length the
 * whole output would have had.
 */
#include <stdarg.h>
#include <stddef.h>
#include "klib_platform.h"

struct out {
    char *s;
    size_t n;       /* capacity, including the terminating NUL */
    size_t len;     /* characters produced so far, stored or not */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->n)
        o->s[o->len] = c;
    o->len++;
}

static void put_padding(struct out *o, char c, int count)
{
    for (; count > 0; count--)
        put(o, c);
}

/* Emit body (body_len characters) preceded by sign, padded to width. */
static void put_field(struct out *o, const char *sign, const char *body,
                      int body_len, int width, int left, int zero)
{
    int sign_len = sign ? 1 : 0;
    int pad = width - body_len - sign_len;
    if (!left && !zero)
        put_padding(o, ' ', pad);
    if (sign)
        put(o, *sign);
    if (!left && zero)
        put_padding(o, '0', pad);
    for (int i = 0; i < body_len; i++)
        put(o, body[i]);
    if (left)
        put_padding(o, ' ', pad);
}

/* Digits of v in base 10 or 16, most significant first, into buf
   (large enough for 64 bits); returns the number of digits. */
static int format_unsigned(char *buf, unsigned long long v, unsigned base,
                           int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char reversed[24];
    int n = 0;
    do {
        reversed[n++] = digits[v % base];
        v /= base;
    } while (v);
    for (int i = 0; i < n; i++)
        buf[i] = reversed[n - 1 - i];
    return n;
}

enum length { length_int, length_long, length_long_long, length_size };

static unsigned long long next_unsigned(va_list *ap, enum length length)
{
    switch (length) {
    case length_long:
        return va_arg(*ap, unsigned long);
    case length_long_long:
        return va_arg(*ap, unsigned long long);
    case length_size:
        return va_arg(*ap, size_t);
    default:
        return va_arg(*ap, unsigned int);
    }
}

static long long next_signed(va_list *ap, enum length length)
{
    switch (length) {
    case length_long:
        return va_arg(*ap, long);
    case length_long_long:
        return va_arg(*ap, long long);
    case length_size:
        return (long long)va_arg(*ap, size_t);
    default:
        return va_arg(*ap, int);
    }
}

/* Format one directive starting after its '%'; returns where it ends. */
static const char *format_directive(struct out *o, const char *f, va_list *ap)
{
    const char *start = f - 1;
    int left = 0, zero = 0, width = 0;
    enum length length = length_int;
    char digits[24];

    for (;; f++) {
        if (*f == '-')
            left = 1;
        else if (*f == '0')
            zero = 1;
        else
            break;
    }
    while (*f >= '0' && *f <= '9')
        width = width * 10 + (*f++ - '0');
    if (*f == 'l') {
        f++;
        length = length_long;
        if (*f == 'l') {
            f++;
            length = length_long_long;
        }
    } else if (*f == 'z') {
        f++;
        length = length_size;
    }

    switch (*f) {
    case '%':
        put(o, '%');
        break;
    case 'c': {
        char c = (char)va_arg(*ap, int);
        put_field(o, 0, &c, 1, width, left, 0);
        break;
    }
    case 's': {
        const char *s = va_arg(*ap, const char *);
        int len = 0;
        if (!s)
            s = "(null)";
        while (s[len])
            len++;
        put_field(o, 0, s, len, width, left, 0);
        break;
    }
    case 'd':
    case 'i': {
        long long v = next_signed(ap, length);
        unsigned long long magnitude = v < 0 ? 0ull - (unsigned long long)v
                                             : (unsigned long long)v;
        int n = format_unsigned(digits, magnitude, 10, 0);
        put_field(o, v < 0 ? "-" : 0, digits, n, width, left, zero);
        break;
    }
    case 'u':
    case 'x':
    case 'X': {
        unsigned long long v = next_unsigned(ap, length);
        int n = format_unsigned(digits, v, *f == 'u' ? 10 : 16, *f == 'X');
        put_field(o, 0, digits, n, width, left, zero);
        break;
    }
    default:
        /* Not a conversion mbedtls uses: show the directive as written. */
        for (; start <= f && *start; start++)
            put(o, *start);
        return *f ? f + 1 : f;
    }
    return f + 1;
}

int mbedtls_klib_snprintf(char *s, size_t n, const char *format, ...)
{
    struct out o = { s, n, 0 };
    va_list ap;

    va_start(ap, format);
    for (const char *f = format; *f;) {
        if (*f == '%')
            f = format_directive(&o, f + 1, &ap);
        else
            put(&o, *f++);
    }
    va_end(ap);
    if (n > 0)
        s[o.len < n ? o.len : n - 1] = '\0';
    return o.len > 0x7fffffff ? 0x7fffffff : (int)o.len;
}
