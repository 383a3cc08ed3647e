/* generated from klib-src/logpipe/words.ts by klibc - do not edit */
#pragma once

#define LOGPIPE_NEWLINE 10
#define LOGPIPE_NEWLINES 0xa0a0a0a0a0a0a0aull
#define LOGPIPE_ONES 0x101010101010101ull
#define LOGPIPE_LOW_BITS 0x7f7f7f7f7f7f7f7full
#define LOGPIPE_TOP_BITS 0x8080808080808080ull

bytes logpipe_scan_newline(u8 *p, bytes from, bytes end);
bytes logpipe_after_last_newline(u8 *p, bytes from, bytes end);

#line 27 "klib-src/logpipe/words.ts"
static inline __attribute__((always_inline)) u64 newline_bits(u64 w)
{
#line 28 "klib-src/logpipe/words.ts"
    u64 x = w ^ LOGPIPE_NEWLINES;
#line 31 "klib-src/logpipe/words.ts"
    return ~(((x & LOGPIPE_LOW_BITS) + LOGPIPE_LOW_BITS) | x) & LOGPIPE_TOP_BITS;
}

#line 41 "klib-src/logpipe/words.ts"
static inline __attribute__((always_inline)) u64 newline_hint(u64 w)
{
#line 42 "klib-src/logpipe/words.ts"
    return ((w & LOGPIPE_LOW_BITS) ^ LOGPIPE_NEWLINES) - LOGPIPE_ONES;
}

#line 46 "klib-src/logpipe/words.ts"
static inline __attribute__((always_inline)) u64 newlines_in(u64 w)
{
#line 47 "klib-src/logpipe/words.ts"
    return (newline_hint(w) & LOGPIPE_TOP_BITS) != 0 ? newline_bits(w) : 0;
}

#line 116 "klib-src/logpipe/words.ts"
static inline __attribute__((always_inline)) u64 copy32(u8 *dst, bytes at, u8 *src, bytes from)
{
#line 117 "klib-src/logpipe/words.ts"
    u64 w0 = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from), 8));
    u64 w1 = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + 8), 8));
    u64 w2 = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + 16), 8));
    u64 w3 = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + 24), 8));
    __builtin_memcpy((dst) + (at), &(u64){(w0)}, 8);
    __builtin_memcpy((dst) + (at + 8), &(u64){(w1)}, 8);
    __builtin_memcpy((dst) + (at + 16), &(u64){(w2)}, 8);
    __builtin_memcpy((dst) + (at + 24), &(u64){(w3)}, 8);
    return newline_hint(w0) | newline_hint(w1) | newline_hint(w2) | newline_hint(w3);
}

#line 135 "klib-src/logpipe/words.ts"
static inline __attribute__((always_inline)) bytes copy_to_newline(u8 *dst, bytes at, u8 *src,
                                                                   bytes from, bytes n)
{
#line 136 "klib-src/logpipe/words.ts"
    bytes k = 0;
    while (k + 32 <= n) {
        if ((copy32(dst, at + k, src, from + k) & LOGPIPE_TOP_BITS) != 0) {
            for (bytes j = 0; j < 32; j += 8) {
                u64 bits = newlines_in((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k + j), 8)));
                if (bits != 0)
#line 141 "klib-src/logpipe/words.ts"
                    return k + j + (lsb(bits) >> 3);
            }
        }
        k += 32;
    }
    while (n - k >= 8) {
        u64 w = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k), 8));
        __builtin_memcpy((dst) + (at + k), &(u64){(w)}, 8);
        u64 bits = newlines_in(w);
        if (bits != 0)
#line 150 "klib-src/logpipe/words.ts"
            return k + (lsb(bits) >> 3);
        k += 8;
    }
    if (k == n)
#line 153 "klib-src/logpipe/words.ts"
        return n;
    if (n >= 8) {
#line 156 "klib-src/logpipe/words.ts"
        u64 w = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + n - 8), 8));
        __builtin_memcpy((dst) + (at + n - 8), &(u64){(w)}, 8);
        u64 bits = newlines_in(w);
        return bits != 0 ? n - 8 + (lsb(bits) >> 3) : n;
    }
    while (k < n) {
        u32 b = src[from + k];
        if (b == LOGPIPE_NEWLINE)
#line 163 "klib-src/logpipe/words.ts"
            return k;
        dst[at + k] = b;
        k++;
    }
    return n;
}

#line 176 "klib-src/logpipe/words.ts"
static inline __attribute__((always_inline)) void copy_in(u8 *dst, bytes at, u8 *src, bytes from,
                                                          bytes n)
{
#line 177 "klib-src/logpipe/words.ts"
    if (n < 8) {
        for (bytes k = 0; k < n; k++)
#line 178 "klib-src/logpipe/words.ts"
            dst[at + k] = src[from + k];
        return;
    }
    bytes k = 0;
    while (n - k > 32) {
        __builtin_memcpy((dst) + (at + k),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k), 8)))}, 8);
#line 184 "klib-src/logpipe/words.ts"
        __builtin_memcpy((dst) + (at + k + 8),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k + 8), 8)))},
                         8);
#line 185 "klib-src/logpipe/words.ts"
        __builtin_memcpy((dst) + (at + k + 16),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k + 16), 8)))},
                         8);
#line 186 "klib-src/logpipe/words.ts"
        __builtin_memcpy((dst) + (at + k + 24),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k + 24), 8)))},
                         8);
#line 187 "klib-src/logpipe/words.ts"
        k += 32;
    }
    while (n - k > 8) {
        __builtin_memcpy((dst) + (at + k),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k), 8)))}, 8);
#line 191 "klib-src/logpipe/words.ts"
        k += 8;
    }
    __builtin_memcpy((dst) + (at + n - 8),
                     &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + n - 8), 8)))}, 8);
}
