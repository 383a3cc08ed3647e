/* The root tuple from an ops-style JSON config, as ops would write the
   manifest: ManifestPassthrough keys at the top level (objects → tuples,
   arrays → vectors, strings → strings), Env → "environment", Program →
   "program" (else the PROGRAM klibhost runs), Args → "arguments", and Klibs (the klib names, also recorded as
   "klibs": "bootfs" as ops does). Other ops keys do not reach the manifest. */
#include "host.h"
#include "json.h"

static struct {
    tuple root;
    vector klibs;
    vector scalars;             /* values that were JSON numbers or booleans */
    char message[512];
} config;

static boolean was_string(value v)
{
    if (host_tagof(v) != tag_string)
        return false;
    for (int i = 0; i < vector_length(config.scalars); i++)
        if (vector_get(config.scalars, i) == v)
            return false;
    return true;
}

static const char *bad(const char *fmt, sstring key)
{
    rsnprintf_sstring(config.message, sizeof(config.message), isstring((char *)fmt, runtime_strlen(fmt)), key);
    return config.message;
}

static boolean all_strings(value v)
{
    for (int i = 0; i < vector_length(v); i++)
        if (!was_string(vector_get(v, i)))
            return false;
    return true;
}

closure_function(1, 2, boolean, env_value_is_string,
                 boolean *, ok,
                 value k, value v)
{
    (void)k;
    if (!was_string(v)) {
        *bound(ok) = false;
        return false;
    }
    return true;
}

closure_function(1, 2, boolean, copy_passthrough,
                 tuple, root,
                 value k, value v)
{
    set(bound(root), k, v);
    return true;
}

static value take(tuple doc, const char *key)
{
    symbol s = host_intern(key, runtime_strlen(key));
    value v = get(doc, s);
    if (v)
        set(doc, s, 0);
    return v;
}

const char *host_load_config(const char *text, bytes len)
{
    struct json_error e;
    config.scalars = allocate_vector(host_heap(), 8);
    value doc = host_json_parse(text, len, &e, config.scalars);
    if (!doc) {
        rsnprintf(config.message, sizeof(config.message), "invalid JSON at line %d column %d: %s",
                  e.line, e.column, isstring((char *)e.message, runtime_strlen(e.message)));
        return config.message;
    }
    const char *error = 0;
    tuple root = allocate_tuple();
    config.root = root;
    if (host_tagof(doc) != tag_table_tuple) {
        destruct_value(doc, true);
        return bad("the configuration must be a JSON object%s", sstring_empty());
    }

    value klibs = take(doc, "Klibs");
    value env = take(doc, "Env");
    value passthrough = take(doc, "ManifestPassthrough");
    value program = take(doc, "Program");
    value args = take(doc, "Args");
    destruct_value(doc, true);

    if (klibs) {
        if (host_tagof(klibs) != tag_vector || !all_strings(klibs))
            error = bad("\"%s\" must be an array of klib names", ss("Klibs"));
        else
            set(root, sym(klibs), host_string_from("bootfs", 6));
        config.klibs = klibs;
    }
    if (!error && env) {
        boolean ok = host_tagof(env) == tag_table_tuple;
        if (ok)
            iterate(env, stack_closure(env_value_is_string, &ok));
        if (!ok)
            error = bad("\"%s\" must be an object whose values are strings", ss("Env"));
    }
    if (!error && passthrough && host_tagof(passthrough) != tag_table_tuple)
        error = bad("\"%s\" must be an object", ss("ManifestPassthrough"));
    if (!error && program && !was_string(program))
        error = bad("\"%s\" must be a string", ss("Program"));
    if (!error && args && (host_tagof(args) != tag_vector || !all_strings(args)))
        error = bad("\"%s\" must be an array of strings", ss("Args"));

    /* Everything stays reachable from the root (or config.klibs), so a failed
       load leaves nothing for the leak checker to report. */
    if (env)
        set(root, sym(environment), env);
    if (program)
        set(root, sym(program), program);
    if (args)
        set(root, sym(arguments), args);
    if (passthrough) {
        if (host_tagof(passthrough) == tag_table_tuple) {
            iterate(passthrough, stack_closure(copy_passthrough, root));
            deallocate_value(passthrough);
        } else {
            set(root, sym(ManifestPassthrough), passthrough);
        }
    }
    if (!get(root, sym(environment)))
        set(root, sym(environment), allocate_tuple());
    deallocate_vector(config.scalars);
    config.scalars = 0;
    return error;
}

tuple get_root_tuple(void)
{
    return config.root;
}

/* Without "Program" in the config, the manifest's program is the one klibhost
   runs, as ops writes the program it was given: a klib that names itself
   after it (syslog's APP-NAME) sees what it would see in the VM. */
void host_config_default_program(const char *path)
{
    if (get(config.root, sym(program)))
        return;
    set(config.root, sym(program), host_string_from(path, runtime_strlen(path)));
}

tuple get_environment(void)
{
    return get(config.root, sym(environment));
}

int host_config_klib_count(void)
{
    return config.klibs ? vector_length(config.klibs) : 0;
}

/* The name as a C string, in storage owned by the caller (size bytes). */
void host_config_klib_name(int i, char *out, u64 size)
{
    buffer b = vector_get(config.klibs, i);
    rsnprintf_sstring(out, size, ss("%b"), b);
}
