/* generated from klib-src/logpipe/writer.ts by klibc - do not edit */
#include <kernel.h>
#include "loss_text.h"
#include "ring.h"
#include "utf8.h"
#include "words.h"
#include "writer.h"

#define NEWLINE 10
#define CARRIAGE_RETURN 13

static inline __attribute__((always_inline)) bytes write_split(log_pipe p, u8 *text, bytes from, bytes lines_end, bytes count, timestamp stamp);

#line 41 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) timestamp stamp_now(log_pipe p)
{
#line 42 "klib-src/logpipe/writer.ts"
    timestamp t = kern_now(CLOCK_ID_REALTIME);
    if (t < p->last_stamp)
#line 43 "klib-src/logpipe/writer.ts"
        t = p->last_stamp;
    p->last_stamp = t;
    return t;
}

#line 49 "klib-src/logpipe/writer.ts"
timestamp logpipe_stamp(log_pipe p)
{
#line 50 "klib-src/logpipe/writer.ts"
    return stamp_now(p);
}

#line 54 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) void advance(log_pipe p, u64 footprint)
{
#line 55 "klib-src/logpipe/writer.ts"
    p->head += footprint;
    p->head_at += footprint;
    if (p->head_at == p->size)
#line 57 "klib-src/logpipe/writer.ts"
        p->head_at = 0;
}

#line 65 "klib-src/logpipe/writer.ts"
static boolean reserve(log_pipe p, u64 footprint)
{
#line 66 "klib-src/logpipe/writer.ts"
    u64 used = p->head - p->tail;
    u64 at = p->head_at;
    if (at + footprint <= p->size)
#line 68 "klib-src/logpipe/writer.ts"
        return used + footprint <= p->size;
    u64 pad = p->size - at;
    if (used + pad + footprint > p->size)
#line 70 "klib-src/logpipe/writer.ts"
        return false;
#line 72 "klib-src/logpipe/writer.ts"
    if (p->open)
#line 72 "klib-src/logpipe/writer.ts"
        runtime_memcpy(p->mem, (p->mem + at), LOGPIPE_HEADER + p->open_length);
    p->open_room = 0;
    (*(u64 *)(p->mem + at + 8) = (logpipe_header_word(LOGPIPE_KIND_PAD, 0)));
    p->head += pad;
    p->head_at = 0;
    return true;
}

#line 86 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) void note_open_room(log_pipe p)
{
#line 87 "klib-src/logpipe/writer.ts"
    u64 used = p->head - p->tail;
    u64 far = p->head_at > used ? p->head_at : used;
    u64 ring_room = p->size - far - LOGPIPE_HEADER;
    p->open_room = ring_room < p->line_cap - 1 ? (u32)ring_room : p->line_cap - 1;
}

#line 94 "klib-src/logpipe/writer.ts"
static u64 open_end(log_pipe p)
{
#line 95 "klib-src/logpipe/writer.ts"
    return p->head_at + LOGPIPE_HEADER + p->open_length;
}

#line 99 "klib-src/logpipe/writer.ts"
static void seal_open(log_pipe p, u32 length)
{
#line 100 "klib-src/logpipe/writer.ts"
    (*(u64 *)(p->mem + p->head_at + 8) = (logpipe_header_word(LOGPIPE_KIND_LINE, length)));
    advance(p, logpipe_footprint(length));
    p->open = false;
    p->open_length = 0;
    p->total_bytes += length;
}

#line 108 "klib-src/logpipe/writer.ts"
static boolean start_open(log_pipe p, timestamp stamp, u32 first)
{
#line 109 "klib-src/logpipe/writer.ts"
    if (!reserve(p, logpipe_footprint(first)))
#line 109 "klib-src/logpipe/writer.ts"
        return false;
    note_open_room(p);
    (*(u64 *)(p->mem + p->head_at) = (stamp));
    p->open = true;
    p->open_length = 0;
    p->open_stamp = stamp;
    p->open_seen = false;
    return true;
}

#line 120 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) boolean loss_pending(log_pipe p)
{
#line 121 "klib-src/logpipe/writer.ts"
    return p->lost_lines != 0 || p->lost_bytes != 0;
}

#line 128 "klib-src/logpipe/writer.ts"
void logpipe_report_loss(log_pipe p, timestamp stamp)
{
#line 129 "klib-src/logpipe/writer.ts"
    if (p->open || !loss_pending(p))
#line 129 "klib-src/logpipe/writer.ts"
        return;
    if (!reserve(p, logpipe_footprint(LOGPIPE_LOSS_TEXT_MAX)))
#line 130 "klib-src/logpipe/writer.ts"
        return;
    u64 at = p->head_at;
    u32 length = logpipe_format_loss(p->mem, at + LOGPIPE_HEADER, p->lost_lines, p->lost_bytes);
    (*(u64 *)(p->mem + at) = (stamp));
    (*(u64 *)(p->mem + at + 8) = (logpipe_header_word(LOGPIPE_KIND_LOSS, length)));
    advance(p, logpipe_footprint(length));
    p->lost_lines = 0;
    p->lost_bytes = 0;
}

#line 141 "klib-src/logpipe/writer.ts"
static void lose(log_pipe p, bytes n)
{
#line 142 "klib-src/logpipe/writer.ts"
    if (!p->discarding) {
        p->lost_lines++;
        p->total_lost_lines++;
        p->discarding = true;
    }
    p->lost_bytes += n;
    p->total_lost_bytes += n;
}

#line 157 "klib-src/logpipe/writer.ts"
void logpipe_cut_open(log_pipe p, boolean force)
{
#line 158 "klib-src/logpipe/writer.ts"
    u32 length = p->open_length;
    u64 start = p->head_at + LOGPIPE_HEADER;
    u32 cut = logpipe_utf8_cut(p->mem, start, length);
    if (cut == 0) {
        if (!force)
#line 162 "klib-src/logpipe/writer.ts"
            return;
        cut = length;
    }
    u32 carry = length - cut;
#line 167 "klib-src/logpipe/writer.ts"
    u32 b0 = carry > 0 ? p->mem[start + cut] : 0;
    u32 b1 = carry > 1 ? p->mem[start + cut + 1] : 0;
    u32 b2 = carry > 2 ? p->mem[start + cut + 2] : 0;
    timestamp stamp = p->open_stamp;
    seal_open(p, cut);
    if (carry == 0)
#line 172 "klib-src/logpipe/writer.ts"
        return;
    if (!start_open(p, stamp, carry)) {
        lose(p, carry);
        p->discarding = false;
        return;
    }
    u64 at = p->head_at + LOGPIPE_HEADER;
    p->mem[at] = b0;
    if (carry > 1)
#line 180 "klib-src/logpipe/writer.ts"
        p->mem[at + 1] = b1;
    if (carry > 2)
#line 181 "klib-src/logpipe/writer.ts"
        p->mem[at + 2] = b2;
    p->open_length = carry;
    p->open_seen = true;
}

#line 192 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) void end_line(log_pipe p)
{
#line 193 "klib-src/logpipe/writer.ts"
    u32 length = p->open_length;
    if (length > 0 && p->mem[open_end(p) - 1] == CARRIAGE_RETURN)
#line 194 "klib-src/logpipe/writer.ts"
        length--;
    if (length == 0) {
        p->open = false;
        p->open_length = 0;
        return;
    }
    seal_open(p, length);
}

#line 207 "klib-src/logpipe/writer.ts"
static void store_line_bytes(log_pipe p, u8 *text, bytes from, bytes end, timestamp stamp)
{
#line 208 "klib-src/logpipe/writer.ts"
    timestamp line_stamp = p->open ? p->open_stamp : stamp;
    bytes i = from;
    while (i < end) {
        u32 room = p->line_cap - p->open_length;
        u32 n = end - i < room ? (u32)(end - i) : room;
        if (!p->open) {
#line 216 "klib-src/logpipe/writer.ts"
            if (loss_pending(p))
#line 216 "klib-src/logpipe/writer.ts"
                logpipe_report_loss(p, line_stamp);
            if (loss_pending(p) || !start_open(p, line_stamp, n)) {
                lose(p, end - i);
                return;
            }
        }
        if (!reserve(p, logpipe_footprint(p->open_length + n))) {
#line 225 "klib-src/logpipe/writer.ts"
            u32 kept = logpipe_utf8_cut(p->mem, open_end(p) - p->open_length, p->open_length);
            u32 cut_off = p->open_length - kept;
            if (kept > 0)
#line 227 "klib-src/logpipe/writer.ts"
                seal_open(p, kept);
            p->open = false;
            p->open_length = 0;
            lose(p, end - i + cut_off);
            return;
        }
        copy_in(p->mem, open_end(p), text, i, n);
        p->open_length += n;
        i += n;
        if (p->open_length == p->line_cap)
#line 236 "klib-src/logpipe/writer.ts"
            logpipe_cut_open(p, true);
    }
}

#line 249 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) boolean store_lines(log_pipe p, u8 *text, bytes from,
                                                                 bytes end, timestamp stamp)
{
#line 250 "klib-src/logpipe/writer.ts"
    u32 length = (u32)(end - 1 - from);
    if (length > 0 && text[end - 2] == CARRIAGE_RETURN)
#line 251 "klib-src/logpipe/writer.ts"
        length--;
    if (length == 0)
#line 252 "klib-src/logpipe/writer.ts"
        return true;
    u64 footprint = logpipe_footprint(length);
    if (!reserve(p, footprint))
#line 254 "klib-src/logpipe/writer.ts"
        return false;
    u64 at = p->head_at;
    (*(u64 *)(p->mem + at) = (stamp));
    (*(u64 *)(p->mem + at + 8) = (logpipe_header_word(LOGPIPE_KIND_LINE, length)));
    copy_in(p->mem, at + LOGPIPE_HEADER, text, from, length);
    advance(p, footprint);
    p->total_bytes += length;
    return true;
}

#line 269 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) boolean open_with(log_pipe p, u8 *text, bytes from,
                                                               bytes count, timestamp stamp)
{
#line 270 "klib-src/logpipe/writer.ts"
    u32 n = (u32)(count - from);
    if (!reserve(p, logpipe_footprint(n)))
#line 271 "klib-src/logpipe/writer.ts"
        return false;
    note_open_room(p);
    (*(u64 *)(p->mem + p->head_at) = (stamp));
    copy_in(p->mem, p->head_at + LOGPIPE_HEADER, text, from, n);
    p->open = true;
    p->open_length = n;
    p->open_stamp = stamp;
    p->open_seen = false;
    return true;
}

#line 288 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) bytes write_from_boundary(log_pipe p, u8 *text,
                                                                       bytes from, bytes count,
                                                                       timestamp stamp)
{
#line 289 "klib-src/logpipe/writer.ts"
    bytes lines_end = text[count - 1] == NEWLINE ? count : logpipe_after_last_newline(text, from,
                                                                                      count);
#line 290 "klib-src/logpipe/writer.ts"
    return write_split(p, text, from, lines_end, count, stamp);
}

#line 294 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) bytes write_split(log_pipe p, u8 *text, bytes from,
                                                               bytes lines_end, bytes count,
                                                               timestamp stamp)
{
#line 295 "klib-src/logpipe/writer.ts"
    if (lines_end > from && (lines_end - from > p->line_cap + 1 || !store_lines(p, text, from, lines_end, stamp))) {
        return from;
    }
    if (lines_end == count)
#line 298 "klib-src/logpipe/writer.ts"
        return count;
    if (count - lines_end >= p->line_cap || !open_with(p, text, lines_end, count, stamp))
#line 299 "klib-src/logpipe/writer.ts"
        return lines_end;
    return count;
}

#line 312 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) boolean store_lines_and_open(log_pipe p, u8 *text,
                                                                          bytes from,
                                                                          bytes lines_end,
                                                                          bytes count,
                                                                          timestamp stamp)
{
#line 314 "klib-src/logpipe/writer.ts"
    u32 rest = (u32)(count - lines_end);
    u32 line_cap = p->line_cap;
    u32 length = (u32)(lines_end - 1 - from);
    if (length > 0 && text[lines_end - 2] == CARRIAGE_RETURN)
#line 317 "klib-src/logpipe/writer.ts"
        length--;
    u64 lines_footprint = length == 0 ? 0 : logpipe_footprint(length);
    u64 footprint = lines_footprint + logpipe_footprint(rest);
    u64 size = p->size;
    u64 at = p->head_at;
    u64 used = p->head - p->tail;
    if (at + footprint > size || used + footprint > size)
#line 323 "klib-src/logpipe/writer.ts"
        return false;
    u8 *mem = p->mem;
    if (length != 0) {
        (*(u64 *)(mem + at) = (stamp));
        (*(u64 *)(mem + at + 8) = (logpipe_header_word(LOGPIPE_KIND_LINE, length)));
        copy_piece(mem, at + LOGPIPE_HEADER, text, from, length);
    }
#line 331 "klib-src/logpipe/writer.ts"
    u64 open_at = at + lines_footprint;
    (*(u64 *)(mem + open_at) = (stamp));
    copy_piece(mem, open_at + LOGPIPE_HEADER, text, lines_end, rest);
    p->head += lines_footprint;
    p->head_at = open_at;
    p->total_bytes += length;
    p->open = true;
    p->open_length = rest;
    p->open_stamp = stamp;
    p->open_seen = false;
#line 342 "klib-src/logpipe/writer.ts"
    u64 now_used = used + lines_footprint;
    u64 far = open_at > now_used ? open_at : now_used;
    u64 ring_room = size - far - LOGPIPE_HEADER;
    p->open_room = ring_room < line_cap - 1 ? (u32)ring_room : line_cap - 1;
    return true;
}

#line 356 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) bytes continue_open(log_pipe p, u8 *text, bytes from,
                                                                 bytes count)
{
#line 357 "klib-src/logpipe/writer.ts"
    u32 room = p->line_cap - p->open_length;
    u32 n = count - from < room ? (u32)(count - from) : room;
    if (!reserve(p, logpipe_footprint(p->open_length + n)))
#line 359 "klib-src/logpipe/writer.ts"
        return from;
    note_open_room(p);
    bytes k = copy_to_newline(p->mem, open_end(p), text, from, n);
    p->open_length += (u32)k;
    return from + k;
}

#line 371 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) bytes end_continued(log_pipe p, u8 *text, bytes stop,
                                                                 bytes count)
{
#line 372 "klib-src/logpipe/writer.ts"
    if (p->open_length == p->line_cap) {
        timestamp stamp = p->open_stamp;
        logpipe_cut_open(p, true);
#line 376 "klib-src/logpipe/writer.ts"
        if (!p->open && stop < count && text[stop] != NEWLINE)
#line 376 "klib-src/logpipe/writer.ts"
            start_open(p, stamp, 1);
        return stop;
    }
    if (stop == count)
#line 379 "klib-src/logpipe/writer.ts"
        return count;
    end_line(p);
    return stop + 1;
}

#line 390 "klib-src/logpipe/writer.ts"
static void write_lines(log_pipe p, u8 *text, bytes from, bytes count, timestamp first_stamp,
                        boolean stamped)
{
#line 392 "klib-src/logpipe/writer.ts"
    timestamp stamp = first_stamp;
    boolean have_stamp = stamped;
#line 396 "klib-src/logpipe/writer.ts"
    bytes lines_end = count;
    boolean lines_end_known = false;
    bytes i = from;
    while (i < count) {
        if (p->discarding) {
#line 402 "klib-src/logpipe/writer.ts"
            bytes end = logpipe_scan_newline(text, i, count);
            p->lost_bytes += end - i;
            p->total_lost_bytes += end - i;
            if (end == count)
#line 405 "klib-src/logpipe/writer.ts"
                break;
            p->discarding = false;
            i = end + 1;
            continue;
        }
        if (p->open) {
#line 412 "klib-src/logpipe/writer.ts"
            bytes stop = continue_open(p, text, i, count);
            if (stop > i || text[i] == NEWLINE) {
                i = end_continued(p, text, stop, count);
                continue;
            }
        } else {
#line 419 "klib-src/logpipe/writer.ts"
            if (!have_stamp) {
                stamp = stamp_now(p);
                have_stamp = true;
            }
            if (!lines_end_known) {
                lines_end = text[count - 1] == NEWLINE ? count : logpipe_after_last_newline(text, i,
                                                                                            count);
#line 425 "klib-src/logpipe/writer.ts"
                lines_end_known = true;
            }
            if (i < lines_end && !loss_pending(p)) {
#line 430 "klib-src/logpipe/writer.ts"
                bytes whole_end = lines_end;
                if (whole_end - i > p->line_cap + 1)
#line 431 "klib-src/logpipe/writer.ts"
                    whole_end = logpipe_after_last_newline(text, i, i + p->line_cap + 1);
                if (whole_end > i && store_lines(p, text, i, whole_end, stamp)) {
                    i = whole_end;
                    continue;
                }
            }
        }
#line 440 "klib-src/logpipe/writer.ts"
        bytes end = lines_end_known && i >= lines_end ? count : logpipe_scan_newline(text, i,
                                                                                     count);
#line 441 "klib-src/logpipe/writer.ts"
        store_line_bytes(p, text, i, end, stamp);
        if (end == count)
#line 442 "klib-src/logpipe/writer.ts"
            break;
        if (p->discarding)
#line 443 "klib-src/logpipe/writer.ts"
            p->discarding = false;
        else
#line 444 "klib-src/logpipe/writer.ts"
            if (p->open)
#line 444 "klib-src/logpipe/writer.ts"
                end_line(p);
        i = end + 1;
    }
}

#line 455 "klib-src/logpipe/writer.ts"
static __attribute__((noinline)) void write_with_rest(log_pipe p, u8 *text, bytes count)
{
#line 456 "klib-src/logpipe/writer.ts"
    timestamp stamp = stamp_now(p);
    bytes done = write_from_boundary(p, text, 0, count, stamp);
    if (done < count)
#line 458 "klib-src/logpipe/writer.ts"
        write_lines(p, text, done, count, stamp, true);
}

#line 466 "klib-src/logpipe/writer.ts"
static __attribute__((noinline)) void after_continue(log_pipe p, u8 *text, bytes stop, bytes count)
{
#line 467 "klib-src/logpipe/writer.ts"
    if (stop == 0 && text[0] != NEWLINE) {
        write_lines(p, text, 0, count, 0, false);
        return;
    }
    bytes next = end_continued(p, text, stop, count);
    if (next == count)
#line 472 "klib-src/logpipe/writer.ts"
        return;
    if (p->open) {
        write_lines(p, text, next, count, 0, false);
        return;
    }
    timestamp stamp = stamp_now(p);
    bytes done = write_from_boundary(p, text, next, count, stamp);
    if (done < count)
#line 479 "klib-src/logpipe/writer.ts"
        write_lines(p, text, done, count, stamp, true);
}

#line 489 "klib-src/logpipe/writer.ts"
static __attribute__((noinline)) void end_open_at(log_pipe p, u8 *text, bytes stop, bytes count)
{
#line 490 "klib-src/logpipe/writer.ts"
    end_line(p);
    bytes next = stop + 1;
    if (next == count)
#line 492 "klib-src/logpipe/writer.ts"
        return;
    timestamp stamp = stamp_now(p);
    bytes lines_end = count;
    if (text[count - 1] != NEWLINE) {
        lines_end = after_last_newline_from(text, stop, count);
        if (lines_end > next && store_lines_and_open(p, text, next, lines_end, count, stamp))
#line 497 "klib-src/logpipe/writer.ts"
            return;
    }
    bytes done = write_split(p, text, next, lines_end, count, stamp);
    if (done < count)
#line 500 "klib-src/logpipe/writer.ts"
        write_lines(p, text, done, count, stamp, true);
}

#line 508 "klib-src/logpipe/writer.ts"
static __attribute__((noinline)) void continue_write(log_pipe p, u8 *text, bytes count)
{
#line 509 "klib-src/logpipe/writer.ts"
    bytes stop = continue_open(p, text, 0, count);
    if (stop < count || p->open_length == p->line_cap)
#line 510 "klib-src/logpipe/writer.ts"
        after_continue(p, text, stop, count);
}

#line 520 "klib-src/logpipe/writer.ts"
void logpipe_write(log_pipe p, const char *s, bytes count)
{
#line 521 "klib-src/logpipe/writer.ts"
    if (count == 0)
#line 521 "klib-src/logpipe/writer.ts"
        return;
    u64 flags = spin_lock_irq(&p->lock);
    u8 *text = ((u8 *)(s));
    if (p->discarding || loss_pending(p)) {
        write_lines(p, text, 0, count, 0, false);
    } else if (p->open) {
#line 528 "klib-src/logpipe/writer.ts"
        if (p->open_length + count <= p->open_room) {
#line 530 "klib-src/logpipe/writer.ts"
            bytes stop = copy_to_newline(p->mem, open_end(p), text, 0, count);
            p->open_length += (u32)stop;
            if (stop < count)
#line 532 "klib-src/logpipe/writer.ts"
                end_open_at(p, text, stop, count);
        } else {
            continue_write(p, text, count);
        }
    } else if (text[count - 1] == NEWLINE && count <= p->line_cap + 1) {
#line 538 "klib-src/logpipe/writer.ts"
        timestamp stamp = stamp_now(p);
        if (!store_lines(p, text, 0, count, stamp))
#line 539 "klib-src/logpipe/writer.ts"
            write_lines(p, text, 0, count, stamp, true);
    } else {
        write_with_rest(p, text, count);
    }
    spin_unlock_irq(&p->lock, flags);
}
