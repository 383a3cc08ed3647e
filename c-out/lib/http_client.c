/* generated from klib-src/lib/http_client.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "ascii.h"
#include "http_response.h"
#include "http_client.h"

/* An HTTP/1.1 client over the kernel's connection-handler interface. One client talks to one
 * server: it keeps its connection open between requests (keep-alive), opens a new one when the
 * server has closed it, has at most one request in flight, and bounds each request with a timer.
 * The transport is plain TCP (direct_connect) unless the owner installs a connector (TLS):
 * a thunk that starts the connection with httpConnectionHandler(c) and reports an immediate
 * failure with httpConnectFailed(c).
 *
 * A request: httpRequestBegin (method, path), httpRequestHeader..., httpRequestSend (body,
 * timeout, completion), or httpRequestSendParts for a body made in parts as it is sent (bounded
 * memory for large bodies). The completion gets STATUS_OK with the response in c.response (status,
 * headers, body; valid while the completion runs), or an error status, which it owns.
 *
 * The response's storage starts small and grows (doubling, or at once to a known body length)
 * only as far as a response needs, up to the caps given to httpClientNew; after a completion, a
 * store that grew is given back, so one large answer does not stay held. */

/* "Content-Length: ", 20 digits and two line ends, rounded up. */
#define CONTENT_LENGTH_ROOM 48

/* The response stores' sizes while no response needed more: enough for the usual answers (a
 * status line and a dozen headers; `{}` or a short JSON error), small enough to keep. */
#define HEAD_STORE_START 1024

#define BODY_STORE_START 1024

/* Room in a part's buffer past HTTP_BODY_PART: a piece of JSON that did not fit, the chunk's
 * end. */
#define PART_SLACK 384

/* A chunk's size line: up to 16 hex digits and CRLF, written in front of the part. */
#define CHUNK_HEAD_ROOM 18

/* Connections a client may leave open after giving up on them (see abandonConnection); past this,
 * the oldest is closed after all, so that memory stays bounded. */
#define MAX_ABANDONED 4

static void use_stores(http_client c);
static void start_request(http_client c, timestamp timeout, status_handler done, boolean built);
static void open_connection(http_client c);
static input_buffer_handler connection_up(heap h, http_connection conn, buffer_handler out);
static void transmit(http_client c, http_connection conn);
static boolean send_out(http_client c, http_connection conn, buffer b);
static void transmit_parts(http_client c, http_connection conn, input_buffer_handler parts,
                           buffer request_head);
static void next_part_due(http_client c);
static void send_next_part(http_client c, http_connection conn, input_buffer_handler parts,
                           buffer request_head);
static void stop_parts(http_client c);
static void frame_chunk(buffer b, bytes n, bytes head);
static void close_connection(http_client c);
static void abandon_connection(http_client c);
static boolean received(heap h, http_connection conn, buffer b);
static void connection_lost(http_client c);
static void request_timed_out(http_client c);
static status response_failure(s64 result);
static void finish(http_client c, status s);

closure_function(1, 2, void, http_client_new_on_timeout,
                 http_client, c,
                 u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    request_timed_out(bound(c));
}

closure_function(1, 2, void, http_client_new_on_parts_timer,
                 http_client, c,
                 u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    next_part_due(bound(c));
}

/* A client for the server at `address` (an IP literal) and `port`, sending `Host: host`, with
 * `headCap` bytes for a response's header block and `bodyCap` for its body. Null on failure. */
http_client http_client_new(heap h, sstring address, u16 port, sstring host, bytes head_cap,
                            bytes body_cap)
{
    http_client c = allocate(h, sizeof(struct http_client));
    if (c == INVALID_ADDRESS)
        return 0;
    c->h = h;
    c->port = port;
    c->connector = 0;
    c->conn = 0;
    c->state = HTTP_CLIENT_STATE_IDLE;
    c->no_body = false;
    c->parts = 0;
    c->parts_length = 0;
    c->chunked = false;
    c->resent = false;
    c->done = 0;
    c->completions = 0;
    c->free_when_done = false;
    c->connections = 0;
    c->abandoned = 0;
    c->abandoned_count = 0;
    c->parts_conn = 0;
    c->parts_sent = 0;
    c->parts_round = 0;
    c->parts_timer_round = 0;
    init_timer(&c->timer);
    init_timer(&c->parts_timer);
    c->name = allocate_buffer(h, 64);
    c->host = allocate_buffer(h, 64);
    c->request = allocate_buffer(h, 512);
    c->head_size = head_cap < HEAD_STORE_START ? head_cap : HEAD_STORE_START;
    c->body_size = body_cap + 1 < BODY_STORE_START ? body_cap + 1 : BODY_STORE_START;
    c->head_store = allocate_buffer(h, c->head_size);
    c->body_store = allocate_buffer(h, c->body_size);
    c->response = allocate(h, sizeof(struct http_response));
    c->on_timeout = closure(h, http_client_new_on_timeout, c);
    c->on_parts_timer = closure(h, http_client_new_on_parts_timer, c);
    if (c->name == INVALID_ADDRESS || c->host == INVALID_ADDRESS || c->request == INVALID_ADDRESS ||
        c->head_store == INVALID_ADDRESS || c->body_store == INVALID_ADDRESS ||
        c->response == INVALID_ADDRESS || c->on_timeout == INVALID_ADDRESS ||
        c->on_parts_timer == INVALID_ADDRESS || ipaddr_aton(address, &c->addr) == 0 ||
        !buffer_write_sstring(c->name, host) || !buffer_write_sstring(c->host, host)) {
        http_client_free(c);
        return 0;
    }
    if (port != 80 && port != 443)
        bprintf(c->host, ":%u", port);
    c->response->head_cap = head_cap;
    c->response->body_cap = body_cap;
    use_stores(c);
    http_response_reset(c->response, false);
    return c;
}

/* Gives the stores to the parser, as its rooms. */
static void use_stores(http_client c)
{
    http_response p = c->response;
    p->head = (u8 *)buffer_ref(c->head_store, 0);
    p->head_room = c->head_size;
    p->body = (u8 *)buffer_ref(c->body_store, 0);
    p->body_room = c->body_size < p->body_cap ? c->body_size : p->body_cap;
}

/* A store of `size` bytes holding the first `keep` bytes of `old`, which is freed; INVALID_ADDRESS
 * (and `old` kept) when it cannot be allocated. */
static buffer replace_store(http_client c, buffer old, bytes size, bytes keep)
{
    buffer b = allocate_buffer(c->h, size);
    if (b == INVALID_ADDRESS)
        return b;
    if (keep > 0) {
        buffer_write(b, ((u8 *)buffer_ref(old, 0)) + 0, keep);
        buffer_clear(b);
    }
    deallocate_buffer(old);
    return b;
}

/* Replaces the body store (forBody) or the head store by one of `size` bytes holding its first
 * `keep` bytes; false, with the old store kept, when out of memory. */
static boolean resize_store(http_client c, boolean for_body, bytes size, bytes keep)
{
    buffer b = replace_store(c, for_body ? c->body_store : c->head_store, size, keep);
    if (b == INVALID_ADDRESS)
        return false;
    if (for_body) {
        c->body_store = b;
        c->body_size = size;
    } else {
        c->head_store = b;
        c->head_size = size;
    }
    return true;
}

/* The parser stopped on a full room (HTTP_HEAD_ROOM or HTTP_BODY_ROOM): a store at least twice as
 * large, or as large as what is known to come, within the cap. False when out of memory. */
static boolean grow_store(http_client c, boolean for_body)
{
    http_response p = c->response;
    bytes limit = for_body ? p->body_cap + 1 : p->head_cap;
    bytes size = (for_body ? c->body_size : c->head_size) * 2;
    if (size < p->room_wanted)
        size = p->room_wanted;
    if (size > limit)
        size = limit;
    if (!resize_store(c, for_body, size, for_body ? p->body_length : p->head_length))
        return false;
    use_stores(c);
    return true;
}

/* After a completion: stores that grew are replaced by small ones, unless a new request's response
 * has begun to arrive in them (`done` may start one; its first bytes then stay). A store that
 * cannot be replaced (out of memory) stays as it is. */
static void shrink_stores(http_client c)
{
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT && c->response->received != 0)
        return;
    bytes head_start = c->response->head_cap < HEAD_STORE_START
                       ? c->response->head_cap
                       : HEAD_STORE_START;
    bytes body_start = c->response->body_cap + 1 < BODY_STORE_START
                       ? c->response->body_cap + 1
                       : BODY_STORE_START;
    if (c->head_size > head_start)
        resize_store(c, false, head_start, 0);
    if (c->body_size > body_start)
        resize_store(c, true, body_start, 0);
    use_stores(c);
}

/* Closes the connection (a request in flight fails) and frees the client; called from a request's
 * `done`, once that returns. */
void http_client_free(http_client c)
{
    http_client_close(c);
    if (c->completions > 0) {
        c->free_when_done = true;
        return;
    }
    /* Abandoned connections live on until the kernel tears them down; they no longer name us. */
    http_connection a = c->abandoned;
    while (a != 0) {
        http_connection next = a->next;
        a->abandoned_by = 0;
        a->next = 0;
        a = next;
    }
    c->abandoned = 0;
    thunk connector = c->connector;
    if (connector != 0)
        deallocate_closure(connector);
    if (c->name != INVALID_ADDRESS)
        deallocate_buffer(c->name);
    if (c->host != INVALID_ADDRESS)
        deallocate_buffer(c->host);
    if (c->request != INVALID_ADDRESS)
        deallocate_buffer(c->request);
    if (c->head_store != INVALID_ADDRESS)
        deallocate_buffer(c->head_store);
    if (c->body_store != INVALID_ADDRESS)
        deallocate_buffer(c->body_store);
    if (c->response != INVALID_ADDRESS)
        deallocate(c->h, c->response, sizeof(struct http_response));
    if (c->on_timeout != INVALID_ADDRESS)
        deallocate_closure(c->on_timeout);
    if (c->on_parts_timer != INVALID_ADDRESS)
        deallocate_closure(c->on_parts_timer);
    deallocate(c->h, c, sizeof(struct http_client));
}

/* The body of the last response: valid while the request's completion runs. */
buffer http_response_body(http_client c)
{
    return c->body_store;
}

/* Makes the client start its connections through `connect` (e.g. TLS) instead of plain TCP; the
 * client owns it from now on (httpClientFree frees it). */
void http_client_set_connector(http_client c, thunk connect)
{
    c->connector = connect;
}

/* The server's name (for TLS: SNI and the certificate check), address and port, for a connector. */
buffer http_client_server_name(http_client c)
{
    return c->name;
}

ip_addr_t *http_client_address(http_client c)
{
    return &c->addr;
}

u16 http_client_port(http_client c)
{
    return c->port;
}

/* True when bytes [from, length) of the request are all visible characters (no CR, LF, NUL...):
 * what the caller passes cannot add lines to the request. */
static boolean request_text_is_safe(http_client c, bytes from, boolean allow_space)
{
    u8 *p = (u8 *)buffer_ref(c->request, 0);
    bytes n = buffer_length(c->request);
    for (bytes i = from; i < n; i++) {
        u32 ch = p[i];
        if (ch == 127 || (ch < ' ' && ch != '\t') || (!allow_space && (ch == ' ' || ch == '\t')))
            return false;
    }
    return true;
}

/* Starts a request line; false when a request is in flight or `path` holds white space or control
 * characters. HEAD responses are read without a body. */
boolean http_request_begin(http_client c, sstring method, sstring path, boolean is_head)
{
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
        return false;
    c->state = HTTP_CLIENT_STATE_BUILDING;
    buffer_clear(c->request);
    c->no_body = is_head;
    buffer_write_sstring(c->request, method);
    buffer_write_cstring(c->request, " ");
    bytes path_start = buffer_length(c->request);
    buffer_write_sstring(c->request, path);
    if (buffer_length(c->request) == path_start || !request_text_is_safe(c, path_start, false)) {
        c->state = HTTP_CLIENT_STATE_IDLE;
        return false;
    }
    bprintf(c->request, " HTTP/1.1\r\nHost: %b\r\n", c->host);
    return true;
}

/* True when bytes [from, length) of the request are a token (a header name). */
static boolean request_token_is_safe(http_client c, bytes from)
{
    u8 *p = (u8 *)buffer_ref(c->request, 0);
    bytes n = buffer_length(c->request);
    for (bytes i = from; i < n; i++) {
        if (!is_token_char(p[i]))
            return false;
    }
    return n > from;
}

/* Adds a header; false (and the request is abandoned) when `name` is not a token or `value`
 * holds CR, LF or another control character. */
boolean http_request_header(http_client c, sstring name, sstring value)
{
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
        return false;
    bytes name_start = buffer_length(c->request);
    buffer_write_sstring(c->request, name);
    boolean name_is_token = request_token_is_safe(c, name_start);
    buffer_write_cstring(c->request, ": ");
    bytes value_start = buffer_length(c->request);
    buffer_write_sstring(c->request, value);
    if (!name_is_token || !request_text_is_safe(c, value_start, true)) {
        c->state = HTTP_CLIENT_STATE_IDLE;
        return false;
    }
    buffer_write_cstring(c->request, "\r\n");
    return true;
}

/* Sends the request with `body` (copied; may be null) and calls `done` once, within `timeout`
 * (with an error, nothing sent, when the copy cannot be made). False (and `done` is not called)
 * when no request is being built. */
boolean http_request_send(http_client c, buffer body, timestamp timeout, status_handler done)
{
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
        return false;
    c->parts = 0;
    bytes length = body == 0 ? 0 : buffer_length(body);
    /* Room for the header and the whole body first, so an allocation failure cannot leave a
     * truncated request; the final length is checked as well. */
    boolean copied = buffer_extend(c->request, CONTENT_LENGTH_ROOM + length);
    if (copied) {
        bprintf(c->request, "Content-Length: %lu\r\n\r\n", length);
        bytes head_end = buffer_length(c->request);
        copied = body == 0 ||
                 (push_buffer(c->request, body) && buffer_length(c->request) == head_end + length);
    }
    start_request(c, timeout, done, copied);
    return true;
}

/* Sends the request with a body that `parts` makes while it is sent, part by part, so that a
 * large body never exists whole. The body is `length` bytes long and sent with Content-Length; a
 * body of another length fails the request and closes the connection. `parts` must make the same
 * bytes each time it starts again, and stay valid until `done` runs; the caller keeps it.
 * Otherwise as httpRequestSend. */
boolean http_request_send_parts(http_client c, u64 length, input_buffer_handler parts,
                                timestamp timeout, status_handler done)
{
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
        return false;
    c->parts = parts;
    c->parts_length = length;
    c->chunked = false;
    bprintf(c->request, "Content-Length: %lu\r\n\r\n", length);
    start_request(c, timeout, done, true);
    return true;
}

/* httpRequestSendParts for a body whose length is not known before it is made: sent with chunked
 * transfer coding (each part one chunk), so it is made only once per transmission. */
boolean http_request_send_chunked(http_client c, input_buffer_handler parts, timestamp timeout,
                                  status_handler done)
{
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
        return false;
    c->parts = parts;
    c->parts_length = 0;
    c->chunked = true;
    buffer_write_cstring(c->request, "Transfer-Encoding: chunked\r\n\r\n");
    start_request(c, timeout, done, true);
    return true;
}

/* The request is built: it is in flight from now on, and sent when a connection is up. */
static void start_request(http_client c, timestamp timeout, status_handler done, boolean built)
{
    c->state = HTTP_CLIENT_STATE_IN_FLIGHT;
    c->done = done;
    c->resent = false;
    http_response_reset(c->response, c->no_body);
    register_timer(kernel_timers, &c->timer, CLOCK_ID_MONOTONIC, timeout, false, 0, c->on_timeout);
    if (!built) {
        /* Nothing of it goes out: the request fails through `done` like any other. */
        finish(c, timm("result", "http: out of memory"));
        return;
    }
    http_connection conn = c->conn;
    if (conn != 0 && conn->up) {
        transmit(c, conn);
    } else if (conn == 0) {
        open_connection(c);
    }
}

/* Lets the connection go, if any; a request in flight fails. An idle connection is closed; one
 * with a request under way is abandoned (see abandonConnection). */
void http_client_close(http_client c)
{
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT) {
        abandon_connection(c);
        finish(c, timm("result", "http: client closed"));
    } else {
        close_connection(c);
    }
}

static void open_connection(http_client c)
{
    http_connection conn = allocate(c->h, sizeof(struct http_connection));
    if (conn == INVALID_ADDRESS) {
        finish(c, timm("result", "http: out of memory"));
        return;
    }
    conn->client = c;
    conn->out = 0;
    conn->input = 0;
    conn->up = false;
    conn->abandoned_by = 0;
    conn->next = 0;
    c->conn = conn;
    c->connections++;
    thunk connector = c->connector;
    if (connector != 0) {
        apply(connector);
        return;
    }
    connection_handler ch = http_connection_handler(c);
    status s = direct_connect(c->h, &c->addr, c->port, ch);
    if (!is_ok(s)) {
        /* The handler is never called: it is ours to free. */
        timm_dealloc(s);
        deallocate_closure(ch);
        http_connect_failed(c);
    }
}

closure_function(2, 1, input_buffer_handler, http_connection_handler_closure,
                 heap, h, http_connection, conn,
                 buffer_handler out)
{
    input_buffer_handler result = connection_up(bound(h), bound(conn), out);
    closure_finish();
    return result;
}

/* The connection handler for the client's pending connection (for a connector). */
connection_handler http_connection_handler(http_client c)
{
    http_connection conn = c->conn;
    heap h = c->h;
    return closure(h, http_connection_handler_closure, h, conn);
}

/* A connector could not even start the connection (it frees the handler it did not pass on). */
void http_connect_failed(http_client c)
{
    http_connection conn = c->conn;
    if (conn == 0)
        return;
    c->conn = 0;
    deallocate(c->h, conn, sizeof(struct http_connection));
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
        finish(c, timm("result", "http: connect failed"));
}

closure_function(2, 1, boolean, connection_up_input,
                 heap, h, http_connection, conn,
                 buffer b)
{
    return received(bound(h), bound(conn), b);
}

static input_buffer_handler connection_up(heap h, http_connection conn, buffer_handler out)
{
    http_client c = conn->client;
    if (out == 0 || c == 0) {
        /* Failed, or nobody waits for it any more (the request timed out): refuse it. */
        if (c != 0) {
            c->conn = 0;
            if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
                finish(c, timm("result", "http: connection failed"));
        }
        deallocate(h, conn, sizeof(struct http_connection));
        return out == 0 ? 0 : INVALID_ADDRESS;
    }
    conn->out = out;
    conn->up = true;
    input_buffer_handler input = closure(h, connection_up_input, h, conn);
    conn->input = input;
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
        transmit(c, conn);
    return input;
}

/* Sends the request (the head, or all of it) and, for a body made in parts, the parts. The head
 * goes out with the first part, in one write: alone, it would be a small segment in flight, and
 * TCP (Nagle's rule, which lwIP follows) holds the next small one until that is acknowledged, a
 * round trip (the server's delayed ACK included) per request, and at shutdown longer than the VM
 * lives. */
static void transmit(http_client c, http_connection conn)
{
    buffer copy = clone_buffer(c->h, c->request);
    if (copy == INVALID_ADDRESS) {
        finish(c, timm("result", "http: out of memory"));
        return;
    }
    input_buffer_handler parts = c->parts;
    if (parts != 0)
        transmit_parts(c, conn, parts, copy);
    else
        send_out(c, conn, copy);
}

/* Gives b to the connection; false when the request has failed or left this connection (the
 * output may close it, and closing may lose it at once: the request is then resent or failed). */
static boolean send_out(http_client c, http_connection conn, buffer b)
{
    status s = apply(conn->out, b);
    if (!is_ok(s)) {
        timm_dealloc(s);
        abandon_connection(c);
        finish(c, timm("result", "http: send failed"));
        return false;
    }
    return c->conn == conn && c->state == HTTP_CLIENT_STATE_IN_FLIGHT;
}

/* The body made in parts, each in a buffer of its own that the connection takes. One part is made
 * now, each next one from a zero-delay timer: the connection's output may only queue what it is
 * given while it is busy (TLS, when we run inside its handlers), so making them all in one loop
 * would hold the whole body; made one per timer call, each is sent (encrypted) before the next. */
static void transmit_parts(http_client c, http_connection conn, input_buffer_handler parts,
                           buffer request_head)
{
    stop_parts(c);
    apply(parts, 0);
    c->parts_sent = 0;
    c->parts_conn = conn;
    send_next_part(c, conn, parts, request_head);
}

/* The parts timer: the next part, if the sending it was set for is still the one under way (the
 * request may have ended, or moved to another connection, since). */
static void next_part_due(http_client c)
{
    http_connection conn = c->parts_conn;
    input_buffer_handler parts = c->parts;
    if (c->parts_timer_round != c->parts_round || conn == 0 || parts == 0 || c->conn != conn ||
        c->state != HTTP_CLIENT_STATE_IN_FLIGHT) {
        return;
    }
    send_next_part(c, conn, parts, 0);
}

/* Makes one part and gives it to the connection (after `requestHead`, the request's head, for the
 * first part; the part is copied behind it), then sets the timer for the next unless it was the
 * last, or the request failed or left this connection meanwhile. */
static void send_next_part(http_client c, http_connection conn, input_buffer_handler parts,
                           buffer request_head)
{
    boolean chunked = c->chunked;
    bytes head = chunked ? CHUNK_HEAD_ROOM : 0;
    buffer b = allocate_buffer(c->h, HTTP_BODY_PART + head + PART_SLACK);
    if (b == INVALID_ADDRESS) {
        if (request_head != 0)
            deallocate_buffer(request_head);
        abandon_connection(c);
        finish(c, timm("result", "http: out of memory"));
        return;
    }
    /* Room in front for the chunk's size line, which is known once the part is made. */
    buffer_produce(b, head);
    boolean last = apply(parts, b);
    bytes n = buffer_length(b) - head;
    c->parts_sent += n;
    if (chunked) {
        frame_chunk(b, n, head);
        if (last)
            buffer_write_cstring(b, "0\r\n\r\n");
    } else if (c->parts_sent > c->parts_length || (last && c->parts_sent != c->parts_length)) {
        /* The body is not what Content-Length said: the connection cannot be used any more. */
        deallocate_buffer(b);
        if (request_head != 0)
            deallocate_buffer(request_head);
        abandon_connection(c);
        finish(c, timm("result", "http: body length differs from its Content-Length"));
        return;
    }
    if (request_head != 0) {
        boolean joined = push_buffer(request_head, b);
        deallocate_buffer(b);
        b = request_head;
        if (!joined) {
            deallocate_buffer(b);
            abandon_connection(c);
            finish(c, timm("result", "http: out of memory"));
            return;
        }
    }
    if (!send_out(c, conn, b))
        return;
    if (last) {
        stop_parts(c);
        return;
    }
    c->parts_timer_round = c->parts_round;
    register_timer(kernel_timers, &c->parts_timer, CLOCK_ID_MONOTONIC, 0, false, 0,
                   c->on_parts_timer);
}

/* Ends the sending of a body in parts, if one is under way (its timer's handler, called with
 * TIMER_DISABLED if it was set, does nothing). */
static void stop_parts(http_client c)
{
    c->parts_conn = 0;
    c->parts_round++;
    remove_timer(kernel_timers, &c->parts_timer, 0);
}

/* Writes the size line of a chunk of n bytes in the `head` bytes in front of it, and its CRLF
 * after it; an empty part is no chunk (a chunk of size 0 ends the body). */
static void frame_chunk(buffer b, bytes n, bytes head)
{
    if (n == 0) {
        buffer_consume(b, head);
        return;
    }
    u8 *p = (u8 *)buffer_ref(b, 0);
    bytes at = head - 2;
    p[at] = '\r';
    p[at + 1] = '\n';
    u64 v = n;
    do {
        at--;
        p[at] = hex_digit((u32)(v & 15));
        v = v >> 4;
    } while (v != 0);
    buffer_consume(b, at);
    buffer_write_byte(b, '\r');
    buffer_write_byte(b, '\n');
}

/* Letting a connection go. The kernel's direct connections (src/net/direct.c at the pinned commit)
 * forget a connection when out(0) closes it but leave lwIP's callbacks pointing at it: an ACK of
 * data still unacknowledged then, a reset, data from the server, or lwIP giving up on the closing
 * connection halts the kernel (`assertion arg failed ... in direct_conn_sent()`). A klib cannot see
 * what was acknowledged, so a connection is closed only where nothing can follow: after a complete
 * exchange (the whole request sent, the whole response read, nothing more from the server). Any
 * other connection is abandoned: detached from the client but left open, its input discarded,
 * until the kernel tears it down. klibhost halts as the kernel would (host/runtime/direct.c). */
/* Detaches the connection from the client and closes it: only after a complete exchange. Closing
 * may tear it down at once, calling its input handler with 0 from inside out(0). */
static void close_connection(http_client c)
{
    http_connection conn = c->conn;
    if (conn == 0)
        return;
    stop_parts(c);
    c->conn = 0;
    conn->client = 0;
    if (conn->up) {
        apply(conn->out, 0);
    }
}

/* Detaches the connection from the client without closing it (the request failed, timed out, or
 * the server sent what was not asked for): it stays open until the kernel tears it down. Past
 * MAX_ABANDONED such connections the oldest is closed after all: by then its server has long
 * stopped answering on it, and memory must stay bounded. */
static void abandon_connection(http_client c)
{
    http_connection conn = c->conn;
    if (conn == 0)
        return;
    stop_parts(c);
    c->conn = 0;
    conn->client = 0;
    if (!conn->up)
        return;
    conn->abandoned_by = c;
    conn->next = c->abandoned;
    c->abandoned = conn;
    c->abandoned_count++;
    if (c->abandoned_count <= MAX_ABANDONED)
        return;
    http_connection before = conn;
    while (before->next->next != 0)
        before = before->next;
    http_connection oldest = before->next;
    before->next = 0;
    c->abandoned_count--;
    oldest->abandoned_by = 0;
    apply(oldest->out, 0);
}

/* An abandoned connection is gone: take it off its client's list. */
static void forget_abandoned(http_connection conn)
{
    http_client c = conn->abandoned_by;
    if (c == 0)
        return;
    conn->abandoned_by = 0;
    if (c->abandoned == conn) {
        c->abandoned = conn->next;
    } else {
        http_connection before = c->abandoned;
        while (before != 0 && before->next != conn)
            before = before->next;
        if (before != 0)
            before->next = conn->next;
    }
    conn->next = 0;
    c->abandoned_count--;
}

/* Data from the server, or 0 once when the connection is gone. True when it closed the
 * connection. */
static boolean received(heap h, http_connection conn, buffer b)
{
    http_client c = conn->client;
    if (b == 0) {
        if (c != 0) {
            c->conn = 0;
            stop_parts(c);
            connection_lost(c);
        }
        forget_abandoned(conn);
        deallocate_closure(conn->input);
        deallocate(h, conn, sizeof(struct http_connection));
        return false;
    }
    /* Closed or abandoned: what still comes is dropped. */
    if (c == 0)
        return false;
    if (c->state != HTTP_CLIENT_STATE_IN_FLIGHT) {
        /* Bytes nobody asked for: the connection cannot be trusted any more. */
        abandon_connection(c);
        return false;
    }
    bytes n = buffer_length(b);
    bytes taken = 0;
    s64 result = HTTP_MORE;
    do {
        bytes before = c->response->received;
        result = http_response_parse(c->response, (u8 *)buffer_ref(b, 0), taken, n - taken);
        taken += c->response->received - before;
        /* A full store: grow it and feed the rest. */
        if ((result == HTTP_HEAD_ROOM || result == HTTP_BODY_ROOM) &&
            !grow_store(c, result == HTTP_BODY_ROOM)) {
            abandon_connection(c);
            finish(c, timm("result", "http: out of memory for the response"));
            return false;
        }
    } while (result == HTTP_HEAD_ROOM || result == HTTP_BODY_ROOM);
    if (result == HTTP_MORE)
        return false;
    if (result == HTTP_DONE) {
        /* Bytes after the response were not asked for, and a response before the whole body was
         * sent leaves the rest of it unsent: either way the connection is not reused, nor closed.
         * A complete exchange the server ends (Connection: close) is closed. */
        boolean complete = taken == n && c->parts_conn == 0;
        boolean keep = c->response->keep_alive && complete;
        if (!complete)
            abandon_connection(c);
        else if (!keep)
            close_connection(c);
        finish(c, STATUS_OK);
        return !keep && complete;
    }
    abandon_connection(c);
    finish(c, response_failure(result));
    return false;
}

static void connection_lost(http_client c)
{
    if (c->state != HTTP_CLIENT_STATE_IN_FLIGHT)
        return;
    /* A kept-alive connection the server closed while idle: send the request again, once. */
    if (c->response->received == 0 && !c->resent) {
        c->resent = true;
        open_connection(c);
        return;
    }
    s64 result = http_response_end(c->response);
    if (result == HTTP_DONE) {
        finish(c, STATUS_OK);
    } else {
        finish(c, response_failure(result));
    }
}

static void request_timed_out(http_client c)
{
    if (c->state != HTTP_CLIENT_STATE_IN_FLIGHT)
        return;
    abandon_connection(c);
    finish(c, timm("result", "http: request timed out"));
}

/* The status a request ends with when the response parser refuses the response. (Not parseError:
 * a Nanos tree's runtime.h has a parse_error type, test/klibs/names.test.ts.) */
static status response_failure(s64 result)
{
    switch (result) {
    case HTTP_E_HEADERS_TOO_LARGE:
        return timm("result", "http: response headers too large");
    case HTTP_E_BODY_TOO_LARGE:
        return timm("result", "http: response body too large");
    case HTTP_E_TRUNCATED:
        return timm("result", "http: connection closed before the response ended");
    case HTTP_E_UNSUPPORTED:
        return timm("result", "http: unsupported response");
    case HTTP_E_SYNTAX:
        return timm("result", "http: malformed response");
    default:
        return timm("result", "http: response error %ld", result);
    }
}

/* Completes the request in flight: the client is idle again before `done` runs, so `done` may
 * start the next request. The response stays in its stores while `done` runs; then stores that
 * grew are given back (not at the next request: an idle client holds no large answer). */
static void finish(http_client c, status s)
{
    if (c->state != HTTP_CLIENT_STATE_IN_FLIGHT) {
        timm_dealloc(s);
        return;
    }
    c->state = HTTP_CLIENT_STATE_IDLE;
    c->parts = 0;
    stop_parts(c);
    remove_timer(kernel_timers, &c->timer, 0);
    buffer_clear(c->body_store);
    if (is_ok(s))
        buffer_produce(c->body_store, c->response->body_length);
    status_handler done = c->done;
    c->done = 0;
    c->completions++;
    if (done != 0)
        apply(done, s);
    c->completions--;
    if (c->free_when_done) {
        if (c->completions == 0)
            http_client_free(c);
        return;
    }
    shrink_stores(c);
}
