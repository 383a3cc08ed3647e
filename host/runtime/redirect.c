/* --resolve and --connect-to (see redirect.h). */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host_sys.h"
#include "redirect.h"

#define MAX_ENTRIES 64

struct resolve_entry {
    char host[256];
    int port;
    struct host_ip ip;
};

struct connect_to_entry {
    char from_host[256];        /* "" matches any host */
    int from_port;              /* 0 matches any port */
    char to_host[256];          /* "" keeps the host */
    int to_port;                /* 0 keeps the port */
};

struct known_name {
    char name[256];
    struct host_ip ip;
};

static struct resolve_entry resolves[MAX_ENTRIES];
static int resolve_count;
static struct connect_to_entry connect_tos[MAX_ENTRIES];
static int connect_to_count;
static struct known_name names[MAX_ENTRIES];
static int name_count;

int host_parse_ip(const char *text, struct host_ip *out)
{
    char buf[64];
    size_t n = strlen(text);
    if (n >= 2 && text[0] == '[' && text[n - 1] == ']') {
        if (n - 2 >= sizeof(buf))
            return 0;
        memcpy(buf, text + 1, n - 2);
        buf[n - 2] = 0;
        text = buf;
    }
    memset(out, 0, sizeof(*out));
    if (inet_pton(AF_INET, text, out->bytes) == 1) {
        out->family = AF_INET;
        return 1;
    }
    if (inet_pton(AF_INET6, text, out->bytes) == 1) {
        out->family = AF_INET6;
        return 1;
    }
    return 0;
}

/* Splits off the next ':'-separated field; an IPv6 literal keeps its brackets. */
static int next_field(const char **p, char *out, size_t size)
{
    const char *s = *p, *end;
    if (*s == '[') {
        end = strchr(s, ']');
        if (!end)
            return 0;
        end++;
    } else {
        end = strchr(s, ':');
        if (!end)
            end = s + strlen(s);
    }
    size_t n = end - s;
    if (n >= size)
        return 0;
    memcpy(out, s, n);
    out[n] = 0;
    *p = *end == ':' ? end + 1 : end;
    return 1;
}

static int parse_port(const char *s, int allow_empty, int *port)
{
    if (!*s) {
        *port = 0;
        return allow_empty;
    }
    char *end;
    long x = strtol(s, &end, 10);
    if (*end || x <= 0 || x > 65535)
        return 0;
    *port = x;
    return 1;
}

int host_add_resolve(const char *spec)
{
    struct resolve_entry e;
    char port[16], addr[64];
    const char *p = spec;
    if (resolve_count == MAX_ENTRIES ||
        !next_field(&p, e.host, sizeof(e.host)) || !e.host[0] ||
        !next_field(&p, port, sizeof(port)) || !parse_port(port, 0, &e.port) ||
        !next_field(&p, addr, sizeof(addr)) || *p || !host_parse_ip(addr, &e.ip))
        return 0;
    resolves[resolve_count++] = e;
    return 1;
}

int host_add_connect_to(const char *spec)
{
    struct connect_to_entry e;
    char from_port[16], to_port[16];
    const char *p = spec;
    if (connect_to_count == MAX_ENTRIES ||
        !next_field(&p, e.from_host, sizeof(e.from_host)) ||
        !next_field(&p, from_port, sizeof(from_port)) || !parse_port(from_port, 1, &e.from_port) ||
        !next_field(&p, e.to_host, sizeof(e.to_host)) ||
        !next_field(&p, to_port, sizeof(to_port)) || !parse_port(to_port, 1, &e.to_port) || *p)
        return 0;
    connect_tos[connect_to_count++] = e;
    return 1;
}

int host_resolve_lookup(const char *name, struct host_ip *out)
{
    for (int i = 0; i < resolve_count; i++) {
        if (!strcasecmp(resolves[i].host, name)) {
            *out = resolves[i].ip;
            return 1;
        }
    }
    return 0;
}

void host_remember_name(const char *name, const struct host_ip *ip)
{
    for (int i = 0; i < name_count; i++)
        if (!strcasecmp(names[i].name, name)) {
            names[i].ip = *ip;
            return;
        }
    if (name_count == MAX_ENTRIES || strlen(name) >= sizeof(names[0].name))
        return;
    snprintf(names[name_count].name, sizeof(names[0].name), "%s", name);
    names[name_count++].ip = *ip;
}

static int same_ip(const struct host_ip *a, const struct host_ip *b)
{
    return a->family == b->family &&
        !memcmp(a->bytes, b->bytes, a->family == AF_INET ? 4 : 16);
}

/* A connect-to host matches an address literally or by a name DNS gave it. */
static int host_matches(const char *pattern, const struct host_ip *ip)
{
    if (!pattern[0])
        return 1;
    struct host_ip literal;
    if (host_parse_ip(pattern, &literal))
        return same_ip(&literal, ip);
    for (int i = 0; i < name_count; i++)
        if (!strcasecmp(names[i].name, pattern) && same_ip(&names[i].ip, ip))
            return 1;
    return 0;
}

static int resolve_now(const char *host, struct host_ip *out)
{
    if (host_parse_ip(host, out) || host_resolve_lookup(host, out))
        return 1;
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res;
    if (getaddrinfo(host, 0, &hints, &res) != 0)
        return 0;
    memset(out, 0, sizeof(*out));
    out->family = res->ai_family;
    if (res->ai_family == AF_INET)
        memcpy(out->bytes, &((struct sockaddr_in *)res->ai_addr)->sin_addr, 4);
    else
        memcpy(out->bytes, &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr, 16);
    freeaddrinfo(res);
    return 1;
}

void host_connect_target(const struct host_ip *ip, int port,
                         struct sockaddr_storage *out, socklen_t *outlen)
{
    struct host_ip target = *ip;
    for (int i = 0; i < connect_to_count; i++) {
        struct connect_to_entry *e = &connect_tos[i];
        if ((e->from_port && e->from_port != port) || !host_matches(e->from_host, ip))
            continue;
        if (e->to_host[0] && !resolve_now(e->to_host, &target))
            host_warn("--connect-to: cannot resolve %s", e->to_host);
        if (e->to_port)
            port = e->to_port;
        break;
    }
    memset(out, 0, sizeof(*out));
    if (target.family == AF_INET) {
        struct sockaddr_in *s = (struct sockaddr_in *)out;
        s->sin_family = AF_INET;
        s->sin_port = htons(port);
        memcpy(&s->sin_addr, target.bytes, 4);
        *outlen = sizeof(*s);
    } else {
        struct sockaddr_in6 *s = (struct sockaddr_in6 *)out;
        s->sin6_family = AF_INET6;
        s->sin6_port = htons(port);
        memcpy(&s->sin6_addr, target.bytes, 16);
        *outlen = sizeof(*s);
    }
}
