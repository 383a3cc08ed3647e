/* Tuples and the generic value operations (get, set, iterate, deallocate).
   A tuple is a small array of (symbol, value) pairs in insertion order: the
   tuples klibs see (manifest sections, statuses, HTTP messages) hold a few
   dozen entries, where a linear scan is as fast as hashing. */
#include "host.h"

struct entry {
    symbol k;
    value v;
};

/* Klibs only hold pointers to this; `union tuple` stays opaque to them. */
struct host_tuple {
    u32 count;
    u32 capacity;
    struct entry *entries;
};

static struct host_tuple *as_tuple(value v)
{
    return (struct host_tuple *)v;
}

tuple allocate_tuple(void)
{
    struct host_tuple *t = host_tagged_alloc(tag_table_tuple, sizeof(struct host_tuple));
    if (!t)
        return INVALID_ADDRESS;
    t->count = t->capacity = 0;
    t->entries = 0;
    return (tuple)t;
}

/* Tuple keys are symbols; an integer key names the symbol of its decimal text. */
static symbol key_symbol(value k)
{
    if (is_immediate_integer(k)) {
        char text[24];
        int n = rsnprintf(text, sizeof(text), "%ld", u64_from_tagged_immediate(k));
        return host_intern(text, n);
    }
    switch (host_tagof(k)) {
    case tag_symbol:
        return (symbol)k;
    case tag_string:
    case tag_unknown:
        return intern((buffer)k);
    default:
        return 0;
    }
}

static boolean vector_index(value k, u64 *i)
{
    if (is_immediate_integer(k)) {
        *i = u64_from_tagged_immediate(k);
        return true;
    }
    if (host_tagof(k) == tag_symbol)
        return u64_from_value(symbol_string((symbol)k), i);
    return u64_from_value(k, i);
}

static struct entry *find(struct host_tuple *t, symbol k)
{
    for (u32 i = 0; i < t->count; i++)
        if (t->entries[i].k == k)
            return &t->entries[i];
    return 0;
}

value get(value e, value k)
{
    switch (host_tagof(e)) {
    case tag_table_tuple: {
        symbol s = key_symbol(k);
        struct entry *x = s ? find(as_tuple(e), s) : 0;
        return x ? x->v : 0;
    }
    case tag_vector: {
        u64 i;
        return vector_index(k, &i) ? vector_get((vector)e, i) : 0;
    }
    default:
        halt("cannot get from unknown value (e %p, k %p)\n", e, k);
    }
}

static void tuple_remove(struct host_tuple *t, struct entry *x)
{
    u32 i = x - t->entries;
    runtime_memcpy(x, x + 1, (t->count - i - 1) * sizeof(*x));
    t->count--;
}

static void tuple_set(struct host_tuple *t, symbol k, value v)
{
    struct entry *x = find(t, k);
    if (x) {
        if (v)
            x->v = v;
        else
            tuple_remove(t, x);
        return;
    }
    if (!v)
        return;
    if (t->count == t->capacity) {
        u32 capacity = t->capacity ? t->capacity * 2 : 8;
        struct entry *entries = host_malloc(capacity * sizeof(struct entry));
        if (!entries)
            host_fatal("out of memory growing a tuple");
        runtime_memcpy(entries, t->entries, t->count * sizeof(struct entry));
        host_free(t->entries);
        t->entries = entries;
        t->capacity = capacity;
    }
    t->entries[t->count].k = k;
    t->entries[t->count].v = v;
    t->count++;
}

void set(value e, value k, value v)
{
    switch (host_tagof(e)) {
    case tag_table_tuple: {
        symbol s = key_symbol(k);
        if (!s)
            halt("set: key %p is not a symbol\n", k);
        tuple_set(as_tuple(e), s, v);
        return;
    }
    case tag_vector: {
        u64 i;
        if (!vector_index(k, &i) || !vector_set((vector)e, i, v))
            halt("set: bad vector index %p\n", k);
        return;
    }
    default:
        halt("cannot set on unknown value (e %p, k %p)\n", e, k);
    }
}

boolean iterate(value e, binding_handler h)
{
    switch (host_tagof(e)) {
    case tag_table_tuple: {
        struct host_tuple *t = as_tuple(e);
        for (u32 i = 0; i < t->count; i++)
            if (!apply(h, t->entries[i].k, t->entries[i].v))
                return false;
        return true;
    }
    case tag_vector:
        for (int i = 0; i < vector_length((vector)e); i++)
            if (!apply(h, integer_key(i), vector_get((vector)e, i)))
                return false;
        return true;
    default:
        halt("cannot iterate on unknown value (e %p)\n", e);
    }
}

boolean is_composite(value v)
{
    if (is_immediate(v))
        return false;
    u8 tag = host_tagof(v);
    return tag == tag_table_tuple || tag == tag_vector;
}

int tuple_count(tuple t)
{
    if (host_tagof(t) != tag_table_tuple)
        halt("tuple_count: %p is not a tuple\n", t);
    return as_tuple(t)->count;
}

symbol tuple_get_symbol(tuple t, value v)
{
    struct host_tuple *x = as_tuple(t);
    for (u32 i = 0; i < x->count; i++)
        if (x->entries[i].v == v)
            return x->entries[i].k;
    return 0;
}

void deallocate_value(value v)
{
    if (!v || is_immediate(v))
        return;
    switch (host_tagof(v)) {
    case tag_symbol:
        return;                 /* symbols live forever */
    case tag_table_tuple: {
        struct host_tuple *t = as_tuple(v);
        host_free(t->entries);
        host_tagged_free(t, sizeof(*t));
        return;
    }
    default:                    /* strings, vectors, integers and untyped buffers */
        deallocate_buffer((buffer)v);
        return;
    }
}

void destruct_value(value v, boolean recursive)
{
    if (is_composite(v)) {
        /* Children first; the container's storage is still valid meanwhile. */
        if (host_tagof(v) == tag_table_tuple) {
            struct host_tuple *t = as_tuple(v);
            for (u32 i = 0; i < t->count; i++) {
                value c = t->entries[i].v;
                if (is_composite(c)) {
                    if (recursive)
                        destruct_value(c, true);
                } else {
                    deallocate_value(c);
                }
            }
        } else {
            for (int i = 0; i < vector_length((vector)v); i++) {
                value c = vector_get((vector)v, i);
                if (is_composite(c)) {
                    if (recursive)
                        destruct_value(c, true);
                } else {
                    deallocate_value(c);
                }
            }
        }
    }
    deallocate_value(v);
}
