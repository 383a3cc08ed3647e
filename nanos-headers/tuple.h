/* Values and tuples. A tuple maps symbols to values; a string value is a
   buffer; integers are usually immediates. Only get/set/iterate and the
   allocation calls are kernel functions; the typed getters are inline. */
#ifndef NANOS_HEADERS_TUPLE_H
#define NANOS_HEADERS_TUPLE_H

union tuple;
typedef union tuple *tuple;

closure_type(binding_handler, boolean, value k, value v);

typedef struct table *table;
typedef u64 key;

value get(value e, value a);
void set(value e, value a, value v);
/* false when the handler stopped the walk by returning false */
boolean iterate(value e, binding_handler h);
int tuple_count(tuple t);
symbol tuple_get_symbol(tuple t, value v);
tuple allocate_tuple(void);
void destruct_value(value v, boolean recursive);
void deallocate_value(value t);
boolean is_composite(value v);
value indirect_integer_from_u64(u64 n);

static inline boolean is_tuple(value v)
{
    value_tag tag = tagof(v);
    return tag == tag_table_tuple || tag == tag_function_tuple;
}

static inline boolean is_symbol(value v)
{
    return tagof(v) == tag_symbol;
}

/* untyped buffers count as strings (older manifest encodings) */
static inline boolean is_string(value v)
{
    value_tag tag = tagof(v);
    return tag == tag_string || tag == tag_unknown;
}

static inline boolean is_vector(value v)
{
    return tagof(v) == tag_vector;
}

static inline boolean is_integer(value v)
{
    return tagof(v) == tag_integer;
}

/* an immediate integer, or a decimal string (the string is not consumed) */
static inline boolean u64_from_value(value v, u64 *result)
{
    if (is_immediate_integer(v)) {
        *result = u64_from_tagged_immediate(v);
        return true;
    }
    if (!(is_string(v) || is_integer(v)))
        return false;
    return parse_int(alloca_wrap((buffer)v), 10, result);
}

static inline boolean s64_from_value(value v, s64 *result)
{
    if (is_immediate_integer(v)) {
        *result = s64_from_tagged_immediate(v);
        return true;
    }
    if (!(is_string(v) || is_integer(v)))
        return false;
    return parse_signed_int(alloca_wrap((buffer)v), 10, result);
}

static inline value value_from_u64(u64 n)
{
    if (n > IMM_UINT_MAX)
        return indirect_integer_from_u64(n);
    return tagged_immediate_unsigned(n);
}

/* vector index keys */
static inline value integer_key(u64 n)
{
    return value_from_u64(n);
}

static inline tuple get_tuple(value e, symbol a)
{
    value v = get(e, a);
    return (v && is_tuple(v)) ? v : 0;
}

static inline vector get_vector(value e, symbol a)
{
    value v = get(e, a);
    return (v && is_vector(v)) ? v : 0;
}

static inline string get_string(value e, symbol a)
{
    value v = get(e, a);
    return (v && is_string(v)) ? v : 0;
}

static inline boolean get_u64(value e, symbol a, u64 *result)
{
    value v = get(e, a);
    return v ? u64_from_value(v, result) : false;
}

static inline boolean get_s64(value e, symbol a, s64 *result)
{
    value v = get(e, a);
    return v ? s64_from_value(v, result) : false;
}

#endif
