/* Command line: klibhost --config CONFIG.json [--resolve HOST:PORT:ADDR]...
   [--resolve-file PATH] [--connect-to H1:P1:H2:P2]... [--interface-address IPV4|none]
   [--flush-timeout SECONDS]
   [--klib-dir DIR] [--root-dir DIR] [--memory MIB] [--memory-limit BYTES]
   [--memory-report] [--] PROGRAM [ARGS...] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host_sys.h"
#include "options.h"
#include "redirect.h"

static const char usage[] =
    "usage: klibhost --config CONFIG.json [--resolve HOST:PORT:ADDR]... [--resolve-file PATH]\n"
    "                [--connect-to HOST1:PORT1:HOST2:PORT2]... [--interface-address IPV4|none]\n"
    "                [--flush-timeout SECONDS]\n"
    "                [--klib-dir DIR] [--root-dir DIR] [--memory MIB] [--memory-limit BYTES]\n"
    "                [--memory-report] [--] PROGRAM [ARGS...]\n";

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

/* A count with an optional k, m or g suffix (powers of 1024), at least 1 and
   at most `max`; 0 when it is not one. */
static unsigned long long parse_count(const char *s, unsigned long long max)
{
    char *end;
    if (*s < '0' || *s > '9')
        return 0;
    unsigned long long n = strtoull(s, &end, 10);
    int shift = 0;
    if (*end == 'k' || *end == 'K')
        shift = 10;
    else if (*end == 'm' || *end == 'M')
        shift = 20;
    else if (*end == 'g' || *end == 'G')
        shift = 30;
    if (shift)
        end++;
    if (*end || n == 0 || n > (max >> shift))
        return 0;
    return n << shift;
}

void parse_options(int argc, char **argv, struct options *o)
{
    o->config_path = 0;
    o->klib_dir = 0;
    o->root_dir = 0;
    o->flush_timeout_ns = 30ull * 1000000000ull;   /* the watchdog: well past the klibs' own 10 s */
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
        } else if (!strcmp(a, "--interface-address")) {
            const char *v = value_of(argc, argv, &i);
            if (!host_set_interface_address(v))
                usage_error("bad --interface-address (an IPv4 address, or none)", v);
        } else if (!strcmp(a, "--connect-to")) {
            const char *v = value_of(argc, argv, &i);
            if (!host_add_connect_to(v))
                usage_error("bad --connect-to (HOST1:PORT1:HOST2:PORT2)", v);
        } else if (!strcmp(a, "--memory")) {
            const char *v = value_of(argc, argv, &i);
            unsigned long long mib = v[strspn(v, "0123456789")] ? 0 : parse_count(v, 1ull << 20);
            if (!mib)
                usage_error("bad --memory (MiB of guest memory, 1 to 1048576)", v);
            host_set_guest_memory(mib << 20);
        } else if (!strcmp(a, "--memory-limit")) {
            const char *v = value_of(argc, argv, &i);
            unsigned long long limit = parse_count(v, 1ull << 40);
            if (!limit)
                usage_error("bad --memory-limit (bytes, k/m/g suffixes allowed)", v);
            host_set_klib_memory_limit(limit);
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
