/* x86_64 machine facts: integer types, value tagging, barriers and atomics.
   Values are tagged the way the kernel tags them: an immediate integer has
   its low bits set to 01; any other value's tag is read from address bits
   38..41 (the kernel allocates each kind of value from its own region).
   A hosted implementation must place its values the same way. */
#ifndef NANOS_HEADERS_MACHINE_H
#define NANOS_HEADERS_MACHINE_H

typedef unsigned char u8;
typedef char s8;
typedef unsigned short u16;
typedef short s16;
typedef unsigned int u32;
typedef int s32;
typedef unsigned long long u64;
typedef long long s64;
typedef __uint128_t u128;
typedef u64 word;
typedef s64 sword;
typedef u64 bytes;

#define U16_MAX 0xFFFF
#define S16_MAX ((s16)(U16_MAX >> 1))
#define S16_MIN (-S16_MAX - 1)
#define U32_MAX (~0u)
#define S32_MAX ((s32)(U32_MAX >> 1))
#define S32_MIN (-S32_MAX - 1)
#define U64_MAX (~0ull)
#define S64_MAX ((s64)(U64_MAX >> 1))
#define S64_MIN (-S64_MAX - 1)

/* immediate integers keep 2 bits for the encoding and one for the sign */
#define IMM_UINT_MAX (1ull << 61)
#define IMM_UINT_MIN (0)
#define IMM_SINT_MAX ((s64)IMM_UINT_MAX)
#define IMM_SINT_MIN (((s64)(1ull << 63)) >> 2)

typedef void *value;
typedef u8 value_tag;

#define pointer_from_u64(__a) ((void *)(__a))
#define u64_from_pointer(__a) ((u64)(__a))

#define PAGELOG     12
#define PAGESIZE    (1ull << PAGELOG)
#define PAGEMASK    (PAGESIZE - 1)

/* value tags (the tag steers to the access methods, see tuple.h) */
#define tag_unknown        (0ull)
#define tag_string         (1ull)
#define tag_symbol         (2ull)
#define tag_table_tuple    (3ull)
#define tag_function_tuple (4ull)
#define tag_vector         (5ull)
#define tag_integer        (6ull)
#define tag_max            (7ull)

#define VA_TAG_OFFSET 38
#define VA_TAG_WIDTH  4

static inline __attribute__((always_inline)) u8 is_immediate(value v)
{
    return (u64_from_pointer(v) & 1) != 0;
}

static inline __attribute__((always_inline)) u8 is_immediate_integer(value v)
{
    return (u64_from_pointer(v) & 3) == 1;
}

static inline __attribute__((always_inline)) value_tag tagof(void *v)
{
    if (is_immediate_integer(v))
        return tag_integer;
    return (u64_from_pointer(v) >> VA_TAG_OFFSET) & ((1ull << VA_TAG_WIDTH) - 1);
}

/* shifting left would overflow for large values; mask first (UBSan) */
#define _IMMASK ((word)-1ull >> 2)

static inline __attribute__((always_inline)) void *tagged_immediate_unsigned(word n)
{
    return (void *)(((n & _IMMASK) << 2) | 1);
}

static inline __attribute__((always_inline)) void *tagged_immediate_signed(sword n)
{
    return (void *)((((word)n & _IMMASK) << 2) | 1);
}

static inline __attribute__((always_inline)) u64 u64_from_tagged_immediate(void *v)
{
    return u64_from_pointer(v) >> 2;
}

static inline __attribute__((always_inline)) s64 s64_from_tagged_immediate(void *v)
{
    return (sword)u64_from_pointer(v) >> 2;
}

static inline u16 __bswap16(u16 x)
{
    return (u16)(x << 8 | x >> 8);
}

static inline u32 __bswap32(u32 x)
{
    return ((u32)__bswap16(x & 0xffff) << 16) | __bswap16(x >> 16);
}

static inline u64 __bswap64(u64 x)
{
    return ((u64)__bswap32(x & 0xffffffff) << 32) | __bswap32(x >> 32);
}

#define htobe16(x) __bswap16(x)
#define be16toh(x) __bswap16(x)
#define htole16(x) (x)
#define le16toh(x) (x)
#define htobe32(x) __bswap32(x)
#define be32toh(x) __bswap32(x)
#define htole32(x) (x)
#define le32toh(x) (x)
#define htobe64(x) __bswap64(x)
#define be64toh(x) __bswap64(x)
#define htole64(x) (x)
#define le64toh(x) (x)

static inline __attribute__((always_inline)) void compiler_barrier(void)
{
    asm volatile("" ::: "memory");
}

static inline __attribute__((always_inline)) void memory_barrier(void)
{
    asm volatile("mfence" ::: "memory");
}

/* x86 keeps load-load and store-store order for cached memory */
#define smp_write_barrier() compiler_barrier()
#define smp_read_barrier()  compiler_barrier()

static inline __attribute__((always_inline)) word fetch_and_add(word *variable, word value)
{
    return __sync_fetch_and_add(variable, value);
}

static inline __attribute__((always_inline)) u32 fetch_and_add_32(u32 *variable, u32 value)
{
    return __sync_fetch_and_add(variable, value);
}

static inline __attribute__((always_inline)) u8 compare_and_swap_64(u64 *p, u64 old, u64 new)
{
    return __sync_bool_compare_and_swap(p, old, new);
}

static inline __attribute__((always_inline)) u8 compare_and_swap_32(u32 *p, u32 old, u32 new)
{
    return __sync_bool_compare_and_swap(p, old, new);
}

static inline __attribute__((always_inline)) void kern_pause(void)
{
    asm volatile("pause");
}

/* index of the most significant set bit; -1 when x is 0 */
static inline u64 msb(u64 x)
{
    return x ? (u64)(63 - __builtin_clzll(x)) : -1ull;
}

/* index of the least significant set bit; -1 when x is 0 */
static inline u64 lsb(u64 x)
{
    return x ? (u64)__builtin_ctzll(x) : -1ull;
}

#endif
