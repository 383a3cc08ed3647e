/* Symbols: interned strings, compared by pointer, never freed. */
#ifndef NANOS_HEADERS_SYMBOL_H
#define NANOS_HEADERS_SYMBOL_H

typedef struct symbol *symbol;

symbol intern(buffer name);
string symbol_string(symbol s);
u64 key_from_symbol(void *z);

/* sym(foo) interns "foo" once per call site (the name is stringified, so
   sym(Content-Type) works) */
#define sym(name) ({                                                    \
    static symbol __sym_cache;                                          \
    if (!__sym_cache) {                                                 \
        char __sym_name[] = #name;                                      \
        __sym_cache = intern(alloca_wrap_buffer(__sym_name, sizeof(__sym_name) - 1)); \
    }                                                                   \
    __sym_cache;                                                        \
})

#define sym_this(name) ({                                   \
    assert_string_literal(name);                            \
    intern(alloca_wrap_buffer(name, sizeof(name) - 1));     \
})

#define sym_sstring(name) ({                        \
    sstring __symn = (name);                        \
    intern(alloca_wrap_buffer(__symn.ptr, __symn.len)); \
})

#endif
