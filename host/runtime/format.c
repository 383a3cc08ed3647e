/* Formatted output with the kernel's conventions: %s takes an sstring (not a
   C string), %b a buffer, %v any value, %T a timestamp; %d %u %x %X take an
   int unless 'l' makes them 64-bit; '0' fills with zeros, '-' aligns left, a
   width pads, a precision sets the minimum digits (or caps an sstring). An
   unknown conversion prints "[invalid format %...]" as the kernel does. */
#include "host.h"

struct spec {
    char fill;          /* 0: no width given */
    char align;         /* '-' for left */
    boolean is_long;
    int width;
    int precision;      /* -1: none */
};

static void fill_with(buffer d, int n, char c)
{
    for (int i = 0; i < n; i++)
        push_u8(d, c);
}

static void put_number(buffer d, struct spec *s, char conv, vlist *ap)
{
    u64 magnitude;
    boolean negative = false;
    if (conv == 'd') {
        s64 x = s->is_long ? varg(*ap, s64) : varg(*ap, int);
        negative = x < 0;
        magnitude = negative ? -(u64)x : (u64)x;
    } else {
        magnitude = s->is_long ? varg(*ap, u64) : varg(*ap, unsigned);
    }
    u32 base = (conv == 'x' || conv == 'X') ? 16 : 10;
    const char *digits = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    char text[64];
    int n = 0;
    do {
        text[n++] = digits[magnitude % base];
        magnitude /= base;
    } while (magnitude);
    while (n < s->precision)
        text[n++] = '0';
    if (s->precision == 0 && n == 1 && text[0] == '0')
        n = 0;
    int len = n + negative;
    if (negative && s->fill == '0')
        push_u8(d, '-');
    if (len < s->width && s->align != '-')
        fill_with(d, s->width - len, s->fill);
    if (negative && s->fill != '0')
        push_u8(d, '-');
    while (n > 0)
        push_u8(d, text[--n]);
    if (len < s->width && s->align == '-')
        fill_with(d, s->width - len, ' ');
}

static void put_sstring(buffer d, struct spec *s, sstring x)
{
    int len = x.len;
    if (s->precision > 0 && s->precision < len)
        len = s->precision;
    if (len < s->width && s->align != '-')
        fill_with(d, s->width - len, ' ');
    buffer_write(d, x.ptr, len);
    if (len < s->width && s->align == '-')
        fill_with(d, s->width - len, ' ');
}

/* A timestamp (2^32 units a second) as seconds and, when there is a
   fraction, a point and its decimal digits, at most six, no trailing zeros. */
static void put_timestamp(buffer d, timestamp t)
{
    bprintf(d, "%ld", t >> 32);
    u64 fraction = t & 0xffffffffull;
    if (!fraction)
        return;
    push_u8(d, '.');
    for (int digits = 0; fraction && digits < 6; digits++) {
        fraction *= 10;
        push_u8(d, '0' + (fraction >> 32));
        fraction &= 0xffffffffull;
    }
}

void host_print_value(buffer d, value v, int depth);

void vbprintf(buffer d, sstring fmt, vlist *ap)
{
    for (bytes i = 0; i < fmt.len; i++) {
        char c = fmt.ptr[i];
        if (c != '%') {
            push_u8(d, c);
            continue;
        }
        bytes start = i;
        struct spec s = { .fill = 0, .align = 0, .is_long = false, .width = 0, .precision = -1 };
        boolean done = false;
        while (!done && ++i < fmt.len) {
            c = fmt.ptr[i];
            if (i == start + 1 && (c == '0' || c == '-')) {
                if (c == '0')
                    s.fill = '0';
                else
                    s.align = '-';
            } else if (c >= '0' && c <= '9') {
                if (s.precision < 0) {
                    if (!s.fill)
                        s.fill = ' ';
                    s.width = s.width * 10 + c - '0';
                } else {
                    s.precision = s.precision * 10 + c - '0';
                }
            } else if (c == '.' && s.precision < 0) {
                s.precision = 0;
            } else if (c == 'l' && !s.is_long) {
                s.is_long = true;
            } else {
                done = true;
            }
        }
        if (!done)
            break;              /* a lone '%' at the end prints nothing */
        if (!s.fill)
            s.fill = ' ';
        switch (c) {
        case '%':
            push_u8(d, '%');
            break;
        case 'd':
        case 'u':
        case 'x':
        case 'X':
            put_number(d, &s, c, ap);
            break;
        case 'p':
            bprintf(d, "0x%016lx", varg(*ap, u64));
            break;
        case 's':
            put_sstring(d, &s, varg(*ap, sstring));
            break;
        case 'b': {
            buffer b = varg(*ap, buffer);
            push_buffer(d, b);
            break;
        }
        case 'c':
            push_u8(d, (u8)varg(*ap, int));
            break;
        case 'n':
            fill_with(d, varg(*ap, int), ' ');
            break;
        case 'v':
            host_print_value(d, varg(*ap, value), 8);
            break;
        case 'T':
            put_timestamp(d, varg(*ap, timestamp));
            break;
        default:
            buffer_write(d, "[invalid format ", 16);
            buffer_write(d, fmt.ptr + start, i - start + 1);
            push_u8(d, ']');
        }
    }
}

void bprintf_sstring(buffer b, sstring fmt, ...)
{
    vlist ap;
    vstart(ap, fmt);
    vbprintf(b, fmt, &ap);
    vend(ap);
}

int rsnprintf_sstring(char *str, u64 size, sstring fmt, ...)
{
    buffer b = allocate_buffer(host_heap(), 64);
    if (b == INVALID_ADDRESS) {
        if (size)
            str[0] = 0;
        return 0;
    }
    vlist ap;
    vstart(ap, fmt);
    vbprintf(b, fmt, &ap);
    vend(ap);
    int n = buffer_length(b);
    if (size) {
        bytes copied = MIN((bytes)n, size - 1);
        runtime_memcpy(str, buffer_ref(b, 0), copied);
        str[copied] = 0;
    }
    deallocate_buffer(b);
    return n;
}

void buffer_print(buffer b)
{
    host_console_write(buffer_ref(b, 0), buffer_length(b));
}

void rprintf_sstring(sstring fmt, ...)
{
    buffer b = allocate_buffer(host_heap(), 128);
    if (b == INVALID_ADDRESS)
        return;
    vlist ap;
    vstart(ap, fmt);
    vbprintf(b, fmt, &ap);
    vend(ap);
    buffer_print(b);
    deallocate_buffer(b);
}

static const char hex_digits[] = "0123456789abcdef";

void print_byte(buffer b, u8 f)
{
    push_u8(b, hex_digits[f >> 4]);
    push_u8(b, hex_digits[f & 15]);
}

void print_uuid(buffer b, u8 *uuid)
{
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            push_u8(b, '-');
        print_byte(b, uuid[i]);
    }
}
