/* generated from klib-src/logpipe/writer.ts by klibc - do not edit */
#include <kernel.h>
#include "framing.h"
#include "ring.h"
#include "utf8.h"
#include "writer.h"

#define CARRIAGE_RETURN 13

#line 16 "klib-src/logpipe/writer.ts"
static u64 open_end(log_pipe p)
{
#line 17 "klib-src/logpipe/writer.ts"
    return logpipe_offset(p, p->head) + LOGPIPE_HEADER + p->open_length;
}

#line 21 "klib-src/logpipe/writer.ts"
static void lose(log_pipe p, bytes n)
{
#line 22 "klib-src/logpipe/writer.ts"
    if (!p->discarding) {
        p->lost_lines++;
        p->total_lost_lines++;
        p->discarding = true;
    }
    p->lost_bytes += n;
    p->total_lost_bytes += n;
}

#line 37 "klib-src/logpipe/writer.ts"
void logpipe_cut_open(log_pipe p, boolean force)
{
#line 38 "klib-src/logpipe/writer.ts"
    u32 length = p->open_length;
    u64 start = logpipe_offset(p, p->head) + LOGPIPE_HEADER;
    u32 cut = logpipe_utf8_cut(p->mem, start, length);
    if (cut == 0) {
        if (!force)
#line 42 "klib-src/logpipe/writer.ts"
            return;
        cut = length;
    }
    u32 carry = length - cut;
#line 47 "klib-src/logpipe/writer.ts"
    u32 b0 = carry > 0 ? p->mem[start + cut] : 0;
    u32 b1 = carry > 1 ? p->mem[start + cut + 1] : 0;
    u32 b2 = carry > 2 ? p->mem[start + cut + 2] : 0;
    timestamp stamp = p->open_stamp;
    logpipe_seal_open(p, cut);
    if (carry == 0)
#line 52 "klib-src/logpipe/writer.ts"
        return;
    if (!logpipe_start_open(p, stamp, carry)) {
        lose(p, carry);
        p->discarding = false;
        return;
    }
    u64 at = logpipe_offset(p, p->head) + LOGPIPE_HEADER;
    p->mem[at] = b0;
    if (carry > 1)
#line 60 "klib-src/logpipe/writer.ts"
        p->mem[at + 1] = b1;
    if (carry > 2)
#line 61 "klib-src/logpipe/writer.ts"
        p->mem[at + 2] = b2;
    p->open_length = carry;
    p->open_seen = true;
}

#line 67 "klib-src/logpipe/writer.ts"
static void end_line(log_pipe p)
{
#line 68 "klib-src/logpipe/writer.ts"
    u32 length = p->open_length;
    if (length > 0 && p->mem[open_end(p) - 1] == CARRIAGE_RETURN)
#line 69 "klib-src/logpipe/writer.ts"
        length--;
    if (length == 0) {
        p->open = false;
        p->open_length = 0;
        return;
    }
    logpipe_seal_open(p, length);
}

#line 79 "klib-src/logpipe/writer.ts"
static void store_line_bytes(log_pipe p, const char *s, bytes from, bytes end)
{
#line 80 "klib-src/logpipe/writer.ts"
    bytes i = from;
    while (i < end) {
        u32 room = p->line_cap - p->open_length;
        u32 n = end - i < room ? (u32)(end - i) : room;
        if (!p->open) {
#line 87 "klib-src/logpipe/writer.ts"
            logpipe_report_loss(p);
            if (p->lost_lines > 0 || p->lost_bytes > 0 || !logpipe_start_open(p, logpipe_stamp(p),
                                                                              n)) {
#line 89 "klib-src/logpipe/writer.ts"
                lose(p, end - i);
                return;
            }
        }
        if (!logpipe_reserve(p, logpipe_footprint(p->open_length + n))) {
#line 96 "klib-src/logpipe/writer.ts"
            u32 kept = logpipe_utf8_cut(p->mem, open_end(p) - p->open_length, p->open_length);
            u32 cut_off = p->open_length - kept;
            if (kept > 0)
#line 98 "klib-src/logpipe/writer.ts"
                logpipe_seal_open(p, kept);
            p->open = false;
            p->open_length = 0;
            lose(p, end - i + cut_off);
            return;
        }
        runtime_memcpy((p->mem + open_end(p)), (((u8 *)(s)) + i), n);
        p->open_length += n;
        p->total_bytes += n;
        i += n;
        if (p->open_length == p->line_cap)
#line 108 "klib-src/logpipe/writer.ts"
            logpipe_cut_open(p, true);
    }
}

#line 118 "klib-src/logpipe/writer.ts"
void logpipe_write(log_pipe p, const char *s, bytes count)
{
#line 119 "klib-src/logpipe/writer.ts"
    if (count == 0)
#line 119 "klib-src/logpipe/writer.ts"
        return;
    u64 flags = spin_lock_irq(&p->lock);
    bytes i = 0;
    while (i < count) {
        bytes end = logpipe_find_newline(s, i, count);
        if (p->discarding) {
            p->lost_bytes += end - i;
            p->total_lost_bytes += end - i;
        } else {
            store_line_bytes(p, s, i, end);
        }
        if (end == count)
#line 130 "klib-src/logpipe/writer.ts"
            break;
        if (p->discarding)
#line 131 "klib-src/logpipe/writer.ts"
            p->discarding = false;
        else
#line 132 "klib-src/logpipe/writer.ts"
            if (p->open)
#line 132 "klib-src/logpipe/writer.ts"
                end_line(p);
        i = end + 1;
    }
    spin_unlock_irq(&p->lock, flags);
}
