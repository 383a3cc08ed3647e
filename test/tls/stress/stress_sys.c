/* The session stress test's plain-C side (stress_sys.h) and its main:
     session-stress PORT CA.pem CONNECTIONS BYTES
   connects CONNECTIONS times, one after the other, to a TLS echo server on
   127.0.0.1:PORT whose certificate is for good.test and chains to CA.pem, and
   exits 0 when every check of stress_kernel.c passed. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "stress_sys.h"

static long live_allocations;

void *sys_malloc(unsigned long n)
{
    void *p = malloc(n ? n : 1);
    if (p)
        __atomic_add_fetch(&live_allocations, 1, __ATOMIC_RELAXED);
    return p;
}

void sys_free(void *p)
{
    if (!p)
        return;
    __atomic_sub_fetch(&live_allocations, 1, __ATOMIC_RELAXED);
    free(p);
}

long sys_live_allocations(void)
{
    return __atomic_load_n(&live_allocations, __ATOMIC_RELAXED);
}

unsigned long long sys_now_ns(int realtime)
{
    struct timespec t;
    clock_gettime(realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC, &t);
    return (unsigned long long)t.tv_sec * 1000000000ull + (unsigned long long)t.tv_nsec;
}

void sys_random(void *p, unsigned long n)
{
    unsigned char *at = p;
    while (n) {
        ssize_t r = getrandom(at, n, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            sys_fail("getrandom failed");
        }
        at += r;
        n -= (unsigned long)r;
    }
}

static pthread_mutex_t rand_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long long rand_state = 0x9e3779b97f4a7c15ull;

unsigned long sys_rand(void)
{
    pthread_mutex_lock(&rand_lock);
    /* xorshift64* */
    rand_state ^= rand_state >> 12;
    rand_state ^= rand_state << 25;
    rand_state ^= rand_state >> 27;
    unsigned long r = (unsigned long)((rand_state * 0x2545f4914f6cdd1dull) >> 11);
    pthread_mutex_unlock(&rand_lock);
    return r;
}

void sys_sleep_us(unsigned long us)
{
    usleep(us);
}

void sys_yield(void)
{
    sched_yield();
}

static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

void sys_print(const char *p, unsigned long n)
{
    pthread_mutex_lock(&print_lock);
    fwrite(p, 1, n, stdout);
    fflush(stdout);
    pthread_mutex_unlock(&print_lock);
}

void sys_fail(const char *why)
{
    fprintf(stderr, "stress: %s\n", why);
    fflush(stdout);
    abort();
}

void *sys_mutex_new(int recursive)
{
    pthread_mutex_t *m = malloc(sizeof(*m));
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    if (recursive)
        pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(m, &a);
    pthread_mutexattr_destroy(&a);
    return m;
}

void sys_mutex_free(void *m)
{
    pthread_mutex_destroy(m);
    free(m);
}

void sys_mutex_lock(void *m)
{
    pthread_mutex_lock(m);
}

void sys_mutex_unlock(void *m)
{
    pthread_mutex_unlock(m);
}

void *sys_cond_new(void)
{
    pthread_cond_t *c = malloc(sizeof(*c));
    pthread_cond_init(c, 0);
    return c;
}

void sys_cond_free(void *c)
{
    pthread_cond_destroy(c);
    free(c);
}

void sys_cond_wait(void *c, void *m, unsigned long us)
{
    if (!us) {
        pthread_cond_wait(c, m);
        return;
    }
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    unsigned long long ns = (unsigned long long)t.tv_nsec + us * 1000ull;
    t.tv_sec += (time_t)(ns / 1000000000ull);
    t.tv_nsec = (long)(ns % 1000000000ull);
    pthread_cond_timedwait(c, m, &t);
}

void sys_cond_broadcast(void *c)
{
    pthread_cond_broadcast(c);
}

struct start {
    void (*body)(void *);
    void *arg;
};

static void *thread_main(void *p)
{
    struct start s = *(struct start *)p;
    free(p);
    s.body(s.arg);
    return 0;
}

void *sys_thread_start(void (*body)(void *), void *arg)
{
    pthread_t *t = malloc(sizeof(*t));
    struct start *s = malloc(sizeof(*s));
    s->body = body;
    s->arg = arg;
    if (pthread_create(t, 0, thread_main, s) != 0)
        sys_fail("pthread_create failed");
    return t;
}

void sys_thread_join(void *t)
{
    pthread_join(*(pthread_t *)t, 0);
    free(t);
}

int sys_connect_loopback(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

long sys_read(int fd, void *p, unsigned long n)
{
    for (;;) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        return r < 0 ? 0 : (long)r;
    }
}

int sys_write_all(int fd, const void *p, unsigned long n)
{
    const char *at = p;
    while (n) {
        ssize_t r = send(fd, at, n, MSG_NOSIGNAL);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        at += r;
        n -= (unsigned long)r;
    }
    return 0;
}

void sys_shutdown(int fd)
{
    shutdown(fd, SHUT_RDWR);
}

void sys_close(int fd)
{
    close(fd);
}

static char *read_file(const char *path, unsigned long *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char *text = 0;
    size_t size = 0, used = 0;
    for (;;) {
        if (used + 4096 > size) {
            size = size * 2 + 4096;
            text = realloc(text, size);
        }
        size_t n = fread(text + used, 1, size - used, f);
        if (n == 0)
            break;
        used += n;
    }
    fclose(f);
    *len = used;
    return text;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: %s PORT CLOSE-PORT CA.pem CONNECTIONS BYTES\n", argv[0]);
        return 2;
    }
    unsigned long ca_len;
    char *ca = read_file(argv[3], &ca_len);
    if (!ca) {
        fprintf(stderr, "stress: cannot read %s\n", argv[3]);
        return 2;
    }
    int failures = stress_run(ca, ca_len, atoi(argv[1]), atoi(argv[2]), atoi(argv[4]), strtoul(argv[5], 0, 10));
    free(ca);
    return failures ? 1 : 0;
}
