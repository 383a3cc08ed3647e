/* generated from klib-src/logpipe/words.ts by klibc - do not edit */
#pragma once

#define LOGPIPE_NEWLINE 10
#define LOGPIPE_NEWLINES 0xa0a0a0a0a0a0a0aull
#define LOGPIPE_ONES 0x101010101010101ull
#define LOGPIPE_LOW_BITS 0x7f7f7f7f7f7f7f7full
#define LOGPIPE_TOP_BITS 0x8080808080808080ull
#define LOGPIPE_MINUS_0B 0xf4f4f4f4f4f4f4f5ull

bytes logpipe_scan_newline(u8 *p, bytes from, bytes end);
bytes logpipe_after_last_newline(u8 *p, bytes from, bytes end);

#line 29 "klib-src/logpipe/words.ts"
static inline __attribute__((always_inline)) u64 newline_bits(u64 w)
{
#line 30 "klib-src/logpipe/words.ts"
    u64 x = w ^ LOGPIPE_NEWLINES;
#line 33 "klib-src/logpipe/words.ts"
    return ~(((x & LOGPIPE_LOW_BITS) + LOGPIPE_LOW_BITS) | x) & LOGPIPE_TOP_BITS;
}

#line 43 "klib-src/logpipe/words.ts"
static inline __attribute__((always_inline)) u64 newline_hint(u64 w)
{
#line 44 "klib-src/logpipe/words.ts"
    return ((w & LOGPIPE_LOW_BITS) ^ LOGPIPE_NEWLINES) - LOGPIPE_ONES;
}

#line 48 "klib-src/logpipe/words.ts"
static inline __attribute__((always_inline)) u64 newlines_in(u64 w)
{
#line 49 "klib-src/logpipe/words.ts"
    return (newline_hint(w) & LOGPIPE_TOP_BITS) != 0 ? newline_bits(w) : 0;
}

#line 127 "klib-src/logpipe/words.ts"
static inline __attribute__((always_inline)) u64 copy32(u8 *dst, bytes at, u8 *src, bytes from)
{
#line 128 "klib-src/logpipe/words.ts"
    u64 w0 = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from), 8));
    u64 w1 = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + 8), 8));
    u64 w2 = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + 16), 8));
    u64 w3 = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + 24), 8));
    __builtin_memcpy((dst) + (at), &(u64){(w0)}, 8);
    __builtin_memcpy((dst) + (at + 8), &(u64){(w1)}, 8);
    __builtin_memcpy((dst) + (at + 16), &(u64){(w2)}, 8);
    __builtin_memcpy((dst) + (at + 24), &(u64){(w3)}, 8);
    u64 below = (w0 + LOGPIPE_MINUS_0B) | (w1 + LOGPIPE_MINUS_0B) | (w2 + LOGPIPE_MINUS_0B) | (w3 + LOGPIPE_MINUS_0B);
    return below & ~(w0 & w1 & w2 & w3);
}

#line 141 "klib-src/logpipe/words.ts"
static inline __attribute__((always_inline)) bytes first_newline_exact32(u8 *p, bytes from)
{
#line 142 "klib-src/logpipe/words.ts"
    for (bytes j = 0; j < 32; j += 8) {
        u64 bits = newline_bits((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (from + j), 8)));
        if (bits != 0)
#line 144 "klib-src/logpipe/words.ts"
            return j + (lsb(bits) >> 3);
    }
    return 32;
}

#line 156 "klib-src/logpipe/words.ts"
static inline __attribute__((always_inline)) bytes first_newline32(u8 *p, bytes from, u64 hint)
{
#line 157 "klib-src/logpipe/words.ts"
    if ((hint & (hint - 1)) == 0) {
        bytes at = from + (lsb(hint) >> 3);
        if (p[at] == LOGPIPE_NEWLINE)
#line 159 "klib-src/logpipe/words.ts"
            return at - from;
        if (p[at + 8] == LOGPIPE_NEWLINE)
#line 160 "klib-src/logpipe/words.ts"
            return at + 8 - from;
        if (p[at + 16] == LOGPIPE_NEWLINE)
#line 161 "klib-src/logpipe/words.ts"
            return at + 16 - from;
        if (p[at + 24] == LOGPIPE_NEWLINE)
#line 162 "klib-src/logpipe/words.ts"
            return at + 24 - from;
        return 32;
    }
    return first_newline_exact32(p, from);
}

#line 175 "klib-src/logpipe/words.ts"
static inline __attribute__((always_inline)) bytes copy_to_newline(u8 *dst, bytes at, u8 *src,
                                                                   bytes from, bytes n)
{
#line 176 "klib-src/logpipe/words.ts"
    bytes k = 0;
    if (n >= 32) {
#line 181 "klib-src/logpipe/words.ts"
        u64 hint = copy32(dst, at, src, from) & LOGPIPE_TOP_BITS;
        if (hint != 0) {
            bytes j = first_newline32(src, from, hint);
            if (j < 32)
#line 184 "klib-src/logpipe/words.ts"
                return j;
        }
        k = 32;
    }
    while (k + 32 <= n) {
        if ((copy32(dst, at + k, src, from + k) & LOGPIPE_TOP_BITS) != 0) {
            bytes j = first_newline_exact32(src, from + k);
            if (j < 32)
#line 191 "klib-src/logpipe/words.ts"
                return k + j;
        }
        k += 32;
    }
    while (n - k >= 8) {
        u64 w = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k), 8));
        __builtin_memcpy((dst) + (at + k), &(u64){(w)}, 8);
        u64 bits = newlines_in(w);
        if (bits != 0)
#line 199 "klib-src/logpipe/words.ts"
            return k + (lsb(bits) >> 3);
        k += 8;
    }
    if (k == n)
#line 202 "klib-src/logpipe/words.ts"
        return n;
    if (n >= 8) {
#line 205 "klib-src/logpipe/words.ts"
        u64 w = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + n - 8), 8));
        __builtin_memcpy((dst) + (at + n - 8), &(u64){(w)}, 8);
        u64 bits = newlines_in(w);
        return bits != 0 ? n - 8 + (lsb(bits) >> 3) : n;
    }
    while (k < n) {
        u32 b = src[from + k];
        if (b == LOGPIPE_NEWLINE)
#line 212 "klib-src/logpipe/words.ts"
            return k;
        dst[at + k] = b;
        k++;
    }
    return n;
}

#line 225 "klib-src/logpipe/words.ts"
static inline __attribute__((always_inline)) void copy_in(u8 *dst, bytes at, u8 *src, bytes from,
                                                          bytes n)
{
#line 226 "klib-src/logpipe/words.ts"
    if (n < 8) {
        for (bytes k = 0; k < n; k++)
#line 227 "klib-src/logpipe/words.ts"
            dst[at + k] = src[from + k];
        return;
    }
    bytes k = 0;
    while (n - k > 32) {
        __builtin_memcpy((dst) + (at + k),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k), 8)))}, 8);
#line 233 "klib-src/logpipe/words.ts"
        __builtin_memcpy((dst) + (at + k + 8),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k + 8), 8)))},
                         8);
#line 234 "klib-src/logpipe/words.ts"
        __builtin_memcpy((dst) + (at + k + 16),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k + 16), 8)))},
                         8);
#line 235 "klib-src/logpipe/words.ts"
        __builtin_memcpy((dst) + (at + k + 24),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k + 24), 8)))},
                         8);
#line 236 "klib-src/logpipe/words.ts"
        k += 32;
    }
    while (n - k > 8) {
        __builtin_memcpy((dst) + (at + k),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k), 8)))}, 8);
#line 240 "klib-src/logpipe/words.ts"
        k += 8;
    }
    __builtin_memcpy((dst) + (at + n - 8),
                     &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + n - 8), 8)))}, 8);
}

#line 251 "klib-src/logpipe/words.ts"
static inline __attribute__((always_inline)) void copy_piece(u8 *dst, bytes at, u8 *src, bytes from,
                                                             bytes n)
{
#line 252 "klib-src/logpipe/words.ts"
    if (n > 128) {
        copy_in(dst, at, src, from, n);
        return;
    }
    if (n < 16) {
        if (n >= 8) {
            __builtin_memcpy((dst) + (at),
                             &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from), 8)))}, 8);
#line 259 "klib-src/logpipe/words.ts"
            __builtin_memcpy((dst) + (at + n - 8),
                             &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + n - 8), 8)))},
                             8);
#line 260 "klib-src/logpipe/words.ts"
            return;
        }
        for (bytes k = 0; k < n; k++)
#line 262 "klib-src/logpipe/words.ts"
            dst[at + k] = src[from + k];
        return;
    }
    for (bytes k = 0; k + 16 < n; k += 16) {
        __builtin_memcpy((dst) + (at + k),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k), 8)))}, 8);
#line 267 "klib-src/logpipe/words.ts"
        __builtin_memcpy((dst) + (at + k + 8),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k + 8), 8)))},
                         8);
    }
#line 269 "klib-src/logpipe/words.ts"
    __builtin_memcpy((dst) + (at + n - 16),
                     &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + n - 16), 8)))},
                     8);
#line 270 "klib-src/logpipe/words.ts"
    __builtin_memcpy((dst) + (at + n - 8),
                     &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + n - 8), 8)))}, 8);
}
