/* generated from klib-src/lib/http_client.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "ascii.h"
#include "http_response.h"
#include "http_client.h"

#define CONTENT_LENGTH_ROOM 48
#define PART_SLACK 384
#define CHUNK_HEAD_ROOM 18

static void start_request(http_client c, timestamp timeout, status_handler done, boolean built);
static void open_connection(http_client c);
static input_buffer_handler connection_up(heap h, http_connection conn, buffer_handler out);
static void transmit(http_client c, http_connection conn);
static boolean send_out(http_client c, http_connection conn, buffer b);
static void transmit_parts(http_client c, http_connection conn, input_buffer_handler parts);
static void frame_chunk(buffer b, bytes n, bytes head);
static void drop_connection(http_client c);
static boolean received(heap h, http_connection conn, buffer b);
static void connection_lost(http_client c);
static void request_timed_out(http_client c);
static status parse_error(s64 result);
static void finish(http_client c, status s);

#line 113 "klib-src/lib/http_client.ts"
closure_function(1, 2, void, http_client_new_on_timeout,
                 http_client, c,
                 u64 expiry, u64 overruns)
{
    (void)expiry;
#line 114 "klib-src/lib/http_client.ts"
    if (overruns == timer_disabled)
#line 114 "klib-src/lib/http_client.ts"
        return;
    request_timed_out(bound(c));
}

#line 90 "klib-src/lib/http_client.ts"
http_client http_client_new(heap h, sstring address, u16 port, sstring host, bytes head_cap,
                            bytes body_cap)
{
#line 92 "klib-src/lib/http_client.ts"
    http_client c = allocate(h, sizeof(struct http_client));
    if (c == INVALID_ADDRESS)
#line 93 "klib-src/lib/http_client.ts"
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
    c->connections = 0;
    init_timer(&c->timer);
    c->name = allocate_buffer(h, 64);
    c->host = allocate_buffer(h, 64);
    c->request = allocate_buffer(h, 512);
    c->head_store = allocate_buffer(h, head_cap);
    c->body_store = allocate_buffer(h, body_cap + 1);
    c->response = allocate(h, sizeof(struct http_response));
    c->on_timeout = closure(h, http_client_new_on_timeout, c);
#line 117 "klib-src/lib/http_client.ts"
    if (c->name == INVALID_ADDRESS || c->host == INVALID_ADDRESS || c->request == INVALID_ADDRESS || c->head_store == INVALID_ADDRESS || c->body_store == INVALID_ADDRESS || c->response == INVALID_ADDRESS || c->on_timeout == INVALID_ADDRESS || ipaddr_aton(address, &c->addr) == 0 || !buffer_write_sstring(c->name, host) || !buffer_write_sstring(c->host,
                                                                                                                                                                                                                                                                                                                                                        host)) {
#line 120 "klib-src/lib/http_client.ts"
        http_client_free(c);
        return 0;
    }
    if (port != 80 && port != 443)
#line 123 "klib-src/lib/http_client.ts"
        bprintf(c->host, ":%u", port);
    c->response->head = ((u8 *)buffer_ref(c->head_store, 0));
    c->response->head_cap = head_cap;
    c->response->body = ((u8 *)buffer_ref(c->body_store, 0));
    c->response->body_cap = body_cap;
    http_response_reset(c->response, false);
    return c;
}

#line 133 "klib-src/lib/http_client.ts"
void http_client_free(http_client c)
{
#line 134 "klib-src/lib/http_client.ts"
    http_client_close(c);
    thunk connector = c->connector;
    if (connector != 0)
#line 136 "klib-src/lib/http_client.ts"
        deallocate_closure(connector);
    if (c->name != INVALID_ADDRESS)
#line 137 "klib-src/lib/http_client.ts"
        deallocate_buffer(c->name);
    if (c->host != INVALID_ADDRESS)
#line 138 "klib-src/lib/http_client.ts"
        deallocate_buffer(c->host);
    if (c->request != INVALID_ADDRESS)
#line 139 "klib-src/lib/http_client.ts"
        deallocate_buffer(c->request);
    if (c->head_store != INVALID_ADDRESS)
#line 140 "klib-src/lib/http_client.ts"
        deallocate_buffer(c->head_store);
    if (c->body_store != INVALID_ADDRESS)
#line 141 "klib-src/lib/http_client.ts"
        deallocate_buffer(c->body_store);
    if (c->response != INVALID_ADDRESS)
#line 142 "klib-src/lib/http_client.ts"
        deallocate(c->h, c->response, sizeof(struct http_response));
    if (c->on_timeout != INVALID_ADDRESS)
#line 143 "klib-src/lib/http_client.ts"
        deallocate_closure(c->on_timeout);
    deallocate(c->h, c, sizeof(struct http_client));
}

#line 148 "klib-src/lib/http_client.ts"
buffer http_response_body(http_client c)
{
#line 149 "klib-src/lib/http_client.ts"
    return c->body_store;
}

#line 156 "klib-src/lib/http_client.ts"
void http_client_set_connector(http_client c, thunk connect)
{
#line 157 "klib-src/lib/http_client.ts"
    c->connector = connect;
}

#line 161 "klib-src/lib/http_client.ts"
buffer http_client_server_name(http_client c)
{
#line 162 "klib-src/lib/http_client.ts"
    return c->name;
}

#line 164 "klib-src/lib/http_client.ts"
ip_addr_t *http_client_address(http_client c)
{
#line 165 "klib-src/lib/http_client.ts"
    return &c->addr;
}

#line 167 "klib-src/lib/http_client.ts"
u16 http_client_port(http_client c)
{
#line 168 "klib-src/lib/http_client.ts"
    return c->port;
}

#line 173 "klib-src/lib/http_client.ts"
static boolean request_text_is_safe(http_client c, bytes from, boolean allow_space)
{
#line 174 "klib-src/lib/http_client.ts"
    u8 *p = ((u8 *)buffer_ref(c->request, 0));
    bytes n = buffer_length(c->request);
    for (bytes i = from; i < n; i++) {
        u32 ch = p[i];
        if (ch == 127 || (ch < 32 && ch != 9) || (!allow_space && (ch == 32 || ch == 9)))
#line 178 "klib-src/lib/http_client.ts"
            return false;
    }
    return true;
}

#line 187 "klib-src/lib/http_client.ts"
boolean http_request_begin(http_client c, sstring method, sstring path, boolean is_head)
{
#line 188 "klib-src/lib/http_client.ts"
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
#line 188 "klib-src/lib/http_client.ts"
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

#line 205 "klib-src/lib/http_client.ts"
static boolean request_token_is_safe(http_client c, bytes from)
{
#line 206 "klib-src/lib/http_client.ts"
    u8 *p = ((u8 *)buffer_ref(c->request, 0));
    bytes n = buffer_length(c->request);
    for (bytes i = from; i < n; i++) {
        if (!is_token_char(p[i]))
#line 209 "klib-src/lib/http_client.ts"
            return false;
    }
    return n > from;
}

#line 218 "klib-src/lib/http_client.ts"
boolean http_request_header(http_client c, sstring name, sstring value)
{
#line 219 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
#line 219 "klib-src/lib/http_client.ts"
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

#line 239 "klib-src/lib/http_client.ts"
boolean http_request_send(http_client c, buffer body, timestamp timeout, status_handler done)
{
#line 240 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
#line 240 "klib-src/lib/http_client.ts"
        return false;
    c->parts = 0;
    bytes length = body == 0 ? 0 : buffer_length(body);
#line 245 "klib-src/lib/http_client.ts"
    boolean copied = buffer_extend(c->request, CONTENT_LENGTH_ROOM + length);
    if (copied) {
        bprintf(c->request, "Content-Length: %lu\r\n\r\n", length);
        bytes head_end = buffer_length(c->request);
        copied = body == 0 || (push_buffer(c->request, body) && buffer_length(c->request) == head_end + length);
    }
    start_request(c, timeout, done, copied);
    return true;
}

#line 262 "klib-src/lib/http_client.ts"
boolean http_request_send_parts(http_client c, u64 length, input_buffer_handler parts,
                                timestamp timeout, status_handler done)
{
#line 264 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
#line 264 "klib-src/lib/http_client.ts"
        return false;
    c->parts = parts;
    c->parts_length = length;
    c->chunked = false;
    bprintf(c->request, "Content-Length: %lu\r\n\r\n", length);
    start_request(c, timeout, done, true);
    return true;
}

#line 277 "klib-src/lib/http_client.ts"
boolean http_request_send_chunked(http_client c, input_buffer_handler parts, timestamp timeout,
                                  status_handler done)
{
#line 279 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_BUILDING)
#line 279 "klib-src/lib/http_client.ts"
        return false;
    c->parts = parts;
    c->parts_length = 0;
    c->chunked = true;
    buffer_write_cstring(c->request, "Transfer-Encoding: chunked\r\n\r\n");
    start_request(c, timeout, done, true);
    return true;
}

#line 289 "klib-src/lib/http_client.ts"
static void start_request(http_client c, timestamp timeout, status_handler done, boolean built)
{
#line 290 "klib-src/lib/http_client.ts"
    c->state = HTTP_CLIENT_STATE_IN_FLIGHT;
    c->done = done;
    c->resent = false;
    http_response_reset(c->response, c->no_body);
    register_timer(kernel_timers, &c->timer, CLOCK_ID_MONOTONIC, timeout, false, 0, c->on_timeout);
    if (!built) {
#line 297 "klib-src/lib/http_client.ts"
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

#line 309 "klib-src/lib/http_client.ts"
void http_client_close(http_client c)
{
#line 310 "klib-src/lib/http_client.ts"
    drop_connection(c);
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
#line 311 "klib-src/lib/http_client.ts"
        finish(c, timm("result", "http: client closed"));
}

#line 314 "klib-src/lib/http_client.ts"
static void open_connection(http_client c)
{
#line 315 "klib-src/lib/http_client.ts"
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
#line 335 "klib-src/lib/http_client.ts"
        timm_dealloc(s);
        deallocate_closure(ch);
        http_connect_failed(c);
    }
}

#line 345 "klib-src/lib/http_client.ts"
closure_function(2, 1, input_buffer_handler, http_connection_handler_closure,
                 heap, h, http_connection, conn,
                 buffer_handler out)
{
#line 346 "klib-src/lib/http_client.ts"
    input_buffer_handler result = connection_up(bound(h), bound(conn), out);
    closure_finish();
    return result;
}

#line 342 "klib-src/lib/http_client.ts"
connection_handler http_connection_handler(http_client c)
{
#line 343 "klib-src/lib/http_client.ts"
    http_connection conn = c->conn;
    heap h = c->h;
    return closure(h, http_connection_handler_closure, h, conn);
}

#line 351 "klib-src/lib/http_client.ts"
void http_connect_failed(http_client c)
{
#line 352 "klib-src/lib/http_client.ts"
    http_connection conn = c->conn;
    if (conn == 0)
#line 353 "klib-src/lib/http_client.ts"
        return;
    c->conn = 0;
    deallocate(c->h, conn, sizeof(struct http_connection));
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
#line 356 "klib-src/lib/http_client.ts"
        finish(c, timm("result", "http: connect failed"));
}

#line 372 "klib-src/lib/http_client.ts"
closure_function(2, 1, boolean, connection_up_input,
                 heap, h, http_connection, conn,
                 buffer b)
{
#line 373 "klib-src/lib/http_client.ts"
    return received(bound(h), bound(conn), b);
}

#line 359 "klib-src/lib/http_client.ts"
static input_buffer_handler connection_up(heap h, http_connection conn, buffer_handler out)
{
#line 360 "klib-src/lib/http_client.ts"
    http_client c = conn->client;
    if (out == 0 || c == 0) {
#line 363 "klib-src/lib/http_client.ts"
        if (c != 0) {
            c->conn = 0;
            if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
#line 365 "klib-src/lib/http_client.ts"
                finish(c, timm("result", "http: connection failed"));
        }
        deallocate(h, conn, sizeof(struct http_connection));
        return out == 0 ? 0 : INVALID_ADDRESS;
    }
    conn->out = out;
    conn->up = true;
    input_buffer_handler input = closure(h, connection_up_input, h, conn);
#line 375 "klib-src/lib/http_client.ts"
    conn->input = input;
    if (c->state == HTTP_CLIENT_STATE_IN_FLIGHT)
#line 376 "klib-src/lib/http_client.ts"
        transmit(c, conn);
    return input;
}

#line 381 "klib-src/lib/http_client.ts"
static void transmit(http_client c, http_connection conn)
{
#line 382 "klib-src/lib/http_client.ts"
    buffer copy = clone_buffer(c->h, c->request);
    if (copy == INVALID_ADDRESS) {
        finish(c, timm("result", "http: out of memory"));
        return;
    }
    if (!send_out(c, conn, copy))
#line 387 "klib-src/lib/http_client.ts"
        return;
    input_buffer_handler parts = c->parts;
    if (parts != 0)
#line 389 "klib-src/lib/http_client.ts"
        transmit_parts(c, conn, parts);
}

#line 394 "klib-src/lib/http_client.ts"
static boolean send_out(http_client c, http_connection conn, buffer b)
{
#line 395 "klib-src/lib/http_client.ts"
    status s = apply(conn->out, b);
    if (!is_ok(s)) {
        timm_dealloc(s);
        drop_connection(c);
        finish(c, timm("result", "http: send failed"));
        return false;
    }
    return c->conn == conn && c->state == HTTP_CLIENT_STATE_IN_FLIGHT;
}

#line 407 "klib-src/lib/http_client.ts"
static void transmit_parts(http_client c, http_connection conn, input_buffer_handler parts)
{
#line 408 "klib-src/lib/http_client.ts"
    boolean chunked = c->chunked;
    bytes head = chunked ? CHUNK_HEAD_ROOM : 0;
    u64 sent = 0;
    boolean last = false;
    apply(parts, 0);
    while (!last) {
        buffer b = allocate_buffer(c->h, HTTP_BODY_PART + head + PART_SLACK);
        if (b == INVALID_ADDRESS) {
            drop_connection(c);
            finish(c, timm("result", "http: out of memory"));
            return;
        }
#line 421 "klib-src/lib/http_client.ts"
        buffer_produce(b, head);
        last = apply(parts, b);
        bytes n = buffer_length(b) - head;
        sent += n;
        if (chunked) {
            frame_chunk(b, n, head);
            if (last)
#line 427 "klib-src/lib/http_client.ts"
                buffer_write_cstring(b, "0\r\n\r\n");
        } else if (sent > c->parts_length || (last && sent != c->parts_length)) {
#line 430 "klib-src/lib/http_client.ts"
            deallocate_buffer(b);
            drop_connection(c);
            finish(c, timm("result", "http: body length differs from its Content-Length"));
            return;
        }
        if (!send_out(c, conn, b))
#line 435 "klib-src/lib/http_client.ts"
            return;
    }
}

#line 441 "klib-src/lib/http_client.ts"
static void frame_chunk(buffer b, bytes n, bytes head)
{
#line 442 "klib-src/lib/http_client.ts"
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

#line 463 "klib-src/lib/http_client.ts"
static void drop_connection(http_client c)
{
#line 464 "klib-src/lib/http_client.ts"
    http_connection conn = c->conn;
    if (conn == 0)
#line 465 "klib-src/lib/http_client.ts"
        return;
    c->conn = 0;
    conn->client = 0;
    if (conn->up) {
        apply(conn->out, 0);
    }
}

#line 474 "klib-src/lib/http_client.ts"
static boolean received(heap h, http_connection conn, buffer b)
{
#line 475 "klib-src/lib/http_client.ts"
    http_client c = conn->client;
    if (b == 0) {
        if (c != 0) {
            c->conn = 0;
            connection_lost(c);
        }
        deallocate_closure(conn->input);
        deallocate(h, conn, sizeof(struct http_connection));
        return false;
    }
    if (c == 0)
#line 485 "klib-src/lib/http_client.ts"
        return false;
    if (c->state != HTTP_CLIENT_STATE_IN_FLIGHT) {
#line 488 "klib-src/lib/http_client.ts"
        drop_connection(c);
        return true;
    }
    bytes n = buffer_length(b);
    bytes before = c->response->received;
    s64 result = http_response_parse(c->response, ((u8 *)buffer_ref(b, 0)), 0, n);
    if (result == HTTP_MORE)
#line 494 "klib-src/lib/http_client.ts"
        return false;
    if (result == HTTP_DONE) {
#line 497 "klib-src/lib/http_client.ts"
        boolean keep = c->response->keep_alive && c->response->received - before == n;
        if (!keep)
#line 498 "klib-src/lib/http_client.ts"
            drop_connection(c);
        finish(c, STATUS_OK);
        return !keep;
    }
    drop_connection(c);
    finish(c, parse_error(result));
    return true;
}

#line 507 "klib-src/lib/http_client.ts"
static void connection_lost(http_client c)
{
#line 508 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_IN_FLIGHT)
#line 508 "klib-src/lib/http_client.ts"
        return;
#line 510 "klib-src/lib/http_client.ts"
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

#line 523 "klib-src/lib/http_client.ts"
static void request_timed_out(http_client c)
{
#line 524 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_IN_FLIGHT)
#line 524 "klib-src/lib/http_client.ts"
        return;
    drop_connection(c);
    finish(c, timm("result", "http: request timed out"));
}

#line 529 "klib-src/lib/http_client.ts"
static status parse_error(s64 result)
{
#line 530 "klib-src/lib/http_client.ts"
    switch (result) {
    case HTTP_E_HEADERS_TOO_LARGE:
#line 531 "klib-src/lib/http_client.ts"
        return timm("result", "http: response headers too large");
    case HTTP_E_BODY_TOO_LARGE:
#line 532 "klib-src/lib/http_client.ts"
        return timm("result", "http: response body too large");
    case HTTP_E_TRUNCATED:
#line 533 "klib-src/lib/http_client.ts"
        return timm("result", "http: connection closed before the response ended");
    case HTTP_E_UNSUPPORTED:
#line 534 "klib-src/lib/http_client.ts"
        return timm("result", "http: unsupported response");
    case HTTP_E_SYNTAX:
#line 535 "klib-src/lib/http_client.ts"
        return timm("result", "http: malformed response");
    default:
#line 536 "klib-src/lib/http_client.ts"
        return timm("result", "http: response error %ld", result);
    }
}

#line 542 "klib-src/lib/http_client.ts"
static void finish(http_client c, status s)
{
#line 543 "klib-src/lib/http_client.ts"
    if (c->state != HTTP_CLIENT_STATE_IN_FLIGHT) {
        timm_dealloc(s);
        return;
    }
    c->state = HTTP_CLIENT_STATE_IDLE;
    c->parts = 0;
    remove_timer(kernel_timers, &c->timer, 0);
    buffer_clear(c->body_store);
    if (is_ok(s))
#line 551 "klib-src/lib/http_client.ts"
        buffer_produce(c->body_store, c->response->body_length);
    status_handler done = c->done;
    c->done = 0;
    if (done != 0)
#line 554 "klib-src/lib/http_client.ts"
        apply(done, s);
}
