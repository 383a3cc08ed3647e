/* generated from klib-src/logpipe/batch.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/json_escape.h"
#include "ring.h"
#include "words.h"
#include "writer.h"
#include "batch.h"

/* The flush path: ship sealed entries in batches under the klib's API limits. A batch is taken from
 * the oldest unreleased entry, split into events (a line longer than the per-event cap becomes
 * several events, cut on UTF-8 boundaries), and stays in the ring until the klib releases it: after
 * a failure the klib takes it again and gets exactly the same events. One batch at a time; these
 * functions are called from one context at a time (the klib's flush path).
 *
 * Sizes are counted as the API sees the text: the klibs' JSON escaper sends each ill-formed UTF-8
 * subpart as U+FFFD (3 bytes, for as little as 1 byte in the ring), so an event's size is its
 * length after that replacement (escapes are transport and do not count). The count is made in
 * the same scan that finds where a long event is cut, with the escaper's own reading of a UTF-8
 * sequence, so a batch fills up to the API's limit and never passes it. */

#define CARRIAGE_RETURN '\r'

/* What U+FFFD takes in UTF-8: the size of any ill-formed subpart once replaced. */
#define REPLACEMENT_BYTES 3

/* nextEvent's `index` for a reader that is not reading the batch in flight. */
#define NO_INDEX 0xffffffff

/* The klib's API limits: at most `maxEvents` events and `maxBytes` bytes per batch, counting each
 * event as its size plus `eventOverhead`; events of at most `maxEventBytes` bytes; the stamps of
 * one batch less than `maxSpan` apart (0: no limit). Sizes are after invalid UTF-8 is replaced
 * (logpipeUtf8Measure). False (and nothing changed) when one event of the largest size could not
 * fit in a batch. Not while a batch is in flight: it would change it. */
boolean logpipe_set_limits(log_pipe p, u32 max_events, u64 max_bytes, u32 event_overhead,
                           u32 max_event_bytes, timestamp max_span)
{
    if (p->in_flight || max_events == 0 || max_event_bytes < LOGPIPE_MIN_EVENT_BYTES)
        return false;
    if (max_bytes < max_event_bytes || max_bytes - max_event_bytes < event_overhead)
        return false;
    p->max_events = max_events;
    p->max_bytes = max_bytes;
    p->event_overhead = event_overhead;
    p->max_event_bytes = max_event_bytes;
    p->max_span = max_span;
    return true;
}

/* Reads the `n` bytes at p[start] as the JSON escaper sends them (a well-formed sequence as it is,
 * each maximal ill-formed subpart as U+FFFD) and finds the longest prefix of whole units whose
 * size after that replacement is at most `cap` (cap >= 4 always takes at least one unit). Returns
 * that prefix's length in bytes times 2^32 plus its size; a prefix of n means all of it fits.
 * Cutting between units keeps every unit of the pieces what it was in the whole, so the pieces'
 * replacements put together are the whole's. */
u64 logpipe_utf8_measure(u8 *p, bytes start, u32 n, u64 cap)
{
    u32 i = 0;
    u64 size = 0;
    while (i < n) {
        /* ASCII counts 1 for 1. Long runs (most log text) go 32 bytes at a time while they fit. */
        while (i + 32 <= n && size + 32 <= cap &&
               (((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (start + i), 8)) |
                 (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (start + i + 8), 8)) |
                 (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (start + i + 16), 8)) |
                 (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (start + i + 24), 8))) &
                LOGPIPE_TOP_BITS) == 0) {
            i += 32;
            size += 32;
        }
        if (i >= n)
            break;
        /* The top bits of the next `span` bytes, from one word: the word at i; near the end, the
         * last word of the bytes with the bytes before i shifted out; a byte at a time when the
         * bytes are shorter than a word. The ASCII bytes before the first top bit go at once. */
        u32 span = 1;
        u64 high = p[start + i] & 0x80;
        if (i + 8 <= n) {
            span = 8;
            high = (*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (start + i), 8)) & LOGPIPE_TOP_BITS;
        } else if (n >= 8) {
            span = n - i;
            high = ((*(u64 *)__builtin_memcpy(&(u64){0}, (p) + (start + n - 8), 8)) &
                    LOGPIPE_TOP_BITS) >>
                   ((8 - span) * 8);
        }
        u32 ascii = high == 0 ? span : (u32)(lsb(high) >> 3);
        if (ascii > 0) {
            if (size + ascii > cap) {
                i += (u32)(cap - size);
                size = cap;
                break;
            }
            i += ascii;
            size += ascii;
            continue;
        }
        /* A byte of 0x80 or more: a UTF-8 sequence as it is, or an ill-formed subpart as U+FFFD. */
        s64 length = utf8_sequence_length(p, start + i, start + n);
        u32 raw = length > 0 ? (u32)length : (u32)-length;
        u32 out = length > 0 ? raw : REPLACEMENT_BYTES;
        if (size + out > cap)
            break;
        i += raw;
        size += out;
    }
    return ((u64)i << 32) | size;
}

/* Puts cursor `e` at the oldest undelivered byte. */
static void rewind(log_pipe p, log_event e)
{
    e->pos = p->read_pos;
    e->offset = p->read_offset;
}

/* Where the line that starts (or goes on) at region offset `at`, in the entry whose bytes start at
 * `base` and are `length` long, ends: noted for event `index` of the batch when it was taken, or
 * looked for. */
static u32 line_end_of(log_pipe p, u32 index, u64 at, u64 base, u32 length)
{
    if (index < p->known_count) {
        u64 known = (*(u64 *)(p->known_lines + ((u64)index * 8)));
        if ((known >> 32) == at)
            return (u32)(known & 0xffffffff);
    }
    return (u32)(logpipe_scan_newline(p->mem, at, base + length) - base);
}

/* Reads the event at cursor `e` into it and moves the cursor past it, if the event starts before
 * (endPos, endOffset); 0 at the end. Pad entries and empty lines are skipped. The only place
 * events are cut, so taking a batch and reading it agree: an event is one line of a line entry (the
 * entry's lines end at its newlines and at its end, less a CR before a newline, or at the end of
 * an entry a newline followed: not a cut one), or a loss report;
 * either cut into pieces of at most maxEventBytes after replacement, between UTF-8 units.
 * Returns the event's size after replacement when `sized` (batching); readers pass false and only
 * test for 0: then the bytes are scanned only when they could pass the cap (3 bytes each), so
 * the cut is the same either way. `index`: the event's place in the batch in flight (NO_INDEX for
 * other readers): taking the batch notes where its line ends, and reading it uses the note. */
static u64 next_event(log_pipe p, log_event e, u64 end_pos, u32 end_offset, boolean sized,
                      u32 index)
{
    while (e->pos < end_pos || (e->pos == end_pos && e->offset < end_offset)) {
        u64 word = logpipe_entry_word(p, e->pos);
        u64 kind = word >> 32;
        u32 length = (u32)(word & 0xffffffff);
        if (kind == LOGPIPE_KIND_PAD) {
            e->pos += p->size - logpipe_offset(p, e->pos);
            e->offset = 0;
            continue;
        }
        if (e->offset >= length) {
            e->pos += logpipe_footprint(length);
            e->offset = 0;
            continue;
        }
        u64 base = logpipe_offset(p, e->pos) + LOGPIPE_HEADER;
        /* The line the cursor is in ends at lineEnd (a newline, or the entry's end); its bytes at
         * stop (less a CR before a newline, the one after the entry included). */
        u32 line_end = length;
        u32 stop = length;
        boolean loss = kind == LOGPIPE_KIND_LOSS;
        if (!loss) {
            line_end = line_end_of(p, index, base + e->offset, base, length);
            stop = line_end;
            boolean newline = line_end < length || kind == LOGPIPE_KIND_LINE;
            if (newline && stop > e->offset && p->mem[base + stop - 1] == CARRIAGE_RETURN)
                stop--;
            if (stop == e->offset) {
                /* an empty line: no event (past the end: the entry is done) */
                e->offset = line_end + 1;
                continue;
            }
        }
        u64 start = base + e->offset;
        u32 n = stop - e->offset;
        u64 size = n;
        if (sized || (u64)n * REPLACEMENT_BYTES > p->max_event_bytes) {
            u64 measured = logpipe_utf8_measure(p->mem, start, n, p->max_event_bytes);
            n = (u32)(measured >> 32);
            size = measured & 0xffffffff;
        }
        /* Taking a batch notes where the line of each of its first events ends, for its readers
         * (a loss report's too, so that no note of an earlier batch is left among them). */
        if (sized && index < LOGPIPE_KNOWN_LINES) {
            (*(u64 *)(p->known_lines + ((u64)index * 8)) = ((start << 32) | line_end));
        }
        e->data = (p->mem + start);
        e->length = n;
        e->stamp = logpipe_entry_stamp(p, e->pos);
        e->loss = loss;
        e->offset += n;
        if (e->offset == stop)
            e->offset = line_end < length ? line_end + 1 : length;
        if (e->offset == length) {
            e->pos += logpipe_footprint(length);
            e->offset = 0;
        }
        return size;
    }
    return 0;
}

/* The flush timer's work before taking a batch: splits off the whole lines the open entry holds
 * (openHasLines), ships a line that has waited a whole flush interval without its newline (seen
 * open by the previous tick), or any open line with `force` (shutdown), and writes the pending loss
 * report if there is room. True when there is anything to send (sealed entries not yet
 * delivered). */
boolean logpipe_flush_tick(log_pipe p, boolean force)
{
    u64 flags = spin_lock_irq(&p->lock);
    /* Whole lines the open entry holds before its open line go now (they are complete). */
    if (p->open && p->open_has_lines)
        logpipe_split_open_lines(p);
    if (p->open && p->open_length > 0) {
        if (force || p->open_seen)
            logpipe_cut_open(p, force);
        else
            p->open_seen = true;
    }
    if (!p->open && (p->lost_lines != 0 || p->lost_bytes != 0))
        logpipe_report_loss(p, logpipe_stamp(p));
    boolean pending = p->batch_reader && (p->head != p->read_pos || p->read_offset != 0);
    spin_unlock_irq(&p->lock, flags);
    return pending;
}

/* The batch reader is done up to (pos, offset): that space returns unless the follower still holds
 * it. */
static void free_to(log_pipe p, u64 pos, u32 offset)
{
    u64 flags = spin_lock_irq(&p->lock);
    p->read_pos = pos;
    p->read_offset = offset;
    logpipe_update_tail(p);
    spin_unlock_irq(&p->lock, flags);
}

/* Takes the next batch: as many events from the oldest undelivered one as the limits allow, in
 * order. Returns its number of events (0: nothing to send). While a batch is in flight (taken, not
 * released) it returns that same batch again, unchanged: the retry after a failure. */
u32 logpipe_take_batch(log_pipe p)
{
    if (p->in_flight)
        return p->batch_events;
    /* The notes of the batch before are of bytes the ring may have taken again since. */
    p->known_count = 0;
    u64 flags = spin_lock_irq(&p->lock);
    u64 head = p->head;
    spin_unlock_irq(&p->lock, flags);
    /* Entries before head are sealed: the console path no longer writes them, so no lock is
     * needed. */
    log_event e = p->scan;
    rewind(p, e);
    u32 events = 0;
    u64 total = 0;
    timestamp first = 0;
    while (events < p->max_events) {
        u64 pos = e->pos;
        u32 offset = e->offset;
        u64 event_size = next_event(p, e, head, 0, true, events);
        if (event_size == 0)
            break;
        u64 size = event_size + p->event_overhead;
        boolean too_late = events > 0 && p->max_span != 0 && e->stamp - first >= p->max_span;
        if (total + size > p->max_bytes || too_late) {
            e->pos = pos;
            e->offset = offset;
            break;
        }
        if (events == 0)
            first = e->stamp;
        events++;
        total += size;
    }
    if (events == 0) {
        /* Nothing to send, but what the scan went past (pads, entries of empty lines) is done
         * with. */
        free_to(p, e->pos, e->offset);
        return 0;
    }
    p->batch_end = e->pos;
    p->batch_end_offset = e->offset;
    p->batch_events = events;
    p->known_count = events < LOGPIPE_KNOWN_LINES ? events : LOGPIPE_KNOWN_LINES;
    p->batch_bytes = total;
    p->in_flight = true;
    p->total_events += events;
    return events;
}

/* The batch's size as the limits count it: event sizes after replacement plus the per-event
 * overhead. */
u64 logpipe_batch_bytes(log_pipe p)
{
    return p->in_flight ? p->batch_bytes : 0;
}

/* The first event of the batch in flight (the pipe's event record), or null when there is none. */
log_event logpipe_first_event(log_pipe p)
{
    if (!p->in_flight)
        return 0;
    rewind(p, p->event);
    p->read_index = 0;
    return logpipe_next_event(p);
}

/* The next event of the batch in flight, or null after its last one. */
log_event logpipe_next_event(log_pipe p)
{
    if (!p->in_flight)
        return 0;
    u64 pos = p->event->pos;
    u32 offset = p->event->offset;
    if (next_event(p, p->event, p->batch_end, p->batch_end_offset, false, p->read_index) == 0)
        return 0;
    p->read_index++;
    p->event_pos = pos;
    p->event_offset = offset;
    return p->event;
}

/* Frees the batch in flight: call it when the batch was delivered, or when the klib gives it up
 * (a request the API refuses for good). Its space goes back to the console path. */
void logpipe_release(log_pipe p)
{
    if (!p->in_flight)
        return;
    p->in_flight = false;
    free_to(p, p->batch_end, p->batch_end_offset);
}

/* Ends the batch in flight part way: the events before the one read last were delivered (`sent`
 * of them), that one and the rest were not, and come first in the next batch. For a klib that
 * sends events one at a time and can fail in the middle (syslog over UDP). */
void logpipe_release_before(log_pipe p, u32 sent)
{
    if (!p->in_flight)
        return;
    p->in_flight = false;
    if (sent < p->batch_events)
        p->total_events -= p->batch_events - sent;
    if (sent > 0)
        free_to(p, p->event_pos, p->event_offset);
}

/* True while something waits for the batches: entries not delivered yet, or a line still open. */
boolean logpipe_pending(log_pipe p)
{
    u64 flags = spin_lock_irq(&p->lock);
    boolean pending = p->head != p->read_pos || p->read_offset != 0 ||
                      (p->open && p->open_length > 0);
    spin_unlock_irq(&p->lock, flags);
    return pending;
}

/* How many events the sealed entries hold that are not delivered yet (the batch in flight's
 * too). */
u64 logpipe_undelivered(log_pipe p)
{
    u64 flags = spin_lock_irq(&p->lock);
    u64 head = p->head;
    spin_unlock_irq(&p->lock, flags);
    log_event e = p->scan;
    rewind(p, e);
    u64 n = 0;
    while (next_event(p, e, head, 0, false, NO_INDEX) != 0)
        n++;
    return n;
}

/* Reads the loss counts into `out`, all at one instant. */
void logpipe_loss_counts(log_pipe p, logpipe_loss out)
{
    u64 flags = spin_lock_irq(&p->lock);
    out->pending_lines = p->lost_lines;
    out->pending_bytes = p->lost_bytes;
    out->reported_lines = p->total_lost_lines - p->lost_lines;
    out->reported_bytes = p->total_lost_bytes - p->lost_bytes;
    spin_unlock_irq(&p->lock, flags);
}

/* Bytes of the ring in use (sealed entries not released, pads included), for the klib's reports. */
bytes logpipe_used(log_pipe p)
{
    u64 flags = spin_lock_irq(&p->lock);
    bytes used = p->head - p->tail;
    spin_unlock_irq(&p->lock, flags);
    return used;
}

/* When (REALTIME) the oldest line not yet delivered was written: the first entry from the tail, or
 * the open line when nothing older waits; 0 when there is none. For the klib's reports. */
timestamp logpipe_oldest_stamp(log_pipe p)
{
    u64 flags = spin_lock_irq(&p->lock);
    u64 head = p->head;
    boolean open = p->open && p->open_length > 0;
    timestamp open_stamp = p->open_stamp;
    spin_unlock_irq(&p->lock, flags);
    /* Entries before head are sealed: read without the lock, as the batches are. */
    u64 pos = p->tail;
    while (pos < head) {
        if ((logpipe_entry_word(p, pos) >> 32) != LOGPIPE_KIND_PAD)
            return logpipe_entry_stamp(p, pos);
        pos += p->size - logpipe_offset(p, pos);
    }
    return open ? open_stamp : 0;
}
