/* generated from klib-src/tls/failure_memory.ts by klibc - do not edit */
#include <kernel.h>
#include <mbedtls/ssl.h>
#include "failure_memory.h"

/* The failure rule (klib-src/lib/failures.ts) for the tls klib's own lines, per server name: the
 * first failure of a kind in a run of failed connections to a server prints its line (handshake
 * failed, certificate rejected, timed out, connection failed); repeats are counted; the first
 * handshake to that server that succeeds after a printed failure prints one line with how long the
 * run lasted and how many attempts failed. Connections run on any CPU: the table is locked, and
 * lines are printed after the lock is let go. */

/* Servers remembered at once; a run of failures to a further one takes the oldest idle place. */
#define SERVERS 8

/* Kinds printed per run; more kinds in one run are counted only. */
#define KINDS 4

static struct tls_failure_memory {
    struct spinlock lock;
    /* Per place: the name's hash (0: free), whether a run is under way, since when, how many
     * failures, the kinds printed. */
    u64 names[8];
    u32 failing[8];
    u64 since[8];
    u64 attempts[8];
    u32 printed[8];
    u64 kinds[32];
} tls_failure_memory;

/* FNV-1a (32 bits) of the NUL-terminated name (at most `max` bytes) and its length, never 0: two
 * names colliding would only share their lines. */
static u64 hash_of(u8 *name, bytes max)
{
    u64 hash = 2166136261;
    bytes i = 0;
    for (; i < max && name[i] != 0; i++)
        hash = ((hash ^ name[i]) * 16777619) & 0xffffffff;
    return (i << 32) | hash | 1;
}

/* The place of `hash`, or -1; lock held. */
static u32 find(u64 hash)
{
    for (u32 i = 0; i < SERVERS; i++)
        if (tls_failure_memory.names[i] == hash)
            return i;
    return SERVERS;
}

/* A connection to the server named `name` (NUL-terminated, at most `max` bytes) failed with
 * `kind`: true when its line is to be printed (the first of its kind in this server's run). */
boolean tls_failure_is_new(u8 *name, bytes max, u64 kind)
{
    u64 hash = hash_of(name, max);
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 flags = spin_lock_irq(&tls_failure_memory.lock);
    u32 at = find(hash);
    if (at == SERVERS) {
        /* A free place, else the one idle longest, else the oldest run. */
        at = 0;
        for (u32 i = 0; i < SERVERS; i++) {
            if (tls_failure_memory.names[i] == 0 ||
                (tls_failure_memory.failing[i] == 0 &&
                 (tls_failure_memory.failing[at] != 0 ||
                  tls_failure_memory.since[i] < tls_failure_memory.since[at])))
                at = i;
            if (tls_failure_memory.names[i] == 0)
                break;
        }
        tls_failure_memory.names[at] = hash;
        tls_failure_memory.failing[at] = 0;
    }
    if (tls_failure_memory.failing[at] == 0) {
        tls_failure_memory.failing[at] = 1;
        tls_failure_memory.since[at] = now;
        tls_failure_memory.attempts[at] = 0;
        tls_failure_memory.printed[at] = 0;
    }
    tls_failure_memory.attempts[at]++;
    boolean fresh = tls_failure_memory.printed[at] < KINDS;
    for (u32 k = 0; fresh && k < tls_failure_memory.printed[at]; k++)
        if (tls_failure_memory.kinds[at * KINDS + k] == kind)
            fresh = false;
    if (fresh) {
        tls_failure_memory.kinds[at * KINDS + tls_failure_memory.printed[at]] = kind;
        tls_failure_memory.printed[at]++;
    }
    spin_unlock_irq(&tls_failure_memory.lock, flags);
    return fresh;
}

/* A handshake to the server named `name` succeeded: the line that ends its run, if one printed a
 * line. */
void tls_handshake_works(u8 *name, bytes max)
{
    u64 hash = hash_of(name, max);
    u64 flags = spin_lock_irq(&tls_failure_memory.lock);
    u32 at = find(hash);
    timestamp lasted = 0;
    u64 tries = 0;
    boolean say = false;
    if (at < SERVERS && tls_failure_memory.failing[at] != 0) {
        tls_failure_memory.failing[at] = 0;
        say = tls_failure_memory.printed[at] > 0;
        lasted = kern_now(CLOCK_ID_MONOTONIC) - tls_failure_memory.since[at];
        tries = tls_failure_memory.attempts[at];
        /* The time the run ended: the place idle longest is taken first. */
        tls_failure_memory.since[at] = kern_now(CLOCK_ID_MONOTONIC);
    }
    spin_unlock_irq(&tls_failure_memory.lock, flags);
    if (!say)
        return;
    sstring text = sstring_from_cstring((const char *)name, max);
    u64 secs = lasted >> 32;
    if (secs < 10) {
        u64 ms = secs * 1000 + (((lasted & 0xffffffff) * 1000) >> 32);
        rprintf("tls: %s: handshake works again after %lu ms (%lu attempts failed)\n", text, ms,
                tries);
    } else {
        rprintf("tls: %s: handshake works again after %lu s (%lu attempts failed)\n", text, secs,
                tries);
    }
}
