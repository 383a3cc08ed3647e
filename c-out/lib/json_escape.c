/* generated from klib-src/lib/json_escape.ts by klibc - do not edit */
#include <kernel.h>
#include "ascii.h"
#include "json_escape.h"

#define JSON_ESCAPE_PROGRESS_UNIT 4294967296

#line 19 "klib-src/lib/json_escape.ts"
s64 utf8_sequence_length(u8 *src, bytes i, bytes end)
{
#line 20 "klib-src/lib/json_escape.ts"
    u32 lead = src[i];
    if (lead < 0x80)
#line 21 "klib-src/lib/json_escape.ts"
        return 1;
    u32 need = 0;
    u32 low = 0x80;
    u32 high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
        need = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        need = 2;
        if (lead == 0xe0)
#line 29 "klib-src/lib/json_escape.ts"
            low = 0xa0;
        if (lead == 0xed)
#line 30 "klib-src/lib/json_escape.ts"
            high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        need = 3;
        if (lead == 0xf0)
#line 33 "klib-src/lib/json_escape.ts"
            low = 0x90;
        if (lead == 0xf4)
#line 34 "klib-src/lib/json_escape.ts"
            high = 0x8f;
    } else {
        return -1;
    }
    bytes k = 1;
    while (k <= need) {
        if (i + k >= end)
#line 40 "klib-src/lib/json_escape.ts"
            return -k;
        u32 c = src[i + k];
        if (c < low || c > high)
#line 42 "klib-src/lib/json_escape.ts"
            return -k;
        low = 0x80;
        high = 0xbf;
        k++;
    }
    return k;
}

#line 58 "klib-src/lib/json_escape.ts"
u64 json_escape_some(u8 *src, bytes off, bytes n, u8 *dst, bytes cap)
{
#line 59 "klib-src/lib/json_escape.ts"
    bytes o = 0;
    bytes i = off;
    bytes end = off + n;
    while (i < end) {
#line 65 "klib-src/lib/json_escape.ts"
        bytes limit = end;
        if (limit - i > cap - o)
#line 66 "klib-src/lib/json_escape.ts"
            limit = i + (cap - o);
        while (i < limit) {
            u32 plain = src[i];
            if (plain < 0x20 || plain >= 0x80 || plain == 34 || plain == 92)
#line 69 "klib-src/lib/json_escape.ts"
                break;
            dst[o++] = plain;
            i++;
        }
        if (i >= end || o >= cap)
#line 73 "klib-src/lib/json_escape.ts"
            break;
        u32 c = src[i];
        if (c >= 0x20 && c < 0x80 && c != 34 && c != 92)
#line 75 "klib-src/lib/json_escape.ts"
            continue;
        if (c < 0x80) {
            u32 letter = 0;
            switch (c) {
            case 34:
#line 79 "klib-src/lib/json_escape.ts"
                letter = 34;
#line 79 "klib-src/lib/json_escape.ts"
                break;
            case 92:
#line 80 "klib-src/lib/json_escape.ts"
                letter = 92;
#line 80 "klib-src/lib/json_escape.ts"
                break;
            case 8:
#line 81 "klib-src/lib/json_escape.ts"
                letter = 98;
#line 81 "klib-src/lib/json_escape.ts"
                break;
            case 12:
#line 82 "klib-src/lib/json_escape.ts"
                letter = 102;
#line 82 "klib-src/lib/json_escape.ts"
                break;
            case 10:
#line 83 "klib-src/lib/json_escape.ts"
                letter = 110;
#line 83 "klib-src/lib/json_escape.ts"
                break;
            case 13:
#line 84 "klib-src/lib/json_escape.ts"
                letter = 114;
#line 84 "klib-src/lib/json_escape.ts"
                break;
            case 9:
#line 85 "klib-src/lib/json_escape.ts"
                letter = 116;
#line 85 "klib-src/lib/json_escape.ts"
                break;
            default:
#line 86 "klib-src/lib/json_escape.ts"
                break;
            }
            if (letter != 0) {
                if (o + 2 > cap)
#line 89 "klib-src/lib/json_escape.ts"
                    break;
                dst[o] = 92;
                dst[o + 1] = letter;
                o += 2;
            } else {
                if (o + 6 > cap)
#line 94 "klib-src/lib/json_escape.ts"
                    break;
                dst[o] = 92;
                dst[o + 1] = 117;
                dst[o + 2] = 48;
                dst[o + 3] = 48;
                dst[o + 4] = hex_digit(c >> 4);
                dst[o + 5] = hex_digit(c & 15);
                o += 6;
            }
            i++;
        } else {
            s64 length = utf8_sequence_length(src, i, end);
            if (length > 0) {
                if (o + length > cap)
#line 107 "klib-src/lib/json_escape.ts"
                    break;
                for (s64 k = 0; k < length; k++)
#line 108 "klib-src/lib/json_escape.ts"
                    dst[o + k] = src[i + k];
                o += length;
                i += length;
            } else {
                if (o + 3 > cap)
#line 112 "klib-src/lib/json_escape.ts"
                    break;
                dst[o] = 0xef;
                dst[o + 1] = 0xbf;
                dst[o + 2] = 0xbd;
                o += 3;
                i += -length;
            }
        }
    }
    return (i - off) * JSON_ESCAPE_PROGRESS_UNIT + o;
}

#line 125 "klib-src/lib/json_escape.ts"
bytes json_escaped_in(u64 progress)
{
#line 126 "klib-src/lib/json_escape.ts"
    return progress / JSON_ESCAPE_PROGRESS_UNIT;
}

#line 130 "klib-src/lib/json_escape.ts"
bytes json_escaped_out(u64 progress)
{
#line 131 "klib-src/lib/json_escape.ts"
    return progress % JSON_ESCAPE_PROGRESS_UNIT;
}

#line 139 "klib-src/lib/json_escape.ts"
s64 json_escape(u8 *src, bytes off, bytes n, u8 *dst, bytes cap)
{
#line 140 "klib-src/lib/json_escape.ts"
    u64 progress = json_escape_some(src, off, n, dst, cap);
    return json_escaped_in(progress) == n ? (s64)json_escaped_out(progress) : -1;
}
