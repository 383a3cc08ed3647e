/* generated from klib-src/lib/http_client.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "ascii.h"
#include "http_response.h"
#include "http_client.h"

#define CONTENT_LENGTH_ROOM 48
#define HEAD_STORE_START 1024
#define BODY_STORE_START 1024
#define PART_SLACK 384
#define CHUNK_HEAD_ROOM 18
#define MAX_ABANDONED 4

static void use_stores(http_client c);
static void start_request(http_client c, timestamp timeout, status_handler done, boolean built);
static void open_connection(http_client c);
static input_buffer_handler connection_up(heap h, http_connection conn, buffer_handler out);
static void transmit(http_client c, http_connection conn);
static boolean send_out(http_client c, http_connection conn, buffer b);
static void transmit_parts(http_client c, http_connection conn, input_buffer_handler parts, buffer request_head);
static void next_part_due(http_client c);
static void send_next_part(http_client c, http_connection conn, input_buffer_handler parts, buffer request_head);
static void stop_parts(http_client c);
static void frame_chunk(buffer b, bytes n, bytes head);
static void close_connection(http_client c);
static void abandon_connection(http_client c);
static boolean received(heap h, http_connection conn, buffer b);
static void connection_lost(http_client c);
static void request_timed_out(http_client c);
static status response_failure(s64 result);
static void finish(http_client c, status s);

#line 172 "klib-src/lib/http_client.ts"
closure_function(1, 2, void, http_client_new_on_timeout,
                 http_client, c,
                 u64 expiry, u64 overruns)
{
    (void)expiry;
#line 173 "klib-src/lib/http_client.ts"
    if (overruns == timer_disabled)
#line 173 "klib-src/lib/http_client.ts"
        return;
    request_timed_out(bound(c));
}

#line 176 "klib-src/lib/http_client.ts"
closure_function(1, 2, void, http_client_new_on_parts_timer,
                 http_client, c,
                 u64 expiry, u64 overruns)
{
    (void)expiry;
#line 177 "klib-src/lib/http_client.ts"
    if (overruns == timer_disabled)
#line 177 "klib-src/lib/http_client.ts"
        return;
    next_part_due(bound(c));
}

#line 138 "klib-src/lib/http_client.ts"
http_client http_client_new(heap h, sstring address, u16 port, sstring host, bytes head_cap,
                            bytes body_cap)
{
#line 140 "klib-src/lib/http_client.ts"
    http_client c = allocate(h, sizeof(struct http_client));
    if (c == INVALID_ADDRESS)
#line 141 "klib-src/lib/http_client.ts"
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
#line 176 "klib-src/lib/http_client.ts"
    c->on_parts_timer = closure(h, http_client_new_on_parts_timer, c);
#line 180 "klib-src/lib/http_client.ts"
    if (c->name == INVALID_ADDRESS || c->host == INVALID_ADDRESS || c->request == INVALID_ADDRESS || c->head_store == INVALID_ADDRESS || c->body_store == INVALID_ADDRESS || c->response == INVALID_ADDRESS || c->on_timeout == INVALID_ADDRESS || c->on_parts_timer == INVALID_ADDRESS || ipaddr_aton(address, &c->addr) == 0 || !buffer_write_sstring(c->name, host) || !buffer_write_sstring(c->host,
                                                                                                                                                                                                                                                                                                                                                                                                host)) {
#line 184 "klib-src/lib/http_client.ts"
        http_client_free(c);
        return 0;
    }
    if (port != 80 && port != 443)
#line 187 "klib-src/lib/http_client.ts"
        bprintf(c->host, ":%u", port);
    c->response->head_cap = head_cap;
    c->response->body_cap = body_cap;
    use_stores(c);
    http_response_reset(c->response, false);
    return c;
}

#line 196 "klib-src/lib/http_client.ts"
static void use_stores(http_client c)
{
#line 197 "klib-src/lib/http_client.ts"
    http_response p = c->response;
    p->head = ((u8 *)buffer_ref(c->head_store, 0));
    p->head_room = c->head_size;
    p->body = ((u8 *)buffer_ref(c->body_store, 0));
    p->body_room = c->body_size < p->body_cap ? c->body_size : p->body_cap;
}

#line 206 "klib-src/lib/http_client.ts"
static buffer replace_store(http_client c, buffer old, bytes size, bytes keep)
{
#line 207 "klib-src/lib/http_client.ts"
    buffer b = allocate_buffer(c->h, size);
    if (b == INVALID_ADDRESS)
#line 208 "klib-src/lib/http_client.ts"
        return b;
    if (keep > 0) {
        buffer_write(b, ((u8 *)buffer_ref(old, 0)) + 0, keep);
        buffer_clear(b);
    }
    deallocate_buffer(old);
    return b;
}

#line 219 "klib-src/lib/http_client.ts"
static boolean resize_store(http_client c, boolean for_body, bytes size, bytes keep)
{
#line 220 "klib-src/lib/http_client.ts"
    buffer b = replace_store(c, for_body ? c->body_store : c->head_store, size, keep);
    if (b == INVALID_ADDRESS)
#line 221 "klib-src/lib/http_client.ts"
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

#line 234 "klib-src/lib/http_client.ts"
static boolean grow_store(http_client c, boolean for_body)
{
#line 235 "klib-src/lib/http_client.ts"
    http_response p = c->response;
    bytes limit = for_body ? p->body_cap + 1 : p->head_cap;
    bytes size = (for_body ? c->body_size : c->head_size) * 2;
    if (size < p->room_wanted)
#line 238 "klib-src/lib/http_client.ts"
        size = p->room_wanted;
    if (size > limit)
#line 239 "klib-src/lib/http_client.ts"
        size = limit;
    if (!resize_store(c, for_body, size, for_body ? p->body_length : p->head_length))
#line 240 "klib-src/lib/http_client.ts"
        return false;
    use_stores(c);
    return true;
}

#line 248 "klib-src/lib/http_client.ts"
static void shrink_stores(http_client c)
{
#line 249 "klib-src/lib/http_client.ts"
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT && c->response->received != 0)
#line 249 "klib-src/lib/http_client.ts"
        return;
    bytes head_start = c->response->head_cap < HEAD_STORE_START ? c->response->head_cap : HEAD_STORE_START;
    bytes body_start = c->response->body_cap + 1 < BODY_STORE_START ? c->response->body_cap + 1 : BODY_STORE_START;
    if (c->head_size > head_start)
#line 252 "klib-src/lib/http_client.ts"
        resize_store(c, false, head_start, 0);
    if (c->body_size > body_start)
#line 253 "klib-src/lib/http_client.ts"
        resize_store(c, true, body_start, 0);
    use_stores(c);
}

#line 261 "klib-src/lib/http_client.ts"
void http_client_free(http_client c)
{
#line 262 "klib-src/lib/http_client.ts"
    http_client_close(c);
    if (c->completions > 0) {
        c->free_when_done = true;
        return;
    }
#line 268 "klib-src/lib/http_client.ts"
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
#line 277 "klib-src/lib/http_client.ts"
        deallocate_closure(connector);
    if (c->name != INVALID_ADDRESS)
#line 278 "klib-src/lib/http_client.ts"
        deallocate_buffer(c->name);
    if (c->host != INVALID_ADDRESS)
#line 279 "klib-src/lib/http_client.ts"
        deallocate_buffer(c->host);
    if (c->request != INVALID_ADDRESS)
#line 280 "klib-src/lib/http_client.ts"
        deallocate_buffer(c->request);
    if (c->head_store != INVALID_ADDRESS)
#line 281 "klib-src/lib/http_client.ts"
        deallocate_buffer(c->head_store);
    if (c->body_store != INVALID_ADDRESS)
#line 282 "klib-src/lib/http_client.ts"
        deallocate_buffer(c->body_store);
    if (c->response != INVALID_ADDRESS)
#line 283 "klib-src/lib/http_client.ts"
        deallocate(c->h, c->response, sizeof(struct http_response));
    if (c->on_timeout != INVALID_ADDRESS)
#line 284 "klib-src/lib/http_client.ts"
        deallocate_closure(c->on_timeout);
    if (c->on_parts_timer != INVALID_ADDRESS)
#line 285 "klib-src/lib/http_client.ts"
        deallocate_closure(c->on_parts_timer);
    deallocate(c->h, c, sizeof(struct http_client));
}

#line 290 "klib-src/lib/http_client.ts"
buffer http_response_body(http_client c)
{
#line 291 "klib-src/lib/http_client.ts"
    return c->body_store;
}

#line 298 "klib-src/lib/http_client.ts"
void http_client_set_connector(http_client c, thunk connect)
{
#line 299 "klib-src/lib/http_client.ts"
    c->connector = connect;
}

#line 303 "klib-src/lib/http_client.ts"
buffer http_client_server_name(http_client c)
{
#line 304 "klib-src/lib/http_client.ts"
    return c->name;
}

#line 306 "klib-src/lib/http_client.ts"
ip_addr_t *http_client_address(http_client c)
{
#line 307 "klib-src/lib/http_client.ts"
    return &c->addr;
}

#line 309 "klib-src/lib/http_client.ts"
u16 http_client_port(http_client c)
{
#line 310 "klib-src/lib/http_client.ts"
    return c->port;
}

#line 315 "klib-src/lib/http_client.ts"
static boolean request_text_is_safe(http_client c, bytes from, boolean allow_space)
{
#line 316 "klib-src/lib/http_client.ts"
    u8 *p = ((u8 *)buffer_ref(c->request, 0));
    bytes n = buffer_length(c->request);
    for (bytes i = from; i < n; i++) {
        u32 ch = p[i];
        if (ch == 127 || (ch < 32 && ch != 9) || (!allow_space && (ch == 32 || ch == 9)))
#line 320 "klib-src/lib/http_client.ts"
            return false;
    }
    return true;
}

#line 329 "klib-src/lib/http_client.ts"
boolean http_request_begin(http_client c, sstring method, sstring path, boolean is_head)
{
#line 330 "klib-src/lib/http_client.ts"
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
#line 330 "klib-src/lib/http_client.ts"
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

#line 347 "klib-src/lib/http_client.ts"
static boolean request_token_is_safe(http_client c, bytes from)
{
#line 348 "klib-src/lib/http_client.ts"
    u8 *p = ((u8 *)buffer_ref(c->request, 0));
    bytes n = buffer_length(c->request);
    for (bytes i = from; i < n; i++) {
        if (!is_token_char(p[i]))
#line 351 "klib-src/lib/http_client.ts"
            return false;
    }
    return n > from;
}

#line 360 "klib-src/lib/http_client.ts"
boolean http_request_header(http_client c, sstring name, sstring value)
{
#line 361 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
#line 361 "klib-src/lib/http_client.ts"
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

#line 381 "klib-src/lib/http_client.ts"
boolean http_request_send(http_client c, buffer body, timestamp timeout, status_handler done)
{
#line 382 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
#line 382 "klib-src/lib/http_client.ts"
        return false;
    c->parts = 0;
    bytes length = body == 0 ? 0 : buffer_length(body);
#line 387 "klib-src/lib/http_client.ts"
    boolean copied = buffer_extend(c->request, CONTENT_LENGTH_ROOM + length);
    if (copied) {
        bprintf(c->request, "Content-Length: %lu\r\n\r\n", length);
        bytes head_end = buffer_length(c->request);
        copied = body == 0 || (push_buffer(c->request, body) && buffer_length(c->request) == head_end + length);
    }
    start_request(c, timeout, done, copied);
    return true;
}

#line 404 "klib-src/lib/http_client.ts"
boolean http_request_send_parts(http_client c, u64 length, input_buffer_handler parts,
                                timestamp timeout, status_handler done)
{
#line 406 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
#line 406 "klib-src/lib/http_client.ts"
        return false;
    c->parts = parts;
    c->parts_length = length;
    c->chunked = false;
    bprintf(c->request, "Content-Length: %lu\r\n\r\n", length);
    start_request(c, timeout, done, true);
    return true;
}

#line 419 "klib-src/lib/http_client.ts"
boolean http_request_send_chunked(http_client c, input_buffer_handler parts, timestamp timeout,
                                  status_handler done)
{
#line 421 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
#line 421 "klib-src/lib/http_client.ts"
        return false;
    c->parts = parts;
    c->parts_length = 0;
    c->chunked = true;
    buffer_write_cstring(c->request, "Transfer-Encoding: chunked\r\n\r\n");
    start_request(c, timeout, done, true);
    return true;
}

#line 431 "klib-src/lib/http_client.ts"
static void start_request(http_client c, timestamp timeout, status_handler done, boolean built)
{
#line 432 "klib-src/lib/http_client.ts"
    c->state = HTTP_CLIENT_STATE_IN_FLIGHT;
    c->done = done;
    c->resent = false;
    http_response_reset(c->response, c->no_body);
    register_timer(kernel_timers, &c->timer, CLOCK_ID_MONOTONIC, timeout, false, 0, c->on_timeout);
    if (!built) {
#line 439 "klib-src/lib/http_client.ts"
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

#line 454 "klib-src/lib/http_client.ts"
void http_client_close(http_client c)
{
#line 455 "klib-src/lib/http_client.ts"
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT) {
        abandon_connection(c);
        finish(c, timm("result", "http: client closed"));
    } else {
        close_connection(c);
    }
}

#line 463 "klib-src/lib/http_client.ts"
static void open_connection(http_client c)
{
#line 464 "klib-src/lib/http_client.ts"
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
#line 486 "klib-src/lib/http_client.ts"
        timm_dealloc(s);
        deallocate_closure(ch);
        http_connect_failed(c);
    }
}

#line 496 "klib-src/lib/http_client.ts"
closure_function(2, 1, input_buffer_handler, http_connection_handler_closure,
                 heap, h, http_connection, conn,
                 buffer_handler out)
{
#line 497 "klib-src/lib/http_client.ts"
    input_buffer_handler result = connection_up(bound(h), bound(conn), out);
    closure_finish();
    return result;
}

#line 493 "klib-src/lib/http_client.ts"
connection_handler http_connection_handler(http_client c)
{
#line 494 "klib-src/lib/http_client.ts"
    http_connection conn = c->conn;
    heap h = c->h;
    return closure(h, http_connection_handler_closure, h, conn);
}

#line 502 "klib-src/lib/http_client.ts"
void http_connect_failed(http_client c)
{
#line 503 "klib-src/lib/http_client.ts"
    http_connection conn = c->conn;
    if (conn == 0)
#line 504 "klib-src/lib/http_client.ts"
        return;
    c->conn = 0;
    deallocate(c->h, conn, sizeof(struct http_connection));
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
#line 507 "klib-src/lib/http_client.ts"
        finish(c, timm("result", "http: connect failed"));
}

#line 523 "klib-src/lib/http_client.ts"
closure_function(2, 1, boolean, connection_up_input,
                 heap, h, http_connection, conn,
                 buffer b)
{
#line 524 "klib-src/lib/http_client.ts"
    return received(bound(h), bound(conn), b);
}

#line 510 "klib-src/lib/http_client.ts"
static input_buffer_handler connection_up(heap h, http_connection conn, buffer_handler out)
{
#line 511 "klib-src/lib/http_client.ts"
    http_client c = conn->client;
    if (out == 0 || c == 0) {
#line 514 "klib-src/lib/http_client.ts"
        if (c != 0) {
            c->conn = 0;
            if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
#line 516 "klib-src/lib/http_client.ts"
                finish(c, timm("result", "http: connection failed"));
        }
        deallocate(h, conn, sizeof(struct http_connection));
        return out == 0 ? 0 : INVALID_ADDRESS;
    }
    conn->out = out;
    conn->up = true;
    input_buffer_handler input = closure(h, connection_up_input, h, conn);
#line 526 "klib-src/lib/http_client.ts"
    conn->input = input;
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
#line 527 "klib-src/lib/http_client.ts"
        transmit(c, conn);
    return input;
}

#line 536 "klib-src/lib/http_client.ts"
static void transmit(http_client c, http_connection conn)
{
#line 537 "klib-src/lib/http_client.ts"
    buffer copy = clone_buffer(c->h, c->request);
    if (copy == INVALID_ADDRESS) {
        finish(c, timm("result", "http: out of memory"));
        return;
    }
    input_buffer_handler parts = c->parts;
    if (parts != 0)
#line 543 "klib-src/lib/http_client.ts"
        transmit_parts(c, conn, parts, copy);
    else
#line 544 "klib-src/lib/http_client.ts"
        send_out(c, conn, copy);
}

#line 549 "klib-src/lib/http_client.ts"
static boolean send_out(http_client c, http_connection conn, buffer b)
{
#line 550 "klib-src/lib/http_client.ts"
    status s = apply(conn->out, b);
    if (!is_ok(s)) {
        timm_dealloc(s);
        abandon_connection(c);
        finish(c, timm("result", "http: send failed"));
        return false;
    }
    return c->conn == conn && c->state == HTTP_CLIENT_STATE_IN_FLIGHT;
}

#line 564 "klib-src/lib/http_client.ts"
static void transmit_parts(http_client c, http_connection conn, input_buffer_handler parts,
                           buffer request_head)
{
#line 565 "klib-src/lib/http_client.ts"
    stop_parts(c);
    apply(parts, 0);
    c->parts_sent = 0;
    c->parts_conn = conn;
    send_next_part(c, conn, parts, request_head);
}

#line 574 "klib-src/lib/http_client.ts"
static void next_part_due(http_client c)
{
#line 575 "klib-src/lib/http_client.ts"
    http_connection conn = c->parts_conn;
    input_buffer_handler parts = c->parts;
    if (c->parts_timer_round != c->parts_round || conn == 0 || parts == 0 || c->conn != conn || c->state != HTTP_CLIENT_STATE_IN_FLIGHT) {
#line 579 "klib-src/lib/http_client.ts"
        return;
    }
    send_next_part(c, conn, parts, 0);
}

#line 587 "klib-src/lib/http_client.ts"
static void send_next_part(http_client c, http_connection conn, input_buffer_handler parts,
                           buffer request_head)
{
#line 588 "klib-src/lib/http_client.ts"
    boolean chunked = c->chunked;
    bytes head = chunked ? CHUNK_HEAD_ROOM : 0;
    buffer b = allocate_buffer(c->h, HTTP_BODY_PART + head + PART_SLACK);
    if (b == INVALID_ADDRESS) {
        if (request_head != 0)
#line 592 "klib-src/lib/http_client.ts"
            deallocate_buffer(request_head);
        abandon_connection(c);
        finish(c, timm("result", "http: out of memory"));
        return;
    }
#line 598 "klib-src/lib/http_client.ts"
    buffer_produce(b, head);
    boolean last = apply(parts, b);
    bytes n = buffer_length(b) - head;
    c->parts_sent += n;
    if (chunked) {
        frame_chunk(b, n, head);
        if (last)
#line 604 "klib-src/lib/http_client.ts"
            buffer_write_cstring(b, "0\r\n\r\n");
    } else if (c->parts_sent > c->parts_length || (last && c->parts_sent != c->parts_length)) {
#line 607 "klib-src/lib/http_client.ts"
        deallocate_buffer(b);
        if (request_head != 0)
#line 608 "klib-src/lib/http_client.ts"
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
#line 624 "klib-src/lib/http_client.ts"
        return;
    if (last) {
        stop_parts(c);
        return;
    }
    c->parts_timer_round = c->parts_round;
    register_timer(kernel_timers, &c->parts_timer, CLOCK_ID_MONOTONIC, 0, false, 0,
                   c->on_parts_timer);
}

#line 635 "klib-src/lib/http_client.ts"
static void stop_parts(http_client c)
{
#line 636 "klib-src/lib/http_client.ts"
    c->parts_conn = 0;
    c->parts_round++;
    remove_timer(kernel_timers, &c->parts_timer, 0);
}

#line 643 "klib-src/lib/http_client.ts"
static void frame_chunk(buffer b, bytes n, bytes head)
{
#line 644 "klib-src/lib/http_client.ts"
    if (n == 0) {
        buffer_consume(b, head);
        return;
    }
    u8 *p = ((u8 *)buffer_ref(b, 0));
    bytes at = head - 2;
    p[at] = 13;
    p[at + 1] = 10;
    u64 v = n;
    do {
        at--;
        p[at] = hex_digit((u32)(v & 15));
        v = v >> 4;
    } while (v != 0);
    buffer_consume(b, at);
    buffer_write_byte(b, 13);
    buffer_write_byte(b, 10);
}

#line 674 "klib-src/lib/http_client.ts"
static void close_connection(http_client c)
{
#line 675 "klib-src/lib/http_client.ts"
    http_connection conn = c->conn;
    if (conn == 0)
#line 676 "klib-src/lib/http_client.ts"
        return;
    stop_parts(c);
    c->conn = 0;
    conn->client = 0;
    if (conn->up) {
        apply(conn->out, 0);
    }
}

#line 689 "klib-src/lib/http_client.ts"
static void abandon_connection(http_client c)
{
#line 690 "klib-src/lib/http_client.ts"
    http_connection conn = c->conn;
    if (conn == 0)
#line 691 "klib-src/lib/http_client.ts"
        return;
    stop_parts(c);
    c->conn = 0;
    conn->client = 0;
    if (!conn->up)
#line 695 "klib-src/lib/http_client.ts"
        return;
    conn->abandoned_by = c;
    conn->next = c->abandoned;
    c->abandoned = conn;
    c->abandoned_count++;
    if (c->abandoned_count <= MAX_ABANDONED)
#line 700 "klib-src/lib/http_client.ts"
        return;
    http_connection before = conn;
    while (before->next->next != 0)
#line 702 "klib-src/lib/http_client.ts"
        before = before->next;
    http_connection oldest = before->next;
    before->next = 0;
    c->abandoned_count--;
    oldest->abandoned_by = 0;
    apply(oldest->out, 0);
}

#line 711 "klib-src/lib/http_client.ts"
static void forget_abandoned(http_connection conn)
{
#line 712 "klib-src/lib/http_client.ts"
    http_client c = conn->abandoned_by;
    if (c == 0)
#line 713 "klib-src/lib/http_client.ts"
        return;
    conn->abandoned_by = 0;
    if (c->abandoned == conn) {
        c->abandoned = conn->next;
    } else {
        http_connection before = c->abandoned;
        while (before != 0 && before->next != conn)
#line 719 "klib-src/lib/http_client.ts"
            before = before->next;
        if (before != 0)
#line 720 "klib-src/lib/http_client.ts"
            before->next = conn->next;
    }
    conn->next = 0;
    c->abandoned_count--;
}

#line 727 "klib-src/lib/http_client.ts"
static boolean received(heap h, http_connection conn, buffer b)
{
#line 728 "klib-src/lib/http_client.ts"
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
#line 741 "klib-src/lib/http_client.ts"
    if (c == 0)
#line 741 "klib-src/lib/http_client.ts"
        return false;
    if (c->state != HTTP_CLIENT_STATE_IN_FLIGHT) {
#line 744 "klib-src/lib/http_client.ts"
        abandon_connection(c);
        return false;
    }
    bytes n = buffer_length(b);
    bytes taken = 0;
    s64 result = HTTP_MORE;
    do {
        bytes before = c->response->received;
        result = http_response_parse(c->response, ((u8 *)buffer_ref(b, 0)), taken, n - taken);
        taken += c->response->received - before;
#line 755 "klib-src/lib/http_client.ts"
        if ((result == HTTP_HEAD_ROOM || result == HTTP_BODY_ROOM) && !grow_store(c,
                                                                                  result == HTTP_BODY_ROOM)) {
#line 756 "klib-src/lib/http_client.ts"
            abandon_connection(c);
            finish(c, timm("result", "http: out of memory for the response"));
            return false;
        }
    } while (result == HTTP_HEAD_ROOM || result == HTTP_BODY_ROOM);
    if (result == HTTP_MORE)
#line 761 "klib-src/lib/http_client.ts"
        return false;
    if (result == HTTP_DONE) {
#line 766 "klib-src/lib/http_client.ts"
        boolean complete = taken == n && c->parts_conn == 0;
        boolean keep = c->response->keep_alive && complete;
        if (!complete)
#line 768 "klib-src/lib/http_client.ts"
            abandon_connection(c);
        else
#line 769 "klib-src/lib/http_client.ts"
            if (!keep)
#line 769 "klib-src/lib/http_client.ts"
                close_connection(c);
        finish(c, STATUS_OK);
        return !keep && complete;
    }
    abandon_connection(c);
    finish(c, response_failure(result));
    return false;
}

#line 778 "klib-src/lib/http_client.ts"
static void connection_lost(http_client c)
{
#line 779 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_IN_FLIGHT)
#line 779 "klib-src/lib/http_client.ts"
        return;
#line 781 "klib-src/lib/http_client.ts"
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

#line 794 "klib-src/lib/http_client.ts"
static void request_timed_out(http_client c)
{
#line 795 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_IN_FLIGHT)
#line 795 "klib-src/lib/http_client.ts"
        return;
    abandon_connection(c);
    finish(c, timm("result", "http: request timed out"));
}

#line 802 "klib-src/lib/http_client.ts"
static status response_failure(s64 result)
{
#line 803 "klib-src/lib/http_client.ts"
    switch (result) {
    case HTTP_E_HEADERS_TOO_LARGE:
#line 804 "klib-src/lib/http_client.ts"
        return timm("result", "http: response headers too large");
    case HTTP_E_BODY_TOO_LARGE:
#line 805 "klib-src/lib/http_client.ts"
        return timm("result", "http: response body too large");
    case HTTP_E_TRUNCATED:
#line 806 "klib-src/lib/http_client.ts"
        return timm("result", "http: connection closed before the response ended");
    case HTTP_E_UNSUPPORTED:
#line 807 "klib-src/lib/http_client.ts"
        return timm("result", "http: unsupported response");
    case HTTP_E_SYNTAX:
#line 808 "klib-src/lib/http_client.ts"
        return timm("result", "http: malformed response");
    default:
#line 809 "klib-src/lib/http_client.ts"
        return timm("result", "http: response error %ld", result);
    }
}

#line 816 "klib-src/lib/http_client.ts"
static void finish(http_client c, status s)
{
#line 817 "klib-src/lib/http_client.ts"
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
#line 826 "klib-src/lib/http_client.ts"
        buffer_produce(c->body_store, c->response->body_length);
    status_handler done = c->done;
    c->done = 0;
    c->completions++;
    if (done != 0)
#line 830 "klib-src/lib/http_client.ts"
        apply(done, s);
    c->completions--;
    if (c->free_when_done) {
        if (c->completions == 0)
#line 833 "klib-src/lib/http_client.ts"
            http_client_free(c);
        return;
    }
    shrink_stores(c);
}
