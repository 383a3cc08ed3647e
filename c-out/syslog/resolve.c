/* generated from klib-src/syslog/resolve.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/failures.h"
#include "../logpipe/retry.h"
#include "hostname.h"
#include "resolve.h"

/* The server's address: looked up before first use, again after a transport failure (so that a
 * changed address is followed), and every `resolve_interval` seconds; failed lookups back off
 * (logpipe's shared retry policy). A failed lookup keeps the last address that worked in use:
 * at the pinned kernel, lwIP's DNS table copies a name without its terminating NUL, so a lookup
 * that lands in a slot last used by a longer name sends a malformed query and fails every time;
 * dropping the old address then would stop the output for good. Each answer that differs from the
 * previous address starts a new generation, so that a transport can tell that the address it is
 * using has been replaced. Failures and the recovery are reported by lib/failures.ts's rule (one
 * line for the first failure, one when a lookup works again), from the network path.
 *
 * Locking. resolveIfDue runs on the network path (the flush timer or the shutdown completion, one
 * at a time under network.ts's guard). onFound runs in lwIP's DNS context (its timer or a received
 * answer, on any CPU, with lwIP's DNS lock held), and can even run inside dnsLookupWith, before it
 * returns ERR_INPROGRESS (lwIP reports a query it cannot send at once that way). The transports and
 * the TLS connector read the address from the network path. So:
 * 1. every field of the resolver below `lock` is read and changed only with `lock` held, and the
 *    lock is held only for that (loads, stores, formatting an address into a preallocated buffer);
 * 2. dnsLookupWith is called without `lock`, as onFound takes it (the order is lwIP's DNS lock,
 *    then ours; we never call into lwIP with ours held);
 * 3. `lookingUp` is claimed before dnsLookupWith is called, so an answer that comes before
 *    dnsLookupWith returns finds it set and clears it, and no second lookup starts while one is
 *    under way;
 * 4. lwIP writes an immediate (ERR_OK) answer into `immediate`, not into `address`: only the one
 *    lookup under way writes `immediate`, and the answer is copied into `address` under the lock;
 * 5. readers get a copy of the address (resolveCopyAddress) taken under the lock, never a pointer
 *    to `address`, which an answer may rewrite at any time;
 * 6. the outcome of a lookup is noted under the lock (`outcome`) and reported by the next
 *    resolveIfDue, on the network path (failures.ts is not locked). A lookup started before the
 *    interface had an address (DHCP not answered yet) fails without a word: it could not work. */

/* At shutdown, the wait before a failed lookup is tried again (the network may be coming up). */
#define HURRY_RETRY_MS 250

/* Lookup retries: the shared policy (full jitter below 1 s, 2 s, 4 s, ... 60 s). */
#define RETRY_BASE_MS 1000

#define RETRY_CAP_MS 60000

/* Prepares lookups of `server`, repeated every `refresh` seconds; null when memory is short. */
resolver resolver_new(heap h, buffer server, u64 refresh)
{
    resolver r = allocate(h, sizeof(struct resolver));
    buffer a = allocate_buffer(h, IPADDR_STRLEN_MAX + 1);
    buffer b = allocate_buffer(h, IPADDR_STRLEN_MAX + 1);
    buffer text = allocate_buffer(h, 128);
    logpipe_retry retry = logpipe_retry_create(h, milliseconds(RETRY_BASE_MS),
                                               milliseconds(RETRY_CAP_MS));
    if (r == INVALID_ADDRESS || a == INVALID_ADDRESS || b == INVALID_ADDRESS ||
        text == INVALID_ADDRESS || retry == 0) {
        return 0;
    }
    failure_run run = failure_run_of(h, ss("syslog"), ss("DNS lookup of"), server);
    if (run == 0)
        return 0;
    r->name = server;
    r->refresh_seconds = refresh;
    r->failure_run = run;
    r->reason = text;
    spin_lock_init(&r->lock);
    r->address_text = a;
    r->answer_text = b;
    r->generation = 0;
    r->known = false;
    r->stale = true;
    r->looking_up = false;
    r->resolved_at = 0;
    r->retry = retry;
    r->next_try = 0;
    r->outcome = LOOKUP_OUTCOME_NONE;
    r->lookup_quiet = false;
    r->hurry = false;
    return r;
}

/* Copies the server's address into `dst` (once one is known: see serverKnown) and returns its
 * generation, which changes whenever a lookup gives a different address. */
u32 resolve_copy_address(resolver r, ip_addr_t *dst)
{
    u64 flags = spin_lock_irq(&r->lock);
    (*(dst) = *((const ip_addr_t *)(&r->address)));
    u32 g = r->generation;
    spin_unlock_irq(&r->lock, flags);
    return g;
}

boolean server_known(resolver r)
{
    u64 flags = spin_lock_irq(&r->lock);
    boolean k = r->known;
    spin_unlock_irq(&r->lock, flags);
    return k;
}

/* True while a lookup is under way: a new connection had better wait for its answer. */
boolean resolve_in_flight(resolver r)
{
    u64 flags = spin_lock_irq(&r->lock);
    boolean busy = r->looking_up;
    spin_unlock_irq(&r->lock, flags);
    return busy;
}

/* Asks for a fresh lookup at the next chance (after a connection or send failure). */
void resolve_stale(resolver r)
{
    u64 flags = spin_lock_irq(&r->lock);
    r->stale = true;
    spin_unlock_irq(&r->lock, flags);
}

/* A lookup failed: the old address (if any) stays in use. Lock held. */
static void failed(resolver r, timestamp now)
{
    r->looking_up = false;
    timestamp delay = logpipe_retry_delay(r->retry);
    r->next_try = now + (r->hurry ? milliseconds(HURRY_RETRY_MS) : delay);
    r->outcome = r->lookup_quiet ? LOOKUP_OUTCOME_NONE : LOOKUP_OUTCOME_FAILED;
}

/* The shutdown has begun: a lookup may start at once, and a failed one is retried soon. */
void resolve_hurry(resolver r)
{
    u64 flags = spin_lock_irq(&r->lock);
    r->hurry = true;
    r->next_try = 0;
    spin_unlock_irq(&r->lock, flags);
}

/* A lookup answered `a`. Lock held: only stores, and formatting into the preallocated buffers. */
static void answered(resolver r, timestamp now, const ip_addr_t *a)
{
    buffer text = r->answer_text;
    buffer last_text = r->address_text;
    buffer_clear(text);
    ({ char __t[IPADDR_STRLEN_MAX + 1]; int __n = ipaddr_ntoa_r(a, __t, sizeof(__t));
    buffer_write(text, __t, __n > 0 ? __n : 0); });
    if (!r->known || buffer_compare_with_sstring(last_text, buffer_to_sstring(text)) != 0) {
        r->generation++;
        r->answer_text = last_text;
        r->address_text = text;
    }
    (*(&r->address) = *(a));
    r->known = true;
    r->stale = false;
    r->looking_up = false;
    logpipe_retry_reset(r->retry);
    r->outcome = LOOKUP_OUTCOME_ANSWERED;
    r->resolved_at = now;
}

/* lwIP's callback (a DnsFound function pointer, given the resolver as its argument): its DNS
 * context, or inside dnsLookupWith (rule 3). */
static void on_found(sstring host __attribute__((unused)), const ip_addr_t *a, void *arg)
{
    resolver r = (resolver)arg;
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 flags = spin_lock_irq(&r->lock);
    if (a == 0)
        failed(r, now);
    else
        answered(r, now, a);
    spin_unlock_irq(&r->lock, flags);
}

/* Reports the last lookup's outcome, if not yet done: a failure by failures.ts's rule (saying which
 * address stays in use), or the recovery. Network path only. */
static void report_outcome(resolver r)
{
    failure_run run = r->failure_run;
    buffer text = r->reason;
    u64 flags = spin_lock_irq(&r->lock);
    enum lookup_outcome o = r->outcome;
    r->outcome = LOOKUP_OUTCOME_NONE;
    if (o == LOOKUP_OUTCOME_FAILED) {
        /* Formatting into the preallocated buffer, under the lock (rule 1): the address may
         * change. */
        buffer_clear(text);
        bprintf(text, "no answer (an unknown name, or no DNS server answered); ");
        if (r->known) {
            bprintf(text, "still sending to ");
            push_buffer(text, r->address_text);
        } else {
            bprintf(text, "the lines wait in the buffer");
        }
    }
    spin_unlock_irq(&r->lock, flags);
    if (o == LOOKUP_OUTCOME_FAILED)
        failure_noted(run, failure_kind(FAILURE_REASON_DNS), text);
    else if (o == LOOKUP_OUTCOME_ANSWERED)
        failure_recovered(run);
}

/* Starts a lookup when one is due; the answer may come at once or later. Network path only. */
void resolve_if_due(resolver r)
{
    report_outcome(r);
    boolean quiet = !network_has_address();
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 flags = spin_lock_irq(&r->lock);
    boolean due = !r->looking_up &&
                  (r->stale || now - r->resolved_at >= seconds(r->refresh_seconds)) &&
                  now >= r->next_try;
    if (due) {
        r->looking_up = true;
        r->lookup_quiet = quiet;
    }
    spin_unlock_irq(&r->lock, flags);
    if (!due)
        return;
    s32 e = dns_gethostbyname(buffer_to_sstring(r->name), &r->immediate, on_found, r);
    if (e == ERR_INPROGRESS)
        return; /* onFound clears lookingUp (it may have done so already) */
    flags = spin_lock_irq(&r->lock);
    if (e == ERR_OK)
        answered(r, now, (const ip_addr_t *)(&r->immediate));
    else
        failed(r, now);
    spin_unlock_irq(&r->lock, flags);
}
