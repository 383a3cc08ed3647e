/* generated from klib-src/lib/http_response.ts by klibc - do not edit */
#include <kernel.h>
#include "ascii.h"
#include "http_response.h"

/* An incremental HTTP/1.1 response parser (RFC 9112). It is a byte-driven state machine, so any
 * split of the input gives the same result. The owner sets caps for the header block and the body
 * (a response whose headers or body exceed them is an error, as is anything malformed) and gives
 * storage for them that may be smaller than the caps and grow on demand: when a byte must be
 * stored and the room given is full, the parser stops (HTTP_HEAD_ROOM, HTTP_BODY_ROOM) before that
 * byte; the owner gives more room and feeds the rest of the input (`received` says how much was
 * taken). Results do not depend on the rooms or how they grow. The parser never reads or writes
 * outside the rooms it is given. Pure: runs under Node in tests.
 *
 * The header block is kept as "name:value\n" lines, names lowercased and values trimmed, for
 * httpHeaderFind. Interim 1xx responses are skipped; 204, 304 and responses to HEAD have no body;
 * otherwise the body is chunked, Content-Length long, or runs until the server closes. */

/* Body lengths above this are refused before any arithmetic could overflow (also in TypeScript). */
#define MAX_LENGTH_DIGITS 15

#define MAX_CHUNK_SIZE_DIGITS 12

/* Chunk extensions are skipped, up to this many bytes per chunk line. */
#define MAX_CHUNK_EXTENSION 1024

static s32 end_of_chunk_size(http_response p);

/* Prepares for a new response; `noBody` when the request was HEAD. */
void http_response_reset(http_response p, boolean no_body)
{
    p->status = 0;
    p->head_length = 0;
    p->body_length = 0;
    p->keep_alive = true;
    p->received = 0;
    p->room_wanted = 0;
    p->no_body = no_body;
    p->state = HTTP_PARSE_STATE_STATUS_LINE;
    p->after_line = HTTP_PARSE_STATE_STATUS_LINE;
    p->line_start = 0;
    p->content_length = 0;
    p->has_content_length = false;
    p->chunked = false;
    p->identity_coding = false;
    p->remaining = 0;
    p->digits = 0;
    p->extension = 0;
    p->trailer_bytes = 0;
    p->error = HTTP_MORE;
}

static s32 fail(http_response p, s32 error)
{
    p->state = HTTP_PARSE_STATE_FAILED;
    p->error = error;
    return error;
}

/* The byte at hand must be stored and the room is full (but below the cap): nothing changes, the
 * owner gives more room and the same byte comes again. */
static s32 need_room(http_response p, s32 result, bytes wanted)
{
    p->room_wanted = wanted;
    return result;
}

/* "HTTP/1.x DDD[ reason]" in head[lineStart, headLength). */
static s32 parse_status_line(http_response p)
{
    bytes at = p->line_start;
    bytes n = p->head_length - at;
    if (n < 12 || !equals_text(p->head, at, 7, "HTTP/1.", 7) || !is_digit(p->head[at + 7]) ||
        p->head[at + 8] != ' ') {
        return fail(p, HTTP_E_SYNTAX);
    }
    u32 status = 0;
    for (bytes i = 9; i < 12; i++) {
        if (!is_digit(p->head[at + i]))
            return fail(p, HTTP_E_SYNTAX);
        status = status * 10 + (p->head[at + i] - '0');
    }
    if (status < 100 || (n > 12 && p->head[at + 12] != ' '))
        return fail(p, HTTP_E_SYNTAX);
    p->status = status;
    if (p->head[at + 7] == '0')
        p->keep_alive = false;
    p->head_length = at;
    return HTTP_MORE;
}

/* True when the comma-separated list in head[from, to) contains `token` (case-insensitive). */
static boolean list_has(http_response p, bytes from, bytes to, const char *token,
                        bytes token_length)
{
    bytes i = from;
    while (i < to) {
        while (i < to && (p->head[i] == ' ' || p->head[i] == '\t' || p->head[i] == ','))
            i++;
        bytes end = i;
        while (end < to && p->head[end] != ',')
            end++;
        bytes last = end;
        while (last > i && (p->head[last - 1] == ' ' || p->head[last - 1] == '\t'))
            last--;
        if (last > i && equals_ignoring_case(p->head, i, last - i, token, token_length))
            return true;
        i = end;
    }
    return false;
}

/* The headers that shape the message: Content-Length, Transfer-Encoding, Connection. */
static s32 note_header(http_response p, bytes name, bytes name_length, bytes value, bytes value_end)
{
    if (equals_ignoring_case(p->head, name, name_length, "content-length", 14)) {
        bytes n = value_end - value;
        if (n == 0 || n > MAX_LENGTH_DIGITS)
            return fail(p, n == 0 ? HTTP_E_SYNTAX : HTTP_E_BODY_TOO_LARGE);
        u64 length = 0;
        for (bytes i = value; i < value_end; i++) {
            if (!is_digit(p->head[i]))
                return fail(p, HTTP_E_SYNTAX);
            length = length * 10 + (p->head[i] - '0');
        }
        if (p->has_content_length && p->content_length != length)
            return fail(p, HTTP_E_SYNTAX);
        p->has_content_length = true;
        p->content_length = length;
    } else if (equals_ignoring_case(p->head, name, name_length, "transfer-encoding", 17)) {
        /* Chunked must be the last coding; anything else means the body runs until close. */
        bytes last = value_end;
        while (last > value && p->head[last - 1] != ',')
            last--;
        while (last < value_end && (p->head[last] == ' ' || p->head[last] == '\t'))
            last++;
        if (equals_ignoring_case(p->head, last, value_end - last, "chunked", 7)) {
            p->chunked = true;
        } else {
            p->identity_coding = true;
        }
    } else if (equals_ignoring_case(p->head, name, name_length, "connection", 10)) {
        if (list_has(p, value, value_end, "close", 5))
            p->keep_alive = false;
    }
    return HTTP_MORE;
}

/* A header line "name: value" in head[lineStart, headLength): validates it and stores it back
 * compactly as "name:value\n". */
static s32 parse_header_line(http_response p)
{
    bytes at = p->line_start;
    bytes end = p->head_length;
    bytes colon = at;
    while (colon < end && is_token_char(p->head[colon])) {
        p->head[colon] = lower_case(p->head[colon]);
        colon++;
    }
    if (colon == at || colon == end || p->head[colon] != ':')
        return fail(p, HTTP_E_SYNTAX);
    bytes value = colon + 1;
    while (value < end && (p->head[value] == ' ' || p->head[value] == '\t'))
        value++;
    bytes value_end = end;
    while (value_end > value && (p->head[value_end - 1] == ' ' || p->head[value_end - 1] == '\t'))
        value_end--;
    for (bytes i = value; i < value_end; i++) {
        u32 c = p->head[i];
        if ((c < ' ' && c != '\t') || c == 127)
            return fail(p, HTTP_E_SYNTAX);
    }
    bytes o = colon + 1;
    for (bytes i = value; i < value_end; i++)
        p->head[o++] = p->head[i];
    s32 result = note_header(p, at, colon - at, colon + 1, o);
    if (result != HTTP_MORE)
        return result;
    /* The line feed that ends the stored line needs a byte the raw line may not have left. */
    if (o >= p->head_cap)
        return fail(p, HTTP_E_HEADERS_TOO_LARGE);
    p->head[o++] = '\n';
    p->head_length = o;
    return HTTP_MORE;
}

/* The blank line after the headers: decides how the body is delimited. */
static s32 end_of_headers(http_response p)
{
    if (p->status < 200) {
        if (p->status == 101)
            return fail(p, HTTP_E_UNSUPPORTED);
        /* The final response follows; the bytes of this one stay counted. */
        boolean no_body = p->no_body;
        bytes received = p->received;
        http_response_reset(p, no_body);
        p->received = received;
        return HTTP_MORE;
    }
    if (p->chunked || p->identity_coding) {
        /* Transfer-Encoding overrides Content-Length; a message with both is suspect (RFC 9112
         * 6.3). */
        if (p->has_content_length)
            p->keep_alive = false;
        p->has_content_length = false;
    }
    if (p->no_body || p->status == 204 || p->status == 304) {
        p->state = HTTP_PARSE_STATE_DONE;
        return HTTP_DONE;
    }
    if (p->chunked) {
        p->state = HTTP_PARSE_STATE_CHUNK_SIZE;
        p->remaining = 0;
        p->digits = 0;
        return HTTP_MORE;
    }
    if (p->has_content_length) {
        if (p->content_length > p->body_cap)
            return fail(p, HTTP_E_BODY_TOO_LARGE);
        p->remaining = p->content_length;
        p->state = p->remaining == 0 ? HTTP_PARSE_STATE_DONE : HTTP_PARSE_STATE_BODY;
        return p->remaining == 0 ? HTTP_DONE : HTTP_MORE;
    }
    p->keep_alive = false;
    p->state = HTTP_PARSE_STATE_BODY_UNTIL_CLOSE;
    return HTTP_MORE;
}

/* A complete line of the header section has been stored at head[lineStart, headLength). */
static s32 end_of_line(http_response p)
{
    if (p->after_line == HTTP_PARSE_STATE_STATUS_LINE) {
        p->after_line = HTTP_PARSE_STATE_HEADER_LINE;
        p->state = HTTP_PARSE_STATE_HEADER_LINE;
        return parse_status_line(p);
    }
    if (p->head_length == p->line_start)
        return end_of_headers(p);
    /* The stored line ends with a line feed, which may need a byte past the raw line. */
    if (p->head_length >= p->head_room && p->head_room < p->head_cap)
        return need_room(p, HTTP_HEAD_ROOM, p->head_length + 1);
    p->state = HTTP_PARSE_STATE_HEADER_LINE;
    return parse_header_line(p);
}

/* One byte of the status line or a header line. */
static s32 header_byte(http_response p, u32 c)
{
    if (c == '\r') {
        p->state = HTTP_PARSE_STATE_LINE_FEED;
        return HTTP_MORE;
    }
    if (c == '\n')
        return end_of_line(p);
    /* A line starting with white space would fold onto the previous one: obsolete, refused. */
    if ((c == ' ' || c == '\t') && p->head_length == p->line_start &&
        p->after_line == HTTP_PARSE_STATE_HEADER_LINE) {
        return fail(p, HTTP_E_SYNTAX);
    }
    if (c == 0)
        return fail(p, HTTP_E_SYNTAX);
    if (p->head_length >= p->head_cap)
        return fail(p, HTTP_E_HEADERS_TOO_LARGE);
    if (p->head_length >= p->head_room)
        return need_room(p, HTTP_HEAD_ROOM, p->head_length + 1);
    p->head[p->head_length++] = c;
    return HTTP_MORE;
}

static s32 chunk_size_byte(http_response p, u32 c)
{
    if (c == '\r') {
        if (p->digits == 0)
            return fail(p, HTTP_E_SYNTAX);
        p->state = HTTP_PARSE_STATE_CHUNK_SIZE_LINE_FEED;
        return HTTP_MORE;
    }
    if (c == '\n')
        return p->digits == 0 ? fail(p, HTTP_E_SYNTAX) : end_of_chunk_size(p);
    if (p->state == HTTP_PARSE_STATE_CHUNK_EXTENSION) {
        /* Extensions (";name=value") are skipped, within a limit. */
        if ((c < ' ' && c != '\t') || c == 127)
            return fail(p, HTTP_E_SYNTAX);
        if (++p->extension > MAX_CHUNK_EXTENSION)
            return fail(p, HTTP_E_HEADERS_TOO_LARGE);
        return HTTP_MORE;
    }
    s32 digit = hex_digit_value(c);
    if (digit >= 0) {
        if (++p->digits > MAX_CHUNK_SIZE_DIGITS)
            return fail(p, HTTP_E_BODY_TOO_LARGE);
        p->remaining = p->remaining * 16 + (u64)digit;
        return HTTP_MORE;
    }
    /* White space may come before an extension. */
    if (p->digits == 0 || (c != ';' && c != ' ' && c != '\t'))
        return fail(p, HTTP_E_SYNTAX);
    p->state = HTTP_PARSE_STATE_CHUNK_EXTENSION;
    return HTTP_MORE;
}

static s32 end_of_chunk_size(http_response p)
{
    p->digits = 0;
    p->extension = 0;
    if (p->remaining == 0) {
        p->state = HTTP_PARSE_STATE_TRAILER;
        p->line_start = 0;
        return HTTP_MORE;
    }
    if (p->remaining > p->body_cap - p->body_length)
        return fail(p, HTTP_E_BODY_TOO_LARGE);
    p->state = HTTP_PARSE_STATE_CHUNK_DATA;
    return HTTP_MORE;
}

/* Trailer fields are read and dropped; their size counts against the header storage. */
static s32 trailer_byte(http_response p, u32 c)
{
    if (c == '\r') {
        p->state = HTTP_PARSE_STATE_TRAILER_LINE_FEED;
        return HTTP_MORE;
    }
    if (c == '\n') {
        if (p->line_start == 0) {
            p->state = HTTP_PARSE_STATE_DONE;
            return HTTP_DONE;
        }
        p->line_start = 0;
        return HTTP_MORE;
    }
    if (c == 0 || p->head_length + ++p->trailer_bytes > p->head_cap) {
        return fail(p, c == 0 ? HTTP_E_SYNTAX : HTTP_E_HEADERS_TOO_LARGE);
    }
    p->line_start++;
    return HTTP_MORE;
}

/* Feeds `n` bytes at data[off]. Returns HTTP_MORE (the response is not complete yet), HTTP_DONE
 * (complete; the bytes `received` counted belong to it: what follows is not this response's),
 * HTTP_HEAD_ROOM or HTTP_BODY_ROOM (a room is full: the bytes `received` counted were taken; give
 * room and feed the rest) or an error, which is final. */
s64 http_response_parse(http_response p, u8 *data, bytes off, bytes n)
{
    bytes i = 0;
    s32 result = p->error;
    while (i < n && result == HTTP_MORE) {
        u32 c = data[off + i];
        switch (p->state) {
        case HTTP_PARSE_STATE_STATUS_LINE:
        case HTTP_PARSE_STATE_HEADER_LINE:
            result = header_byte(p, c);
            break;
        case HTTP_PARSE_STATE_LINE_FEED:
            result = c == '\n' ? end_of_line(p) : fail(p, HTTP_E_SYNTAX);
            break;
        case HTTP_PARSE_STATE_BODY:
        case HTTP_PARSE_STATE_BODY_UNTIL_CLOSE:
        case HTTP_PARSE_STATE_CHUNK_DATA:
            {
                u64 take = n - i;
                if (p->state != HTTP_PARSE_STATE_BODY_UNTIL_CLOSE && take > p->remaining)
                    take = p->remaining;
                if (p->state == HTTP_PARSE_STATE_BODY_UNTIL_CLOSE &&
                    take > p->body_cap - p->body_length) {
                    result = fail(p, HTTP_E_BODY_TOO_LARGE);
                    break;
                }
                /* What fits in the room now; the caps above keep the body within bodyCap, so a
                 * full room here is below it. */
                if (take > p->body_room - p->body_length) {
                    if (p->body_room == p->body_length) {
                        u64 coming = p->state == HTTP_PARSE_STATE_BODY_UNTIL_CLOSE
                                     ? take
                                     : p->remaining;
                        result = need_room(p, HTTP_BODY_ROOM, p->body_length + coming);
                        break;
                    }
                    take = p->body_room - p->body_length;
                }
                for (u64 k = 0; k < take; k++)
                    p->body[p->body_length + k] = data[off + i + k];
                p->body_length += take;
                p->received += take;
                i += take;
                if (p->state != HTTP_PARSE_STATE_BODY_UNTIL_CLOSE)
                    p->remaining -= take;
                if (p->state == HTTP_PARSE_STATE_BODY && p->remaining == 0) {
                    p->state = HTTP_PARSE_STATE_DONE;
                    result = HTTP_DONE;
                } else if (p->state == HTTP_PARSE_STATE_CHUNK_DATA && p->remaining == 0) {
                    p->state = HTTP_PARSE_STATE_CHUNK_DATA_END;
                }
                continue;
            }
        case HTTP_PARSE_STATE_CHUNK_SIZE:
        case HTTP_PARSE_STATE_CHUNK_EXTENSION:
            result = chunk_size_byte(p, c);
            break;
        case HTTP_PARSE_STATE_CHUNK_SIZE_LINE_FEED:
            result = c == '\n' ? end_of_chunk_size(p) : fail(p, HTTP_E_SYNTAX);
            break;
        case HTTP_PARSE_STATE_CHUNK_DATA_END:
            if (c == '\r') {
                p->state = HTTP_PARSE_STATE_CHUNK_DATA_LINE_FEED;
            } else if (c == '\n') {
                p->state = HTTP_PARSE_STATE_CHUNK_SIZE;
            } else {
                result = fail(p, HTTP_E_SYNTAX);
            }
            break;
        case HTTP_PARSE_STATE_CHUNK_DATA_LINE_FEED:
            if (c == '\n') {
                p->state = HTTP_PARSE_STATE_CHUNK_SIZE;
            } else {
                result = fail(p, HTTP_E_SYNTAX);
            }
            break;
        case HTTP_PARSE_STATE_TRAILER:
            result = trailer_byte(p, c);
            break;
        case HTTP_PARSE_STATE_TRAILER_LINE_FEED:
            if (c != '\n') {
                result = fail(p, HTTP_E_SYNTAX);
            } else {
                p->state = HTTP_PARSE_STATE_TRAILER;
                result = trailer_byte(p, c);
            }
            break;
        case HTTP_PARSE_STATE_DONE:
            result = HTTP_DONE;
            continue;
        default:
            result = p->error;
            continue;
        }
        /* The byte did not fit: it is not taken. */
        if (result == HTTP_HEAD_ROOM || result == HTTP_BODY_ROOM)
            break;
        /* The status and header lines: a new line starts after each line feed. */
        if ((p->state == HTTP_PARSE_STATE_HEADER_LINE ||
             p->state == HTTP_PARSE_STATE_STATUS_LINE) &&
            c == '\n')
            p->line_start = p->head_length;
        p->received++;
        i++;
    }
    if (p->state == HTTP_PARSE_STATE_DONE)
        return HTTP_DONE;
    return result;
}

/* The connection has ended: completes a body that runs until close, or reports a truncation. */
s32 http_response_end(http_response p)
{
    if (p->state == HTTP_PARSE_STATE_BODY_UNTIL_CLOSE || p->state == HTTP_PARSE_STATE_DONE) {
        p->state = HTTP_PARSE_STATE_DONE;
        return HTTP_DONE;
    }
    if (p->state == HTTP_PARSE_STATE_FAILED)
        return p->error;
    return fail(p, HTTP_E_TRUNCATED);
}

/* The offset in `head` of the value of header `name` (lowercase, `nameLength` bytes), or -1; the
 * value runs to the next line feed (httpHeaderValueLength). The first occurrence is found. */
s64 http_header_find(http_response p, const char *name, bytes name_length)
{
    bytes line = 0;
    while (line < p->head_length) {
        bytes end = line;
        while (end < p->head_length && p->head[end] != '\n')
            end++;
        if (end - line > name_length && p->head[line + name_length] == ':' &&
            equals_ignoring_case(p->head, line, name_length, name, name_length)) {
            return line + name_length + 1;
        }
        line = end + 1;
    }
    return -1;
}

/* The length of the header value at `offset` (from httpHeaderFind). */
bytes http_header_value_length(http_response p, bytes offset)
{
    bytes end = offset;
    while (end < p->head_length && p->head[end] != '\n')
        end++;
    return end - offset;
}
