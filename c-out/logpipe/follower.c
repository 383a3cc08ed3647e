/* generated from klib-src/logpipe/follower.ts by klibc - do not edit */
#include <kernel.h>
#include "ring.h"
#include "follower.h"

/* The follower: a second reader of the ring, independent of the batches, that reads whole entries
 * as the console wrote them (syslog's file output, beside its network output). Each reader has its
 * own position; the ring's space comes back behind the slower of the two (ring.ts,
 * logpipeUpdateTail), so the console path is unchanged: it looks at `tail` as before.
 *
 * An entry and what follows it are the console's bytes: a line entry (LOGPIPE_KIND_LINE) was
 * ended by a newline the entry does not hold, a cut one (LOGPIPE_KIND_CUT) goes on in the next
 * entry, a loss report is a line of its own. Pads are skipped.
 *
 * Call these from one context at a time (the follower's own: it need not be the batches'). Entries
 * before head are sealed and are not written again until both readers are past them, so they are
 * read without the lock; positions are moved under it. */

/* Starts the follower at the ring's head, before anything is written; with `batches` false only
 * the follower reads the ring (no batch will ever be taken: its space must not wait for them). */
void logpipe_follow_start(log_pipe p, boolean batches)
{
    u64 flags = spin_lock_irq(&p->lock);
    p->following = true;
    p->follow_pos = p->head;
    p->batch_reader = batches;
    logpipe_update_tail(p);
    spin_unlock_irq(&p->lock, flags);
}

/* The follower stops for good: its entries no longer hold space. */
void logpipe_follow_stop(log_pipe p)
{
    u64 flags = spin_lock_irq(&p->lock);
    p->following = false;
    logpipe_update_tail(p);
    spin_unlock_irq(&p->lock, flags);
}

/* Where the follower is: the first entry it has not given back. */
u64 logpipe_follow_pos(log_pipe p)
{
    return p->follow_pos;
}

/* The end of the sealed entries: the follower may read up to here. */
u64 logpipe_sealed_end(log_pipe p)
{
    u64 flags = spin_lock_irq(&p->lock);
    u64 end = p->head;
    spin_unlock_irq(&p->lock, flags);
    return end;
}

/* Reads the entry at `pos` into `e` (a pad there is skipped) if it starts before `end`, and returns
 * the position after it; 0, with `e` untouched, when there is none. */
u64 logpipe_follow_read(log_pipe p, u64 pos, u64 end, log_entry e)
{
    u64 at = pos;
    while (at < end) {
        u64 word = logpipe_entry_word(p, at);
        u64 kind = word >> 32;
        if (kind == LOGPIPE_KIND_PAD) {
            at += p->size - logpipe_offset(p, at);
            continue;
        }
        u32 length = (u32)(word & 0xffffffff);
        e->data = (p->mem + (logpipe_offset(p, at) + LOGPIPE_HEADER));
        e->length = length;
        e->newline = kind != LOGPIPE_KIND_CUT;
        e->loss = kind == LOGPIPE_KIND_LOSS;
        e->stamp = logpipe_entry_stamp(p, at);
        return at + logpipe_footprint(length);
    }
    return 0;
}

/* The follower is done with the entries before `pos`: their space returns once the batches are
 * too. */
void logpipe_follow_release(log_pipe p, u64 pos)
{
    u64 flags = spin_lock_irq(&p->lock);
    p->follow_pos = pos;
    logpipe_update_tail(p);
    spin_unlock_irq(&p->lock, flags);
}
