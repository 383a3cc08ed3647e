/* generated from klib-src/logpipe/words.ts by klibc - do not edit */
#pragma once

#define LOGPIPE_NEWLINE '\n'

/* A newline in every byte of a word. */
#define LOGPIPE_NEWLINES 0xa0a0a0a0a0a0a0aull

/* 1, the low 7 bits, and the top bit, of every byte of a word. */
#define LOGPIPE_ONES 0x101010101010101ull

#define LOGPIPE_LOW_BITS 0x7f7f7f7f7f7f7f7full
#define LOGPIPE_TOP_BITS 0x8080808080808080ull

/* 0x0b subtracted from every byte of a word (added: two's complement). */
#define LOGPIPE_MINUS_0B 0xf4f4f4f4f4f4f4f5ull

bytes logpipe_scan_newline(u8 *p, bytes from, bytes end);
bytes logpipe_after_last_newline(u8 *p, bytes from, bytes end);

/* The newlines of a word of text: bit 8k + 7 is set exactly where byte k is a newline. Exact (no
 * borrow runs from one byte into the next), so the lowest and the highest set bit both count. */
static inline __attribute__((always_inline)) u64 newline_bits(u64 w)
{
    u64 x = w ^ LOGPIPE_NEWLINES; /* newline bytes become 0 */
    /* (byte & 0x7f) + 0x7f sets a byte's top bit when its low 7 bits are not all 0, without
     * carrying out of the byte; or-ing the byte back in covers its own top bit: top bit clear =
     * byte was 0. */
    return ~(((x & LOGPIPE_LOW_BITS) + LOGPIPE_LOW_BITS) | x) & LOGPIPE_TOP_BITS;
}

/* The quick test: subtracting 1 from every byte of (the low 7 bits of each byte) xor newlines sets
 * the top bit (LOGPIPE_TOP_BITS) of a newline byte (of the first one at least: a borrow runs only
 * out of a 0 byte), of a byte 0x8a (the same low 7 bits) and of some bytes after a newline; of no
 * other byte, ASCII or not. Or-ed over several words: no top bit set, no newline in any of them. */
static inline __attribute__((always_inline)) u64 newline_hint(u64 w)
{
    return ((w & LOGPIPE_LOW_BITS) ^ LOGPIPE_NEWLINES) - LOGPIPE_ONES;
}

/* newlineBits(w), worked out only when the quick test allows a newline. */
static inline __attribute__((always_inline)) u64 newlines_in(u64 w)
{
    return (newline_hint(w) & LOGPIPE_TOP_BITS) != 0 ? newline_bits(w) : 0;
}

/* Copies the 32 bytes src[from ..) to dst[at ..) and returns the copy's quick test: no top bit
 * (LOGPIPE_TOP_BITS) set, no newline in them. Cheaper than newlineHint for a run of words (3
 * operations a word, 2 constants): subtracting 0x0b from every byte sets the top bit of the lowest
 * byte below 0x0b of a word (nothing borrows into it), and of bytes 0x8b and up; and-ing out the
 * byte positions where all 4 words are non-ASCII keeps the first and drops the others. So it flags
 * every newline, and, falsely, only bytes below 0x0b (tab, other control bytes) and byte positions
 * where the 4 words mix ASCII and UTF-8: ASCII text and text without ASCII go through unflagged. */
static inline __attribute__((always_inline)) u64 copy32(u8 *dst, bytes at, u8 *src, bytes from)
{
    u64 w0 = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from), 8));
    u64 w1 = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + 8), 8));
    u64 w2 = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + 16), 8));
    u64 w3 = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + 24), 8));
    __builtin_memcpy((dst) + (at), &(u64){(w0)}, 8);
    __builtin_memcpy((dst) + (at + 8), &(u64){(w1)}, 8);
    __builtin_memcpy((dst) + (at + 16), &(u64){(w2)}, 8);
    __builtin_memcpy((dst) + (at + 24), &(u64){(w3)}, 8);
    u64 below = (w0 + LOGPIPE_MINUS_0B) | (w1 + LOGPIPE_MINUS_0B) | (w2 + LOGPIPE_MINUS_0B) |
                (w3 + LOGPIPE_MINUS_0B);
    return below & ~(w0 & w1 & w2 & w3);
}

/* The index of the first newline in the 32 bytes p[from ..), or 32 when there is none: word by
 * word. */
static inline __attribute__((always_inline)) bytes first_newline_exact32(u8 *p, bytes from)
{
    for (bytes j = 0; j < 32; j += 8) {
        u64 bits = newline_bits((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (from + j), 8)));
        if (bits != 0)
            return j + (lsb(bits) >> 3);
    }
    return 32;
}

/* firstNewlineExact32, helped by the group's copy32 quick test `hint` (top bits only, not 0). The
 * test flags the byte position (in the word) of every newline, so when it flags one position alone
 * (as for a line of plain text ending in the group), every newline of the group is at that
 * position in one of the 4 words: 4 bytes to look at, in order, instead of 4 words. */
static inline __attribute__((always_inline)) bytes first_newline32(u8 *p, bytes from, u64 hint)
{
    if ((hint & (hint - 1)) == 0) {
        bytes at = from + (lsb(hint) >> 3);
        if (p[at] == LOGPIPE_NEWLINE)
            return at - from;
        if (p[at + 8] == LOGPIPE_NEWLINE)
            return at + 8 - from;
        if (p[at + 16] == LOGPIPE_NEWLINE)
            return at + 16 - from;
        if (p[at + 24] == LOGPIPE_NEWLINE)
            return at + 24 - from;
        return 32;
    }
    return first_newline_exact32(p, from);
}

/* Copies src[from .. from + n) to dst[at ..) up to its first newline, and returns how many bytes
 * come before that newline (n when there is none). Whole words are copied, so bytes after the
 * newline (at most n in all) may be written too: dst must have room for n. Copying while looking
 * reads each byte once (but for the last group's overlap). */
static inline __attribute__((always_inline)) bytes copy_to_newline(u8 *dst, bytes at, u8 *src,
                                                                   bytes from, bytes n)
{
    bytes k = 0;
    if (n >= 32) {
        /* The first group apart, where a short line's newline usually is: its quick test also
         * tells where to look (firstNewline32). The loop keeps its plain test: using the hint
         * there would cost its turns an instruction or two. */
        u64 hint = copy32(dst, at, src, from) & LOGPIPE_TOP_BITS;
        if (hint != 0) {
            bytes j = first_newline32(src, from, hint);
            if (j < 32)
                return j;
        }
        k = 32;
    }
    while (k + 32 <= n) {
        if ((copy32(dst, at + k, src, from + k) & LOGPIPE_TOP_BITS) != 0) {
            bytes j = first_newline_exact32(src, from + k);
            if (j < 32)
                return k + j;
        }
        k += 32;
    }
    while (n - k >= 8) {
        u64 w = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k), 8));
        __builtin_memcpy((dst) + (at + k), &(u64){(w)}, 8);
        u64 bits = newlines_in(w);
        if (bits != 0)
            return k + (lsb(bits) >> 3);
        k += 8;
    }
    if (k == n)
        return n;
    if (n >= 8) {
        /* The last word ends at n and overlaps the one before: the overlap holds no newline. */
        u64 w = (*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + n - 8), 8));
        __builtin_memcpy((dst) + (at + n - 8), &(u64){(w)}, 8);
        u64 bits = newlines_in(w);
        return bits != 0 ? n - 8 + (lsb(bits) >> 3) : n;
    }
    while (k < n) {
        u32 b = src[from + k];
        if (b == LOGPIPE_NEWLINE)
            return k;
        dst[at + k] = b;
        k++;
    }
    return n;
}

/* Copies src[from .. from + n) to dst[at ..) (they do not overlap), 8 bytes at a time; the last
 * word may overlap the one before. Inline rather than the kernel's memcpy: for a console line the
 * call and that memcpy's byte loops at both ends would cost more than the copy. */
static inline __attribute__((always_inline)) void copy_in(u8 *dst, bytes at, u8 *src, bytes from,
                                                          bytes n)
{
    if (n < 8) {
        for (bytes k = 0; k < n; k++)
            dst[at + k] = src[from + k];
        return;
    }
    bytes k = 0;
    while (n - k > 32) {
        __builtin_memcpy((dst) + (at + k),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k), 8)))}, 8);
        __builtin_memcpy((dst) + (at + k + 8),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k + 8), 8)))},
                         8);
        __builtin_memcpy((dst) + (at + k + 16),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k +
                                                                               16), 8)))},
                         8);
        __builtin_memcpy((dst) + (at + k + 24),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k +
                                                                               24), 8)))},
                         8);
        k += 32;
    }
    while (n - k > 8) {
        __builtin_memcpy((dst) + (at + k),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k), 8)))}, 8);
        k += 8;
    }
    __builtin_memcpy((dst) + (at + n - 8),
                     &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + n - 8), 8)))}, 8);
}

/* copyIn for the pieces of a mixed write (usually tens of bytes): 16 bytes a turn, the last 16
 * (or 8) overlapping the ones before, so that setting up costs about nothing; a long piece takes
 * copyIn's 32-byte turns. */
static inline __attribute__((always_inline)) void copy_piece(u8 *dst, bytes at, u8 *src, bytes from,
                                                             bytes n)
{
    if (n > 128) {
        copy_in(dst, at, src, from, n);
        return;
    }
    if (n < 16) {
        if (n >= 8) {
            __builtin_memcpy((dst) + (at),
                             &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from), 8)))}, 8);
            __builtin_memcpy((dst) + (at + n - 8),
                             &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + n -
                                                                                   8), 8)))},
                             8);
            return;
        }
        for (bytes k = 0; k < n; k++)
            dst[at + k] = src[from + k];
        return;
    }
    for (bytes k = 0; k + 16 < n; k += 16) {
        __builtin_memcpy((dst) + (at + k),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k), 8)))}, 8);
        __builtin_memcpy((dst) + (at + k + 8),
                         &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + k + 8), 8)))},
                         8);
    }
    __builtin_memcpy((dst) + (at + n - 16),
                     &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + n - 16), 8)))},
                     8);
    __builtin_memcpy((dst) + (at + n - 8),
                     &(u64){((*(u64 *)__builtin_memcpy(&(u64){0}, (src) + (from + n - 8), 8)))}, 8);
}
