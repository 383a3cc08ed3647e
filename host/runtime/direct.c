/* TCP client connections with the kernel's direct_connect() interface:
     - STATUS_OK means the connect started; ch(out) is then called from the
       loop on success, ch(0) on failure; an error status means ch is never
       called;
     - out(b) takes ownership of b and queues it behind what is pending,
       writing what the socket accepts now and the rest as it drains: it
       never blocks and never drops; out(0) closes after the pending data
       (at once, re-entrantly calling the input handler with 0, when nothing
       is pending);
     - the input handler gets each chunk read as a stack-wrapped buffer,
       returns true only if it closed the connection, and gets 0 once when
       the connection is torn down (reset, error, local close).
   As in the kernel, a peer's orderly close (FIN) is not delivered: reading
   stops, and the connection stays until it is closed locally or reset.

   The kernel's close is unsafe while data is unacknowledged, and so is ours:
   when direct reaches a queued close it clears lwIP's callback argument and
   closes the pcb, but leaves lwIP's sent callback in place, which asserts its
   argument (src/net/direct.c:241). An acknowledgement of data that arrives
   after the close therefore halts the kernel (and a reset after it makes the
   error callback use a null connection). So when a close is carried out while
   the socket still holds bytes the peer has not acknowledged (SIOCOUTQ),
   klibhost halts with the kernel's message: the acknowledgement would come. */
#include "host.h"
#include <lwip.h>

#define READ_CHUNK (16 * 1024)

struct pending {
    struct pending *next;
    buffer b;                   /* 0: close here */
    bytes held;                 /* memory accounted as queued output (host_account_queued) */
};

/* The memory a queued buffer keeps allocated until it is all written: what
   the kernel's send queue holds on the klib's behalf. */
static bytes held_by(struct pending *p)
{
    bytes n = sizeof(*p);
    if (p->b) {
        n += sizeof(struct buffer);
        if (!p->b->wrapped)
            n += p->b->length;
    }
    return n;
}

static void free_queued(heap h, struct pending *p)
{
    host_account_queued(-(s64)p->held);
    if (p->b)
        deallocate_buffer(p->b);
    deallocate(h, p, sizeof(*p));
}

typedef struct direct_conn {
    struct list l;              /* live connections, as the kernel keeps them */
    heap h;
    struct host_watch w;
    connection_handler ch;
    input_buffer_handler in;
    struct pending *head, *tail;
    boolean connected;
    boolean peer_finished;      /* EOF read: stop reading */
    boolean dying;              /* teardown scheduled */
    closure_struct(buffer_handler, out);
} *direct_conn;

/* The kernel holds every connection; so do we, so that a connection a klib
   reaches only through its callbacks is not a leak to the leak checker. */
static struct list live = { &live, &live };

static void update_events(direct_conn c)
{
    u32 events = 0;
    if (!c->connected || c->head)
        events |= HOST_EV_OUT;
    if (c->connected && !c->peer_finished)
        events |= HOST_EV_IN;
    host_watch_set_events(&c->w, events);
}

static void free_pending(direct_conn c)
{
    while (c->head) {
        struct pending *p = c->head;
        c->head = p->next;
        free_queued(c->h, p);
    }
    c->tail = 0;
}

/* The end of a connection: the input handler hears of it once. */
static void teardown(direct_conn c)
{
    input_buffer_handler in = c->in;
    int fd = c->w.fd;
    host_watch_remove(&c->w);
    host_socket_close(fd);
    free_pending(c);
    list_delete(&c->l);
    deallocate(c->h, c, sizeof(*c));
    if (in)
        apply(in, 0);
}

static void deferred_teardown(void *arg)
{
    teardown(arg);
}

static void fail_later(direct_conn c)
{
    if (c->dying)
        return;
    c->dying = true;
    host_watch_set_events(&c->w, 0);
    host_defer(deferred_teardown, c);
}

/* A close is being carried out: the kernel would halt when the peer
   acknowledges data still unacknowledged now (see the top of this file). */
static void check_nothing_unacknowledged(direct_conn c)
{
    s64 unacked = host_socket_unacknowledged(c->w.fd);
    if (unacked > 0)
        halt("assertion arg failed at src/net/direct.c:241 in direct_conn_sent(): out(0) closed a "
             "connection while %ld bytes written to it were not yet acknowledged by the peer; their "
             "acknowledgement runs direct's sent callback after the close\n", unacked);
}

/* Writes what the socket takes. Returns false when the connection has
   been torn down (a queued close was reached). */
static boolean send_pending(direct_conn c)
{
    while (c->head) {
        struct pending *p = c->head;
        if (!p->b) {
            c->head = p->next;
            if (!c->head)
                c->tail = 0;
            free_queued(c->h, p);
            check_nothing_unacknowledged(c);
            teardown(c);
            return false;
        }
        while (buffer_length(p->b)) {
            s64 n = host_socket_write(c->w.fd, buffer_ref(p->b, 0), buffer_length(p->b));
            if (n < 0) {
                if (!host_errno_would_block(-n))
                    fail_later(c);
                return true;
            }
            buffer_consume(p->b, n);
        }
        c->head = p->next;
        if (!c->head)
            c->tail = 0;
        free_queued(c->h, p);
    }
    return true;
}

closure_func_basic(buffer_handler, status, direct_out,
                   buffer b)
{
    direct_conn c = struct_from_closure(direct_conn, out);
    if (c->dying) {
        if (b)
            deallocate_buffer(b);
        return STATUS_OK;       /* the teardown report follows */
    }
    struct pending *p = allocate(c->h, sizeof(*p));
    if (p == INVALID_ADDRESS)
        return timm("result", "direct_out: out of memory");
    p->next = 0;
    p->b = b;
    p->held = held_by(p);
    host_account_queued(p->held);
    if (c->tail)
        c->tail->next = p;
    else
        c->head = p;
    c->tail = p;
    if (send_pending(c) && !c->dying)
        update_events(c);
    return STATUS_OK;
}

static void connected(direct_conn c)
{
    c->connected = true;
    input_buffer_handler in = apply(c->ch, (buffer_handler)&c->out);
    if (in == INVALID_ADDRESS) {
        /* Refused by the client: closed without any input call. */
        teardown(c);
        return;
    }
    c->in = in;
    update_events(c);
}

static void receive(direct_conn c)
{
    u8 chunk[READ_CHUNK];
    s64 n = host_socket_read(c->w.fd, chunk, sizeof(chunk));
    if (n > 0) {
        /* If the handler closed the connection (it returns true), c is
           gone; either way nothing here touches c again. */
        apply(c->in, alloca_wrap_buffer(chunk, n));
        return;
    }
    if (n == 0) {
        c->peer_finished = true;
        update_events(c);
        return;
    }
    if (!host_errno_would_block(-n))
        teardown(c);
}

static void conn_ready(struct host_watch *w, u32 events)
{
    direct_conn c = struct_from_field(w, direct_conn, w);
    if (c->dying)
        return;
    if (!c->connected) {
        int err = host_socket_error(w->fd);
        if (err || (events & HOST_EV_ERR)) {
            connection_handler ch = c->ch;
            int fd = w->fd;
            host_watch_remove(w);
            host_socket_close(fd);
            list_delete(&c->l);
            deallocate(c->h, c, sizeof(*c));
            apply(ch, 0);
            return;
        }
        connected(c);
        return;
    }
    /* A reset (or any socket error) ends the connection, as lwIP's error
       callback does; so does a hang-up once the peer's data is all read. */
    if ((events & HOST_EV_ERR) || ((events & HOST_EV_HUP) && c->peer_finished)) {
        teardown(c);
        return;
    }
    if (events & (HOST_EV_IN | HOST_EV_HUP)) {
        receive(c);
        return;                 /* c may be gone; writability is seen next time */
    }
    if (events & HOST_EV_OUT) {
        if (send_pending(c) && !c->dying)
            update_events(c);
    }
}

static void connect_failed(void *arg)
{
    direct_conn c = arg;
    connection_handler ch = c->ch;
    list_delete(&c->l);
    deallocate(c->h, c, sizeof(*c));
    apply(ch, 0);
}

status direct_connect(heap h, ip_addr_t *addr, u16 port, connection_handler ch)
{
    boolean v6 = IP_IS_V6(addr);
    const u8 *bytes = v6 ? (const u8 *)ip_2_ip6(addr)->addr : (const u8 *)&ip_2_ip4(addr)->addr;
    direct_conn c = allocate(h, sizeof(*c));
    if (c == INVALID_ADDRESS)
        return timm("result", "direct_connect: out of memory");
    zero(c, sizeof(*c));
    c->h = h;
    c->ch = ch;
    init_closure_func(&c->out, buffer_handler, direct_out);
    list_push_back(&live, &c->l);
    int fd = host_tcp_connect(v6, bytes, port);
    if (fd < 0) {
        if (host_errno_is_refused(-fd)) {
            /* The kernel learns of a refusal from the network, later. */
            host_defer(connect_failed, c);
            return STATUS_OK;
        }
        list_delete(&c->l);
        deallocate(h, c, sizeof(*c));
        return timm("result", "direct_connect: connect failed (errno %d)", -fd);
    }
    host_watch_add(&c->w, fd, HOST_EV_OUT, conn_ready);
    return STATUS_OK;
}
