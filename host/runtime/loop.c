/* The single-threaded event loop. Every klib callback (timers, sockets, DNS,
   deferred completions) is called from host_loop_once(), so klib code never
   runs concurrently with itself, as on a one-CPU Nanos runloop. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <stdint.h>
#include "host_sys.h"

/* timer_armed_ns value when the timerfd state is not known (before the first
   arming, after it fired). */
#define TIMER_UNKNOWN (UINT64_MAX - 1)

struct deferred {
    struct deferred *next;
    host_deferred_fn fn;
    void *arg;
};

static struct {
    int epoll_fd;
    int timer_fd;
    uint64_t timer_armed_ns;
    struct deferred *head, *tail;
} loop = { .epoll_fd = -1, .timer_fd = -1, .timer_armed_ns = TIMER_UNKNOWN };

void host_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("klibhost: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

void host_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("klibhost: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static uint64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

unsigned long long host_monotonic_ns(void)
{
    return clock_ns(CLOCK_MONOTONIC);
}

unsigned long long host_realtime_ns(void)
{
    return clock_ns(CLOCK_REALTIME);
}

void host_loop_init(void)
{
    loop.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    loop.timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (loop.epoll_fd < 0 || loop.timer_fd < 0)
        host_fatal("cannot create the event loop: %s", strerror(errno));
    /* The timerfd is level-checked each iteration; data.ptr 0 marks it. */
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = 0 };
    if (epoll_ctl(loop.epoll_fd, EPOLL_CTL_ADD, loop.timer_fd, &ev) < 0)
        host_fatal("epoll_ctl(timerfd): %s", strerror(errno));
}

void host_watch_add(struct host_watch *w, int fd, unsigned int events, host_ready_fn ready)
{
    w->fd = fd;
    w->events = events;
    w->ready = ready;
    struct epoll_event ev = { .events = events, .data.ptr = w };
    if (epoll_ctl(loop.epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0)
        host_fatal("epoll_ctl(add %d): %s", fd, strerror(errno));
}

void host_watch_set_events(struct host_watch *w, unsigned int events)
{
    if (w->events == events)
        return;
    w->events = events;
    struct epoll_event ev = { .events = events, .data.ptr = w };
    if (epoll_ctl(loop.epoll_fd, EPOLL_CTL_MOD, w->fd, &ev) < 0)
        host_fatal("epoll_ctl(mod %d): %s", w->fd, strerror(errno));
}

/* Removal may happen from inside another watch's callback in the same batch of
   events; the batch is re-checked against this generation counter. */
static uint64_t watch_generation;

void host_watch_remove(struct host_watch *w)
{
    epoll_ctl(loop.epoll_fd, EPOLL_CTL_DEL, w->fd, 0);
    w->fd = -1;
    watch_generation++;
}

void host_defer(host_deferred_fn fn, void *arg)
{
    struct deferred *d = malloc(sizeof(*d));
    if (!d)
        host_fatal("out of memory");
    d->next = 0;
    d->fn = fn;
    d->arg = arg;
    if (loop.tail)
        loop.tail->next = d;
    else
        loop.head = d;
    loop.tail = d;
}

/* Run only what was queued before this call; work queued meanwhile waits for the
   next iteration, so a callback that defers itself cannot starve sockets. */
static int run_deferred(void)
{
    struct deferred *d = loop.head, *last = loop.tail;
    if (!d)
        return 0;
    loop.head = loop.tail = 0;
    while (d) {
        struct deferred *next = d->next;
        int was_last = d == last;
        d->fn(d->arg);
        free(d);
        if (was_last)
            break;
        d = next;
    }
    return 1;
}

static void arm_timerfd(uint64_t at_ns)
{
    if (at_ns == loop.timer_armed_ns)
        return;
    loop.timer_armed_ns = at_ns;
    struct itimerspec its = { 0 };
    if (at_ns != UINT64_MAX) {
        /* 0 would disarm: an already-due timer still needs a wake-up. */
        if (at_ns == 0)
            at_ns = 1;
        its.it_value.tv_sec = at_ns / 1000000000ull;
        its.it_value.tv_nsec = at_ns % 1000000000ull;
    }
    if (timerfd_settime(loop.timer_fd, TFD_TIMER_ABSTIME, &its, 0) < 0)
        host_fatal("timerfd_settime: %s", strerror(errno));
}

/* Work that is ready runs first; then events are polled, without waiting
   if any work ran (the caller re-checks what it waits for: a completion may
   have just happened), and sockets are served even while deferred work
   keeps coming. Only an idle iteration sleeps in epoll_wait. */
void host_loop_once(unsigned long long until_ns)
{
    int ran = run_deferred();
    ran |= host_runqueue_service();
    ran |= host_timers_service();

    int timeout_ms = -1;
    if (ran) {
        timeout_ms = 0;
    } else if (until_ns) {
        uint64_t now = host_monotonic_ns();
        timeout_ms = until_ns <= now ? 0 : (int)((until_ns - now + 999999) / 1000000);
    }
    arm_timerfd(host_timers_next_ns());

    struct epoll_event events[64];
    int n = epoll_wait(loop.epoll_fd, events, 64, timeout_ms);
    if (n < 0) {
        if (errno == EINTR)
            return;
        host_fatal("epoll_wait: %s", strerror(errno));
    }
    for (int i = 0; i < n; i++) {
        struct host_watch *w = events[i].data.ptr;
        if (!w) {
            uint64_t expirations;
            if (read(loop.timer_fd, &expirations, sizeof(expirations)) < 0 && errno != EAGAIN)
                host_fatal("read(timerfd): %s", strerror(errno));
            loop.timer_armed_ns = TIMER_UNKNOWN;
            continue;
        }
        uint64_t generation = watch_generation;
        w->ready(w, events[i].events);
        /* A callback may have removed (and freed) watches later in this batch;
           epoll is level-triggered, so what is left is reported again. */
        if (generation != watch_generation)
            break;
    }
    host_timers_service();
}
