/* generated from klib-src/logpipe/writer.ts by klibc - do not edit */
#include <kernel.h>
#include "loss_text.h"
#include "ring.h"
#include "utf8.h"
#include "words.h"
#include "writer.h"

/* The console path: a console driver's write(d, s, count) split into lines and copied into the
 * ring. Callable from any context: it takes the pipe's lock (interrupts off) for work bounded by
 * the write's length, never allocates, never prints, never blocks.
 *
 * It runs on every console write, so the usual writes take short ways, inlined here (with the word
 * helpers of words.ts, defined in words.h):
 * * a write of whole lines at a line boundary (no line open, no loss to report) is stored as one
 *   entry, without looking for the newlines inside it: the flush path (batch.ts) splits the entry
 *   into lines when it reads it;
 * * a write after one that left its line open copies the line on while looking for its newline,
 *   32 bytes at a time; when the write fits in the room the open entry noted when it was reserved
 *   (p.openRoom, below the cap), without reserving again; what follows that newline, when the write
 *   does not end with one, becomes the new open entry as written (whole lines and the new open
 *   line in one entry, openHasLines), not looked at: the open line's newline seals them all, or the
 *   flush tick (or the line cap) splits the whole lines off (logpipeSplitOpenLines);
 * * a write at a line boundary that does not end with its newline is looked at from its end, for
 *   its last newline only;
 * * one REALTIME stamp serves the whole write (one write is one instant), and the head's offset in
 *   the region is kept beside it rather than divided out.
 * Everything else (a ring short of room, loss to report, lines longer than the cap) goes line by
 * line (writeLines), out of the way of the short ways. */

#define NEWLINE '\n'

static inline __attribute__((always_inline)) bytes write_split(log_pipe p, u8 *text, bytes from,
                                                               bytes lines_end, bytes count,
                                                               timestamp stamp);

/* ---- Entries at the head of the ring (all with the lock held) ---- */
/* REALTIME now, but never before the last stamp: batches must be chronological even if the clock
 * steps back. */
static inline __attribute__((always_inline)) timestamp stamp_now(log_pipe p)
{
    timestamp t = kern_now(CLOCK_ID_REALTIME);
    if (t < p->last_stamp)
        t = p->last_stamp;
    p->last_stamp = t;
    return t;
}

/* The same, for the flush path. */
timestamp logpipe_stamp(log_pipe p)
{
    return stamp_now(p);
}

/* Moves head past an entry of `footprint` bytes. */
static inline __attribute__((always_inline)) void advance(log_pipe p, u64 footprint)
{
    p->head += footprint;
    p->head_at += footprint;
    if (p->head_at == p->size)
        p->head_at = 0;
}

/* Makes room for the entry at head (the open one, if any) to take `footprint` bytes in one piece.
 * When it would cross the end of the region, a pad entry fills the rest and the open entry moves
 * to the start (at most lineCap bytes, once per entry). False when the ring is too full. */
static boolean reserve(log_pipe p, u64 footprint)
{
    u64 used = p->head - p->tail;
    u64 at = p->head_at;
    if (at + footprint <= p->size)
        return used + footprint <= p->size;
    u64 pad = p->size - at;
    if (used + pad + footprint > p->size)
        return false;
    /* The destination [0, footprint) is free and below the open entry, so the copy cannot
     * overlap. */
    if (p->open)
        runtime_memcpy(p->mem, (p->mem + at), LOGPIPE_HEADER + p->open_length);
    p->open_room = 0; /* the open entry moved: its room is worked out again on its next reserve */
    (*(u64 *)(p->mem + (at + 8)) = (logpipe_header_word(LOGPIPE_KIND_PAD, 0)));
    p->head += pad;
    p->head_at = 0;
    return true;
}

/* Notes how long the open entry at head may grow without another reserve: its room in the ring
 * now (before the end of the region, and in the space not in use), and below the line cap, so
 * that a write that fits needs no cut. */
static inline __attribute__((always_inline)) void note_open_room(log_pipe p)
{
    u64 used = p->head - p->tail;
    u64 far = p->head_at > used ? p->head_at : used;
    u64 ring_room = p->size - far - LOGPIPE_HEADER; /* sizes and offsets are multiples of 16 */
    p->open_room = ring_room < p->line_cap - 1 ? (u32)ring_room : p->line_cap - 1;
}

/* Where the open entry's next byte goes, as an offset in the region. */
static u64 open_end(log_pipe p)
{
    return p->head_at + LOGPIPE_HEADER + p->open_length;
}

/* Closes the open entry at `length` bytes (at most its length) as an entry of `kind` (a line ended
 * by a newline, or a cut one) and moves head past it. */
static void seal_open(log_pipe p, u32 length, u64 kind)
{
    (*(u64 *)(p->mem + (p->head_at + 8)) = (logpipe_header_word(kind, length)));
    advance(p, logpipe_footprint(length));
    p->open = false;
    p->open_length = 0;
    p->total_bytes += length;
}

/* Starts an open entry stamped `stamp` with room for `first` bytes; false when the ring is full. */
static boolean start_open(log_pipe p, timestamp stamp, u32 first)
{
    if (!reserve(p, logpipe_footprint(first)))
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

static inline __attribute__((always_inline)) boolean loss_pending(log_pipe p)
{
    return p->lost_lines != 0 || p->lost_bytes != 0;
}

/* Appends the entry that reports pending loss, stamped `stamp`, if there is any and room for it
 * (the ring has freed space). Only between lines: the report must not land inside the open
 * entry. */
void logpipe_report_loss(log_pipe p, timestamp stamp)
{
    if (p->open || !loss_pending(p))
        return;
    if (!reserve(p, logpipe_footprint(LOGPIPE_LOSS_TEXT_MAX)))
        return;
    u64 at = p->head_at;
    u32 length = logpipe_format_loss(p->mem, at + LOGPIPE_HEADER, p->lost_lines, p->lost_bytes);
    (*(u64 *)(p->mem + at) = (stamp));
    (*(u64 *)(p->mem + (at + 8)) = (logpipe_header_word(LOGPIPE_KIND_LOSS, length)));
    advance(p, logpipe_footprint(length));
    p->lost_lines = 0;
    p->lost_bytes = 0;
}

/* Counts `n` bytes of the current line as lost; the first loss in a line counts the line. */
static void lose(log_pipe p, bytes n)
{
    if (!p->discarding) {
        p->lost_lines++;
        p->total_lost_lines++;
        p->discarding = true;
    }
    p->lost_bytes += n;
    p->total_lost_bytes += n;
}

/* Ships the open entry without waiting for its newline (line cap, flush tick). The cut never
 * splits a UTF-8 sequence: up to 3 trailing bytes of an unfinished one start the next entry,
 * with the same stamp. With `force` an unfinished sequence alone is shipped too; without it, it
 * stays open for its next bytes. */
void logpipe_cut_open(log_pipe p, boolean force)
{
    u32 length = p->open_length;
    u64 start = p->head_at + LOGPIPE_HEADER;
    u32 cut = logpipe_utf8_cut(p->mem, start, length);
    if (cut == 0) {
        if (!force)
            return;
        cut = length;
    }
    u32 carry = length - cut;
    /* The carried bytes sit where the next entry's header goes: keep them aside first. */
    u32 b0 = carry > 0 ? p->mem[start + cut] : 0;
    u32 b1 = carry > 1 ? p->mem[start + cut + 1] : 0;
    u32 b2 = carry > 2 ? p->mem[start + cut + 2] : 0;
    timestamp stamp = p->open_stamp;
    seal_open(p, cut, LOGPIPE_KIND_CUT);
    if (carry == 0)
        return;
    if (!start_open(p, stamp, carry)) {
        lose(p, carry);
        p->discarding = false;
        return;
    }
    u64 at = p->head_at + LOGPIPE_HEADER;
    p->mem[at] = b0;
    if (carry > 1)
        p->mem[at + 1] = b1;
    if (carry > 2)
        p->mem[at + 2] = b2;
    p->open_length = carry;
    p->open_seen = true;
}

/* Moves n bytes within the region; the two spans may overlap. A rare path (at most a line cap). */
static void move_bytes(u8 *mem, u64 to, u64 from, u64 n)
{
    if (to > from) {
        for (u64 i = n; i > 0; i--)
            mem[to + i - 1] = mem[from + i - 1];
    } else {
        for (u64 i = 0; i < n; i++)
            mem[to + i] = mem[from + i];
    }
}

/* Splits an open entry that may hold whole lines (openHasLines): they are sealed as an entry of
 * their own, and the open line's bytes move into a new open entry after it, with its stamp. True
 * when the open entry is now one open line (split, or no newline in it after all); false, with
 * nothing changed, when the ring has no room for the move (the entry then ships whole at its
 * cut). */
boolean logpipe_split_open_lines(log_pipe p)
{
    u64 start = p->head_at + LOGPIPE_HEADER;
    u64 length = p->open_length;
    u64 after = logpipe_after_last_newline(p->mem, start, start + length);
    if (after == start) {
        p->open_has_lines = false;
        return true;
    }
    u32 sealed = (u32)(after - 1 - start);
    u64 rest = start + length - after;
    u64 lines_footprint = logpipe_footprint(sealed);
    u64 rest_footprint = logpipe_footprint((u32)rest);
    if (p->head_at + lines_footprint + rest_footprint > p->size ||
        p->head - p->tail + lines_footprint + rest_footprint > p->size) {
        return false;
    }
    /* The open line's bytes first: the new entry's stamp word may lie where they are now. */
    move_bytes(p->mem, p->head_at + lines_footprint + LOGPIPE_HEADER, after, rest);
    timestamp stamp = p->open_stamp;
    boolean seen = p->open_seen;
    seal_open(p, sealed, LOGPIPE_KIND_LINE);
    (*(u64 *)(p->mem + p->head_at) = (stamp));
    p->open = true;
    p->open_length = (u32)rest;
    p->open_stamp = stamp;
    p->open_seen = seen;
    p->open_has_lines = false;
    note_open_room(p);
    return true;
}

/* The open entry reached the line cap: an open line that long is cut (logpipeCutOpen); an entry
 * holding whole lines before it is split first, and its open line goes on if it is shorter. */
static void cut_at_cap(log_pipe p)
{
    if (p->open_has_lines && logpipe_split_open_lines(p) && p->open_length < p->line_cap)
        return;
    logpipe_cut_open(p, true);
}

/* ---- One line at a time (the slow way's steps) ---- */
/* Closes the open entry at its newline (a CR before it stays in the entry: the flush path leaves
 * it out of the event; an empty line is an empty entry). */
static inline __attribute__((always_inline)) void end_line(log_pipe p)
{
    seal_open(p, p->open_length, LOGPIPE_KIND_LINE);
}

/* Stores text[from .. end) (no newline in it) into the open entry, starting one stamped `stamp` if
 * none is open. A line longer than the cap goes on in new entries with the line's own stamp. */
static void store_line_bytes(log_pipe p, u8 *text, bytes from, bytes end, timestamp stamp)
{
    timestamp line_stamp = p->open ? p->open_stamp : stamp;
    bytes i = from;
    while (i < end) {
        u32 room = p->line_cap - p->open_length;
        u32 n = end - i < room ? (u32)(end - i) : room;
        if (!p->open) {
            /* Pending loss is reported before the next line, or that line is lost too: the
             * report must stand where the loss happened. */
            if (loss_pending(p))
                logpipe_report_loss(p, line_stamp);
            if (loss_pending(p) || !start_open(p, line_stamp, n)) {
                lose(p, end - i);
                return;
            }
        }
        if (!reserve(p, logpipe_footprint(p->open_length + n))) {
            /* The ring is full: what the line has so far goes (cut on a UTF-8 boundary), the rest
             * of it is lost. */
            u32 kept = logpipe_utf8_cut(p->mem, open_end(p) - p->open_length, p->open_length);
            u32 cut_off = p->open_length - kept;
            if (kept > 0)
                seal_open(p, kept, LOGPIPE_KIND_LINE);
            p->open = false;
            p->open_length = 0;
            lose(p, end - i + cut_off);
            return;
        }
        copy_in(p->mem, open_end(p), text, i, n);
        p->open_length += n;
        i += n;
        if (p->open_length == p->line_cap)
            cut_at_cap(p);
    }
}

/* An empty line on the slow way: an empty open entry, which its newline seals (after the pending
 * loss report, if any), or a line lost when there is no room. */
static void open_empty_line(log_pipe p, timestamp stamp)
{
    if (loss_pending(p))
        logpipe_report_loss(p, stamp);
    if (loss_pending(p) || !start_open(p, stamp, 0))
        lose(p, 0);
}

/* ---- The short ways ---- */
/* Stores the whole lines text[from .. end) (text[end - 1] is a newline; at most lineCap bytes
 * before it) as one entry stamped `stamp`: the bytes as written but for that last newline (an
 * empty line is an empty entry). False, with nothing stored, when the ring has no room for them
 * all: the caller then goes line by line, to store what fits and count the rest. */
static inline __attribute__((always_inline)) boolean store_lines(log_pipe p, u8 *text, bytes from,
                                                                 bytes end, timestamp stamp)
{
    u32 length = (u32)(end - 1 - from);
    u64 footprint = logpipe_footprint(length);
    if (!reserve(p, footprint))
        return false;
    u64 at = p->head_at;
    (*(u64 *)(p->mem + at) = (stamp));
    (*(u64 *)(p->mem + (at + 8)) = (logpipe_header_word(LOGPIPE_KIND_LINE, length)));
    copy_in(p->mem, at + LOGPIPE_HEADER, text, from, length);
    advance(p, footprint);
    p->total_bytes += length;
    return true;
}

/* Starts the open line with text[from .. count) (no newline in it, shorter than the line cap),
 * stamped `stamp`; false, with nothing stored, when the ring has no room. */
static inline __attribute__((always_inline)) boolean open_with(log_pipe p, u8 *text, bytes from,
                                                               bytes count, timestamp stamp)
{
    u32 n = (u32)(count - from);
    if (!reserve(p, logpipe_footprint(n)))
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

/* The usual write from a line boundary (no line open, nothing lost to report): its whole lines
 * as one entry, the rest (after the last newline) as the open line. Returns how far it got:
 * count, or where the slow way (writeLines) must go on (no room, lines longer than the cap). */
static inline __attribute__((always_inline)) bytes write_from_boundary(log_pipe p, u8 *text,
                                                                       bytes from, bytes count,
                                                                       timestamp stamp)
{
    bytes lines_end = text[count - 1] == NEWLINE
                      ? count
                      : logpipe_after_last_newline(text, from, count);
    return write_split(p, text, from, lines_end, count, stamp);
}

/* writeFromBoundary with the write's last newline known: text[linesEnd - 1], or none before
 * from. */
static inline __attribute__((always_inline)) bytes write_split(log_pipe p, u8 *text, bytes from,
                                                               bytes lines_end, bytes count,
                                                               timestamp stamp)
{
    if (lines_end > from &&
        (lines_end - from > p->line_cap + 1 || !store_lines(p, text, from, lines_end, stamp))) {
        return from;
    }
    if (lines_end == count)
        return count;
    if (count - lines_end >= p->line_cap || !open_with(p, text, lines_end, count, stamp))
        return lines_end;
    return count;
}

/* The rest of a write that ended a continued line, text[from .. count) (it does not end with a
 * newline; whole lines may come before its last, open line), stored as written as the open entry,
 * stamped `stamp`: one copy, no look for its newlines (openHasLines: the flush tick or the line cap
 * splits them off, the open line's newline seals them). The write is shorter than the cap (it
 * fitted p.openRoom). False, with nothing stored, when the entry would cross the end of the region
 * or not fit: the caller then goes writeFromBoundary's way, which pads, stores what fits and counts
 * the rest. */
static inline __attribute__((always_inline)) boolean open_with_lines(log_pipe p, u8 *text,
                                                                     bytes from, bytes count,
                                                                     timestamp stamp)
{
    u32 n = (u32)(count - from);
    u64 footprint = logpipe_footprint(n);
    u64 at = p->head_at;
    if (at + footprint > p->size || p->head - p->tail + footprint > p->size)
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

/* Continues the open line with text[from ..) up to its newline, the line cap or the write's end,
 * copying while looking for the newline; returns where that stopped (at the newline, which is
 * left to the caller), or `from` when the ring has no room for all of it (the caller then goes the
 * slow way, storing what fits). */
static inline __attribute__((always_inline)) bytes continue_open(log_pipe p, u8 *text, bytes from,
                                                                 bytes count)
{
    u32 room = p->line_cap - p->open_length;
    u32 n = count - from < room ? (u32)(count - from) : room;
    if (!reserve(p, logpipe_footprint(p->open_length + n)))
        return from;
    note_open_room(p);
    bytes k = copy_to_newline(p->mem, open_end(p), text, from, n);
    p->open_length += (u32)k;
    return from + k;
}

/* After continueOpen stopped at `stop`: a line that reached the cap is cut and goes on in a new
 * entry with its own stamp; a newline at text[stop] ends the line. Returns where the write goes
 * on. */
static inline __attribute__((always_inline)) bytes end_continued(log_pipe p, u8 *text, bytes stop,
                                                                 bytes count)
{
    if (p->open_length == p->line_cap) {
        /* Whole lines before the open one are split off; the open line goes on if it is shorter. */
        if (p->open_has_lines && logpipe_split_open_lines(p) && p->open_length < p->line_cap)
            return stop;
        timestamp stamp = p->open_stamp;
        logpipe_cut_open(p, true);
        /* Without room for it the rest of the line is counted lost where it is written. */
        if (!p->open && stop < count && text[stop] != NEWLINE)
            start_open(p, stamp, 1);
        return stop;
    }
    if (stop == count)
        return count;
    end_line(p); /* text[stop] is its newline */
    return stop + 1;
}

/* ---- The writes ---- */
/* Frames text[from .. count) line by line, or whole lines at a time where it can. `firstStamp` is
 * the write's REALTIME stamp if `stamped`, else it is taken when a line first starts. */
static void write_lines(log_pipe p, u8 *text, bytes from, bytes count, timestamp first_stamp,
                        boolean stamped)
{
    timestamp stamp = first_stamp;
    boolean have_stamp = stamped;
    /* text[linesEnd .. count) holds no newline: the write's last line, if it is not whole. Looked
     * for (from the end) only when the write is at a line boundary somewhere. */
    bytes lines_end = count;
    boolean lines_end_known = false;
    bytes i = from;
    while (i < count) {
        if (p->discarding) {
            /* The rest of a line the ring had no room for. */
            bytes end = logpipe_scan_newline(text, i, count);
            p->lost_bytes += end - i;
            p->total_lost_bytes += end - i;
            if (end == count)
                break;
            p->discarding = false;
            i = end + 1;
            continue;
        }
        if (p->open) {
            /* The line an earlier write (or the line cap) left open. */
            bytes stop = continue_open(p, text, i, count);
            if (stop > i || text[i] == NEWLINE) {
                i = end_continued(p, text, stop, count);
                continue;
            }
            /* No room for it all: below, what fits. */
        } else {
            if (!have_stamp) {
                stamp = stamp_now(p);
                have_stamp = true;
            }
            if (!lines_end_known) {
                lines_end = text[count - 1] == NEWLINE
                            ? count
                            : logpipe_after_last_newline(text, i, count);
                lines_end_known = true;
            }
            if (i < lines_end && !loss_pending(p)) {
                /* At a line boundary: the whole lines that follow go into one entry, a line cap of
                 * them at a time (so that no line in it needs a cut). */
                bytes whole_end = lines_end;
                if (whole_end - i > p->line_cap + 1)
                    whole_end = logpipe_after_last_newline(text, i, i + p->line_cap + 1);
                if (whole_end > i && store_lines(p, text, i, whole_end, stamp)) {
                    i = whole_end;
                    continue;
                }
            }
        }
        /* One line: a line longer than the cap, the last line when it is not whole, or each line
         * while the ring is short of room. */
        bytes end = lines_end_known && i >= lines_end
                    ? count
                    : logpipe_scan_newline(text, i, count);
        if (end == i && !p->open)
            open_empty_line(p, stamp);
        else
            store_line_bytes(p, text, i, end, stamp);
        if (end == count)
            break;
        if (p->discarding)
            p->discarding = false;
        else if (p->open)
            end_line(p);
        i = end + 1;
    }
}

/* A write at a line boundary that does not end with its newline: its whole lines as one entry,
 * the rest as the open line. Out of line (as is afterContinue), so that the usual write's code
 * keeps its registers. */
static __attribute__((noinline)) void write_with_rest(log_pipe p, u8 *text, bytes count)
{
    timestamp stamp = stamp_now(p);
    bytes done = write_from_boundary(p, text, 0, count, stamp);
    if (done < count)
        write_lines(p, text, done, count, stamp, true);
}

/* After continueOpen stopped at `stop`: the open line reached the cap, or its newline is at
 * text[stop], or the ring had no room for it all. The rest of the write. */
static __attribute__((noinline)) void after_continue(log_pipe p, u8 *text, bytes stop, bytes count)
{
    if (stop == 0 && text[0] != NEWLINE) {
        /* no room for it all: the slow way stores what fits */
        write_lines(p, text, 0, count, 0, false);
        return;
    }
    bytes next = end_continued(p, text, stop, count);
    if (next == count)
        return;
    if (p->open) {
        write_lines(p, text, next, count, 0, false); /* a long line goes on after its cut */
        return;
    }
    timestamp stamp = stamp_now(p);
    bytes done = write_from_boundary(p, text, next, count, stamp);
    if (done < count)
        write_lines(p, text, done, count, stamp, true);
}

/* The short way's open line met its newline at text[stop] (below the cap): the line is sealed and
 * the rest of the write goes on from a line boundary, with its own stamp. Its usual shape, whole
 * lines and then a partial one, becomes the open entry as written (openWithLines). The write is
 * shorter than the cap (it fitted p.openRoom). */
static inline __attribute__((always_inline)) void end_open_at(log_pipe p, u8 *text, bytes stop,
                                                              bytes count)
{
    end_line(p);
    bytes next = stop + 1;
    if (next == count)
        return;
    timestamp stamp = stamp_now(p);
    if (text[count - 1] != NEWLINE && open_with_lines(p, text, next, count, stamp))
        return;
    bytes done = write_from_boundary(p, text, next, count, stamp);
    if (done < count)
        write_lines(p, text, done, count, stamp, true);
}

/* The open line goes on, when its known room may not hold the whole write: reserved again (a
 * release may have made room), and cut at the line cap. */
static __attribute__((noinline)) void continue_write(log_pipe p, u8 *text, bytes count)
{
    bytes stop = continue_open(p, text, 0, count);
    if (stop < count || p->open_length == p->line_cap)
        after_continue(p, text, stop, count);
}

/* The console driver's write: frames s[0 .. count) into lines. Each line is stamped with REALTIME
 * when its first byte arrives (one write is one instant: one stamp serves all its lines); a line
 * without its newline stays open for the next write, a flush tick or the line cap. When the ring is
 * full the rest of the line is dropped and counted, and a loss entry reports it once there is room
 * again. */
void logpipe_write(log_pipe p, const char *s, bytes count)
{
    if (count == 0)
        return;
    u64 flags = spin_lock_irq(&p->lock);
    u8 *text = (u8 *)(s);
    if (p->discarding || loss_pending(p)) {
        write_lines(p, text, 0, count, 0, false);
    } else if (p->open) {
        /* The write after one without its newline: the open line goes on. */
        if (p->open_length + count <= p->open_room) {
            /* Known room for all of it, below the cap: copied up to its newline, if any. */
            bytes stop = copy_to_newline(p->mem, open_end(p), text, 0, count);
            p->open_length += (u32)stop;
            if (stop < count)
                end_open_at(p, text, stop, count);
        } else {
            continue_write(p, text, count);
        }
    } else if (text[count - 1] == NEWLINE && count <= p->line_cap + 1) {
        /* The usual write: whole lines at a line boundary. One entry. */
        timestamp stamp = stamp_now(p);
        if (!store_lines(p, text, 0, count, stamp))
            write_lines(p, text, 0, count, stamp, true);
    } else {
        write_with_rest(p, text, count);
    }
    spin_unlock_irq(&p->lock, flags);
}
