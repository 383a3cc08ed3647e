/* Asynchronous name lookups: each runs getaddrinfo on its own short-lived
   thread (the system resolver blocks), and hands the answer back to the loop
   through an eventfd, so callbacks stay on the loop's single thread. */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
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
    if (host_resolve_lookup(name, &l->ip)) {
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
