/* Symbols: interned strings in the symbol region, compared by pointer and
   never freed. An open-addressing table maps names to symbols. */
#include "host.h"

struct symbol {
    string s;
    u64 k;
};

static struct {
    symbol *slots;
    u64 capacity;
    u64 count;
} symbols;

static u64 hash_bytes(const u8 *p, bytes n)
{
    u64 h = 0xcbf29ce484222325ull;     /* FNV-1a */
    for (bytes i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

static boolean same_name(symbol s, const void *p, bytes n)
{
    return buffer_length(s->s) == n && runtime_memcmp(buffer_ref(s->s, 0), p, n) == 0;
}

static void grow(void)
{
    u64 capacity = symbols.capacity ? symbols.capacity * 2 : 1024;
    symbol *slots = host_calloc(capacity * sizeof(symbol));
    if (!slots)
        host_fatal("out of memory growing the symbol table");
    for (u64 i = 0; i < symbols.capacity; i++) {
        symbol s = symbols.slots[i];
        if (!s)
            continue;
        u64 j = s->k & (capacity - 1);
        while (slots[j])
            j = (j + 1) & (capacity - 1);
        slots[j] = s;
    }
    host_free(symbols.slots);
    symbols.slots = slots;
    symbols.capacity = capacity;
}

symbol host_intern(const void *p, bytes n)
{
    if (symbols.count * 2 >= symbols.capacity)
        grow();
    u64 k = hash_bytes(p, n);
    u64 j = k & (symbols.capacity - 1);
    for (symbol s; (s = symbols.slots[j]); j = (j + 1) & (symbols.capacity - 1)) {
        if (s->k == k && same_name(s, p, n))
            return s;
    }
    symbol s = host_tagged_alloc(tag_symbol, sizeof(struct symbol));
    if (!s)
        host_fatal("out of memory interning a symbol");
    s->s = host_string_from(p, n);
    if (s->s == INVALID_ADDRESS)
        host_fatal("out of memory interning a symbol");
    s->k = k;
    symbols.slots[j] = s;
    symbols.count++;
    return s;
}

symbol intern(buffer name)
{
    return host_intern(buffer_ref(name, 0), buffer_length(name));
}

string symbol_string(symbol s)
{
    return s->s;
}

u64 key_from_symbol(void *z)
{
    return ((symbol)z)->k;
}
