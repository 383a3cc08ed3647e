/* generated from klib-src/lib/http_response.ts by klibc - do not edit */
#include <kernel.h>
#include "ascii.h"
#include "http_response.h"

#define MAX_LENGTH_DIGITS 15
#define MAX_CHUNK_SIZE_DIGITS 12
#define MAX_CHUNK_EXTENSION 1024

static s32 end_of_chunk_size(http_response p);

#line 79 "klib-src/lib/http_response.ts"
void http_response_reset(http_response p, boolean no_body)
{
#line 80 "klib-src/lib/http_response.ts"
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

#line 101 "klib-src/lib/http_response.ts"
static s32 fail(http_response p, s32 error)
{
#line 102 "klib-src/lib/http_response.ts"
    p->state = HTTP_PARSE_STATE_FAILED;
    p->error = error;
    return error;
}

#line 109 "klib-src/lib/http_response.ts"
static s32 need_room(http_response p, s32 result, bytes wanted)
{
#line 110 "klib-src/lib/http_response.ts"
    p->room_wanted = wanted;
    return result;
}

#line 115 "klib-src/lib/http_response.ts"
static s32 parse_status_line(http_response p)
{
#line 116 "klib-src/lib/http_response.ts"
    bytes at = p->line_start;
    bytes n = p->head_length - at;
    if (n < 12 || !equals_text(p->head, at, 7, "HTTP/1.", 7) || !is_digit(p->head[at + 7]) || p->head[at + 8] != 32) {
#line 120 "klib-src/lib/http_response.ts"
        return fail(p, HTTP_E_SYNTAX);
    }
    u32 status = 0;
    for (bytes i = 9; i < 12; i++) {
        if (!is_digit(p->head[at + i]))
#line 124 "klib-src/lib/http_response.ts"
            return fail(p, HTTP_E_SYNTAX);
        status = status * 10 + (p->head[at + i] - 48);
    }
    if (status < 100 || (n > 12 && p->head[at + 12] != 32))
#line 127 "klib-src/lib/http_response.ts"
        return fail(p, HTTP_E_SYNTAX);
    p->status = status;
    if (p->head[at + 7] == 48)
#line 129 "klib-src/lib/http_response.ts"
        p->keep_alive = false;
    p->head_length = at;
    return HTTP_MORE;
}

#line 135 "klib-src/lib/http_response.ts"
static boolean list_has(http_response p, bytes from, bytes to, const char *token,
                        bytes token_length)
{
#line 136 "klib-src/lib/http_response.ts"
    bytes i = from;
    while (i < to) {
        while (i < to && (p->head[i] == 32 || p->head[i] == 9 || p->head[i] == 44))
#line 138 "klib-src/lib/http_response.ts"
            i++;
        bytes end = i;
        while (end < to && p->head[end] != 44)
#line 140 "klib-src/lib/http_response.ts"
            end++;
        bytes last = end;
        while (last > i && (p->head[last - 1] == 32 || p->head[last - 1] == 9))
#line 142 "klib-src/lib/http_response.ts"
            last--;
        if (last > i && equals_ignoring_case(p->head, i, last - i, token, token_length))
#line 143 "klib-src/lib/http_response.ts"
            return true;
        i = end;
    }
    return false;
}

#line 150 "klib-src/lib/http_response.ts"
static s32 note_header(http_response p, bytes name, bytes name_length, bytes value, bytes value_end)
{
#line 151 "klib-src/lib/http_response.ts"
    if (equals_ignoring_case(p->head, name, name_length, "content-length", 14)) {
        bytes n = value_end - value;
        if (n == 0 || n > MAX_LENGTH_DIGITS)
#line 153 "klib-src/lib/http_response.ts"
            return fail(p, n == 0 ? HTTP_E_SYNTAX : HTTP_E_BODY_TOO_LARGE);
        u64 length = 0;
        for (bytes i = value; i < value_end; i++) {
            if (!is_digit(p->head[i]))
#line 156 "klib-src/lib/http_response.ts"
                return fail(p, HTTP_E_SYNTAX);
            length = length * 10 + (p->head[i] - 48);
        }
        if (p->has_content_length && p->content_length != length)
#line 159 "klib-src/lib/http_response.ts"
            return fail(p, HTTP_E_SYNTAX);
        p->has_content_length = true;
        p->content_length = length;
    } else if (equals_ignoring_case(p->head, name, name_length, "transfer-encoding", 17)) {
#line 164 "klib-src/lib/http_response.ts"
        bytes last = value_end;
        while (last > value && p->head[last - 1] != 44)
#line 165 "klib-src/lib/http_response.ts"
            last--;
        while (last < value_end && (p->head[last] == 32 || p->head[last] == 9))
#line 166 "klib-src/lib/http_response.ts"
            last++;
        if (equals_ignoring_case(p->head, last, value_end - last, "chunked", 7)) {
            p->chunked = true;
        } else {
            p->identity_coding = true;
        }
    } else if (equals_ignoring_case(p->head, name, name_length, "connection", 10)) {
        if (list_has(p, value, value_end, "close", 5))
#line 173 "klib-src/lib/http_response.ts"
            p->keep_alive = false;
    }
    return HTTP_MORE;
}

#line 180 "klib-src/lib/http_response.ts"
static s32 parse_header_line(http_response p)
{
#line 181 "klib-src/lib/http_response.ts"
    bytes at = p->line_start;
    bytes end = p->head_length;
    bytes colon = at;
    while (colon < end && is_token_char(p->head[colon])) {
        p->head[colon] = lower_case(p->head[colon]);
        colon++;
    }
    if (colon == at || colon == end || p->head[colon] != 58)
#line 188 "klib-src/lib/http_response.ts"
        return fail(p, HTTP_E_SYNTAX);
    bytes value = colon + 1;
    while (value < end && (p->head[value] == 32 || p->head[value] == 9))
#line 190 "klib-src/lib/http_response.ts"
        value++;
    bytes value_end = end;
    while (value_end > value && (p->head[value_end - 1] == 32 || p->head[value_end - 1] == 9))
#line 192 "klib-src/lib/http_response.ts"
        value_end--;
    for (bytes i = value; i < value_end; i++) {
        u32 c = p->head[i];
        if ((c < 32 && c != 9) || c == 127)
#line 195 "klib-src/lib/http_response.ts"
            return fail(p, HTTP_E_SYNTAX);
    }
    bytes o = colon + 1;
    for (bytes i = value; i < value_end; i++)
#line 198 "klib-src/lib/http_response.ts"
        p->head[o++] = p->head[i];
    s32 result = note_header(p, at, colon - at, colon + 1, o);
    if (result != HTTP_MORE)
#line 200 "klib-src/lib/http_response.ts"
        return result;
#line 202 "klib-src/lib/http_response.ts"
    if (o >= p->head_cap)
#line 202 "klib-src/lib/http_response.ts"
        return fail(p, HTTP_E_HEADERS_TOO_LARGE);
    p->head[o++] = 10;
    p->head_length = o;
    return HTTP_MORE;
}

#line 209 "klib-src/lib/http_response.ts"
static s32 end_of_headers(http_response p)
{
#line 210 "klib-src/lib/http_response.ts"
    if (p->status < 200) {
        if (p->status == 101)
#line 211 "klib-src/lib/http_response.ts"
            return fail(p, HTTP_E_UNSUPPORTED);
#line 213 "klib-src/lib/http_response.ts"
        boolean no_body = p->no_body;
        bytes received = p->received;
        http_response_reset(p, no_body);
        p->received = received;
        return HTTP_MORE;
    }
    if (p->chunked || p->identity_coding) {
#line 221 "klib-src/lib/http_response.ts"
        if (p->has_content_length)
#line 221 "klib-src/lib/http_response.ts"
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
#line 235 "klib-src/lib/http_response.ts"
            return fail(p, HTTP_E_BODY_TOO_LARGE);
        p->remaining = p->content_length;
        p->state = p->remaining == 0 ? HTTP_PARSE_STATE_DONE : HTTP_PARSE_STATE_BODY;
        return p->remaining == 0 ? HTTP_DONE : HTTP_MORE;
    }
    p->keep_alive = false;
    p->state = HTTP_PARSE_STATE_BODY_UNTIL_CLOSE;
    return HTTP_MORE;
}

#line 246 "klib-src/lib/http_response.ts"
static s32 end_of_line(http_response p)
{
#line 247 "klib-src/lib/http_response.ts"
    if (p->after_line == HTTP_PARSE_STATE_STATUS_LINE) {
        p->after_line = HTTP_PARSE_STATE_HEADER_LINE;
        p->state = HTTP_PARSE_STATE_HEADER_LINE;
        return parse_status_line(p);
    }
    if (p->head_length == p->line_start)
#line 252 "klib-src/lib/http_response.ts"
        return end_of_headers(p);
#line 254 "klib-src/lib/http_response.ts"
    if (p->head_length >= p->head_room && p->head_room < p->head_cap)
#line 254 "klib-src/lib/http_response.ts"
        return need_room(p, HTTP_HEAD_ROOM, p->head_length + 1);
    p->state = HTTP_PARSE_STATE_HEADER_LINE;
    return parse_header_line(p);
}

#line 260 "klib-src/lib/http_response.ts"
static s32 header_byte(http_response p, u32 c)
{
#line 261 "klib-src/lib/http_response.ts"
    if (c == 13) {
        p->state = HTTP_PARSE_STATE_LINE_FEED;
        return HTTP_MORE;
    }
    if (c == 10)
#line 265 "klib-src/lib/http_response.ts"
        return end_of_line(p);
#line 267 "klib-src/lib/http_response.ts"
    if ((c == 32 || c == 9) && p->head_length == p->line_start && p->after_line == HTTP_PARSE_STATE_HEADER_LINE) {
        return fail(p, HTTP_E_SYNTAX);
    }
    if (c == 0)
#line 270 "klib-src/lib/http_response.ts"
        return fail(p, HTTP_E_SYNTAX);
    if (p->head_length >= p->head_cap)
#line 271 "klib-src/lib/http_response.ts"
        return fail(p, HTTP_E_HEADERS_TOO_LARGE);
    if (p->head_length >= p->head_room)
#line 272 "klib-src/lib/http_response.ts"
        return need_room(p, HTTP_HEAD_ROOM, p->head_length + 1);
    p->head[p->head_length++] = c;
    return HTTP_MORE;
}

#line 277 "klib-src/lib/http_response.ts"
static s32 chunk_size_byte(http_response p, u32 c)
{
#line 278 "klib-src/lib/http_response.ts"
    if (c == 13) {
        if (p->digits == 0)
#line 279 "klib-src/lib/http_response.ts"
            return fail(p, HTTP_E_SYNTAX);
        p->state = HTTP_PARSE_STATE_CHUNK_SIZE_LINE_FEED;
        return HTTP_MORE;
    }
    if (c == 10)
#line 283 "klib-src/lib/http_response.ts"
        return p->digits == 0 ? fail(p, HTTP_E_SYNTAX) : end_of_chunk_size(p);
    if (p->state == HTTP_PARSE_STATE_CHUNK_EXTENSION) {
#line 286 "klib-src/lib/http_response.ts"
        if ((c < 32 && c != 9) || c == 127)
#line 286 "klib-src/lib/http_response.ts"
            return fail(p, HTTP_E_SYNTAX);
        if (++p->extension > MAX_CHUNK_EXTENSION)
#line 287 "klib-src/lib/http_response.ts"
            return fail(p, HTTP_E_HEADERS_TOO_LARGE);
        return HTTP_MORE;
    }
    s32 digit = hex_digit_value(c);
    if (digit >= 0) {
        if (++p->digits > MAX_CHUNK_SIZE_DIGITS)
#line 292 "klib-src/lib/http_response.ts"
            return fail(p, HTTP_E_BODY_TOO_LARGE);
        p->remaining = p->remaining * 16 + ((u64)digit);
        return HTTP_MORE;
    }
#line 297 "klib-src/lib/http_response.ts"
    if (p->digits == 0 || (c != 59 && c != 32 && c != 9))
#line 297 "klib-src/lib/http_response.ts"
        return fail(p, HTTP_E_SYNTAX);
    p->state = HTTP_PARSE_STATE_CHUNK_EXTENSION;
    return HTTP_MORE;
}

#line 302 "klib-src/lib/http_response.ts"
static s32 end_of_chunk_size(http_response p)
{
#line 303 "klib-src/lib/http_response.ts"
    p->digits = 0;
    p->extension = 0;
    if (p->remaining == 0) {
        p->state = HTTP_PARSE_STATE_TRAILER;
        p->line_start = 0;
        return HTTP_MORE;
    }
    if (p->remaining > p->body_cap - p->body_length)
#line 310 "klib-src/lib/http_response.ts"
        return fail(p, HTTP_E_BODY_TOO_LARGE);
    p->state = HTTP_PARSE_STATE_CHUNK_DATA;
    return HTTP_MORE;
}

#line 316 "klib-src/lib/http_response.ts"
static s32 trailer_byte(http_response p, u32 c)
{
#line 317 "klib-src/lib/http_response.ts"
    if (c == 13) {
        p->state = HTTP_PARSE_STATE_TRAILER_LINE_FEED;
        return HTTP_MORE;
    }
    if (c == 10) {
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

#line 342 "klib-src/lib/http_response.ts"
s64 http_response_parse(http_response p, u8 *data, bytes off, bytes n)
{
#line 343 "klib-src/lib/http_response.ts"
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
            result = c == 10 ? end_of_line(p) : fail(p, HTTP_E_SYNTAX);
            break;
        case HTTP_PARSE_STATE_BODY:
        case HTTP_PARSE_STATE_BODY_UNTIL_CLOSE:
        case HTTP_PARSE_STATE_CHUNK_DATA:
#line 357 "klib-src/lib/http_response.ts"
            {
                u64 take = n - i;
                if (p->state != HTTP_PARSE_STATE_BODY_UNTIL_CLOSE && take > p->remaining)
#line 359 "klib-src/lib/http_response.ts"
                    take = p->remaining;
                if (p->state == HTTP_PARSE_STATE_BODY_UNTIL_CLOSE && take > p->body_cap - p->body_length) {
                    result = fail(p, HTTP_E_BODY_TOO_LARGE);
                    break;
                }
#line 366 "klib-src/lib/http_response.ts"
                if (take > p->body_room - p->body_length) {
                    if (p->body_room == p->body_length) {
                        u64 coming = p->state == HTTP_PARSE_STATE_BODY_UNTIL_CLOSE ? take : p->remaining;
                        result = need_room(p, HTTP_BODY_ROOM, p->body_length + coming);
                        break;
                    }
                    take = p->body_room - p->body_length;
                }
                for (u64 k = 0; k < take; k++)
#line 374 "klib-src/lib/http_response.ts"
                    p->body[p->body_length + k] = data[off + i + k];
                p->body_length += take;
                p->received += take;
                i += take;
                if (p->state != HTTP_PARSE_STATE_BODY_UNTIL_CLOSE)
#line 378 "klib-src/lib/http_response.ts"
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
            result = c == 10 ? end_of_chunk_size(p) : fail(p, HTTP_E_SYNTAX);
            break;
        case HTTP_PARSE_STATE_CHUNK_DATA_END:
            if (c == 13) {
                p->state = HTTP_PARSE_STATE_CHUNK_DATA_LINE_FEED;
            } else if (c == 10) {
                p->state = HTTP_PARSE_STATE_CHUNK_SIZE;
            } else {
                result = fail(p, HTTP_E_SYNTAX);
            }
            break;
        case HTTP_PARSE_STATE_CHUNK_DATA_LINE_FEED:
            if (c == 10) {
                p->state = HTTP_PARSE_STATE_CHUNK_SIZE;
            } else {
                result = fail(p, HTTP_E_SYNTAX);
            }
            break;
        case HTTP_PARSE_STATE_TRAILER:
            result = trailer_byte(p, c);
            break;
        case HTTP_PARSE_STATE_TRAILER_LINE_FEED:
            if (c != 10) {
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
#line 429 "klib-src/lib/http_response.ts"
        if (result == HTTP_HEAD_ROOM || result == HTTP_BODY_ROOM)
#line 429 "klib-src/lib/http_response.ts"
            break;
#line 431 "klib-src/lib/http_response.ts"
        if ((p->state == HTTP_PARSE_STATE_HEADER_LINE || p->state == HTTP_PARSE_STATE_STATUS_LINE) && c == 10)
#line 431 "klib-src/lib/http_response.ts"
            p->line_start = p->head_length;
        p->received++;
        i++;
    }
    if (p->state == HTTP_PARSE_STATE_DONE)
#line 435 "klib-src/lib/http_response.ts"
        return HTTP_DONE;
    return result;
}

#line 440 "klib-src/lib/http_response.ts"
s32 http_response_end(http_response p)
{
#line 441 "klib-src/lib/http_response.ts"
    if (p->state == HTTP_PARSE_STATE_BODY_UNTIL_CLOSE || p->state == HTTP_PARSE_STATE_DONE) {
        p->state = HTTP_PARSE_STATE_DONE;
        return HTTP_DONE;
    }
    if (p->state == HTTP_PARSE_STATE_FAILED)
#line 445 "klib-src/lib/http_response.ts"
        return p->error;
    return fail(p, HTTP_E_TRUNCATED);
}

#line 453 "klib-src/lib/http_response.ts"
s64 http_header_find(http_response p, const char *name, bytes name_length)
{
#line 454 "klib-src/lib/http_response.ts"
    bytes line = 0;
    while (line < p->head_length) {
        bytes end = line;
        while (end < p->head_length && p->head[end] != 10)
#line 457 "klib-src/lib/http_response.ts"
            end++;
        if (end - line > name_length && p->head[line + name_length] == 58 && equals_ignoring_case(p->head,
                                                                                                  line,
                                                                                                  name_length,
                                                                                                  name,
                                                                                                  name_length)) {
#line 460 "klib-src/lib/http_response.ts"
            return line + name_length + 1;
        }
        line = end + 1;
    }
    return -1;
}

#line 468 "klib-src/lib/http_response.ts"
bytes http_header_value_length(http_response p, bytes offset)
{
#line 469 "klib-src/lib/http_response.ts"
    bytes end = offset;
    while (end < p->head_length && p->head[end] != 10)
#line 470 "klib-src/lib/http_response.ts"
        end++;
    return end - offset;
}
