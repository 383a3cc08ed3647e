/* The kernel's HTTP/1.1 helpers, with the kernel's observable behaviour
   (klib-spec §1.12), quirks included, so klibs see here what they will see
   in Nanos:
     - http_request writes "<METHOD> <url> HTTP/1.1", one "<name>: <value>"
       line per other header (tuples and symbols pretty-printed), a blank
       line, then the body; it always sets Content-Length in the caller's
       tuple to a stack buffer (so the tuple must be freed without its
       values) and adds no Host or Connection header;
     - the parser splits the start line at spaces and CR, takes a header
       name up to the first space (colons dropped) and the value up to CR,
       recognises only "Content-Length" and "Transfer-Encoding" spelled so
       (chunked in any case), ends a message without either at the end of
       its headers, delivers each message as a tuple (start_line vector,
       headers, content) that is destroyed when `each` returns, and on
       end of stream delivers a body in progress and frees itself. */
#include "host.h"
#include <http.h>

static const char *method_names[HTTP_REQUEST_METHODS] = {
    "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "CONNECT", "PATCH",
};

closure_function(2, 2, boolean, write_header_line,
                 buffer, dest, symbol, skip,
                 value k, value v)
{
    if (k == bound(skip))
        return true;
    if (host_tagof(v) == tag_table_tuple || host_tagof(v) == tag_symbol)
        bprintf(bound(dest), "%v: %v\r\n", k, v);
    else
        bprintf(bound(dest), "%v: %b\r\n", k, v);
    return true;
}

status http_request(heap h, buffer_handler bh, http_method method, tuple headers, buffer body)
{
    buffer b = allocate_buffer(h, 128);
    if (b == INVALID_ADDRESS)
        return timm("result", "http_request: out of memory");
    const char *name = method < HTTP_REQUEST_METHODS ? method_names[method] : "GET";
    bprintf(b, "%s %b HTTP/1.1\r\n", isstring((char *)name, runtime_strlen(name)),
            get(headers, sym(url)));
    buffer length = little_stack_buffer(24);
    bprintf(length, "%ld", body ? buffer_length(body) : 0);
    set(headers, sym(Content-Length), length);
    iterate(headers, stack_closure(write_header_line, b, sym(url)));
    bprintf(b, "\r\n");
    status s = apply(bh, b);
    if (!is_ok(s)) {
        deallocate_buffer(b);
        return timm_up(s, "result", "http_request: failed to send");
    }
    if (body)
        s = apply(bh, body);
    return s;
}

enum parse_state {
    START_LINE,
    HEADER_NAME,
    HEADER_VALUE,
    BODY,
    CHUNK_SIZE,
    CHUNK_EXTENSION,
    CHUNK_DATA,
    CHUNK_END,
    LAST_CHUNK_END,
};

typedef struct http_parser {
    heap h;
    value_handler each;
    enum parse_state state;
    boolean started;            /* a byte of the current message was seen */
    boolean chunked;
    u64 remaining;              /* body or chunk bytes still expected */
    tuple message;
    vector start_line;
    string word;
    symbol name;
    string body;
} *http_parser;

static void begin_message(http_parser p)
{
    p->state = START_LINE;
    p->started = false;
    p->chunked = false;
    p->remaining = 0;
    p->message = allocate_tuple();
    p->start_line = host_allocate_vector();
    p->word = allocate_string(16);
    p->name = 0;
    p->body = 0;
}

static void drop_message(http_parser p)
{
    if (p->word)
        deallocate_buffer(p->word);
    if (p->body)
        deallocate_buffer(p->body);
    destruct_value(p->start_line, true);
    destruct_value(p->message, true);
}

static void finish_message(http_parser p)
{
    set(p->message, sym(start_line), p->start_line);
    set(p->message, sym(content), p->body ? p->body : allocate_string(0));
    p->start_line = 0;
    p->body = 0;
    apply(p->each, p->message);
    destruct_value(p->message, true);
    deallocate_buffer(p->word);
    begin_message(p);
}

static void free_parser(http_parser p)
{
    deallocate_buffer(p->word);
    if (p->body)
        deallocate_buffer(p->body);
    if (p->start_line)
        destruct_value(p->start_line, true);
    destruct_value(p->message, true);
    deallocate_closure(p->each);
    deallocate(p->h, p, sizeof(*p));
}

static void header_value_done(http_parser p)
{
    if (p->name == sym(Content-Length)) {
        if (!parse_int(alloca_wrap(p->word), 10, &p->remaining))
            msg_err("http parser: bad Content-Length");
    } else if (p->name == sym(Transfer-Encoding)) {
        string w = p->word;
        if (buffer_length(w) == 7) {
            const char *want = "chunked";
            boolean same = true;
            for (int i = 0; i < 7; i++)
                same &= (tolower(byte(w, i)) == want[i]);
            p->chunked |= same;
        }
    }
    value old = get(p->message, p->name);
    if (old)
        deallocate_value(old);      /* a later duplicate wins */
    set(p->message, p->name, p->word);
    p->word = allocate_string(16);
}

static void headers_done(http_parser p)
{
    p->body = allocate_string(p->chunked ? 1024 : p->remaining);
    p->state = p->chunked ? CHUNK_SIZE : BODY;
    buffer_clear(p->word);
}

/* Feeds one byte; true when it completed a message. */
static boolean feed(http_parser p, u8 x)
{
    p->started = true;
    switch (p->state) {
    case START_LINE:
        if (x == '\n') {
            p->state = HEADER_NAME;
        } else if (x == '\r' || x == ' ') {
            host_vector_push(p->start_line, p->word);
            p->word = allocate_string(16);
        } else {
            push_u8(p->word, x);
        }
        return false;
    case HEADER_NAME:
        if (x == ' ') {
            p->name = intern(p->word);
            buffer_clear(p->word);
            p->state = HEADER_VALUE;
        } else if (x == '\n') {
            headers_done(p);
            return p->state == BODY && p->remaining == 0;
        } else if (x != '\r' && x != ':') {
            push_u8(p->word, x);
        }
        return false;
    case HEADER_VALUE:
        if (x == '\r')
            header_value_done(p);
        else if (x == '\n')
            p->state = HEADER_NAME;
        else
            push_u8(p->word, x);
        return false;
    case BODY:
        push_u8(p->body, x);
        return --p->remaining == 0;
    case CHUNK_SIZE:
        if (x == ';' || x == '\r') {
            /* The size ends here; an extension (or the CR) is skipped to LF. */
            if (!parse_int(alloca_wrap(p->word), 16, &p->remaining))
                msg_err("http parser: bad chunk size");
            buffer_clear(p->word);
            p->state = CHUNK_EXTENSION;
        } else if (x == '\n') {
            p->state = p->remaining ? CHUNK_DATA : LAST_CHUNK_END;
        } else {
            push_u8(p->word, x);
        }
        return false;
    case CHUNK_EXTENSION:
        if (x == '\n')
            p->state = p->remaining ? CHUNK_DATA : LAST_CHUNK_END;
        return false;
    case CHUNK_DATA:
        push_u8(p->body, x);
        if (--p->remaining == 0)
            p->state = CHUNK_END;
        return false;
    case CHUNK_END:
        if (x == '\n')
            p->state = CHUNK_SIZE;
        return false;
    case LAST_CHUNK_END:
        return x == '\n';
    }
    return false;
}

closure_function(1, 1, status, http_parser_input,
                 http_parser, p,
                 buffer b)
{
    http_parser p = bound(p);
    if (!b) {
        /* End of stream: a body without a length ends here. */
        boolean in_body = p->state == BODY;
        boolean clean = !p->started;
        if (in_body) {
            set(p->message, sym(start_line), p->start_line);
            set(p->message, sym(content), p->body);
            p->start_line = 0;
            p->body = 0;
            apply(p->each, p->message);
        }
        free_parser(p);
        closure_finish();
        if (in_body || clean)
            return STATUS_OK;
        return timm("result", "http parser: stream ended inside a message");
    }
    for (bytes i = 0; i < buffer_length(b); i++)
        if (feed(bound(p), byte(b, i)))
            finish_message(bound(p));
    return STATUS_OK;
}

buffer_handler allocate_http_parser(heap h, value_handler each)
{
    http_parser p = allocate(h, sizeof(*p));
    if (p == INVALID_ADDRESS)
        return INVALID_ADDRESS;
    p->h = h;
    p->each = each;
    begin_message(p);
    buffer_handler parser = closure(h, http_parser_input, p);
    if (parser == INVALID_ADDRESS) {
        drop_message(p);
        deallocate(h, p, sizeof(*p));
    }
    return parser;
}
