/* generated from klib-src/lib/failures.ts by klibc - do not edit */
#include <kernel.h>
#include "failures.h"

/* One rule for reporting failures, shared by every klib, so that an operator reading the console
 * sees each outage once, whatever the klib and however long it lasts:
 * - the first failure of a kind in a run of failures prints one line: what was tried, where, why
 *   (an HTTP status and the service's error code, or a network or TLS reason);
 * - a failure of a kind already printed in this run is counted, not printed;
 * - the first success after failures prints one line: how long the run lasted and how many
 *   attempts failed (only when the run printed a line: a run of failures that are normal, such
 *   as an expired token being renewed, is counted but stays quiet from start to end).
 * The caller composes the reason; it must never hold a secret or a body, only a status, a
 * service's error code or a short reason of our own.
 *
 * Lines read `<klib>: <operation> to <endpoint>: <reason>` and
 * `<klib>: <operation> to <endpoint>: works again after 12 s (7 attempts failed)` ("1 attempt").
 *
 * Not locked: each run belongs to one flush path (a timer and its connection's handlers). The tls
 * klib, whose connections run on any CPU, keeps its own table under a lock (tls/failure_memory.ts)
 * and prints the same lines with failureRecoveryLine. */

/* How many different kinds one run prints; more kinds in one run are counted only. */
#define KINDS_SHOWN 8

/* A kind for an HTTP answer: its status and (a hash of) the service's error code, if any; for a
 * failure without an answer, status 0 and the hash of the client's error text. */
u64 failure_kind_http(u32 status, u8 *code, bytes code_length)
{
    /* FNV-1a of the code: two codes colliding would only merge two kinds' lines. */
    u64 hash = 2166136261;
    if (code != 0) {
        for (bytes i = 0; i < code_length; i++)
            hash = ((hash ^ code[i]) * 16777619) & 0xffffffff;
    }
    return ((u64)status << 32) | hash;
}

/* A kind for a failure without an HTTP answer. */
u64 failure_kind(enum failure_reason reason)
{
    return (u64)reason;
}

static failure_run run_new(heap h)
{
    failure_run f = allocate(h, sizeof(struct failure_run));
    if (f == INVALID_ADDRESS)
        return 0;
    f->subject = allocate_buffer(h, 96);
    if (f->subject == INVALID_ADDRESS) {
        deallocate(h, f, sizeof(struct failure_run));
        return 0;
    }
    f->failing = false;
    f->since = 0;
    f->attempts = 0;
    f->kind_count = 0;
    f->total = 0;
    return f;
}

/* A run for `operation` on `endpoint`, its lines prefixed by `klib`; null when out of memory. */
failure_run failure_run_new(heap h, sstring klib, sstring operation, buffer endpoint)
{
    failure_run f = run_new(h);
    if (f != 0)
        bprintf(f->subject, "%s: %s to %b", klib, operation, endpoint);
    return f;
}

/* A run whose lines start `<klib>: <what> <name>` (e.g. "cloudwatch: DNS lookup of logs..."). */
failure_run failure_run_of(heap h, sstring klib, sstring what, buffer name)
{
    failure_run f = run_new(h);
    if (f != 0)
        bprintf(f->subject, "%s: %s %b", klib, what, name);
    return f;
}

void failure_run_free(heap h, failure_run f)
{
    deallocate_buffer(f->subject);
    deallocate(h, f, sizeof(struct failure_run));
}

/* Whether this run has printed `kind` already; records it (while there is room) if not. */
static boolean first_of_kind(failure_run f, u64 kind)
{
    for (u32 i = 0; i < f->kind_count; i++) {
        if (f->kinds[i] == kind)
            return false;
    }
    if (f->kind_count == KINDS_SHOWN)
        return false;
    f->kinds[f->kind_count] = kind;
    f->kind_count++;
    return true;
}

/* Counts a failed attempt, starting a run if none is under way. */
static void counted(failure_run f)
{
    if (!f->failing) {
        f->failing = true;
        f->since = kern_now(CLOCK_ID_MONOTONIC);
        f->attempts = 0;
        f->kind_count = 0;
    }
    f->attempts++;
    f->total++;
}

/* An attempt failed with `kind`; `reason` says why (printed after the subject when it is the first
 * failure of its kind in this run). True when a line was printed. */
boolean failure_noted(failure_run f, u64 kind, buffer reason)
{
    counted(f);
    if (!first_of_kind(f, kind))
        return false;
    rprintf("%b: %b\n", f->subject, reason);
    return true;
}

/* An attempt failed in a way someone else has reported, or that is part of normal operation (a
 * token renewed): counted in the run, never printed. */
void failure_counted(failure_run f)
{
    counted(f);
}

static sstring attempts_word(u64 n)
{
    return n == 1 ? ss("attempt") : ss("attempts");
}

/* Prints the recovery line of a run under `subject` that lasted `lasted` and failed `attempts`
 * times. */
void failure_recovery_line(buffer subject, timestamp lasted, u64 attempts)
{
    u64 secs = lasted >> 32;
    /* Short runs in milliseconds (a timestamp is 2^32 per second). */
    if (secs < 10) {
        u64 ms = secs * 1000 + (((lasted & 0xffffffff) * 1000) >> 32);
        rprintf("%b: works again after %lu ms (%lu %s failed)\n", subject, ms, attempts,
                attempts_word(attempts));
    } else {
        rprintf("%b: works again after %lu s (%lu %s failed)\n", subject, secs, attempts,
                attempts_word(attempts));
    }
}

/* An attempt succeeded: ends the run, if one is under way, with one line if the run printed any. */
void failure_recovered(failure_run f)
{
    if (!f->failing)
        return;
    f->failing = false;
    if (f->kind_count == 0)
        return;
    failure_recovery_line(f->subject, kern_now(CLOCK_ID_MONOTONIC) - f->since, f->attempts);
}
