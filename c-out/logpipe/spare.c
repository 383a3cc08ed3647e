/* generated from klib-src/logpipe/spare.ts by klibc - do not edit */
#include <kernel.h>
#include "ring.h"
#include "spare.h"

/* The ring's spare room: a reader that reads what it made from a batch twice (cloudwatch hashes a
 * request's body for its signature, then sends it) keeps its parts in the ring's free space and
 * copies them back, instead of making them again. The console path is not told: it writes over
 * kept parts as over any free space, so keeping costs a burst no room and no line. A part is only
 * read back after a check, under the lock, that the console path has not reached it; one it has
 * reached reads as gone, and the reader makes it again.
 *
 * How far the console path can have written: sealed entries end at head, and the open entry
 * after it is at most a line cap, so nothing at or past head + a full entry's footprint has been
 * written yet (head never goes back). A kept part lies past that reach when it is kept and
 * before tail + size, so it never overlaps an entry a reader holds, and it is intact for as long
 * as the reach stays at or below its position.
 *
 * A part is a length word and its bytes, 16-aligned like entries, never crossing the end of the
 * region: a part that would is preceded by a skip word and starts at the region's start. */

/* The word before a part that starts at the region's start instead. */
#define SKIP 0xfffffffffffffffeull

/* A part's length word. */
#define WORD 8

/* The first position the console path may not have written yet. With the lock held. */
static inline __attribute__((always_inline)) u64 writer_reach(log_pipe p)
{
    return p->head + logpipe_footprint(p->line_cap) + LOGPIPE_HEADER;
}

static inline __attribute__((always_inline)) u64 align16(u64 pos)
{
    return (pos + 15) & 0xfffffffffffffff0ull;
}

/* Where to start keeping about `want` bytes: as far from the console path as the free space
 * allows (it reaches the first parts last), but never within its reach. */
u64 logpipe_spare_start(log_pipe p, u64 want)
{
    u64 flags = spin_lock_irq(&p->lock);
    u64 reach = writer_reach(p);
    u64 limit = p->tail + p->size;
    spin_unlock_irq(&p->lock, flags);
    u64 far = limit > want ? limit - want : 0;
    return align16(far > reach ? far : reach);
}

/* Where the part of `n` bytes kept at `pos` really starts: after a skip word when it would cross
 * the end of the region. */
static inline __attribute__((always_inline)) u64 part_start(log_pipe p, u64 pos, u64 n)
{
    u64 at = logpipe_offset(p, pos);
    return at + WORD + n > p->size ? pos + (p->size - at) : pos;
}

/* Keeps `data[0 .. n)` at `pos` (a logpipeSpareStart, or the last keep's answer); returns where
 * the next part goes, 0 when there is no room for this one: the console path's reach is past
 * `pos`, or the part would reach the oldest entry a reader holds. The copy is made under the lock
 * (one part, at most a few tens of KiB), so the console path cannot write there meanwhile. */
u64 logpipe_spare_keep(log_pipe p, u64 pos, u8 *data, bytes n)
{
    if (pos == 0 || WORD + n > p->size)
        return 0;
    u64 start = part_start(p, pos, n);
    u64 end = start + WORD + n;
    u64 flags = spin_lock_irq(&p->lock);
    if (pos < writer_reach(p) || end > p->tail + p->size) {
        spin_unlock_irq(&p->lock, flags);
        return 0;
    }
    if (start != pos)
        (*(u64 *)(p->mem + logpipe_offset(p, pos)) = (SKIP));
    u64 at = logpipe_offset(p, start);
    (*(u64 *)(p->mem + at) = (n));
    runtime_memcpy((p->mem + (at + WORD)), data, n);
    spin_unlock_irq(&p->lock, flags);
    return align16(end);
}

/* Where the part kept at `pos` starts, its skip word read. With the lock held. */
static u64 kept_at(log_pipe p, u64 pos)
{
    u64 at = logpipe_offset(p, pos);
    return (*(u64 *)(p->mem + at)) == SKIP ? pos + (p->size - at) : pos;
}

/* The length of the part kept at `pos`; LOGPIPE_SPARE_GONE when the console path has reached it. */
u64 logpipe_spare_length(log_pipe p, u64 pos)
{
    u64 flags = spin_lock_irq(&p->lock);
    u64 n = LOGPIPE_SPARE_GONE;
    if (pos >= writer_reach(p))
        n = (*(u64 *)(p->mem + logpipe_offset(p, kept_at(p, pos))));
    spin_unlock_irq(&p->lock, flags);
    return n;
}

/* Copies the part kept at `pos` (`n` bytes, as logpipeSpareLength said) to `to`; returns where
 * the next part is, 0 when the console path has reached this one, or `n` is not its length (`to`
 * may then hold anything). */
u64 logpipe_spare_copy(log_pipe p, u64 pos, u8 *to, bytes n)
{
    u64 flags = spin_lock_irq(&p->lock);
    u64 start = pos >= writer_reach(p) ? kept_at(p, pos) : 0;
    if (start == 0 || (*(u64 *)(p->mem + logpipe_offset(p, start))) != n) {
        spin_unlock_irq(&p->lock, flags);
        return 0;
    }
    runtime_memcpy(to, (p->mem + (logpipe_offset(p, start) + WORD)), n);
    spin_unlock_irq(&p->lock, flags);
    return align16(start + WORD + n);
}
