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

#line 45 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) timestamp stamp_now(log_pipe p)
{
#line 46 "klib-src/logpipe/writer.ts"
    timestamp t = kern_now(CLOCK_ID_REALTIME);
    if (t < p->last_stamp)
#line 47 "klib-src/logpipe/writer.ts"
        t = p->last_stamp;
    p->last_stamp = t;
    return t;
}

#line 53 "klib-src/logpipe/writer.ts"
timestamp logpipe_stamp(log_pipe p)
{
#line 54 "klib-src/logpipe/writer.ts"
    return stamp_now(p);
}

#line 58 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) void advance(log_pipe p, u64 footprint)
{
#line 59 "klib-src/logpipe/writer.ts"
    p->head += footprint;
    p->head_at += footprint;
    if (p->head_at == p->size)
#line 61 "klib-src/logpipe/writer.ts"
        p->head_at = 0;
}

#line 69 "klib-src/logpipe/writer.ts"
static boolean reserve(log_pipe p, u64 footprint)
{
#line 70 "klib-src/logpipe/writer.ts"
    u64 used = p->head - p->tail;
    u64 at = p->head_at;
    if (at + footprint <= p->size)
#line 72 "klib-src/logpipe/writer.ts"
        return used + footprint <= p->size;
    u64 pad = p->size - at;
    if (used + pad + footprint > p->size)
#line 74 "klib-src/logpipe/writer.ts"
        return false;
#line 76 "klib-src/logpipe/writer.ts"
    if (p->open)
#line 76 "klib-src/logpipe/writer.ts"
        runtime_memcpy(p->mem, (p->mem + at), LOGPIPE_HEADER + p->open_length);
    p->open_room = 0;
    (*(u64 *)(p->mem + at + 8) = (logpipe_header_word(LOGPIPE_KIND_PAD, 0)));
    p->head += pad;
    p->head_at = 0;
    return true;
}

#line 90 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) void note_open_room(log_pipe p)
{
#line 91 "klib-src/logpipe/writer.ts"
    u64 used = p->head - p->tail;
    u64 far = p->head_at > used ? p->head_at : used;
    u64 ring_room = p->size - far - LOGPIPE_HEADER;
    p->open_room = ring_room < p->line_cap - 1 ? (u32)ring_room : p->line_cap - 1;
}

#line 98 "klib-src/logpipe/writer.ts"
static u64 open_end(log_pipe p)
{
#line 99 "klib-src/logpipe/writer.ts"
    return p->head_at + LOGPIPE_HEADER + p->open_length;
}

#line 103 "klib-src/logpipe/writer.ts"
static void seal_open(log_pipe p, u32 length)
{
#line 104 "klib-src/logpipe/writer.ts"
    (*(u64 *)(p->mem + p->head_at + 8) = (logpipe_header_word(LOGPIPE_KIND_LINE, length)));
    advance(p, logpipe_footprint(length));
    p->open = false;
    p->open_length = 0;
    p->total_bytes += length;
}

#line 112 "klib-src/logpipe/writer.ts"
static boolean start_open(log_pipe p, timestamp stamp, u32 first)
{
#line 113 "klib-src/logpipe/writer.ts"
    if (!reserve(p, logpipe_footprint(first)))
#line 113 "klib-src/logpipe/writer.ts"
        return false;
    note_open_room(p);
    (*(u64 *)(p->mem + p->head_at) = (stamp));
    p->open = true;
    p->open_length = 0;
    p->open_stamp = stamp;
    p->open_seen = false;
    p->open_has_lines = false;
    return true;
}

#line 125 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) boolean loss_pending(log_pipe p)
{
#line 126 "klib-src/logpipe/writer.ts"
    return p->lost_lines != 0 || p->lost_bytes != 0;
}

#line 133 "klib-src/logpipe/writer.ts"
void logpipe_report_loss(log_pipe p, timestamp stamp)
{
#line 134 "klib-src/logpipe/writer.ts"
    if (p->open || !loss_pending(p))
#line 134 "klib-src/logpipe/writer.ts"
        return;
    if (!reserve(p, logpipe_footprint(LOGPIPE_LOSS_TEXT_MAX)))
#line 135 "klib-src/logpipe/writer.ts"
        return;
    u64 at = p->head_at;
    u32 length = logpipe_format_loss(p->mem, at + LOGPIPE_HEADER, p->lost_lines, p->lost_bytes);
    (*(u64 *)(p->mem + at) = (stamp));
    (*(u64 *)(p->mem + at + 8) = (logpipe_header_word(LOGPIPE_KIND_LOSS, length)));
    advance(p, logpipe_footprint(length));
    p->lost_lines = 0;
    p->lost_bytes = 0;
}

#line 146 "klib-src/logpipe/writer.ts"
static void lose(log_pipe p, bytes n)
{
#line 147 "klib-src/logpipe/writer.ts"
    if (!p->discarding) {
        p->lost_lines++;
        p->total_lost_lines++;
        p->discarding = true;
    }
    p->lost_bytes += n;
    p->total_lost_bytes += n;
}

#line 162 "klib-src/logpipe/writer.ts"
void logpipe_cut_open(log_pipe p, boolean force)
{
#line 163 "klib-src/logpipe/writer.ts"
    u32 length = p->open_length;
    u64 start = p->head_at + LOGPIPE_HEADER;
    u32 cut = logpipe_utf8_cut(p->mem, start, length);
    if (cut == 0) {
        if (!force)
#line 167 "klib-src/logpipe/writer.ts"
            return;
        cut = length;
    }
    u32 carry = length - cut;
#line 172 "klib-src/logpipe/writer.ts"
    u32 b0 = carry > 0 ? p->mem[start + cut] : 0;
    u32 b1 = carry > 1 ? p->mem[start + cut + 1] : 0;
    u32 b2 = carry > 2 ? p->mem[start + cut + 2] : 0;
    timestamp stamp = p->open_stamp;
    seal_open(p, cut);
    if (carry == 0)
#line 177 "klib-src/logpipe/writer.ts"
        return;
    if (!start_open(p, stamp, carry)) {
        lose(p, carry);
        p->discarding = false;
        return;
    }
    u64 at = p->head_at + LOGPIPE_HEADER;
    p->mem[at] = b0;
    if (carry > 1)
#line 185 "klib-src/logpipe/writer.ts"
        p->mem[at + 1] = b1;
    if (carry > 2)
#line 186 "klib-src/logpipe/writer.ts"
        p->mem[at + 2] = b2;
    p->open_length = carry;
    p->open_seen = true;
}

#line 192 "klib-src/logpipe/writer.ts"
static void move_bytes(u8 *mem, u64 to, u64 from, u64 n)
{
#line 193 "klib-src/logpipe/writer.ts"
    if (to > from) {
        for (u64 i = n; i > 0; i--)
#line 194 "klib-src/logpipe/writer.ts"
            mem[to + i - 1] = mem[from + i - 1];
    } else {
        for (u64 i = 0; i < n; i++)
#line 196 "klib-src/logpipe/writer.ts"
            mem[to + i] = mem[from + i];
    }
}

#line 206 "klib-src/logpipe/writer.ts"
boolean logpipe_split_open_lines(log_pipe p)
{
#line 207 "klib-src/logpipe/writer.ts"
    u64 start = p->head_at + LOGPIPE_HEADER;
    u64 length = p->open_length;
    u64 after = logpipe_after_last_newline(p->mem, start, start + length);
    if (after == start) {
        p->open_has_lines = false;
        return true;
    }
    u32 sealed = (u32)(after - 1 - start);
    if (sealed > 0 && p->mem[start + sealed - 1] == CARRIAGE_RETURN)
#line 215 "klib-src/logpipe/writer.ts"
        sealed--;
    u64 rest = start + length - after;
    u64 lines_footprint = sealed == 0 ? 0 : logpipe_footprint(sealed);
    u64 rest_footprint = logpipe_footprint((u32)rest);
    if (p->head_at + lines_footprint + rest_footprint > p->size || p->head - p->tail + lines_footprint + rest_footprint > p->size) {
#line 221 "klib-src/logpipe/writer.ts"
        return false;
    }
#line 224 "klib-src/logpipe/writer.ts"
    move_bytes(p->mem, p->head_at + lines_footprint + LOGPIPE_HEADER, after, rest);
    timestamp stamp = p->open_stamp;
    boolean seen = p->open_seen;
    if (sealed > 0)
#line 227 "klib-src/logpipe/writer.ts"
        seal_open(p, sealed);
    (*(u64 *)(p->mem + p->head_at) = (stamp));
    p->open = true;
    p->open_length = (u32)rest;
    p->open_stamp = stamp;
    p->open_seen = seen;
    p->open_has_lines = false;
    note_open_room(p);
    return true;
}

#line 242 "klib-src/logpipe/writer.ts"
static void cut_at_cap(log_pipe p)
{
#line 243 "klib-src/logpipe/writer.ts"
    if (p->open_has_lines && logpipe_split_open_lines(p) && p->open_length < p->line_cap)
#line 243 "klib-src/logpipe/writer.ts"
        return;
    logpipe_cut_open(p, true);
}

#line 253 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) void end_line(log_pipe p)
{
#line 254 "klib-src/logpipe/writer.ts"
    u32 length = p->open_length;
    if (length > 0 && p->mem[open_end(p) - 1] == CARRIAGE_RETURN)
#line 255 "klib-src/logpipe/writer.ts"
        length--;
    if (length == 0) {
        p->open = false;
        p->open_length = 0;
        return;
    }
    seal_open(p, length);
}

#line 268 "klib-src/logpipe/writer.ts"
static void store_line_bytes(log_pipe p, u8 *text, bytes from, bytes end, timestamp stamp)
{
#line 269 "klib-src/logpipe/writer.ts"
    timestamp line_stamp = p->open ? p->open_stamp : stamp;
    bytes i = from;
    while (i < end) {
        u32 room = p->line_cap - p->open_length;
        u32 n = end - i < room ? (u32)(end - i) : room;
        if (!p->open) {
#line 277 "klib-src/logpipe/writer.ts"
            if (loss_pending(p))
#line 277 "klib-src/logpipe/writer.ts"
                logpipe_report_loss(p, line_stamp);
            if (loss_pending(p) || !start_open(p, line_stamp, n)) {
                lose(p, end - i);
                return;
            }
        }
        if (!reserve(p, logpipe_footprint(p->open_length + n))) {
#line 286 "klib-src/logpipe/writer.ts"
            u32 kept = logpipe_utf8_cut(p->mem, open_end(p) - p->open_length, p->open_length);
            u32 cut_off = p->open_length - kept;
            if (kept > 0)
#line 288 "klib-src/logpipe/writer.ts"
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
#line 297 "klib-src/logpipe/writer.ts"
            cut_at_cap(p);
    }
}

#line 310 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) boolean store_lines(log_pipe p, u8 *text, bytes from,
                                                                 bytes end, timestamp stamp)
{
#line 311 "klib-src/logpipe/writer.ts"
    u32 length = (u32)(end - 1 - from);
    if (length > 0 && text[end - 2] == CARRIAGE_RETURN)
#line 312 "klib-src/logpipe/writer.ts"
        length--;
    if (length == 0)
#line 313 "klib-src/logpipe/writer.ts"
        return true;
    u64 footprint = logpipe_footprint(length);
    if (!reserve(p, footprint))
#line 315 "klib-src/logpipe/writer.ts"
        return false;
    u64 at = p->head_at;
    (*(u64 *)(p->mem + at) = (stamp));
    (*(u64 *)(p->mem + at + 8) = (logpipe_header_word(LOGPIPE_KIND_LINE, length)));
    copy_in(p->mem, at + LOGPIPE_HEADER, text, from, length);
    advance(p, footprint);
    p->total_bytes += length;
    return true;
}

#line 330 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) boolean open_with(log_pipe p, u8 *text, bytes from,
                                                               bytes count, timestamp stamp)
{
#line 331 "klib-src/logpipe/writer.ts"
    u32 n = (u32)(count - from);
    if (!reserve(p, logpipe_footprint(n)))
#line 332 "klib-src/logpipe/writer.ts"
        return false;
    note_open_room(p);
    (*(u64 *)(p->mem + p->head_at) = (stamp));
    copy_in(p->mem, p->head_at + LOGPIPE_HEADER, text, from, n);
    p->open = true;
    p->open_length = n;
    p->open_stamp = stamp;
    p->open_seen = false;
    p->open_has_lines = false;
    return true;
}

#line 350 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) bytes write_from_boundary(log_pipe p, u8 *text,
                                                                       bytes from, bytes count,
                                                                       timestamp stamp)
{
#line 351 "klib-src/logpipe/writer.ts"
    bytes lines_end = text[count - 1] == NEWLINE ? count : logpipe_after_last_newline(text, from,
                                                                                      count);
#line 352 "klib-src/logpipe/writer.ts"
    return write_split(p, text, from, lines_end, count, stamp);
}

#line 356 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) bytes write_split(log_pipe p, u8 *text, bytes from,
                                                               bytes lines_end, bytes count,
                                                               timestamp stamp)
{
#line 357 "klib-src/logpipe/writer.ts"
    if (lines_end > from && (lines_end - from > p->line_cap + 1 || !store_lines(p, text, from, lines_end, stamp))) {
        return from;
    }
    if (lines_end == count)
#line 360 "klib-src/logpipe/writer.ts"
        return count;
    if (count - lines_end >= p->line_cap || !open_with(p, text, lines_end, count, stamp))
#line 361 "klib-src/logpipe/writer.ts"
        return lines_end;
    return count;
}

#line 375 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) boolean open_with_lines(log_pipe p, u8 *text,
                                                                     bytes from, bytes count,
                                                                     timestamp stamp)
{
#line 376 "klib-src/logpipe/writer.ts"
    u32 n = (u32)(count - from);
    u64 footprint = logpipe_footprint(n);
    u64 at = p->head_at;
    if (at + footprint > p->size || p->head - p->tail + footprint > p->size)
#line 379 "klib-src/logpipe/writer.ts"
        return false;
    (*(u64 *)(p->mem + at) = (stamp));
    copy_piece(p->mem, at + LOGPIPE_HEADER, text, from, n);
    p->open = true;
    p->open_length = n;
    p->open_stamp = stamp;
    p->open_seen = false;
    p->open_has_lines = true;
    note_open_room(p);
    return true;
}

#line 398 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) bytes continue_open(log_pipe p, u8 *text, bytes from,
                                                                 bytes count)
{
#line 399 "klib-src/logpipe/writer.ts"
    u32 room = p->line_cap - p->open_length;
    u32 n = count - from < room ? (u32)(count - from) : room;
    if (!reserve(p, logpipe_footprint(p->open_length + n)))
#line 401 "klib-src/logpipe/writer.ts"
        return from;
    note_open_room(p);
    bytes k = copy_to_newline(p->mem, open_end(p), text, from, n);
    p->open_length += (u32)k;
    return from + k;
}

#line 413 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) bytes end_continued(log_pipe p, u8 *text, bytes stop,
                                                                 bytes count)
{
#line 414 "klib-src/logpipe/writer.ts"
    if (p->open_length == p->line_cap) {
#line 416 "klib-src/logpipe/writer.ts"
        if (p->open_has_lines && logpipe_split_open_lines(p) && p->open_length < p->line_cap)
#line 416 "klib-src/logpipe/writer.ts"
            return stop;
        timestamp stamp = p->open_stamp;
        logpipe_cut_open(p, true);
#line 420 "klib-src/logpipe/writer.ts"
        if (!p->open && stop < count && text[stop] != NEWLINE)
#line 420 "klib-src/logpipe/writer.ts"
            start_open(p, stamp, 1);
        return stop;
    }
    if (stop == count)
#line 423 "klib-src/logpipe/writer.ts"
        return count;
    end_line(p);
    return stop + 1;
}

#line 434 "klib-src/logpipe/writer.ts"
static void write_lines(log_pipe p, u8 *text, bytes from, bytes count, timestamp first_stamp,
                        boolean stamped)
{
#line 436 "klib-src/logpipe/writer.ts"
    timestamp stamp = first_stamp;
    boolean have_stamp = stamped;
#line 440 "klib-src/logpipe/writer.ts"
    bytes lines_end = count;
    boolean lines_end_known = false;
    bytes i = from;
    while (i < count) {
        if (p->discarding) {
#line 446 "klib-src/logpipe/writer.ts"
            bytes end = logpipe_scan_newline(text, i, count);
            p->lost_bytes += end - i;
            p->total_lost_bytes += end - i;
            if (end == count)
#line 449 "klib-src/logpipe/writer.ts"
                break;
            p->discarding = false;
            i = end + 1;
            continue;
        }
        if (p->open) {
#line 456 "klib-src/logpipe/writer.ts"
            bytes stop = continue_open(p, text, i, count);
            if (stop > i || text[i] == NEWLINE) {
                i = end_continued(p, text, stop, count);
                continue;
            }
        } else {
#line 463 "klib-src/logpipe/writer.ts"
            if (!have_stamp) {
                stamp = stamp_now(p);
                have_stamp = true;
            }
            if (!lines_end_known) {
                lines_end = text[count - 1] == NEWLINE ? count : logpipe_after_last_newline(text, i,
                                                                                            count);
#line 469 "klib-src/logpipe/writer.ts"
                lines_end_known = true;
            }
            if (i < lines_end && !loss_pending(p)) {
#line 474 "klib-src/logpipe/writer.ts"
                bytes whole_end = lines_end;
                if (whole_end - i > p->line_cap + 1)
#line 475 "klib-src/logpipe/writer.ts"
                    whole_end = logpipe_after_last_newline(text, i, i + p->line_cap + 1);
                if (whole_end > i && store_lines(p, text, i, whole_end, stamp)) {
                    i = whole_end;
                    continue;
                }
            }
        }
#line 484 "klib-src/logpipe/writer.ts"
        bytes end = lines_end_known && i >= lines_end ? count : logpipe_scan_newline(text, i,
                                                                                     count);
#line 485 "klib-src/logpipe/writer.ts"
        store_line_bytes(p, text, i, end, stamp);
        if (end == count)
#line 486 "klib-src/logpipe/writer.ts"
            break;
        if (p->discarding)
#line 487 "klib-src/logpipe/writer.ts"
            p->discarding = false;
        else
#line 488 "klib-src/logpipe/writer.ts"
            if (p->open)
#line 488 "klib-src/logpipe/writer.ts"
                end_line(p);
        i = end + 1;
    }
}

#line 499 "klib-src/logpipe/writer.ts"
static __attribute__((noinline)) void write_with_rest(log_pipe p, u8 *text, bytes count)
{
#line 500 "klib-src/logpipe/writer.ts"
    timestamp stamp = stamp_now(p);
    bytes done = write_from_boundary(p, text, 0, count, stamp);
    if (done < count)
#line 502 "klib-src/logpipe/writer.ts"
        write_lines(p, text, done, count, stamp, true);
}

#line 510 "klib-src/logpipe/writer.ts"
static __attribute__((noinline)) void after_continue(log_pipe p, u8 *text, bytes stop, bytes count)
{
#line 511 "klib-src/logpipe/writer.ts"
    if (stop == 0 && text[0] != NEWLINE) {
        write_lines(p, text, 0, count, 0, false);
        return;
    }
    bytes next = end_continued(p, text, stop, count);
    if (next == count)
#line 516 "klib-src/logpipe/writer.ts"
        return;
    if (p->open) {
        write_lines(p, text, next, count, 0, false);
        return;
    }
    timestamp stamp = stamp_now(p);
    bytes done = write_from_boundary(p, text, next, count, stamp);
    if (done < count)
#line 523 "klib-src/logpipe/writer.ts"
        write_lines(p, text, done, count, stamp, true);
}

#line 533 "klib-src/logpipe/writer.ts"
static inline __attribute__((always_inline)) void end_open_at(log_pipe p, u8 *text, bytes stop,
                                                              bytes count)
{
#line 534 "klib-src/logpipe/writer.ts"
    end_line(p);
    bytes next = stop + 1;
    if (next == count)
#line 536 "klib-src/logpipe/writer.ts"
        return;
    timestamp stamp = stamp_now(p);
    if (text[count - 1] != NEWLINE && open_with_lines(p, text, next, count, stamp))
#line 538 "klib-src/logpipe/writer.ts"
        return;
    bytes done = write_from_boundary(p, text, next, count, stamp);
    if (done < count)
#line 540 "klib-src/logpipe/writer.ts"
        write_lines(p, text, done, count, stamp, true);
}

#line 548 "klib-src/logpipe/writer.ts"
static __attribute__((noinline)) void continue_write(log_pipe p, u8 *text, bytes count)
{
#line 549 "klib-src/logpipe/writer.ts"
    bytes stop = continue_open(p, text, 0, count);
    if (stop < count || p->open_length == p->line_cap)
#line 550 "klib-src/logpipe/writer.ts"
        after_continue(p, text, stop, count);
}

#line 560 "klib-src/logpipe/writer.ts"
void logpipe_write(log_pipe p, const char *s, bytes count)
{
#line 561 "klib-src/logpipe/writer.ts"
    if (count == 0)
#line 561 "klib-src/logpipe/writer.ts"
        return;
    u64 flags = spin_lock_irq(&p->lock);
    u8 *text = ((u8 *)(s));
    if (p->discarding || loss_pending(p)) {
        write_lines(p, text, 0, count, 0, false);
    } else if (p->open) {
#line 568 "klib-src/logpipe/writer.ts"
        if (p->open_length + count <= p->open_room) {
#line 570 "klib-src/logpipe/writer.ts"
            bytes stop = copy_to_newline(p->mem, open_end(p), text, 0, count);
            p->open_length += (u32)stop;
            if (stop < count)
#line 572 "klib-src/logpipe/writer.ts"
                end_open_at(p, text, stop, count);
        } else {
            continue_write(p, text, count);
        }
    } else if (text[count - 1] == NEWLINE && count <= p->line_cap + 1) {
#line 578 "klib-src/logpipe/writer.ts"
        timestamp stamp = stamp_now(p);
        if (!store_lines(p, text, 0, count, stamp))
#line 579 "klib-src/logpipe/writer.ts"
            write_lines(p, text, 0, count, stamp, true);
    } else {
        write_with_rest(p, text, count);
    }
    spin_unlock_irq(&p->lock, flags);
}
