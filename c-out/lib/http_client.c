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

static void use_stores(http_client c);
static void start_request(http_client c, timestamp timeout, status_handler done, boolean built);
static void open_connection(http_client c);
static input_buffer_handler connection_up(heap h, http_connection conn, buffer_handler out);
static void transmit(http_client c, http_connection conn);
static boolean send_out(http_client c, http_connection conn, buffer b);
static void transmit_parts(http_client c, http_connection conn, input_buffer_handler parts);
static void next_part_due(http_client c);
static void send_next_part(http_client c, http_connection conn, input_buffer_handler parts);
static void stop_parts(http_client c);
static void frame_chunk(buffer b, bytes n, bytes head);
static void drop_connection(http_client c);
static boolean received(heap h, http_connection conn, buffer b);
static void connection_lost(http_client c);
static void request_timed_out(http_client c);
static status parse_error(s64 result);
static void finish(http_client c, status s);

#line 157 "klib-src/lib/http_client.ts"
closure_function(1, 2, void, http_client_new_on_timeout,
                 http_client, c,
                 u64 expiry, u64 overruns)
{
    (void)expiry;
#line 158 "klib-src/lib/http_client.ts"
    if (overruns == timer_disabled)
#line 158 "klib-src/lib/http_client.ts"
        return;
    request_timed_out(bound(c));
}

#line 161 "klib-src/lib/http_client.ts"
closure_function(1, 2, void, http_client_new_on_parts_timer,
                 http_client, c,
                 u64 expiry, u64 overruns)
{
    (void)expiry;
#line 162 "klib-src/lib/http_client.ts"
    if (overruns == timer_disabled)
#line 162 "klib-src/lib/http_client.ts"
        return;
    next_part_due(bound(c));
}

#line 125 "klib-src/lib/http_client.ts"
http_client http_client_new(heap h, sstring address, u16 port, sstring host, bytes head_cap,
                            bytes body_cap)
{
#line 127 "klib-src/lib/http_client.ts"
    http_client c = allocate(h, sizeof(struct http_client));
    if (c == INVALID_ADDRESS)
#line 128 "klib-src/lib/http_client.ts"
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
#line 161 "klib-src/lib/http_client.ts"
    c->on_parts_timer = closure(h, http_client_new_on_parts_timer, c);
#line 165 "klib-src/lib/http_client.ts"
    if (c->name == INVALID_ADDRESS || c->host == INVALID_ADDRESS || c->request == INVALID_ADDRESS || c->head_store == INVALID_ADDRESS || c->body_store == INVALID_ADDRESS || c->response == INVALID_ADDRESS || c->on_timeout == INVALID_ADDRESS || c->on_parts_timer == INVALID_ADDRESS || ipaddr_aton(address, &c->addr) == 0 || !buffer_write_sstring(c->name, host) || !buffer_write_sstring(c->host,
                                                                                                                                                                                                                                                                                                                                                                                                host)) {
#line 169 "klib-src/lib/http_client.ts"
        http_client_free(c);
        return 0;
    }
    if (port != 80 && port != 443)
#line 172 "klib-src/lib/http_client.ts"
        bprintf(c->host, ":%u", port);
    c->response->head_cap = head_cap;
    c->response->body_cap = body_cap;
    use_stores(c);
    http_response_reset(c->response, false);
    return c;
}

#line 181 "klib-src/lib/http_client.ts"
static void use_stores(http_client c)
{
#line 182 "klib-src/lib/http_client.ts"
    http_response p = c->response;
    p->head = ((u8 *)buffer_ref(c->head_store, 0));
    p->head_room = c->head_size;
    p->body = ((u8 *)buffer_ref(c->body_store, 0));
    p->body_room = c->body_size < p->body_cap ? c->body_size : p->body_cap;
}

#line 191 "klib-src/lib/http_client.ts"
static buffer replace_store(http_client c, buffer old, bytes size, bytes keep)
{
#line 192 "klib-src/lib/http_client.ts"
    buffer b = allocate_buffer(c->h, size);
    if (b == INVALID_ADDRESS)
#line 193 "klib-src/lib/http_client.ts"
        return b;
    if (keep > 0) {
        buffer_write(b, ((u8 *)buffer_ref(old, 0)) + 0, keep);
        buffer_clear(b);
    }
    deallocate_buffer(old);
    return b;
}

#line 204 "klib-src/lib/http_client.ts"
static boolean resize_store(http_client c, boolean for_body, bytes size, bytes keep)
{
#line 205 "klib-src/lib/http_client.ts"
    buffer b = replace_store(c, for_body ? c->body_store : c->head_store, size, keep);
    if (b == INVALID_ADDRESS)
#line 206 "klib-src/lib/http_client.ts"
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

#line 219 "klib-src/lib/http_client.ts"
static boolean grow_store(http_client c, boolean for_body)
{
#line 220 "klib-src/lib/http_client.ts"
    http_response p = c->response;
    bytes limit = for_body ? p->body_cap + 1 : p->head_cap;
    bytes size = (for_body ? c->body_size : c->head_size) * 2;
    if (size < p->room_wanted)
#line 223 "klib-src/lib/http_client.ts"
        size = p->room_wanted;
    if (size > limit)
#line 224 "klib-src/lib/http_client.ts"
        size = limit;
    if (!resize_store(c, for_body, size, for_body ? p->body_length : p->head_length))
#line 225 "klib-src/lib/http_client.ts"
        return false;
    use_stores(c);
    return true;
}

#line 233 "klib-src/lib/http_client.ts"
static void shrink_stores(http_client c)
{
#line 234 "klib-src/lib/http_client.ts"
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT && c->response->received != 0)
#line 234 "klib-src/lib/http_client.ts"
        return;
    bytes head_start = c->response->head_cap < HEAD_STORE_START ? c->response->head_cap : HEAD_STORE_START;
    bytes body_start = c->response->body_cap + 1 < BODY_STORE_START ? c->response->body_cap + 1 : BODY_STORE_START;
    if (c->head_size > head_start)
#line 237 "klib-src/lib/http_client.ts"
        resize_store(c, false, head_start, 0);
    if (c->body_size > body_start)
#line 238 "klib-src/lib/http_client.ts"
        resize_store(c, true, body_start, 0);
    use_stores(c);
}

#line 246 "klib-src/lib/http_client.ts"
void http_client_free(http_client c)
{
#line 247 "klib-src/lib/http_client.ts"
    http_client_close(c);
    if (c->completions > 0) {
        c->free_when_done = true;
        return;
    }
    thunk connector = c->connector;
    if (connector != 0)
#line 253 "klib-src/lib/http_client.ts"
        deallocate_closure(connector);
    if (c->name != INVALID_ADDRESS)
#line 254 "klib-src/lib/http_client.ts"
        deallocate_buffer(c->name);
    if (c->host != INVALID_ADDRESS)
#line 255 "klib-src/lib/http_client.ts"
        deallocate_buffer(c->host);
    if (c->request != INVALID_ADDRESS)
#line 256 "klib-src/lib/http_client.ts"
        deallocate_buffer(c->request);
    if (c->head_store != INVALID_ADDRESS)
#line 257 "klib-src/lib/http_client.ts"
        deallocate_buffer(c->head_store);
    if (c->body_store != INVALID_ADDRESS)
#line 258 "klib-src/lib/http_client.ts"
        deallocate_buffer(c->body_store);
    if (c->response != INVALID_ADDRESS)
#line 259 "klib-src/lib/http_client.ts"
        deallocate(c->h, c->response, sizeof(struct http_response));
    if (c->on_timeout != INVALID_ADDRESS)
#line 260 "klib-src/lib/http_client.ts"
        deallocate_closure(c->on_timeout);
    if (c->on_parts_timer != INVALID_ADDRESS)
#line 261 "klib-src/lib/http_client.ts"
        deallocate_closure(c->on_parts_timer);
    deallocate(c->h, c, sizeof(struct http_client));
}

#line 266 "klib-src/lib/http_client.ts"
buffer http_response_body(http_client c)
{
#line 267 "klib-src/lib/http_client.ts"
    return c->body_store;
}

#line 274 "klib-src/lib/http_client.ts"
void http_client_set_connector(http_client c, thunk connect)
{
#line 275 "klib-src/lib/http_client.ts"
    c->connector = connect;
}

#line 279 "klib-src/lib/http_client.ts"
buffer http_client_server_name(http_client c)
{
#line 280 "klib-src/lib/http_client.ts"
    return c->name;
}

#line 282 "klib-src/lib/http_client.ts"
ip_addr_t *http_client_address(http_client c)
{
#line 283 "klib-src/lib/http_client.ts"
    return &c->addr;
}

#line 285 "klib-src/lib/http_client.ts"
u16 http_client_port(http_client c)
{
#line 286 "klib-src/lib/http_client.ts"
    return c->port;
}

#line 291 "klib-src/lib/http_client.ts"
static boolean request_text_is_safe(http_client c, bytes from, boolean allow_space)
{
#line 292 "klib-src/lib/http_client.ts"
    u8 *p = ((u8 *)buffer_ref(c->request, 0));
    bytes n = buffer_length(c->request);
    for (bytes i = from; i < n; i++) {
        u32 ch = p[i];
        if (ch == 127 || (ch < 32 && ch != 9) || (!allow_space && (ch == 32 || ch == 9)))
#line 296 "klib-src/lib/http_client.ts"
            return false;
    }
    return true;
}

#line 305 "klib-src/lib/http_client.ts"
boolean http_request_begin(http_client c, sstring method, sstring path, boolean is_head)
{
#line 306 "klib-src/lib/http_client.ts"
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
#line 306 "klib-src/lib/http_client.ts"
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

#line 323 "klib-src/lib/http_client.ts"
static boolean request_token_is_safe(http_client c, bytes from)
{
#line 324 "klib-src/lib/http_client.ts"
    u8 *p = ((u8 *)buffer_ref(c->request, 0));
    bytes n = buffer_length(c->request);
    for (bytes i = from; i < n; i++) {
        if (!is_token_char(p[i]))
#line 327 "klib-src/lib/http_client.ts"
            return false;
    }
    return n > from;
}

#line 336 "klib-src/lib/http_client.ts"
boolean http_request_header(http_client c, sstring name, sstring value)
{
#line 337 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
#line 337 "klib-src/lib/http_client.ts"
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

#line 357 "klib-src/lib/http_client.ts"
boolean http_request_send(http_client c, buffer body, timestamp timeout, status_handler done)
{
#line 358 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
#line 358 "klib-src/lib/http_client.ts"
        return false;
    c->parts = 0;
    bytes length = body == 0 ? 0 : buffer_length(body);
#line 363 "klib-src/lib/http_client.ts"
    boolean copied = buffer_extend(c->request, CONTENT_LENGTH_ROOM + length);
    if (copied) {
        bprintf(c->request, "Content-Length: %lu\r\n\r\n", length);
        bytes head_end = buffer_length(c->request);
        copied = body == 0 || (push_buffer(c->request, body) && buffer_length(c->request) == head_end + length);
    }
    start_request(c, timeout, done, copied);
    return true;
}

#line 380 "klib-src/lib/http_client.ts"
boolean http_request_send_parts(http_client c, u64 length, input_buffer_handler parts,
                                timestamp timeout, status_handler done)
{
#line 382 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
#line 382 "klib-src/lib/http_client.ts"
        return false;
    c->parts = parts;
    c->parts_length = length;
    c->chunked = false;
    bprintf(c->request, "Content-Length: %lu\r\n\r\n", length);
    start_request(c, timeout, done, true);
    return true;
}

#line 395 "klib-src/lib/http_client.ts"
boolean http_request_send_chunked(http_client c, input_buffer_handler parts, timestamp timeout,
                                  status_handler done)
{
#line 397 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
#line 397 "klib-src/lib/http_client.ts"
        return false;
    c->parts = parts;
    c->parts_length = 0;
    c->chunked = true;
    buffer_write_cstring(c->request, "Transfer-Encoding: chunked\r\n\r\n");
    start_request(c, timeout, done, true);
    return true;
}

#line 407 "klib-src/lib/http_client.ts"
static void start_request(http_client c, timestamp timeout, status_handler done, boolean built)
{
#line 408 "klib-src/lib/http_client.ts"
    c->state = HTTP_CLIENT_STATE_IN_FLIGHT;
    c->done = done;
    c->resent = false;
    http_response_reset(c->response, c->no_body);
    register_timer(kernel_timers, &c->timer, CLOCK_ID_MONOTONIC, timeout, false, 0, c->on_timeout);
    if (!built) {
#line 415 "klib-src/lib/http_client.ts"
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

#line 427 "klib-src/lib/http_client.ts"
void http_client_close(http_client c)
{
#line 428 "klib-src/lib/http_client.ts"
    drop_connection(c);
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
#line 429 "klib-src/lib/http_client.ts"
        finish(c, timm("result", "http: client closed"));
}

#line 432 "klib-src/lib/http_client.ts"
static void open_connection(http_client c)
{
#line 433 "klib-src/lib/http_client.ts"
    http_connection conn = allocate(c->h, sizeof(struct http_connection));
    if (conn == INVALID_ADDRESS) {
        finish(c, timm("result", "http: out of memory"));
        return;
    }
    conn->client = c;
    conn->out = 0;
    conn->input = 0;
    conn->up = false;
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
#line 453 "klib-src/lib/http_client.ts"
        timm_dealloc(s);
        deallocate_closure(ch);
        http_connect_failed(c);
    }
}

#line 463 "klib-src/lib/http_client.ts"
closure_function(2, 1, input_buffer_handler, http_connection_handler_closure,
                 heap, h, http_connection, conn,
                 buffer_handler out)
{
#line 464 "klib-src/lib/http_client.ts"
    input_buffer_handler result = connection_up(bound(h), bound(conn), out);
    closure_finish();
    return result;
}

#line 460 "klib-src/lib/http_client.ts"
connection_handler http_connection_handler(http_client c)
{
#line 461 "klib-src/lib/http_client.ts"
    http_connection conn = c->conn;
    heap h = c->h;
    return closure(h, http_connection_handler_closure, h, conn);
}

#line 469 "klib-src/lib/http_client.ts"
void http_connect_failed(http_client c)
{
#line 470 "klib-src/lib/http_client.ts"
    http_connection conn = c->conn;
    if (conn == 0)
#line 471 "klib-src/lib/http_client.ts"
        return;
    c->conn = 0;
    deallocate(c->h, conn, sizeof(struct http_connection));
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
#line 474 "klib-src/lib/http_client.ts"
        finish(c, timm("result", "http: connect failed"));
}

#line 490 "klib-src/lib/http_client.ts"
closure_function(2, 1, boolean, connection_up_input,
                 heap, h, http_connection, conn,
                 buffer b)
{
#line 491 "klib-src/lib/http_client.ts"
    return received(bound(h), bound(conn), b);
}

#line 477 "klib-src/lib/http_client.ts"
static input_buffer_handler connection_up(heap h, http_connection conn, buffer_handler out)
{
#line 478 "klib-src/lib/http_client.ts"
    http_client c = conn->client;
    if (out == 0 || c == 0) {
#line 481 "klib-src/lib/http_client.ts"
        if (c != 0) {
            c->conn = 0;
            if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
#line 483 "klib-src/lib/http_client.ts"
                finish(c, timm("result", "http: connection failed"));
        }
        deallocate(h, conn, sizeof(struct http_connection));
        return out == 0 ? 0 : INVALID_ADDRESS;
    }
    conn->out = out;
    conn->up = true;
    input_buffer_handler input = closure(h, connection_up_input, h, conn);
#line 493 "klib-src/lib/http_client.ts"
    conn->input = input;
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
#line 494 "klib-src/lib/http_client.ts"
        transmit(c, conn);
    return input;
}

#line 499 "klib-src/lib/http_client.ts"
static void transmit(http_client c, http_connection conn)
{
#line 500 "klib-src/lib/http_client.ts"
    buffer copy = clone_buffer(c->h, c->request);
    if (copy == INVALID_ADDRESS) {
        finish(c, timm("result", "http: out of memory"));
        return;
    }
    if (!send_out(c, conn, copy))
#line 505 "klib-src/lib/http_client.ts"
        return;
    input_buffer_handler parts = c->parts;
    if (parts != 0)
#line 507 "klib-src/lib/http_client.ts"
        transmit_parts(c, conn, parts);
}

#line 512 "klib-src/lib/http_client.ts"
static boolean send_out(http_client c, http_connection conn, buffer b)
{
#line 513 "klib-src/lib/http_client.ts"
    status s = apply(conn->out, b);
    if (!is_ok(s)) {
        timm_dealloc(s);
        drop_connection(c);
        finish(c, timm("result", "http: send failed"));
        return false;
    }
    return c->conn == conn && c->state == HTTP_CLIENT_STATE_IN_FLIGHT;
}

#line 527 "klib-src/lib/http_client.ts"
static void transmit_parts(http_client c, http_connection conn, input_buffer_handler parts)
{
#line 528 "klib-src/lib/http_client.ts"
    stop_parts(c);
    apply(parts, 0);
    c->parts_sent = 0;
    c->parts_conn = conn;
    send_next_part(c, conn, parts);
}

#line 537 "klib-src/lib/http_client.ts"
static void next_part_due(http_client c)
{
#line 538 "klib-src/lib/http_client.ts"
    http_connection conn = c->parts_conn;
    input_buffer_handler parts = c->parts;
    if (c->parts_timer_round != c->parts_round || conn == 0 || parts == 0 || c->conn != conn || c->state != HTTP_CLIENT_STATE_IN_FLIGHT) {
#line 542 "klib-src/lib/http_client.ts"
        return;
    }
    send_next_part(c, conn, parts);
}

#line 549 "klib-src/lib/http_client.ts"
static void send_next_part(http_client c, http_connection conn, input_buffer_handler parts)
{
#line 550 "klib-src/lib/http_client.ts"
    boolean chunked = c->chunked;
    bytes head = chunked ? CHUNK_HEAD_ROOM : 0;
    buffer b = allocate_buffer(c->h, HTTP_BODY_PART + head + PART_SLACK);
    if (b == INVALID_ADDRESS) {
        drop_connection(c);
        finish(c, timm("result", "http: out of memory"));
        return;
    }
#line 559 "klib-src/lib/http_client.ts"
    buffer_produce(b, head);
    boolean last = apply(parts, b);
    bytes n = buffer_length(b) - head;
    c->parts_sent += n;
    if (chunked) {
        frame_chunk(b, n, head);
        if (last)
#line 565 "klib-src/lib/http_client.ts"
            buffer_write_cstring(b, "0\r\n\r\n");
    } else if (c->parts_sent > c->parts_length || (last && c->parts_sent != c->parts_length)) {
#line 568 "klib-src/lib/http_client.ts"
        deallocate_buffer(b);
        drop_connection(c);
        finish(c, timm("result", "http: body length differs from its Content-Length"));
        return;
    }
    if (!send_out(c, conn, b))
#line 573 "klib-src/lib/http_client.ts"
        return;
    if (last) {
        stop_parts(c);
        return;
    }
    c->parts_timer_round = c->parts_round;
    register_timer(kernel_timers, &c->parts_timer, CLOCK_ID_MONOTONIC, 0, false, 0,
                   c->on_parts_timer);
}

#line 584 "klib-src/lib/http_client.ts"
static void stop_parts(http_client c)
{
#line 585 "klib-src/lib/http_client.ts"
    c->parts_conn = 0;
    c->parts_round++;
    remove_timer(kernel_timers, &c->parts_timer, 0);
}

#line 592 "klib-src/lib/http_client.ts"
static void frame_chunk(buffer b, bytes n, bytes head)
{
#line 593 "klib-src/lib/http_client.ts"
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

#line 614 "klib-src/lib/http_client.ts"
static void drop_connection(http_client c)
{
#line 615 "klib-src/lib/http_client.ts"
    http_connection conn = c->conn;
    if (conn == 0)
#line 616 "klib-src/lib/http_client.ts"
        return;
    stop_parts(c);
    c->conn = 0;
    conn->client = 0;
    if (conn->up) {
        apply(conn->out, 0);
    }
}

#line 626 "klib-src/lib/http_client.ts"
static boolean received(heap h, http_connection conn, buffer b)
{
#line 627 "klib-src/lib/http_client.ts"
    http_client c = conn->client;
    if (b == 0) {
        if (c != 0) {
            c->conn = 0;
            stop_parts(c);
            connection_lost(c);
        }
        deallocate_closure(conn->input);
        deallocate(h, conn, sizeof(struct http_connection));
        return false;
    }
    if (c == 0)
#line 638 "klib-src/lib/http_client.ts"
        return false;
    if (c->state != HTTP_CLIENT_STATE_IN_FLIGHT) {
#line 641 "klib-src/lib/http_client.ts"
        drop_connection(c);
        return true;
    }
    bytes n = buffer_length(b);
    bytes taken = 0;
    s64 result = HTTP_MORE;
    do {
        bytes before = c->response->received;
        result = http_response_parse(c->response, ((u8 *)buffer_ref(b, 0)), taken, n - taken);
        taken += c->response->received - before;
#line 652 "klib-src/lib/http_client.ts"
        if ((result == HTTP_HEAD_ROOM || result == HTTP_BODY_ROOM) && !grow_store(c,
                                                                                  result == HTTP_BODY_ROOM)) {
#line 653 "klib-src/lib/http_client.ts"
            drop_connection(c);
            finish(c, timm("result", "http: out of memory for the response"));
            return true;
        }
    } while (result == HTTP_HEAD_ROOM || result == HTTP_BODY_ROOM);
    if (result == HTTP_MORE)
#line 658 "klib-src/lib/http_client.ts"
        return false;
    if (result == HTTP_DONE) {
#line 662 "klib-src/lib/http_client.ts"
        boolean keep = c->response->keep_alive && taken == n && c->parts_conn == 0;
        if (!keep)
#line 663 "klib-src/lib/http_client.ts"
            drop_connection(c);
        finish(c, STATUS_OK);
        return !keep;
    }
    drop_connection(c);
    finish(c, parse_error(result));
    return true;
}

#line 672 "klib-src/lib/http_client.ts"
static void connection_lost(http_client c)
{
#line 673 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_IN_FLIGHT)
#line 673 "klib-src/lib/http_client.ts"
        return;
#line 675 "klib-src/lib/http_client.ts"
    if (c->response->received == 0 && !c->resent) {
        c->resent = true;
        open_connection(c);
        return;
    }
    s64 result = http_response_end(c->response);
    if (result == HTTP_DONE) {
        finish(c, STATUS_OK);
    } else {
        finish(c, parse_error(result));
    }
}

#line 688 "klib-src/lib/http_client.ts"
static void request_timed_out(http_client c)
{
#line 689 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_IN_FLIGHT)
#line 689 "klib-src/lib/http_client.ts"
        return;
    drop_connection(c);
    finish(c, timm("result", "http: request timed out"));
}

#line 694 "klib-src/lib/http_client.ts"
static status parse_error(s64 result)
{
#line 695 "klib-src/lib/http_client.ts"
    switch (result) {
    case HTTP_E_HEADERS_TOO_LARGE:
#line 696 "klib-src/lib/http_client.ts"
        return timm("result", "http: response headers too large");
    case HTTP_E_BODY_TOO_LARGE:
#line 697 "klib-src/lib/http_client.ts"
        return timm("result", "http: response body too large");
    case HTTP_E_TRUNCATED:
#line 698 "klib-src/lib/http_client.ts"
        return timm("result", "http: connection closed before the response ended");
    case HTTP_E_UNSUPPORTED:
#line 699 "klib-src/lib/http_client.ts"
        return timm("result", "http: unsupported response");
    case HTTP_E_SYNTAX:
#line 700 "klib-src/lib/http_client.ts"
        return timm("result", "http: malformed response");
    default:
#line 701 "klib-src/lib/http_client.ts"
        return timm("result", "http: response error %ld", result);
    }
}

#line 708 "klib-src/lib/http_client.ts"
static void finish(http_client c, status s)
{
#line 709 "klib-src/lib/http_client.ts"
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
#line 718 "klib-src/lib/http_client.ts"
        buffer_produce(c->body_store, c->response->body_length);
    status_handler done = c->done;
    c->done = 0;
    c->completions++;
    if (done != 0)
#line 722 "klib-src/lib/http_client.ts"
        apply(done, s);
    c->completions--;
    if (c->free_when_done) {
        if (c->completions == 0)
#line 725 "klib-src/lib/http_client.ts"
            http_client_free(c);
        return;
    }
    shrink_stores(c);
}
