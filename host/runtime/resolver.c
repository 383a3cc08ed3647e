/* Asynchronous name lookups: each runs getaddrinfo on its own short-lived
   thread (the system resolver blocks), and hands the answer back to the loop
   through an eventfd, so callbacks stay on the loop's single thread. Answers
   from --resolve-file (read on every lookup) and --resolve come back through
   the same eventfd, so they are asynchronous too. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "host_sys.h"
#include "redirect.h"

struct lookup {
    struct lookup *next;
    char *name;
    host_lookup_done done;
    void *arg;
    int found;
    struct host_ip ip;
};

static struct {
    pthread_mutex_t lock;
    struct lookup *finished;
    struct host_watch w;
} resolver = { .lock = PTHREAD_MUTEX_INITIALIZER };

static const char *resolve_file;

int host_set_resolve_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    fclose(f);
    resolve_file = path;
    return 1;
}

/* One line of the resolve file, "HOST:PORT:ADDR" (ADDR may be an IPv6
   literal, bracketed or not): true when it parses. */
static int parse_resolve_line(char *line, char **host, struct host_ip *ip)
{
    char *port = strchr(line, ':');
    if (!port || port == line)
        return 0;
    *port++ = 0;
    char *addr = strchr(port, ':');
    if (!addr)
        return 0;
    *addr++ = 0;
    char *end;
    long n = strtol(port, &end, 10);
    if (*end || end == port || n <= 0 || n > 65535)
        return 0;
    *host = line;
    return host_parse_ip(addr, ip);
}

/* Reads the resolve file afresh: true, with the address, when it names `name`.
   Blank lines and lines starting with '#' are skipped; a malformed line is
   reported on stderr and skipped. A file that has gone counts as empty. */
static int resolve_file_lookup(const char *name, struct host_ip *out)
{
    if (!resolve_file)
        return 0;
    FILE *f = fopen(resolve_file, "r");
    if (!f)
        return 0;
    char line[512];
    int number = 0, found = 0;
    while (!found && fgets(line, sizeof(line), f)) {
        number++;
        char *s = line, *e = line + strlen(line);
        while (*s && isspace((unsigned char)*s))
            s++;
        while (e > s && isspace((unsigned char)e[-1]))
            *--e = 0;
        if (!*s || *s == '#')
            continue;
        char *host;
        struct host_ip ip;
        if (!parse_resolve_line(s, &host, &ip)) {
            host_warn("--resolve-file %s:%d: not HOST:PORT:ADDRESS", resolve_file, number);
            continue;
        }
        if (!strcasecmp(host, name)) {
            *out = ip;
            found = 1;
        }
    }
    fclose(f);
    return found;
}

int host_resolve_file_lists(const char *name)
{
    struct host_ip ip;
    return resolve_file_lookup(name, &ip);
}

static int ends_with_invalid(const char *name)
{
    size_t n = strlen(name);
    while (n && name[n - 1] == '.')
        n--;
    return (n == 7 && !strncasecmp(name, "invalid", 7)) ||
        (n > 8 && !strncasecmp(name + n - 8, ".invalid", 8));
}

/* IPv4 first, then IPv6, as the kernel's DNS client asks. */
static int system_lookup(const char *name, struct host_ip *ip)
{
    int families[2] = { AF_INET, AF_INET6 };
    for (int i = 0; i < 2; i++) {
        struct addrinfo hints = { .ai_family = families[i], .ai_socktype = SOCK_STREAM }, *res;
        if (getaddrinfo(name, 0, &hints, &res) != 0)
            continue;
        memset(ip, 0, sizeof(*ip));
        ip->family = res->ai_family;
        if (res->ai_family == AF_INET)
            memcpy(ip->bytes, &((struct sockaddr_in *)res->ai_addr)->sin_addr, 4);
        else
            memcpy(ip->bytes, &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr, 16);
        freeaddrinfo(res);
        return 1;
    }
    return 0;
}

static void finish(struct lookup *l)
{
    pthread_mutex_lock(&resolver.lock);
    l->next = resolver.finished;
    resolver.finished = l;
    pthread_mutex_unlock(&resolver.lock);
    uint64_t one = 1;
    if (write(resolver.w.fd, &one, sizeof(one)) < 0)
        host_fatal("resolver wake-up: %s", strerror(errno));
}

static void *lookup_thread(void *arg)
{
    struct lookup *l = arg;
    l->found = system_lookup(l->name, &l->ip);
    finish(l);
    return 0;
}

static void deliver(struct host_watch *w, unsigned int events)
{
    (void)events;
    uint64_t count;
    if (read(w->fd, &count, sizeof(count)) < 0 && errno != EAGAIN)
        host_fatal("resolver wake-up: %s", strerror(errno));
    pthread_mutex_lock(&resolver.lock);
    struct lookup *l = resolver.finished;
    resolver.finished = 0;
    pthread_mutex_unlock(&resolver.lock);
    while (l) {
        struct lookup *next = l->next;
        if (l->found)
            host_remember_name(l->name, &l->ip);
        l->done(l->arg, l->found, l->ip.family == AF_INET6, l->ip.bytes);
        free(l->name);
        free(l);
        l = next;
    }
}

void host_resolver_init(void)
{
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd < 0)
        host_fatal("eventfd: %s", strerror(errno));
    host_watch_add(&resolver.w, fd, EPOLLIN, deliver);
}

void host_lookup(const char *name, host_lookup_done done, void *arg)
{
    struct lookup *l = calloc(1, sizeof(*l));
    l->name = strdup(name);
    l->done = done;
    l->arg = arg;
    if (resolve_file_lookup(name, &l->ip) || host_resolve_lookup(name, &l->ip)) {
        l->found = 1;
        finish(l);
        return;
    }
    if (ends_with_invalid(name)) {
        finish(l);
        return;
    }
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &attr, lookup_thread, l) != 0)
        finish(l);
    pthread_attr_destroy(&attr);
}
