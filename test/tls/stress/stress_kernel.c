/* A concurrency stress test of the tls klib's session (c-out/tls/session.c):
   the session's C, with trust_store.c and platform.c, on a small kernel of
   our own whose callers are real threads, as on an SMP Nanos:
     - a fake direct: direct_connect() makes a loopback TCP connection; its
       reader thread calls the connection handler, then the input handler with
       each chunk read and with 0 once at the end (all input calls from that one
       thread, as direct's receive service makes them one at a time); out(b)
       queues for a writer thread and never blocks; out(0) queues the close,
       after which the writer shuts the socket and the reader delivers the end.
       The connection's memory (our output closure with it) is freed as soon as
       the input handler returns from its 0 call, as direct frees it, so a late
       out() is a use after free to the sanitizer;
     - a timer thread for register_timer/remove_timer with the kernel's
       semantics (one call of the handler: on expiry, or timer_disabled from
       remove_timer when it is still queued);
     - the application: its writer thread writes a byte pattern in chunks of
       random sizes while the echo comes back through the input handler,
       which the session calls from whichever thread is its runner.
   Each connection in turn: closed by the application's thread after the
   echo; closed from inside the input handler; the handshake timer expiring
   at a random moment (racing the handshake); the connection reset midway.
   Checked: the connection handler called once, the end reported once, every
   byte echoed in order (all of them unless reset or timed out), the session's
   memory all given back, and, with the sanitizers, no race and no use after
   free. stress_sys.c has the threads, sockets and main. */
#include <stdarg.h>
#include <kernel.h>
#include <lwip.h>
#include <mbedtls/ssl.h>
#include "session.h"
#include "stress_sys.h"

/* ---- what the session, trust_store.c and platform.c take from the kernel ---- */

static u64 stress_alloc(heap h, bytes size)
{
    (void)h;
    void *p = sys_malloc(size);
    return p ? u64_from_pointer(p) : INVALID_PHYSICAL;
}

static void stress_dealloc(heap h, u64 a, bytes size)
{
    (void)h;
    (void)size;
    sys_free(pointer_from_u64(a));
}

static struct heap stress_heap = { .alloc = stress_alloc, .dealloc = stress_dealloc };
static struct kernel_heaps stress_heaps = { .general = &stress_heap, .locked = &stress_heap, .malloc = &stress_heap };
timerqueue kernel_timers;
/* trust_store.c's embedded bundle: not used here */
const unsigned char tls_ca_bundle[1];
const unsigned long long tls_ca_bundle_size;

kernel_heaps get_kernel_heaps(void)
{
    return &stress_heaps;
}

/* host/runtime/buffers.c gives allocate_buffer and buffer_set_capacity. */

void runtime_memcpy(void *a, const void *b, bytes len)
{
    __builtin_memcpy(a, b, len);
}

void runtime_memset(u8 *a, u8 b, bytes len)
{
    __builtin_memset(a, b, len);
}

timestamp kern_now(clock_id id)
{
    u64 ns = sys_now_ns(id == CLOCK_ID_REALTIME);
    return ((ns / 1000000000ull) << 32) + (((ns % 1000000000ull) << 32) / 1000000000ull);
}

u64 random_buffer(buffer b)
{
    sys_random(buffer_ref(b, 0), buffer_length(b));
    return buffer_length(b);
}

int ipaddr_ntoa_r(const ip_addr_t *addr, char *buf, int buflen)
{
    (void)addr;
    if (buflen > 1) {
        buf[0] = '?';
        buf[1] = 0;
    }
    return 1;
}

void timm_dealloc(tuple t)
{
    (void)t;
    sys_fail("timm_dealloc: no status is made here");
}

void print_frame_trace_from_here(void)
{
}

void halt_with_code(u8 code, sstring format, ...)
{
    (void)code;
    char text[200];
    bytes n = format.len < sizeof(text) - 1 ? format.len : sizeof(text) - 1;
    __builtin_memcpy(text, format.ptr, n);
    text[n] = 0;
    sys_fail(text);
}

/* Enough of the kernel's format for the session's lines: %s (sstring), %d %u %ld %lu %x %lx, %%. */
static int put_number(char *out, int room, u64 v, boolean negative, int base)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    int w = 0;
    if (negative && w < room)
        out[w++] = '-';
    while (n && w < room)
        out[w++] = digits[--n];
    return w;
}

void rprintf_sstring(sstring fmt, ...)
{
    char line[1024];
    int w = 0, room = sizeof(line);
    va_list ap;
    va_start(ap, fmt);
    for (bytes i = 0; i < fmt.len && w < room; i++) {
        char c = fmt.ptr[i];
        if (c != '%' || i + 1 == fmt.len) {
            line[w++] = c;
            continue;
        }
        c = fmt.ptr[++i];
        boolean wide = c == 'l';
        if (wide && i + 1 < fmt.len)
            c = fmt.ptr[++i];
        switch (c) {
        case 's': {
            sstring s = va_arg(ap, sstring);
            for (bytes j = 0; j < s.len && w < room; j++)
                line[w++] = s.ptr[j];
            break;
        }
        case 'd': {
            s64 v = wide ? va_arg(ap, s64) : va_arg(ap, int);
            w += put_number(line + w, room - w, v < 0 ? -(u64)v : (u64)v, v < 0, 10);
            break;
        }
        case 'u':
        case 'x': {
            u64 v = wide ? va_arg(ap, u64) : va_arg(ap, unsigned int);
            w += put_number(line + w, room - w, v, false, c == 'x' ? 16 : 10);
            break;
        }
        case '%':
            line[w++] = '%';
            break;
        default:
            sys_fail("rprintf: a conversion this test does not know");
        }
    }
    va_end(ap);
    sys_print(line, w);
}

/* ---- timers ---- */

/* The handshake timer (30 s asked) fires after fire_after_us in the timer race, else never; a
   timer asked for 0 (the session handing its telling to another context) fires at once. Each
   on the timer thread, in deadline order; expiry holds the deadline in ns here. */
#define TIMERS_MAX 4
#define NEVER ((u64)-1)

static struct {
    void *lock;
    void *wake;
    timer queued[TIMERS_MAX];   /* registered, not yet fired or removed */
    int count;
    u64 fire_after_us;          /* the handshake timer's, from its registration; 0: never fires */
    u64 handoffs;               /* timers asked for 0: tellings a write of the application left */
    boolean stop;
} timers;

void register_timer(timerqueue tq, timer t, clock_id id, timestamp val, boolean absolute,
                    timestamp interval, timer_handler n)
{
    (void)tq; (void)id; (void)absolute;
    sys_mutex_lock(timers.lock);
    if (t->queued || interval || timers.count == TIMERS_MAX)
        sys_fail("register_timer: a queued or periodic timer, or too many");
    t->active = true;
    t->queued = true;
    t->handler = n;
    u64 now = sys_now_ns(0);
    if (val == 0)
        timers.handoffs++;
    t->expiry = val == 0 ? now : timers.fire_after_us ? now + timers.fire_after_us * 1000 : NEVER;
    timers.queued[timers.count++] = t;
    sys_cond_broadcast(timers.wake);
    sys_mutex_unlock(timers.lock);
}

/* Lock held. */
static void unqueue_timer(int i)
{
    timers.queued[i]->queued = false;
    timers.queued[i] = timers.queued[--timers.count];
}

boolean remove_timer(timerqueue tq, timer t, timestamp *remain)
{
    (void)tq; (void)remain;
    sys_mutex_lock(timers.lock);
    if (!t->active) {
        sys_mutex_unlock(timers.lock);
        return false;
    }
    t->active = false;
    if (!t->queued) {
        /* firing on the timer thread: that is its one call */
        sys_mutex_unlock(timers.lock);
        return true;
    }
    for (int i = 0; i < timers.count; i++) {
        if (timers.queued[i] == t) {
            unqueue_timer(i);
            break;
        }
    }
    sys_mutex_unlock(timers.lock);
    apply(t->handler, 0, timer_disabled);
    return true;
}

static void timer_thread(void *arg)
{
    (void)arg;
    sys_mutex_lock(timers.lock);
    while (!timers.stop) {
        int due = -1;
        for (int i = 0; i < timers.count; i++) {
            if (due < 0 || timers.queued[i]->expiry < timers.queued[due]->expiry)
                due = i;
        }
        if (due >= 0 && sys_now_ns(0) >= timers.queued[due]->expiry) {
            timer t = timers.queued[due];
            unqueue_timer(due);
            t->active = false;
            timer_handler h = t->handler;
            sys_mutex_unlock(timers.lock);
            apply(h, kern_now(CLOCK_ID_MONOTONIC), 1);
            sys_mutex_lock(timers.lock);
            continue;
        }
        sys_cond_wait(timers.wake, timers.lock, 200);
    }
    sys_mutex_unlock(timers.lock);
}

/* ---- the fake direct ---- */

struct queued {
    struct queued *next;
    buffer b;                   /* 0: the close */
};

typedef struct fake_conn {
    buffer_handler out;
    connection_handler ch;
    int fd;
    void *lock;
    void *wake;
    struct queued *head, *tail;
    boolean close_queued;
    boolean stopping;           /* the reader is ending the connection */
    boolean reset;              /* the reader resets the connection midway (mode) */
    u64 reset_after;            /* ciphertext bytes read before the reset */
    void *reader, *writer;
    boolean done;               /* the end was delivered and the connection freed */
} *fake_conn;

static struct {
    void *lock;
    void *wake;
    void *reader;               /* the connection's reader thread, joined by stress_run */
    boolean conn_done;
    u64 outs_after_close;
} net;

closure_function(1, 1, status, fake_out,
                 fake_conn, c,
                 buffer b)
{
    fake_conn c = bound(c);
    struct queued *q = sys_malloc(sizeof(*q));
    q->next = 0;
    q->b = b;
    sys_mutex_lock(c->lock);
    if (c->close_queued) {
        sys_mutex_lock(net.lock);
        net.outs_after_close++;
        sys_mutex_unlock(net.lock);
    }
    if (!b)
        c->close_queued = true;
    if (c->tail)
        c->tail->next = q;
    else
        c->head = q;
    c->tail = q;
    sys_cond_broadcast(c->wake);
    sys_mutex_unlock(c->lock);
    return STATUS_OK;
}

static void writer_thread(void *arg)
{
    fake_conn c = arg;
    sys_mutex_lock(c->lock);
    for (;;) {
        struct queued *q = c->head;
        if (!q) {
            if (c->stopping)
                break;
            sys_cond_wait(c->wake, c->lock, 0);
            continue;
        }
        c->head = q->next;
        if (!c->head)
            c->tail = 0;
        sys_mutex_unlock(c->lock);
        if (q->b) {
            sys_write_all(c->fd, buffer_ref(q->b, 0), buffer_length(q->b));
            deallocate_buffer(q->b);
        } else {
            /* the close: the reader sees the end and delivers it */
            sys_shutdown(c->fd);
        }
        sys_free(q);
        sys_mutex_lock(c->lock);
    }
    sys_mutex_unlock(c->lock);
}

static void reader_thread(void *arg)
{
    fake_conn c = arg;
    input_buffer_handler in = apply(c->ch, c->out);
    if (in != INVALID_ADDRESS) {
        u8 chunk[16384];
        u64 total = 0;
        for (;;) {
            long n = sys_read(c->fd, chunk, sizeof(chunk));
            if (n <= 0)
                break;
            total += n;
            if (apply(in, alloca_wrap_buffer(chunk, n)))
                sys_fail("the input handler says direct's connection is gone, but it never went inside");
            if (c->reset && total >= c->reset_after)
                break;
        }
    }
    /* Teardown: the writer stops (what is queued is dropped, as direct drops it), the input
       handler hears of the end, and the connection is freed at once. */
    sys_shutdown(c->fd);
    sys_mutex_lock(c->lock);
    c->stopping = true;
    sys_cond_broadcast(c->wake);
    sys_mutex_unlock(c->lock);
    sys_thread_join(c->writer);
    if (in != INVALID_ADDRESS)
        apply(in, 0);
    sys_close(c->fd);
    while (c->head) {
        struct queued *q = c->head;
        c->head = q->next;
        if (q->b)
            deallocate_buffer(q->b);
        sys_free(q);
    }
    deallocate(&stress_heap, c->out, sizeof(struct _closure_fake_out));
    sys_mutex_free(c->lock);
    sys_cond_free(c->wake);
    sys_free(c);
    sys_mutex_lock(net.lock);
    net.conn_done = true;
    sys_cond_broadcast(net.wake);
    sys_mutex_unlock(net.lock);
}

static int echo_port, closing_port;
static boolean reset_next, server_closes_next;

status direct_connect(heap h, ip_addr_t *addr, u16 port, connection_handler ch)
{
    (void)h; (void)addr; (void)port;
    fake_conn c = sys_malloc(sizeof(*c));
    __builtin_memset(c, 0, sizeof(*c));
    c->ch = ch;
    c->fd = sys_connect_loopback(server_closes_next ? closing_port : echo_port);
    if (c->fd < 0)
        sys_fail("connect to the echo server failed");
    c->lock = sys_mutex_new(0);
    c->wake = sys_cond_new();
    c->out = (buffer_handler)closure(&stress_heap, fake_out, c);
    c->reset = reset_next;
    c->reset_after = 2000 + sys_rand() % 60000;
    sys_mutex_lock(net.lock);
    net.conn_done = false;
    sys_mutex_unlock(net.lock);
    c->writer = sys_thread_start(writer_thread, c);
    /* kept outside c, which the reader frees */
    net.reader = sys_thread_start(reader_thread, c);
    return STATUS_OK;
}

/* ---- the application ---- */

enum close_mode { CLOSE_FROM_WRITER, CLOSE_FROM_HANDLER, TIMER_RACE, RESET_MIDWAY, SERVER_CLOSES, MODES };

static sstring mode_names[MODES] = {
    ss_static_init("closed by the writer thread"), ss_static_init("closed inside the input handler"),
    ss_static_init("the handshake timer racing the handshake"), ss_static_init("reset midway"),
    ss_static_init("the server's close_notify midway"),
};

/* The end comes from the other side while the application writes: it never closes itself (its
   out(0) would race the end, which no application can order against). */
static boolean end_from_peer(enum close_mode mode)
{
    return mode == RESET_MIDWAY || mode == SERVER_CLOSES;
}

/* Set by the application's writer thread around each out(b): the session must never apply the
   input handler from inside it (its contract, as direct's). */
static __thread boolean inside_out;

static struct {
    void *lock;                 /* not recursive, as a kernel spinlock */
    void *wake;
    enum close_mode mode;
    u64 total;
    buffer_handler out;
    input_buffer_handler in;
    void *writer;
    u64 sent, received, mismatch_at;
    boolean up, ended, closed;
    int ch_calls, end_calls, calls_after_end, calls_inside_out;
} app;

static u8 pattern(u64 i)
{
    return (i * 7 + (i >> 13)) & 0xff;
}

/* Writes the pattern in chunks of random sizes (many small ones, some of up to 40 KB) while the
   echo comes back, then closes unless the input handler will or the end comes from the other
   side. The application's side of the contract (no out after its input handler got 0): its lock,
   not recursive, is held across each out(b) and taken by the input handler, so a write that began
   before the end is over before the end is handled, and one that starts later sees `ended`. That
   only works because the session never applies the input handler inside out(b). out(0) is
   applied without the lock (the end may be reported inside it). */
static void app_writer(void *arg)
{
    (void)arg;
    for (;;) {
        sys_mutex_lock(app.lock);
        if (app.ended || app.sent == app.total) {
            sys_mutex_unlock(app.lock);
            break;
        }
        u64 n = sys_rand() % 3 ? 1 + sys_rand() % 64 : 1 + sys_rand() % 40000;
        if (n > app.total - app.sent)
            n = app.total - app.sent;
        buffer b = allocate_buffer(&stress_heap, n);
        for (u64 i = 0; i < n; i++)
            ((u8 *)b->contents)[i] = pattern(app.sent + i);
        buffer_produce(b, n);
        app.sent += n;
        inside_out = true;
        status s = apply(app.out, b);
        inside_out = false;
        if (!is_ok(s))
            sys_fail("out(b) did not return STATUS_OK");
        sys_mutex_unlock(app.lock);
        if (sys_rand() % 8 == 0)
            sys_yield();
    }
    if (app.mode == CLOSE_FROM_HANDLER || end_from_peer(app.mode))
        return;
    sys_mutex_lock(app.lock);
    while (!app.ended && app.received < app.total)
        sys_cond_wait(app.wake, app.lock, 0);
    boolean close = !app.ended && !app.closed;
    app.closed = true;
    sys_mutex_unlock(app.lock);
    if (close)
        apply(app.out, 0);
}

/* The lock, unless this thread holds it already, inside its own out(b): then the session broke its
   contract, which is counted (a kernel spinlock would deadlock there). */
static boolean app_lock_for_handler(void)
{
    if (inside_out) {
        __atomic_add_fetch(&app.calls_inside_out, 1, __ATOMIC_RELAXED);
        return false;
    }
    sys_mutex_lock(app.lock);
    return true;
}

closure_function(0, 1, boolean, app_input,
                 buffer b)
{
    boolean locked = app_lock_for_handler();
    if (app.ended) {
        app.calls_after_end++;
        if (locked)
            sys_mutex_unlock(app.lock);
        return false;
    }
    if (!b) {
        app.end_calls++;
        app.ended = true;
        sys_cond_broadcast(app.wake);
        if (locked)
            sys_mutex_unlock(app.lock);
        return false;
    }
    for (u64 i = 0; i < buffer_length(b); i++) {
        if (byte(b, i) != pattern(app.received + i) && app.mismatch_at == (u64)-1)
            app.mismatch_at = app.received + i;
    }
    app.received += buffer_length(b);
    boolean closed = false;
    if (app.received >= app.total && app.mode == CLOSE_FROM_HANDLER && !app.closed) {
        app.closed = closed = true;
        apply(app.out, 0);
    }
    sys_cond_broadcast(app.wake);
    if (locked)
        sys_mutex_unlock(app.lock);
    return closed;
}

closure_function(0, 1, input_buffer_handler, app_connected,
                 buffer_handler out)
{
    sys_mutex_lock(app.lock);
    app.ch_calls++;
    if (!out) {
        app.ended = true;
        sys_cond_broadcast(app.wake);
        sys_mutex_unlock(app.lock);
        closure_finish();
        return INVALID_ADDRESS;
    }
    app.up = true;
    app.out = out;
    app.in = (input_buffer_handler)closure(&stress_heap, app_input);
    /* writing starts at once, on another thread, while this handler still runs */
    app.writer = sys_thread_start(app_writer, 0);
    input_buffer_handler in = app.in;
    sys_mutex_unlock(app.lock);
    closure_finish();
    return in;
}

static int failures;

static void check(boolean ok, int index, sstring what)
{
    if (ok)
        return;
    failures++;
    rprintf("stress: connection %d: FAILED: %s\n", index, what);
}

/* One connection in the given mode; returns when it has ended and everything of it is freed. */
static void one_connection(tls_trust trust, int index, enum close_mode mode, u64 bytes)
{
    long live_before = sys_live_allocations();
    app.mode = mode;
    app.total = bytes;
    app.sent = app.received = 0;
    app.mismatch_at = (u64)-1;
    app.up = app.ended = app.closed = false;
    app.ch_calls = app.end_calls = app.calls_after_end = app.calls_inside_out = 0;
    app.writer = 0;
    app.in = 0;
    reset_next = mode == RESET_MIDWAY;
    server_closes_next = mode == SERVER_CLOSES;
    sys_mutex_lock(timers.lock);
    timers.stop = false;
    timers.fire_after_us = mode == TIMER_RACE ? 1 + sys_rand() % 150000 : 0;
    timers.handoffs = 0;
    sys_mutex_unlock(timers.lock);
    void *timer_runner = sys_thread_start(timer_thread, 0);

    ip_addr_t addr;
    __builtin_memset(&addr, 0, sizeof(addr));
    connection_handler ch = (connection_handler)closure(&stress_heap, app_connected);
    if (tls_start_session(&stress_heap, trust, ss("good.test"), &addr, 443, ch, 30) != 0)
        sys_fail("tls_start_session failed");

    sys_mutex_lock(net.lock);
    while (!net.conn_done)
        sys_cond_wait(net.wake, net.lock, 0);
    sys_mutex_unlock(net.lock);
    sys_thread_join(net.reader);
    sys_mutex_lock(app.lock);
    while (!app.ended)
        sys_cond_wait(app.wake, app.lock, 0);
    void *writer = app.writer;
    sys_mutex_unlock(app.lock);
    if (writer)
        sys_thread_join(writer);
    sys_mutex_lock(timers.lock);
    timers.stop = true;
    sys_cond_broadcast(timers.wake);
    boolean timer_left = timers.count != 0;
    u64 handoffs = timers.handoffs;
    sys_mutex_unlock(timers.lock);
    sys_thread_join(timer_runner);
    if (app.in)
        deallocate(&stress_heap, app.in, sizeof(struct _closure_app_input));

    check(app.ch_calls == 1, index, ss("the connection handler was not called exactly once"));
    check(!app.up || app.end_calls == 1, index, ss("the end was not reported exactly once"));
    check(app.calls_after_end == 0, index, ss("the input handler was called after the end"));
    check(app.calls_inside_out == 0, index, ss("the input handler was applied inside the application's own out(b)"));
    check(app.mismatch_at == (u64)-1, index, ss("a byte echoed out of order or corrupted"));
    check(!timer_left, index, ss("the handshake timer was left registered"));
    if (mode == CLOSE_FROM_WRITER || mode == CLOSE_FROM_HANDLER)
        check(app.up && app.received == bytes, index, ss("not every byte came back"));
    if (mode == TIMER_RACE && app.up)
        check(app.received == bytes, index, ss("the connection was up, but not every byte came back"));
    check(sys_live_allocations() == live_before, index, ss("the session did not give back all its memory"));
    rprintf("stress: connection %d (%s): %s, %ld of %ld bytes echoed, %ld tellings handed off by writes\n",
            index, mode_names[mode], app.up ? ss("up") : ss("not up"), app.received, bytes, handoffs);
}

int stress_run(const char *ca_pem, unsigned long ca_len, int port, int close_port, int connections,
               unsigned long bytes)
{
    echo_port = port;
    closing_port = close_port;
    timers.lock = sys_mutex_new(0);
    timers.wake = sys_cond_new();
    net.lock = sys_mutex_new(0);
    net.wake = sys_cond_new();
    app.lock = sys_mutex_new(0);
    app.wake = sys_cond_new();
    if (!tls_setup_random())
        sys_fail("tls_setup_random failed");
    tls_trust trust = tls_empty_trust(&stress_heap);
    /* PEM with its NUL counted, as tls_add_certificates takes it */
    u8 *pem = sys_malloc(ca_len + 1);
    __builtin_memcpy(pem, ca_pem, ca_len);
    pem[ca_len] = 0;
    if (!trust || tls_add_certificates(trust, pem, ca_len + 1) != 0)
        sys_fail("the CA could not be parsed");
    sys_free(pem);
    for (int i = 1; i <= connections; i++)
        one_connection(trust, i, (enum close_mode)((i - 1) % MODES), bytes);
    sys_mutex_lock(net.lock);
    u64 late = net.outs_after_close;
    sys_mutex_unlock(net.lock);
    if (late) {
        failures++;
        rprintf("stress: FAILED: %ld out() calls after out(0)\n", late);
    }
    tls_destroy_trust(&stress_heap, trust);
    rprintf("stress: done: %d connections, %d failed checks\n", connections, failures);
    return failures;
}
