/* generated from klib-src/syslog/ring.ts by klibc - do not edit */
#include <kernel.h>
#include "ring.h"

#define NEWLINE 10
#define LOSS_TEXT "syslog: lines lost while the buffer was full: "

static struct syslog_ring {
    struct spinlock lock;
    u8 *ring;
    bytes capacity;
    bytes max_line;
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

#line 41 "klib-src/syslog/ring.ts"
boolean ring_init(heap h, bytes size, bytes longest_line, boolean net, boolean file)
{
#line 42 "klib-src/syslog/ring.ts"
    syslog_ring.ring = ((u8 *)allocate(h, size));
    if (syslog_ring.ring == INVALID_ADDRESS)
#line 43 "klib-src/syslog/ring.ts"
        return false;
    syslog_ring.capacity = size;
    syslog_ring.max_line = longest_line;
    syslog_ring.net_reading = net;
    syslog_ring.file_reading = file;
    return true;
}

#line 51 "klib-src/syslog/ring.ts"
static u64 oldest_tail(void)
{
#line 52 "klib-src/syslog/ring.ts"
    if (syslog_ring.net_reading && syslog_ring.file_reading)
#line 52 "klib-src/syslog/ring.ts"
        return syslog_ring.net_tail < syslog_ring.file_tail ? syslog_ring.net_tail : syslog_ring.file_tail;
    if (syslog_ring.net_reading)
#line 53 "klib-src/syslog/ring.ts"
        return syslog_ring.net_tail;
    if (syslog_ring.file_reading)
#line 54 "klib-src/syslog/ring.ts"
        return syslog_ring.file_tail;
    return syslog_ring.head;
}

#line 60 "klib-src/syslog/ring.ts"
static bytes room(void)
{
#line 61 "klib-src/syslog/ring.ts"
    return syslog_ring.capacity - (syslog_ring.head - oldest_tail()) - syslog_ring.open_length;
}

#line 65 "klib-src/syslog/ring.ts"
static void put(u64 pos, u8 *p, bytes n)
{
#line 66 "klib-src/syslog/ring.ts"
    u64 at = pos % syslog_ring.capacity;
    bytes first = n < syslog_ring.capacity - at ? n : syslog_ring.capacity - at;
    runtime_memcpy((syslog_ring.ring + at), p, first);
    if (first < n)
#line 69 "klib-src/syslog/ring.ts"
        runtime_memcpy(syslog_ring.ring, (p + first), n - first);
}

#line 72 "klib-src/syslog/ring.ts"
static void put_byte(u64 pos, u64 v)
{
#line 73 "klib-src/syslog/ring.ts"
    syslog_ring.ring[pos % syslog_ring.capacity] = (u8)(v & 0xff);
}

#line 76 "klib-src/syslog/ring.ts"
static void write_u64(u64 pos, u64 v)
{
#line 77 "klib-src/syslog/ring.ts"
    for (u64 i = 0; i < 8; i++)
#line 77 "klib-src/syslog/ring.ts"
        put_byte(pos + i, v >> (i * 8));
}

#line 80 "klib-src/syslog/ring.ts"
static u64 read_u64(u64 pos)
{
#line 81 "klib-src/syslog/ring.ts"
    u64 v = 0;
    for (u64 i = 0; i < 8; i++)
#line 82 "klib-src/syslog/ring.ts"
        v |= ((u64)syslog_ring.ring[(pos + i) % syslog_ring.capacity]) << (i * 8);
    return v;
}

#line 87 "klib-src/syslog/ring.ts"
static void commit(u32 flags)
{
#line 88 "klib-src/syslog/ring.ts"
    write_u64(syslog_ring.head, syslog_ring.open_length | (((u64)flags) << 32));
    write_u64(syslog_ring.head + 8, syslog_ring.open_since);
    syslog_ring.head += RECORD_HEADER + syslog_ring.open_length;
    syslog_ring.open_length = 0;
}

#line 95 "klib-src/syslog/ring.ts"
static void open(timestamp now)
{
#line 96 "klib-src/syslog/ring.ts"
    syslog_ring.open_since = now;
    if (syslog_ring.lost > 0 && room() >= 2 * RECORD_HEADER + 80)
#line 97 "klib-src/syslog/ring.ts"
        write_loss_report();
}

#line 100 "klib-src/syslog/ring.ts"
static void write_loss_report(void)
{
#line 101 "klib-src/syslog/ring.ts"
    bytes n = 0;
    while ((u8)LOSS_TEXT[n] != 0)
#line 102 "klib-src/syslog/ring.ts"
        n++;
    put(syslog_ring.head + RECORD_HEADER, ((u8 *)(LOSS_TEXT)), n);
    syslog_ring.open_length = n;
    u64 scale = 1;
    while (syslog_ring.lost / scale >= 10)
#line 106 "klib-src/syslog/ring.ts"
        scale *= 10;
    while (scale > 0) {
        put_byte(syslog_ring.head + RECORD_HEADER + syslog_ring.open_length,
                 48 + syslog_ring.lost / scale % 10);
#line 109 "klib-src/syslog/ring.ts"
        syslog_ring.open_length++;
        scale = scale / 10;
    }
    commit(RECORD_NEWLINE | RECORD_OWN);
    syslog_ring.lost = 0;
}

#line 117 "klib-src/syslog/ring.ts"
static void append(u8 *p, bytes n, timestamp now)
{
#line 118 "klib-src/syslog/ring.ts"
    bytes at = 0;
    while (at < n) {
        if (syslog_ring.dropping)
#line 120 "klib-src/syslog/ring.ts"
            return;
        if (syslog_ring.open_length == 0)
#line 121 "klib-src/syslog/ring.ts"
            open(now);
        u64 chunk = n - at;
        if (syslog_ring.open_length + chunk > syslog_ring.max_line)
#line 123 "klib-src/syslog/ring.ts"
            chunk = syslog_ring.max_line - syslog_ring.open_length;
        if (room() < RECORD_HEADER + chunk) {
#line 126 "klib-src/syslog/ring.ts"
            syslog_ring.open_length = 0;
            syslog_ring.dropping = true;
            syslog_ring.lost++;
            return;
        }
        put(syslog_ring.head + RECORD_HEADER + syslog_ring.open_length, (p + at), chunk);
        syslog_ring.open_length += chunk;
        at += chunk;
        if (syslog_ring.open_length == syslog_ring.max_line)
#line 134 "klib-src/syslog/ring.ts"
            commit(0);
    }
}

#line 139 "klib-src/syslog/ring.ts"
void ring_write(const char *s, bytes count)
{
#line 140 "klib-src/syslog/ring.ts"
    timestamp now = kern_now(CLOCK_ID_REALTIME);
    u8 *p = ((u8 *)(s));
    u64 flags = spin_lock_irq(&syslog_ring.lock);
    bytes start = 0;
    for (bytes i = 0; i < count; i++) {
        if (p[i] != NEWLINE)
#line 145 "klib-src/syslog/ring.ts"
            continue;
        append((p + start), i - start, now);
        start = i + 1;
        if (syslog_ring.dropping) {
            syslog_ring.dropping = false;
            continue;
        }
#line 153 "klib-src/syslog/ring.ts"
        if (syslog_ring.open_length == 0)
#line 153 "klib-src/syslog/ring.ts"
            open(now);
        if (room() >= RECORD_HEADER)
#line 154 "klib-src/syslog/ring.ts"
            commit(RECORD_NEWLINE);
        else {
            syslog_ring.lost++;
        }
    }
    if (start < count)
#line 159 "klib-src/syslog/ring.ts"
        append((p + start), count - start, now);
    spin_unlock_irq(&syslog_ring.lock, flags);
}

#line 164 "klib-src/syslog/ring.ts"
boolean ring_commit_stale(timestamp wait)
{
#line 165 "klib-src/syslog/ring.ts"
    timestamp now = kern_now(CLOCK_ID_REALTIME);
    u64 flags = spin_lock_irq(&syslog_ring.lock);
    boolean stale = syslog_ring.open_length > 0 && now - syslog_ring.open_since >= wait;
    if (stale)
#line 168 "klib-src/syslog/ring.ts"
        commit(0);
    spin_unlock_irq(&syslog_ring.lock, flags);
    return stale;
}

#line 174 "klib-src/syslog/ring.ts"
u64 ring_head(void)
{
#line 175 "klib-src/syslog/ring.ts"
    u64 flags = spin_lock_irq(&syslog_ring.lock);
    u64 h = syslog_ring.head;
    spin_unlock_irq(&syslog_ring.lock, flags);
    return h;
}

#line 182 "klib-src/syslog/ring.ts"
boolean ring_net_pending(void)
{
#line 183 "klib-src/syslog/ring.ts"
    u64 flags = spin_lock_irq(&syslog_ring.lock);
    boolean pending = syslog_ring.net_reading && (syslog_ring.net_tail != syslog_ring.head || syslog_ring.open_length > 0);
    spin_unlock_irq(&syslog_ring.lock, flags);
    return pending;
}

#line 190 "klib-src/syslog/ring.ts"
u64 ring_net_lines(void)
{
#line 191 "klib-src/syslog/ring.ts"
    u64 end = ring_head();
    u64 n = 0;
    for (u64 pos = syslog_ring.net_tail; pos < end; pos = record_next(pos))
#line 193 "klib-src/syslog/ring.ts"
        if (record_length(pos) > 0)
#line 193 "klib-src/syslog/ring.ts"
            n++;
    return n;
}

#line 198 "klib-src/syslog/ring.ts"
u64 ring_tail(u32 reader)
{
#line 199 "klib-src/syslog/ring.ts"
    return reader == READER_NET ? syslog_ring.net_tail : syslog_ring.file_tail;
}

#line 203 "klib-src/syslog/ring.ts"
void ring_release(u32 reader, u64 to)
{
#line 204 "klib-src/syslog/ring.ts"
    u64 flags = spin_lock_irq(&syslog_ring.lock);
    if (reader == READER_NET)
#line 205 "klib-src/syslog/ring.ts"
        syslog_ring.net_tail = to;
    else
#line 206 "klib-src/syslog/ring.ts"
        syslog_ring.file_tail = to;
    spin_unlock_irq(&syslog_ring.lock, flags);
}

#line 210 "klib-src/syslog/ring.ts"
bytes record_length(u64 pos)
{
#line 211 "klib-src/syslog/ring.ts"
    return read_u64(pos) & 0xffffffff;
}

#line 214 "klib-src/syslog/ring.ts"
u32 record_flags(u64 pos)
{
#line 215 "klib-src/syslog/ring.ts"
    return syslog_ring.ring[(pos + 4) % syslog_ring.capacity];
}

#line 218 "klib-src/syslog/ring.ts"
timestamp record_time(u64 pos)
{
#line 219 "klib-src/syslog/ring.ts"
    return read_u64(pos + 8);
}

#line 223 "klib-src/syslog/ring.ts"
u64 record_next(u64 pos)
{
#line 224 "klib-src/syslog/ring.ts"
    return pos + RECORD_HEADER + record_length(pos);
}

#line 228 "klib-src/syslog/ring.ts"
boolean record_copy(u64 pos, buffer b, bytes limit)
{
#line 229 "klib-src/syslog/ring.ts"
    bytes n = record_length(pos) < limit ? record_length(pos) : limit;
    u64 at = (pos + RECORD_HEADER) % syslog_ring.capacity;
    bytes first = n < syslog_ring.capacity - at ? n : syslog_ring.capacity - at;
    if (!buffer_write(b, (syslog_ring.ring + at), first))
#line 232 "klib-src/syslog/ring.ts"
        return false;
    return first == n || buffer_write(b, syslog_ring.ring, n - first);
}

#line 237 "klib-src/syslog/ring.ts"
void ring_stop_reader(u32 reader)
{
#line 238 "klib-src/syslog/ring.ts"
    u64 flags = spin_lock_irq(&syslog_ring.lock);
    if (reader == READER_NET)
#line 239 "klib-src/syslog/ring.ts"
        syslog_ring.net_reading = false;
    else
#line 240 "klib-src/syslog/ring.ts"
        syslog_ring.file_reading = false;
    spin_unlock_irq(&syslog_ring.lock, flags);
}
