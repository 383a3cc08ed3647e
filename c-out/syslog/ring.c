/* generated from klib-src/syslog/ring.ts by klibc - do not edit */
#include <kernel.h>
#include "ring.h"

/* The line ring: console bytes become records in one preallocated ring, so the console write path
 * only copies and never allocates. A record is a 16-byte header (payload length, flags, capture
 * time) and the payload; the line being written stays open at the head until its newline (or
 * until it is old enough, see commitStale). Two readers (the network and the file) consume the
 * ring independently; space is reclaimed behind the slower one. When a line does not fit it is
 * dropped and counted, and the count becomes a record of its own once space returns. */

#define NEWLINE '\n'
#define LOSS_TEXT "syslog: lines lost while the buffer was full: "

static struct syslog_ring {
    struct spinlock lock;
    u8 *ring;
    bytes capacity;
    bytes max_line;
    /* Positions only grow; a position's byte is ring[position % capacity]. */
    u64 head;
    bytes open_length;
    timestamp open_since;
    boolean dropping;
    u64 net_tail;
    u64 file_tail;
    boolean net_reading;
    boolean file_reading;
    u64 lost;
} syslog_ring;

static void write_loss_report(void);

/* Allocates the ring; false when memory is short. */
boolean ring_init(heap h, bytes size, bytes longest_line, boolean net, boolean file)
{
    syslog_ring.ring = (u8 *)allocate(h, size);
    if (syslog_ring.ring == INVALID_ADDRESS)
        return false;
    syslog_ring.capacity = size;
    syslog_ring.max_line = longest_line;
    syslog_ring.net_reading = net;
    syslog_ring.file_reading = file;
    return true;
}

static u64 oldest_tail(void)
{
    if (syslog_ring.net_reading && syslog_ring.file_reading)
        return syslog_ring.net_tail < syslog_ring.file_tail
               ? syslog_ring.net_tail
               : syslog_ring.file_tail;
    if (syslog_ring.net_reading)
        return syslog_ring.net_tail;
    if (syslog_ring.file_reading)
        return syslog_ring.file_tail;
    return syslog_ring.head;
}

/* Bytes not used by records or by the open line (its header is not written yet, so a line that
 * grows needs RECORD_HEADER more than its own bytes). */
static bytes room(void)
{
    return syslog_ring.capacity - (syslog_ring.head - oldest_tail()) - syslog_ring.open_length;
}

/* Copies n bytes into the ring at position pos, wrapping at the end. */
static void put(u64 pos, u8 *p, bytes n)
{
    u64 at = pos % syslog_ring.capacity;
    bytes first = n < syslog_ring.capacity - at ? n : syslog_ring.capacity - at;
    runtime_memcpy((syslog_ring.ring + at), p, first);
    if (first < n)
        runtime_memcpy(syslog_ring.ring, (p + first), n - first);
}

static void put_byte(u64 pos, u64 v)
{
    syslog_ring.ring[pos % syslog_ring.capacity] = (u8)(v & 0xff);
}

static void write_u64(u64 pos, u64 v)
{
    for (u64 i = 0; i < 8; i++)
        put_byte(pos + i, v >> (i * 8));
}

static u64 read_u64(u64 pos)
{
    u64 v = 0;
    for (u64 i = 0; i < 8; i++)
        v |= (u64)syslog_ring.ring[(pos + i) % syslog_ring.capacity] << (i * 8);
    return v;
}

/* Closes the open line as a record. Called with the lock held. */
static void commit(u32 flags)
{
    write_u64(syslog_ring.head, syslog_ring.open_length | ((u64)flags << 32));
    write_u64(syslog_ring.head + 8, syslog_ring.open_since);
    syslog_ring.head += RECORD_HEADER + syslog_ring.open_length;
    syslog_ring.open_length = 0;
}

/* Starts a line: reports earlier losses first when there is room for that too. */
static void open(timestamp now)
{
    syslog_ring.open_since = now;
    if (syslog_ring.lost > 0 && room() >= 2 * RECORD_HEADER + 80)
        write_loss_report();
}

static void write_loss_report(void)
{
    bytes n = 0;
    while ((u8)LOSS_TEXT[n] != 0)
        n++;
    put(syslog_ring.head + RECORD_HEADER, (u8 *)(LOSS_TEXT), n);
    syslog_ring.open_length = n;
    u64 scale = 1;
    while (syslog_ring.lost / scale >= 10)
        scale *= 10;
    while (scale > 0) {
        put_byte(syslog_ring.head + RECORD_HEADER + syslog_ring.open_length,
                 48 + syslog_ring.lost / scale % 10);
        syslog_ring.open_length++;
        scale = scale / 10;
    }
    commit(RECORD_NEWLINE | RECORD_OWN);
    syslog_ring.lost = 0;
}

/* Adds n bytes of one line (no newline among them) to the open line. With the lock held. */
static void append(u8 *p, bytes n, timestamp now)
{
    bytes at = 0;
    while (at < n) {
        if (syslog_ring.dropping)
            return;
        if (syslog_ring.open_length == 0)
            open(now);
        u64 chunk = n - at;
        if (syslog_ring.open_length + chunk > syslog_ring.max_line)
            chunk = syslog_ring.max_line - syslog_ring.open_length;
        if (room() < RECORD_HEADER + chunk) {
            /* The line does not fit: it is lost, up to its newline. */
            syslog_ring.open_length = 0;
            syslog_ring.dropping = true;
            syslog_ring.lost++;
            return;
        }
        put(syslog_ring.head + RECORD_HEADER + syslog_ring.open_length, (p + at), chunk);
        syslog_ring.open_length += chunk;
        at += chunk;
        if (syslog_ring.open_length == syslog_ring.max_line)
            commit(0);
    }
}

/* The console write path: copies the bytes in, line by line. Takes the ring lock; never
 * allocates. */
void ring_write(const char *s, bytes count)
{
    timestamp now = kern_now(CLOCK_ID_REALTIME);
    u8 *p = (u8 *)(s);
    u64 flags = spin_lock_irq(&syslog_ring.lock);
    bytes start = 0;
    for (bytes i = 0; i < count; i++) {
        if (p[i] != NEWLINE)
            continue;
        append((p + start), i - start, now);
        start = i + 1;
        if (syslog_ring.dropping) {
            syslog_ring.dropping = false;
            continue;
        }
        /* An empty record still carries the newline, for the file (the network skips it). */
        if (syslog_ring.open_length == 0)
            open(now);
        if (room() >= RECORD_HEADER)
            commit(RECORD_NEWLINE);
        else {
            syslog_ring.lost++;
        }
    }
    if (start < count)
        append((p + start), count - start, now);
    spin_unlock_irq(&syslog_ring.lock, flags);
}

/* Closes the open line if it has waited `wait` or longer for its newline (true if it did). */
boolean ring_commit_stale(timestamp wait)
{
    timestamp now = kern_now(CLOCK_ID_REALTIME);
    u64 flags = spin_lock_irq(&syslog_ring.lock);
    boolean stale = syslog_ring.open_length > 0 && now - syslog_ring.open_since >= wait;
    if (stale)
        commit(0);
    spin_unlock_irq(&syslog_ring.lock, flags);
    return stale;
}

/* The position after the last complete record (taken under the lock: records before it are
 * final). */
u64 ring_head(void)
{
    u64 flags = spin_lock_irq(&syslog_ring.lock);
    u64 h = syslog_ring.head;
    spin_unlock_irq(&syslog_ring.lock, flags);
    return h;
}

/* True while something waits for the network: complete records, or a line still open. */
boolean ring_net_pending(void)
{
    u64 flags = spin_lock_irq(&syslog_ring.lock);
    boolean pending = syslog_ring.net_reading &&
                      (syslog_ring.net_tail != syslog_ring.head || syslog_ring.open_length > 0);
    spin_unlock_irq(&syslog_ring.lock, flags);
    return pending;
}

/* The lines (records with text) the network reader has yet to consume. Network path only. */
u64 ring_net_lines(void)
{
    u64 end = ring_head();
    u64 n = 0;
    for (u64 pos = syslog_ring.net_tail; pos < end; pos = record_next(pos))
        if (record_length(pos) > 0)
            n++;
    return n;
}

/* Where a reader is. */
u64 ring_tail(u32 reader)
{
    return reader == READER_NET ? syslog_ring.net_tail : syslog_ring.file_tail;
}

/* Gives back the records a reader has consumed, up to position `to`. */
void ring_release(u32 reader, u64 to)
{
    u64 flags = spin_lock_irq(&syslog_ring.lock);
    if (reader == READER_NET)
        syslog_ring.net_tail = to;
    else
        syslog_ring.file_tail = to;
    spin_unlock_irq(&syslog_ring.lock, flags);
}

bytes record_length(u64 pos)
{
    return read_u64(pos) & 0xffffffff;
}

u32 record_flags(u64 pos)
{
    return syslog_ring.ring[(pos + 4) % syslog_ring.capacity];
}

timestamp record_time(u64 pos)
{
    return read_u64(pos + 8);
}

/* The position of the record after the one at pos. */
u64 record_next(u64 pos)
{
    return pos + RECORD_HEADER + record_length(pos);
}

/* Appends up to `limit` bytes of a record's payload to b. */
boolean record_copy(u64 pos, buffer b, bytes limit)
{
    bytes n = record_length(pos) < limit ? record_length(pos) : limit;
    u64 at = (pos + RECORD_HEADER) % syslog_ring.capacity;
    bytes first = n < syslog_ring.capacity - at ? n : syslog_ring.capacity - at;
    if (!buffer_write(b, (syslog_ring.ring + at), first))
        return false;
    return first == n || buffer_write(b, syslog_ring.ring, n - first);
}

/* A reader that stops for good: its records no longer hold space. */
void ring_stop_reader(u32 reader)
{
    u64 flags = spin_lock_irq(&syslog_ring.lock);
    if (reader == READER_NET)
        syslog_ring.net_reading = false;
    else
        syslog_ring.file_reading = false;
    spin_unlock_irq(&syslog_ring.lock, flags);
}
