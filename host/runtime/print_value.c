/* %v: a readable form of any value. Tuples print as (key:value ...) with keys
   sorted, vectors as [a b], strings raw, binary strings as a byte count;
   nesting deeper than the given depth prints <pruned>. */
#include "host.h"

void host_print_value(buffer d, value v, int depth);

static boolean printable(buffer b)
{
    for (bytes i = 0; i < buffer_length(b); i++) {
        u8 c = byte(b, i);
        if (c < 0x20 || c > 0x7e)
            return false;
    }
    return true;
}

static int compare_symbols(symbol a, symbol b)
{
    buffer x = symbol_string(a), y = symbol_string(b);
    bytes n = MIN(buffer_length(x), buffer_length(y));
    int r = runtime_memcmp(buffer_ref(x, 0), buffer_ref(y, 0), n);
    if (r)
        return r;
    return buffer_length(x) < buffer_length(y) ? -1 : buffer_length(x) > buffer_length(y);
}

closure_function(1, 2, boolean, collect_key,
                 vector, keys,
                 value k, value v)
{
    (void)v;
    vector_push(bound(keys), k);
    return true;
}

static void print_tuple(buffer d, tuple t, int depth)
{
    vector keys = allocate_vector(host_heap(), 8);
    iterate(t, stack_closure(collect_key, keys));
    int n = vector_length(keys);
    symbol *k = buffer_ref(keys, 0);
    for (int i = 1; i < n; i++)         /* insertion sort: tuples are small */
        for (int j = i; j > 0 && compare_symbols(k[j - 1], k[j]) > 0; j--) {
            symbol x = k[j];
            k[j] = k[j - 1];
            k[j - 1] = x;
        }
    push_u8(d, '(');
    for (int i = 0; i < n; i++) {
        if (i)
            push_u8(d, ' ');
        bprintf(d, "%b:", symbol_string(k[i]));
        host_print_value(d, get(t, k[i]), depth - 1);
    }
    push_u8(d, ')');
    deallocate_vector(keys);
}

void host_print_value(buffer d, value v, int depth)
{
    if (!v) {
        bprintf(d, "<null>");
        return;
    }
    if (is_immediate_integer(v)) {
        bprintf(d, "%ld", s64_from_tagged_immediate(v));
        return;
    }
    switch (host_tagof(v)) {
    case tag_table_tuple:
        if (depth <= 0)
            bprintf(d, "<pruned>");
        else
            print_tuple(d, v, depth);
        return;
    case tag_vector:
        if (depth <= 0) {
            bprintf(d, "<pruned>");
            return;
        }
        push_u8(d, '[');
        for (int i = 0; i < vector_length(v); i++) {
            if (i)
                push_u8(d, ' ');
            host_print_value(d, vector_get(v, i), depth - 1);
        }
        push_u8(d, ']');
        return;
    case tag_symbol:
        push_buffer(d, symbol_string(v));
        return;
    default:
        if (printable(v))
            push_buffer(d, v);
        else
            bprintf(d, "<binary:%ld>", buffer_length((buffer)v));
    }
}
