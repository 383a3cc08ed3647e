/* Command line: klibhost --config CONFIG.json [--resolve HOST:PORT:ADDR]...
   [--resolve-file PATH] [--connect-to H1:P1:H2:P2]... [--flush-timeout SECONDS]
   [--klib-dir DIR] [--root-dir DIR] [--memory-report] [--] PROGRAM [ARGS...] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host_sys.h"
#include "options.h"
#include "redirect.h"

static const char usage[] =
    "usage: klibhost --config CONFIG.json [--resolve HOST:PORT:ADDR]... [--resolve-file PATH]\n"
    "                [--connect-to HOST1:PORT1:HOST2:PORT2]... [--flush-timeout SECONDS]\n"
    "                [--klib-dir DIR] [--root-dir DIR] [--memory-report] [--] PROGRAM [ARGS...]\n";

static void usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "klibhost: %s%s%s\n%s", what, arg ? ": " : "", arg ? arg : "", usage);
    exit(2);
}

static const char *value_of(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        usage_error("missing value for", argv[*i]);
    return argv[++*i];
}

static unsigned long long parse_seconds(const char *s)
{
    char *end;
    double x = strtod(s, &end);
    if (end == s || *end || !(x >= 0) || x > 1e9)
        usage_error("bad --flush-timeout (seconds)", s);
    return (unsigned long long)(x * 1e9);
}

void parse_options(int argc, char **argv, struct options *o)
{
    o->config_path = 0;
    o->klib_dir = 0;
    o->root_dir = 0;
    o->flush_timeout_ns = 10ull * 1000000000ull;
    o->memory_report = 0;
    o->program_argv = 0;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (a[0] != '-')
            break;
        if (!strcmp(a, "--config")) {
            o->config_path = value_of(argc, argv, &i);
        } else if (!strcmp(a, "--klib-dir")) {
            o->klib_dir = value_of(argc, argv, &i);
        } else if (!strcmp(a, "--root-dir")) {
            o->root_dir = value_of(argc, argv, &i);
        } else if (!strcmp(a, "--flush-timeout")) {
            o->flush_timeout_ns = parse_seconds(value_of(argc, argv, &i));
        } else if (!strcmp(a, "--resolve")) {
            const char *v = value_of(argc, argv, &i);
            if (!host_add_resolve(v))
                usage_error("bad --resolve (HOST:PORT:ADDRESS)", v);
        } else if (!strcmp(a, "--resolve-file")) {
            const char *v = value_of(argc, argv, &i);
            if (!host_set_resolve_file(v))
                usage_error("cannot read --resolve-file", v);
        } else if (!strcmp(a, "--connect-to")) {
            const char *v = value_of(argc, argv, &i);
            if (!host_add_connect_to(v))
                usage_error("bad --connect-to (HOST1:PORT1:HOST2:PORT2)", v);
        } else if (!strcmp(a, "--memory-report")) {
            o->memory_report = 1;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            exit(0);
        } else {
            usage_error("unknown option", a);
        }
    }
    if (!o->config_path)
        usage_error("--config is required", 0);
    if (i >= argc)
        usage_error("no PROGRAM to run", 0);
    o->program_argv = argv + i;
}
